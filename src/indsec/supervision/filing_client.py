"""The enterprise's side of the exchange: post a filing to a supervision instance, read back
its status. The token is the enterprise officer's API token on that instance (a setting, never
an argument that would land in shell history); every failure becomes a :class:`RemoteError`
saying what the instance answered, field errors included.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import Any

import httpx

from indsec.errors import ConfigError, RemoteError
from indsec.settings import Settings
from indsec.supervision.filing_types import FilingStatus


@dataclass(frozen=True, slots=True)
class RemoteFiling:
    """A filing version as the supervision instance reports it back."""

    id: int
    version: int
    status: FilingStatus
    review_due: date
    comment: str | None
    created: bool = False


@dataclass(frozen=True, slots=True)
class Remote:
    """Where and as whom to reach the supervision instance."""

    url: str
    token: str
    timeout_s: float

    @classmethod
    def from_settings(cls, settings: Settings, url: str | None = None) -> Remote:
        where = (url or settings.supervision_url or "").rstrip("/")
        if not where:
            raise ConfigError(
                "no supervision instance: pass --to URL or set INDSEC_SUPERVISION_URL"
            )
        if settings.supervision_token is None:
            raise ConfigError(
                "no API token for the supervision instance: set "
                "INDSEC_SUPERVISION_TOKEN to the officer's token there"
            )
        token = settings.supervision_token.get_secret_value()
        return cls(where, token, settings.supervision_timeout_s)


def _refusal(answer: httpx.Response) -> RemoteError:
    try:
        body = answer.json()
    except ValueError:
        body = {"detail": answer.text[:200]}
    detail = body.get("detail", "") if isinstance(body, dict) else ""
    lines = [f"{e.get('where')}: {e.get('message')}" for e in body.get("errors", [])]
    text = "\n".join([f"the supervision instance answered {answer.status_code}: {detail}", *lines])
    return RemoteError(text, status=answer.status_code)


def _call(remote: Remote, method: str, path: str, body: dict[str, Any] | None = None) -> Any:
    headers = {"Authorization": f"Bearer {remote.token}"}
    try:
        with httpx.Client(base_url=remote.url, timeout=remote.timeout_s) as client:
            answer = client.request(method, path, json=body, headers=headers)
    except httpx.HTTPError as exc:
        raise RemoteError(f"cannot reach the supervision instance {remote.url}: {exc}") from exc
    if answer.status_code >= 300:
        raise _refusal(answer)
    return answer.json()


def _remote_filing(body: dict[str, Any], *, created: bool = False) -> RemoteFiling:
    return RemoteFiling(
        id=int(body["id"]),
        version=int(body["version"]),
        status=FilingStatus(body["status"]),
        review_due=date.fromisoformat(body["review_due"]),
        comment=body.get("comment"),
        created=created,
    )


def submit(remote: Remote, document: dict[str, Any]) -> RemoteFiling:
    """Post the filing; a retry of the same content answers the version already received."""
    body = _call(remote, "POST", "/api/filings", document)
    return _remote_filing(body["filing"], created=bool(body["created"]))


def statuses(remote: Remote) -> list[RemoteFiling]:
    """The enterprise's filing versions on the instance, newest first, with any comments."""
    return [_remote_filing(item) for item in _call(remote, "GET", "/api/filings/own")]

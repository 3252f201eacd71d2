"""The one HTTP transport from an enterprise instance to a supervision instance.

Filings, incident escalations and assessment reports all travel through :func:`call`: the
token is the enterprise officer's API token on that instance (a setting, never an argument
that would land in shell history); every failure becomes a :class:`RemoteError` saying what
the instance answered, field errors included.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

import httpx

from indsec.errors import ConfigError, RemoteError
from indsec.settings import Settings


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


def call(
    remote: Remote,
    method: str,
    path: str,
    *,
    json: dict[str, Any] | None = None,
    data: dict[str, str] | None = None,
    files: dict[str, tuple[str, bytes, str]] | None = None,
) -> Any:
    """``method path`` on the instance as the token's holder (a JSON body, or a form with
    files); its JSON answer, or a :class:`RemoteError` saying what it answered."""
    headers = {"Authorization": f"Bearer {remote.token}"}
    try:
        with httpx.Client(base_url=remote.url, timeout=remote.timeout_s) as client:
            answer = client.request(
                method, path, json=json, data=data, files=files, headers=headers
            )
    except httpx.HTTPError as exc:
        raise RemoteError(f"cannot reach the supervision instance {remote.url}: {exc}") from exc
    if answer.status_code >= 300:
        raise _refusal(answer)
    return answer.json()

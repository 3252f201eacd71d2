"""The enterprise's side of the filing exchange: post a filing to a supervision instance, read
back its status, over the one transport of :mod:`indsec.supervision.remote`.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import Any

from indsec.supervision.filing_types import FilingStatus
from indsec.supervision.remote import Remote, call


@dataclass(frozen=True, slots=True)
class RemoteFiling:
    """A filing version as the supervision instance reports it back."""

    id: int
    version: int
    status: FilingStatus
    review_due: date
    comment: str | None
    created: bool = False


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
    body = call(remote, "POST", "/api/filings", json=document)
    return _remote_filing(body["filing"], created=bool(body["created"]))


def statuses(remote: Remote) -> list[RemoteFiling]:
    """The enterprise's filing versions on the instance, newest first, with any comments."""
    return [_remote_filing(item) for item in call(remote, "GET", "/api/filings/own")]

"""The supervision use cases, the one door the server and the CLI go through.

Keyword-only functions taking the :class:`~indsec.app.AppContext`; every write takes the
:class:`~indsec.model.identity.Actor` the audit log records.
"""

from __future__ import annotations

# --- filing intake and workflow (engineer "intake") ---
from typing import Any

from indsec.app import AppContext
from indsec.catalogue.service import FilingPack
from indsec.errors import ConfigError, FilingRejectedError, Problem, RemoteError
from indsec.identity import service as identity
from indsec.model.identity import Actor, Principal
from indsec.supervision import filing_client
from indsec.supervision.filing_client import Remote, RemoteFiling
from indsec.supervision.filing_queries import (
    FilingFilter,
    diff,
    filing,
    list_filings,
    own_filings,
    versions,
)
from indsec.supervision.filing_types import (
    FilingAction,
    FilingDetail,
    FilingEvent,
    FilingStatus,
    FilingSummary,
    Received,
    RecordChange,
)
from indsec.supervision.intake import receive
from indsec.supervision.intake_files import read_upload
from indsec.supervision.workflow import TRANSITIONS, move

__all__ = [
    "TRANSITIONS",
    "FilingAction",
    "FilingDetail",
    "FilingEvent",
    "FilingFilter",
    "FilingStatus",
    "FilingSummary",
    "Received",
    "RecordChange",
    "Remote",
    "RemoteFiling",
    "diff",
    "filing",
    "filing_statuses",
    "list_filings",
    "move",
    "own_filings",
    "receive_filing",
    "receive_upload",
    "submit_filing",
    "versions",
]


def receive_filing(
    *, app: AppContext, actor: Actor, principal: Principal, document: dict[str, Any]
) -> Received:
    """Take a filing in the JSON shape ``indsec filing export`` writes."""
    return receive(app=app, actor=actor, principal=principal, raw=document)


def receive_upload(
    *, app: AppContext, actor: Actor, principal: Principal, content: bytes
) -> Received:
    """Take an uploaded filing file, JSON or XLSX, at most ``INDSEC_FILING_MAX_BYTES``."""
    limit = app.settings.filing_max_bytes
    if len(content) > limit:
        problem = Problem("file", f"larger than {limit} bytes (INDSEC_FILING_MAX_BYTES)")
        raise FilingRejectedError("the file is too large", [problem])
    archive = app.connector_options.archive
    raw = read_upload(content, app.packs.one(FilingPack), archive)
    return receive(app=app, actor=actor, principal=principal, raw=raw)


def submit_filing(
    *, app: AppContext, actor: Actor, document: dict[str, Any], url: str | None = None
) -> RemoteFiling:
    """Post the enterprise's filing to the supervision instance (``url`` or the setting); the
    attempt and its outcome go to this instance's audit log, refusals included."""
    detail = {
        "url": url or app.settings.supervision_url or "",
        "records": str(len(document["records"])),
    }
    try:
        sent = filing_client.submit(Remote.from_settings(app.settings, url), document)
    except (ConfigError, RemoteError) as exc:
        _audit_send(app, actor, {**detail, "outcome": f"refused: {exc}"[:500]})
        raise
    outcome = f"version {sent.version}, {sent.status}" + ("" if sent.created else " (retry)")
    _audit_send(app, actor, {**detail, "outcome": outcome})
    return sent


def _audit_send(app: AppContext, actor: Actor, detail: dict[str, str]) -> None:
    with app.store().session() as session:
        identity.append_audit(
            session,
            actor=actor,
            action="filing.send",
            target=detail["url"] or "supervision",
            detail=detail,
        )


def filing_statuses(*, app: AppContext, url: str | None = None) -> list[RemoteFiling]:
    """The enterprise's filings as the supervision instance has them, newest first."""
    return filing_client.statuses(Remote.from_settings(app.settings, url))


# --- end of filing intake and workflow ---

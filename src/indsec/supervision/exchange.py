"""What an enterprise instance sends to its supervision instance, besides the filing itself:
incident escalations and annual assessment reports, over the one transport
(:mod:`indsec.supervision.remote`), each attempt and its outcome in this instance's audit log.
"""

from __future__ import annotations

import json
from collections.abc import Callable
from datetime import date
from pathlib import Path
from typing import Any, TypeVar

from indsec.app import AppContext
from indsec.errors import ConfigError, RemoteError
from indsec.identity import service as identity
from indsec.model.assessment import AssessmentSnapshot
from indsec.model.identity import Actor
from indsec.supervision.remote import Remote, call

T = TypeVar("T")
ASSESSMENT_SCHEMA = "indsec.assessment-summary/1"


def audited_send(
    app: AppContext,
    actor: Actor,
    action: str,
    detail: dict[str, str],
    attempt: Callable[[Remote], T],
    outcome: Callable[[T], str],
    url: str | None = None,
) -> T:
    """``attempt`` against the configured instance (or ``url``); the attempt, refused or not,
    is audited as ``action`` with ``detail`` and its outcome."""
    detail = {"url": url or app.settings.supervision_url or "", **detail}
    try:
        answer = attempt(Remote.from_settings(app.settings, url))
    except (ConfigError, RemoteError) as exc:
        _audit(app, actor, action, {**detail, "outcome": f"refused: {exc}"[:500]})
        raise
    _audit(app, actor, action, {**detail, "outcome": outcome(answer)})
    return answer


def _audit(app: AppContext, actor: Actor, action: str, detail: dict[str, str]) -> None:
    with app.store().session() as session:
        identity.append_audit(
            session,
            actor=actor,
            action=action,
            target=detail["url"] or "supervision",
            detail=detail,
        )


def _received(answer: dict[str, Any]) -> str:
    return f"version {answer.get('version')}" + ("" if answer.get("created") else " (retry)")


def send_incident(
    app: AppContext, actor: Actor, document: dict[str, Any], url: str | None = None
) -> dict[str, Any]:
    """Post an incident's escalation document; the instance's receipt (id, version, created)."""
    detail = {"incident": str(document["incident"]["id"]), "tier": str(document["tier"]["id"])}

    def attempt(remote: Remote) -> dict[str, Any]:
        answer: dict[str, Any] = call(remote, "POST", "/api/incidents", json=document)
        return answer

    return audited_send(app, actor, "incident.send", detail, attempt, _received, url)


def assessment_summary(snapshot: AssessmentSnapshot, issued_on: date) -> dict[str, Any]:
    """What a supervision instance keeps of an assessment report besides its PDF: who, when
    issued, the overall score and the score of every domain (None: nothing scored)."""
    profile = snapshot.enterprise
    return {
        "schema": ASSESSMENT_SCHEMA,
        "id": snapshot.id,
        "kind": snapshot.kind,
        "enterprise": {"uscc": profile.uscc, "name": profile.name},
        "issued_on": issued_on.isoformat(),
        "overall": snapshot.overall,
        "domains": [
            {
                "framework": d.framework_id,
                "domain": d.domain_id,
                "zh": d.names.zh,
                "en": d.names.en,
                "score": d.score,
            }
            for d in snapshot.domains
        ],
    }


def send_assessment(
    app: AppContext, actor: Actor, summary: dict[str, Any], pdf: Path, url: str | None = None
) -> dict[str, Any]:
    """Post an assessment report (its summary and its PDF) to the supervision instance."""
    try:
        content = pdf.read_bytes()
    except OSError as exc:
        raise ConfigError(f"cannot read the assessment report {pdf}: {exc.strerror}") from exc
    detail = {"assessment": str(summary.get("id", "")), "file": pdf.name}
    form = {"summary": json.dumps(summary, ensure_ascii=False)}
    files = {"report": (pdf.name, content, "application/pdf")}

    def attempt(remote: Remote) -> dict[str, Any]:
        answer: dict[str, Any] = call(remote, "POST", "/api/assessments", data=form, files=files)
        return answer

    return audited_send(app, actor, "assessment.send", detail, attempt, _received, url)

"""Incidents and assessment reports of tenant A for the server tests: opened on A's own
instance (the world's app, whose profile is A), escalated or sent to the supervision side."""

from __future__ import annotations

import itertools
from datetime import UTC, date, datetime
from pathlib import Path
from typing import Any

from indsec.identity import service as identity
from indsec.incident import service as incidents
from indsec.oversight import service as oversight
from tests.identity.world import CLI, World
from tests.server.filings import bearer

REPORT_PDF = Path(__file__).parents[1] / "files" / "reports" / "assessment.pdf"
"""A small real PDF (one page of text), standing in for the annual report."""

_serial = itertools.count(1)


def incident_of_a(world: World, *, title: str = "勒索软件加密生产数据") -> int:
    """A new incident on tenant A's instance, by hand."""
    opened = incidents.open_incident(
        app=world.app,
        actor=CLI,
        title=f"{title} {next(_serial)}",
        facts=incidents.parse_facts({"threat": "minor"}),
        scenario="ransomware",
    )
    return opened.id


def escalation_of_a(world: World, incident_id: int | None = None) -> dict[str, Any]:
    """The escalation document of one of A's incidents (a new one unless named)."""
    number = incident_id if incident_id is not None else incident_of_a(world)
    document = incidents.escalation_document(
        app=world.app, incident_id=number, now=datetime.now(UTC)
    )
    document["enterprise"]["name"] = world.tenants["A"].name
    return document


def _officer(world: World) -> Any:
    secret = bearer(world, "officer_a")["Authorization"].removeprefix("Bearer ")
    return identity.token_principal(app=world.app, secret=secret)


def received_incident(world: World) -> int:
    """One of A's incidents as the supervision side received it."""
    receipt = oversight.receive_incident(
        app=world.app, actor=CLI, principal=_officer(world), document=escalation_of_a(world)
    )
    return receipt.id


def summary_of_a(
    world: World, *, report_id: str | None = None, issued_on: date | None = None
) -> dict[str, Any]:
    """An assessment summary of A, as ``assessment_summary`` writes it."""
    return {
        "schema": "indsec.assessment-summary/1",
        "id": report_id or f"annual-{next(_serial)}",
        "kind": "annual",
        "enterprise": {"uscc": world.tenants["A"].uscc, "name": world.tenants["A"].name},
        "issued_on": (issued_on or datetime.now(UTC).date()).isoformat(),
        "overall": 0.75,
        "domains": [
            {
                "framework": "miit",
                "domain": "org",
                "zh": "组织",
                "en": "Organisation",
                "score": 1.0,
            },
            {"framework": "miit", "domain": "backup", "zh": "备份", "en": "Backup", "score": 0.5},
        ],
    }


def received_assessment(world: World, **summary: Any) -> int:
    receipt = oversight.receive_assessment(
        app=world.app,
        actor=CLI,
        principal=_officer(world),
        summary=summary_of_a(world, **summary),
        pdf=REPORT_PDF.read_bytes(),
        pdf_name="assessment.pdf",
    )
    return receipt.id

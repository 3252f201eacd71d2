"""Tabletop drills: who took part, what they found, given on the command line or in YAML.

A tabletop drill of the backdoor, personnel or remote O&M scenario is a discussion of the pack's
injects; its record is the participants and the findings, validated at the boundary with every
problem located (``file:line``) like a rule pack.
"""

from __future__ import annotations

from datetime import datetime
from pathlib import Path

from pydantic import BaseModel, ConfigDict, Field, ValidationError

from indsec.errors import DrillError
from indsec.rules.yaml_loader import load_located


class TabletopInput(BaseModel):
    """What a tabletop drill record holds."""

    model_config = ConfigDict(extra="forbid")

    scenario: str = Field(min_length=1, max_length=32)
    participants: list[str] = Field(min_length=1, max_length=200)
    findings: list[str] = Field(default_factory=list, max_length=500)
    held_at: datetime | None = None
    notes: str = Field(default="", max_length=4000)


def tabletop_input(
    *, scenario: str, participants: list[str], findings: list[str], held_at: datetime | None
) -> TabletopInput:
    """The record from command-line values, blanks dropped; a problem is named."""
    try:
        return TabletopInput(
            scenario=scenario,
            participants=[p.strip() for p in participants if p.strip()],
            findings=[f.strip() for f in findings if f.strip()],
            held_at=held_at,
        )
    except ValidationError as exc:
        raise DrillError(f"invalid tabletop drill: {_reasons(exc, None)}") from exc


def tabletop_file(path: Path) -> TabletopInput:
    """The record from a YAML file (scenario, participants, findings, held_at, notes)."""
    document, problems = load_located(path)
    if document is None or problems:
        raise DrillError("; ".join(f"{p.where}: {p.message}" for p in problems))
    try:
        return TabletopInput.model_validate(document.data)
    except ValidationError as exc:
        raise DrillError(f"invalid tabletop drill: {_reasons(exc, document)}") from exc


def _reasons(exc: ValidationError, document: object) -> str:
    where = getattr(document, "where", None)
    found = []
    for error in exc.errors():
        loc = [p for p in error["loc"] if isinstance(p, int | str)]
        field = ".".join(map(str, loc)) or "record"
        found.append(
            f"{where(loc)} {field}: {error['msg']}" if where else f"{field}: {error['msg']}"
        )
    return "; ".join(found)

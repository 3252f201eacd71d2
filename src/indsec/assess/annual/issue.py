"""Issuing the annual report into a directory, and remembering when it was first issued.

The report is valid one year from its *first* issue (the assessment rules), so a reissue of the
same assessment (a corrected team list, a later language) must not restart that year. The
directory keeps a small manifest, ``issue.json``, naming the assessment and its first issue; a
report of another assessment written there starts a year of its own. Submission reads the same
manifest, so what is sent is what was issued.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from datetime import date
from pathlib import Path

from indsec.app import AppContext
from indsec.assess.annual import gather_context, validity, write_report
from indsec.errors import AssessError, OutputError
from indsec.model.assessment import AssessmentSnapshot

MANIFEST = "issue.json"


@dataclass(frozen=True)
class Issue:
    """A report as issued: which assessment, when, when first, and ``expires``: its last valid
    day (:func:`indsec.clocks.validity.last_valid_day`)."""

    assessment_id: str
    issued_on: date
    first_issued_on: date
    expires: date


@dataclass(frozen=True)
class IssuedReport:
    issue: Issue
    files: list[Path]


def issue_report(
    app: AppContext, snapshot: AssessmentSnapshot, out_dir: Path, lang: str, issued_on: date
) -> IssuedReport:
    """Write the report of ``snapshot`` into ``out_dir``, keeping the first issue of a reissue."""
    before = _read(out_dir / MANIFEST, missing_ok=True)
    first = before.first_issued_on if before and before.assessment_id == snapshot.id else None
    context = gather_context(app=app, issued_on=issued_on, first_issued_on=first)
    files = write_report(snapshot, context, out_dir, lang)
    valid = validity(
        issued=issued_on,
        first_issued=first,
        today=issued_on,
        reminder_days=app.settings.assessment_reminder_days,
    )
    issue = Issue(snapshot.id, issued_on, valid.first_issued, valid.valid_until)
    _write(out_dir / MANIFEST, issue)
    return IssuedReport(issue, [*files, out_dir / MANIFEST])


def read_issue(out_dir: Path) -> Issue:
    """The issue recorded in ``out_dir`` (a report written by :func:`issue_report`)."""
    issue = _read(out_dir / MANIFEST, missing_ok=False)
    assert issue is not None  # missing_ok=False raises instead
    return issue


def _read(path: Path, *, missing_ok: bool) -> Issue | None:
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
        return Issue(
            str(data["assessment_id"]),
            date.fromisoformat(data["issued_on"]),
            date.fromisoformat(data["first_issued_on"]),
            date.fromisoformat(data["expires"]),
        )
    except FileNotFoundError as exc:
        if missing_ok:
            return None
        raise AssessError(
            f"{path.parent}: no issued report here (run 'indsec assess report' first)"
        ) from exc
    except (OSError, ValueError, KeyError, TypeError) as exc:
        raise AssessError(f"{path}: not a report manifest written by indsec ({exc})") from exc


def _write(path: Path, issue: Issue) -> None:
    document = {
        "assessment_id": issue.assessment_id,
        "issued_on": issue.issued_on.isoformat(),
        "first_issued_on": issue.first_issued_on.isoformat(),
        "expires": issue.expires.isoformat(),
    }
    try:
        path.write_text(json.dumps(document, indent=2) + "\n", encoding="utf-8")
    except OSError as exc:
        raise OutputError(f"cannot write {path}: {exc}") from exc

"""Checks on what the site declares in its assessment inputs: log directories, backups.

Files are only listed and their modification times read (never opened), a bounded number per
directory (``INDSEC_ASSESS_MAX_FILES``); a declared directory that is absent is evidence of a
failure, one that cannot be read leaves the control not assessed.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from datetime import UTC, datetime
from itertools import islice
from pathlib import Path

from indsec.assess.checks.base import (
    ASSESS_CHECKS,
    CheckContext,
    CheckOutcome,
    Param,
    int_param,
    not_assessed,
)
from indsec.assess.inputs import BackupSet, LogDirectory, SiteInputs
from indsec.model.assessment import Outcome


@dataclass(frozen=True)
class Listing:
    """A directory's matching files: (name, size, modified) of each, or why it was not read."""

    files: list[tuple[str, int, datetime]]
    status: str = "ok"


def list_files(directory: Path, pattern: str, limit: int) -> Listing:
    if not directory.is_dir():
        return Listing([], "absent")
    try:
        found = []
        for path in islice(directory.rglob(pattern), limit):
            stat = path.stat()
            if path.is_file():
                modified = datetime.fromtimestamp(stat.st_mtime, UTC)
                found.append((str(path.relative_to(directory)), stat.st_size, modified))
    except OSError:
        return Listing([], "unreadable")
    return Listing(found)


def _site(context: CheckContext, part: str) -> SiteInputs | CheckOutcome:
    inputs = context.inputs()
    if inputs is None:
        return not_assessed(context.inputs_problem)
    if not getattr(inputs, part):
        where = context.loaded_inputs.where
        return not_assessed(f"nothing declared under '{part}:' in {where}")
    return inputs


def _combined(statuses: list[str], bad: set[str]) -> Outcome:
    """fail if any entry failed, not assessed if one could not be read, else pass."""
    if bad & set(statuses):
        return "fail"
    return "not_assessed" if "unreadable" in statuses else "pass"


def _log_facts(context: CheckContext, log: LogDirectory, min_days: int) -> dict[str, object]:
    listing = list_files(log.path, log.pattern, context.app.settings.assess_max_files)
    oldest = min((m for _, _, m in listing.files), default=None)
    span = None if oldest is None else (context.now - oldest).days
    status = listing.status
    if status == "ok":
        status = "empty" if span is None else ("ok" if span >= min_days else "short")
    return {
        "name": log.name,
        "path": str(log.path),
        "files": len(listing.files),
        "oldest": oldest and oldest.isoformat(),
        "days": span,
        "status": status,
    }


@ASSESS_CHECKS.decorator("logs.retention")
def logs_retention(context: CheckContext, params: Mapping[str, Param]) -> CheckOutcome:
    """Each declared log directory holds logs reaching back ``min_days`` (oldest file's age)."""
    min_days = int_param(params, "min_days", 180)
    inputs = _site(context, "logs")
    if isinstance(inputs, CheckOutcome):
        return inputs
    rows = [_log_facts(context, log, min_days) for log in inputs.logs]
    outcome = _combined([str(r["status"]) for r in rows], {"short", "empty", "absent"})
    kept = sum(r["status"] == "ok" for r in rows)
    summary = f"{kept} of {len(rows)} log directories hold ≥ {min_days} days"
    return CheckOutcome(outcome, summary, {"min_days": min_days, "directories": rows})


def _backup_facts(context: CheckContext, backup: BackupSet, max_age: int) -> dict[str, object]:
    limit = context.app.settings.assess_max_files
    primary = list_files(backup.path, backup.pattern, limit)
    newest = max(primary.files, key=lambda f: f[2], default=None)
    facts: dict[str, object] = {"name": backup.name, "path": str(backup.path)}
    if primary.status != "ok" or newest is None:
        return {**facts, "status": "none" if primary.status == "ok" else primary.status}
    age = (context.now - newest[2]).days
    facts |= {"newest": newest[0], "size": newest[1], "age_days": age}
    if age > max_age:
        return {**facts, "status": "stale"}
    if backup.second_location is None:
        return {**facts, "status": "no_second_location"}
    second = list_files(backup.second_location, backup.pattern, limit)
    facts["second_location"] = str(backup.second_location)
    copied = any(n == newest[0] and s == newest[1] for n, s, _ in second.files)
    status = second.status if second.status != "ok" else ("ok" if copied else "not_copied")
    return {**facts, "status": status}


@ASSESS_CHECKS.decorator("backup.core")
def backup_core(context: CheckContext, params: Mapping[str, Param]) -> CheckOutcome:
    """Each declared backup's newest file is younger than ``max_age_days`` and a copy of it
    (same name and size) is in the second location."""
    max_age = int_param(params, "max_age_days", 7)
    inputs = _site(context, "backups")
    if isinstance(inputs, CheckOutcome):
        return inputs
    rows = [_backup_facts(context, b, max_age) for b in inputs.backups]
    bad = {"none", "absent", "stale", "no_second_location", "not_copied"}
    outcome = _combined([str(r["status"]) for r in rows], bad)
    kept = sum(r["status"] == "ok" for r in rows)
    summary = f"{kept} of {len(rows)} backups fresh and copied to a second location"
    return CheckOutcome(outcome, summary, {"max_age_days": max_age, "backups": rows})

"""The site's assessment inputs: what only the enterprise can point at.

Log directories, backup locations with their second copy, the exported list of remote-access
accounts and the DSNs its databases are reached with live on the plant's machines, not in the
catalogue; a YAML file beside ``indsec.toml`` (``INDSEC_ASSESS_INPUTS``) declares them. Relative
paths are read from the file's own directory, so the file and what it names move together.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from pydantic import Field

from indsec.rules.base import FrozenModel
from indsec.rules.schema import validate_document
from indsec.rules.yaml_loader import load_located


class LogDirectory(FrozenModel):
    """A directory whose files are the logs of one system (kept ≥ 6 months by law)."""

    name: str = Field(min_length=1)
    path: Path
    pattern: str = "*"


class BackupSet(FrozenModel):
    """Backups of core data: where they are written and the second place they are copied to."""

    name: str = Field(min_length=1)
    path: Path
    second_location: Path | None = None
    pattern: str = "*"


class AccountList(FrozenModel):
    """The remote-access accounts exported from the VPN, bastion or RMM console (CSV or XLSX)."""

    file: Path
    account_column: str = "account"
    mfa_column: str = "mfa"


class SiteInputs(FrozenModel):
    """Everything a site declares for its automated checks; each part may be left out."""

    logs: list[LogDirectory] = Field(default_factory=list)
    backups: list[BackupSet] = Field(default_factory=list)
    accounts: AccountList | None = None
    databases: dict[str, str] = Field(default_factory=dict)
    """Catalogue source → the DSN it is reached with (no password needed: only TLS options are
    read); a source not listed here is judged by its catalogue source string."""


@dataclass(frozen=True)
class LoadedInputs:
    """The inputs (paths made absolute) or why there are none."""

    where: Path
    inputs: SiteInputs | None
    problem: str = ""


def load_inputs(path: Path) -> LoadedInputs:
    """Read and validate ``path``; a missing or invalid file is a reason, never an exception,
    so the checks that need nothing from it still run."""
    if not path.is_file():
        return LoadedInputs(path, None, f"no assessment inputs file at {path}")
    document, problems = load_located(path)
    inputs = None
    if document is not None:
        inputs, problems = validate_document(document, SiteInputs)
    if inputs is None or problems:
        shown = "; ".join(f"{p.where}: {p.message}" for p in problems[:5])
        return LoadedInputs(path, None, f"invalid assessment inputs: {shown}")
    return LoadedInputs(path, _anchored(inputs, path.parent))


def _anchored(inputs: SiteInputs, base: Path) -> SiteInputs:
    def at(path: Path) -> Path:
        return path if path.is_absolute() else base / path

    logs = [log.model_copy(update={"path": at(log.path)}) for log in inputs.logs]
    backups = [
        b.model_copy(
            update={
                "path": at(b.path),
                "second_location": at(b.second_location) if b.second_location else None,
            }
        )
        for b in inputs.backups
    ]
    accounts = inputs.accounts
    if accounts is not None:
        accounts = accounts.model_copy(update={"file": at(accounts.file)})
    return inputs.model_copy(update={"logs": logs, "backups": backups, "accounts": accounts})

"""The one exception tree of indsec.

Every error raised on purpose by indsec derives from :class:`IndsecError`, so the CLI and the
server can turn any of them into a clear message (or an HTTP status) in one place. Third-party
exceptions are converted at the edge where they occur (``raise ... from exc``).

::

    IndsecError
    ├── ConfigError            settings, indsec.toml, enterprise profile
    ├── RulePackError          a rule pack failed schema or semantic validation (carries problems)
    ├── PluginError            unknown or disabled plugin id
    ├── ConnectorError         a data source could not be reached or read at all
    │   ├── MissingDriverError an optional driver is not installed (names the pip extra)
    │   └── NothingScannedError no source of a scan could be read (carries each reason)
    ├── StoreError             the database could not be opened or migrated
    ├── NotFoundError          a named catalogue version, asset or record does not exist
    ├── ReviewError            a review or override is invalid
    ├── LogSourceError         a log file could not be read at all
    │   └── NothingReadError   a detection run read no event at all (carries each reason)
    ├── DetectionWorkerError   a worker process of a parallel detection run died
    ├── AlertStateError        an alert cannot take that step (closed is final; a note is required)
    ├── DrillError             a drill refused a path (outside its sandbox, a symlink) or failed
    ├── OutputError            an output file the user named cannot be written
    ├── RegistryFileError      a registry file cannot be read at all (format, encoding, header)
    ├── IdentityError          a user, tenant, password or token request is invalid
    ├── AuthenticationError    the caller is not who they claim (or not signed in)
    │   └── LockedOutError     too many failed sign-ins: the account waits out its lock
    ├── PermissionDeniedError  the caller may not do this, or not to this tenant or region
    ├── RateLimitedError       too many attempts from one place in a short time
    ├── DeliveryError          a reminder e-mail could not be handed to the SMTP server
    ├── BusyError              a job of this kind is already running on the instance
    ├── FilingRejectedError    a submitted filing, incident escalation or assessment report
    │                          failed validation (carries each field's reason)
    ├── WorkflowError          a filing cannot take this step from its current state
    ├── RemoteError            the supervision instance could not be reached or refused a request
    └── AssessError            an assessment input, answer, evidence file or task step is invalid

    SystemExit
    └── Terminated             the process got SIGTERM; runs in progress are marked failed
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import ClassVar


class IndsecError(Exception):
    """Base of every error indsec raises on purpose."""


class ConfigError(IndsecError):
    """Settings, the config file or the enterprise profile is invalid."""


@dataclass(frozen=True, slots=True)
class Problem:
    """One located problem found while validating declarative input."""

    where: str
    message: str

    def __str__(self) -> str:
        return f"{self.where}: {self.message}"


class RulePackError(IndsecError):
    """A rule pack is invalid; carries every problem found, not only the first."""

    def __init__(self, problems: list[Problem]) -> None:
        self.problems = problems
        super().__init__("\n".join(str(p) for p in problems))


class PluginError(IndsecError):
    """A plugin id is unknown, duplicated or disabled."""


class ConnectorError(IndsecError):
    """A data source cannot be reached or read at all."""


class MissingDriverError(ConnectorError):
    """An optional driver is missing; the message names the pip extra to install."""

    def __init__(self, module: str, extra: str) -> None:
        super().__init__(f"the '{module}' driver is not installed: pip install 'indsec[{extra}]'")
        self.module = module
        self.extra = extra


class _ReasonsError(IndsecError):
    """An error whose ``summary`` stands for several located ``problems``.

    The message lists every problem too, so whoever shows only the message still tells the
    user each reason.
    """

    def __init__(self, summary: str, problems: list[Problem]) -> None:
        self.summary = summary
        self.problems = problems
        super().__init__("\n".join([summary, *(f"  {p}" for p in problems)]))


class NothingScannedError(_ReasonsError, ConnectorError):
    """No source of a scan could be read; ``problems`` holds each source's reason."""


class StoreError(IndsecError):
    """The database cannot be opened, migrated or written."""


class NotFoundError(IndsecError):
    """A named version, asset or record does not exist."""


class NoCatalogueError(NotFoundError):
    """Nothing has been scanned yet: the pages of the catalogue show that, not an error."""


class ReviewError(IndsecError):
    """A human review or override is invalid."""


class LogSourceError(IndsecError):
    """A log file cannot be read at all."""


class NothingReadError(_ReasonsError, LogSourceError):
    """A detection run read no event from any of its inputs; ``problems`` says why."""


class DetectionWorkerError(IndsecError):
    """A worker process of a parallel detection run died; the run is marked failed."""


class AlertStateError(IndsecError):
    """An alert cannot take the requested triage step (a closed alert is final), or the step
    lacks its note."""


class IncidentError(IndsecError):
    """An incident's facts are invalid (a negative count, an unknown threat, a ransom wallet
    without a demand…) or a report on it cannot be made."""


class DrillError(IndsecError):
    """A drill refused a path (outside its sandbox, a symlink, a protected directory) or could
    not be run, restored or recorded."""


class OutputError(IndsecError):
    """An output file the user named cannot be written (no such directory, a directory, …)."""


class RegistryFileError(IndsecError):
    """A registry file cannot be read at all: not CSV/XLSX, undecodable, or a column missing.

    Bad rows are no such error: they are reported one by one and the good rows imported."""


class IdentityError(IndsecError):
    """A user, tenant, password or API token request is invalid (weak password, unknown
    region, a role without its tenant…)."""


class AuthenticationError(IndsecError):
    """The caller could not be authenticated: no session, a wrong password, an expired,
    revoked or unknown token, a disabled user."""


class LockedOutError(AuthenticationError):
    """The account had too many failed sign-ins and is locked until the lock expires."""


class PermissionDeniedError(IndsecError):
    """The caller is authenticated but may not do this, or not to this tenant or region."""


class RateLimitedError(IndsecError):
    """Too many attempts from one client in a short time; try again later."""


class BusyError(IndsecError):
    """A job of this kind is already running on the instance; wait for it to end."""


class FilingRejectedError(_ReasonsError):
    """A submitted filing is invalid; ``problems`` locates each one (record and field)."""


class WorkflowError(IndsecError):
    """A filing's workflow step is illegal from its current state (a conflict, not a typo)."""


class RemoteError(IndsecError):
    """The supervision instance could not be reached, or answered with a refusal.

    ``status`` is its HTTP status (0 when it could not be reached at all)."""

    def __init__(self, message: str, *, status: int = 0) -> None:
        super().__init__(message)
        self.status = status


class Terminated(SystemExit):
    """Raised in the main thread on SIGTERM, so ``except BaseException`` clean-ups (a scan or a
    detection run marking itself failed) run before the process exits with 128 + 15.

    A C library calling back into Python can swallow the raise (SQLite's progress handler
    turns it into "interrupted"), so :attr:`requested` stays set and long loops call
    :meth:`check` to raise it again.
    """

    SIGNAL_EXIT_CODE = 143
    requested: ClassVar[bool] = False

    def __init__(self) -> None:
        super().__init__(self.SIGNAL_EXIT_CODE)

    @classmethod
    def check(cls) -> None:
        """Raise again if SIGTERM arrived (and its first raise was swallowed)."""
        if cls.requested:
            raise cls

    def __str__(self) -> str:
        return "terminated by SIGTERM"


class DeliveryError(IndsecError):
    """A reminder e-mail could not be handed to the configured SMTP server."""


class AssessError(IndsecError):
    """An assessment input, answer, evidence file or remediation step is invalid."""

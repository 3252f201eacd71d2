"""Runtime settings: every ``INDSEC_*`` environment variable is read here and nowhere else."""

from __future__ import annotations

from pathlib import Path
from typing import Literal
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from pydantic import Field, SecretStr, field_validator
from pydantic_settings import BaseSettings, SettingsConfigDict

DEFAULT_HOME = Path(".indsec")


class Settings(BaseSettings):
    """indsec settings; secrets come from the environment, never from files in the repository."""

    model_config = SettingsConfigDict(env_prefix="INDSEC_", extra="ignore")

    home: Path = Field(default=DEFAULT_HOME, description="working directory for local state")
    database_url: str | None = Field(
        default=None, description="SQLAlchemy URL; default is SQLite in INDSEC_HOME"
    )
    database_pool_size: int = Field(
        default=20,
        ge=1,
        le=500,
        description="database connections one process keeps open for reuse (PostgreSQL, MySQL); "
        "a server worker answers up to 40 requests at once, and a connection opened past the "
        "pool is closed after its request, so too small a pool reconnects on every request",
    )
    database_pool_overflow: int = Field(
        default=10,
        ge=0,
        le=500,
        description="connections one process may open beyond the pool at a peak (closed after "
        "use); server workers x (pool + overflow) must stay below the database's "
        "max_connections",
    )
    serve_workers: int = Field(
        default=0,
        ge=0,
        le=64,
        description="server processes 'indsec serve' runs (0: one per CPU core); each keeps its "
        "own connection pool and caches",
    )
    config: Path = Field(default=Path("indsec.toml"), description="enterprise profile file")
    sample_size: int = Field(default=1000, ge=1, le=1_000_000)
    statement_timeout_s: float = Field(default=30.0, gt=0)
    sample_seed: int = Field(
        default=0, description="seed of every random sample; the same seed repeats the sample"
    )
    exact_counts: bool = Field(
        default=False,
        description="COUNT(*) every scanned table (reads it whole) instead of using the "
        "database's statistics",
    )
    max_scan_rows: int = Field(
        default=100_000,
        ge=1,
        description="rows one count, one sample without a usable key or one Parquet file's "
        "sample may read; a count that reaches it reports 'at least' that many",
    )
    max_file_bytes: int = Field(default=200 * 1024 * 1024, ge=1)
    max_archive_members: int = Field(
        default=10_000,
        ge=1,
        description="members an Office (ZIP) file may declare; more is reported as bomb-like",
    )
    max_unpacked_member_bytes: int = Field(
        default=256 * 1024 * 1024,
        ge=1,
        description="bytes one member of an Office (ZIP) file may unpack to",
    )
    max_unpacked_bytes: int = Field(
        default=1024 * 1024 * 1024,
        ge=1,
        description="bytes all members of an Office (ZIP) file may unpack to together",
    )
    max_unpack_ratio: float = Field(
        default=100.0,
        gt=1,
        description="unpacked / packed size allowed for a ZIP member over 1 MiB (Office parts "
        "measured 8-32, a 200k-row export 14; deflate bombs reach 1000)",
    )
    max_shared_strings_bytes: int = Field(
        default=64 * 1024 * 1024,
        ge=1,
        description="bytes the shared-string table of a workbook may unpack to; openpyxl loads "
        "it whole, at about 7 bytes of memory per byte",
    )
    max_sheet_cells: int = Field(
        default=1_000_000,
        ge=1,
        description="cells read from one worksheet before sampling stops, padding included and "
        "each row counting two more; the row count is then an estimate",
    )
    max_pdf_page_bytes: int = Field(
        default=16 * 1024 * 1024,
        ge=1,
        description="unpacked bytes of one PDF page's content stream above which its text is "
        "not extracted (real pages hold kilobytes; pypdf itself stops at 75 MB)",
    )
    run_abandoned_after_s: float = Field(
        default=24 * 3600,
        gt=0,
        description="a scan or detection run still 'running' after this long is marked failed "
        "at the next start (sooner when its process is gone)",
    )
    max_columns: int = Field(
        default=1000,
        ge=1,
        le=100_000,
        description="columns read per file or sheet; wider files are read up to it, with a warning",
    )
    content_max_values: int = Field(
        default=200,
        ge=0,
        le=100_000,
        description="sampled values per column whose JSON/XML/key=value content or free text "
        "is read for identifiers and secrets (0: none)",
    )
    content_max_chars: int = Field(
        default=4096,
        ge=16,
        le=1_048_576,
        description="characters of one value read for its structured content or free text",
    )
    content_max_keys: int = Field(
        default=128,
        ge=1,
        le=10_000,
        description="distinct key paths per column whose leaf values are recognized",
    )
    relate_max_held: int = Field(
        default=5000,
        ge=0,
        le=1_000_000,
        description="tables of one source held back while it is scanned, to be classified "
        "again from what its other tables say when their own evidence decided nothing "
        "(beyond it they stay unclassified; 0: no second pass)",
    )
    rules_path: list[Path] = Field(
        default_factory=list, description="extra rule-pack files or directories (site packs)"
    )
    sigma_third_party: Path = Field(
        default=Path("../shared/data"),
        description="root of third-party Sigma rules (SigmaHQ, LOLRMM) loaded in place",
    )
    sigma_regex_max_values: int = Field(
        default=1000,
        ge=1,
        description="most Sigma 're' values in one rule; a rule with more is reported unsupported",
    )
    sigma_regex_max_chars: int = Field(
        default=4096, ge=1, description="longest Sigma 're' pattern, in characters"
    )
    sigma_regex_max_mem_bytes: int = Field(
        default=8 << 20,
        ge=1 << 16,
        description="memory one compiled Sigma 're' pattern may use (RE2 program and cache)",
    )
    detect_max_open_logs: int = Field(
        default=256,
        ge=2,
        description="most log files one detection run keeps open at once while merging by time",
    )
    drill_max_decoy_bytes: int = Field(
        default=1 << 20,
        ge=4096,
        le=64 << 20,
        description="largest decoy file a ransomware drill writes (catalogue sizes are capped)",
    )
    session_ttl_s: int = Field(
        default=8 * 3600, ge=60, description="seconds a web session lasts after sign-in"
    )
    login_max_failures: int = Field(
        default=5, ge=1, description="failed sign-ins in a row that lock an account"
    )
    login_lockout_s: int = Field(
        default=15 * 60, ge=1, description="seconds a locked account waits before it may sign in"
    )
    login_attempts_per_minute: int = Field(
        default=10,
        ge=1,
        description="sign-in attempts one client address may make per minute (per server process)",
    )
    dashboard_page_rows: int = Field(
        default=200,
        ge=10,
        le=10_000,
        description="rows one page of a supervision dashboard list shows (its XLSX export has all)",
    )
    dashboard_cache_s: float = Field(
        default=2.0,
        ge=0,
        le=300,
        description="seconds a server process reuses a dashboard's figures (0: count every time); "
        "a regulator's state change or registry import shows at once in the process that made "
        "it, new filings and other processes' changes within this bound",
    )
    token_cache_s: float = Field(
        default=5.0,
        ge=0,
        le=60,
        description="seconds a server process remembers a verified API token (0: look it up on "
        "every request); revoking a token or disabling or re-roling its user takes effect at "
        "once in the process that did it, in other processes within this bound",
    )
    token_max_days: int = Field(
        default=365, ge=1, description="longest lifetime an API token may be issued with, in days"
    )
    registry_max_file_bytes: int = Field(
        default=100 * 1024 * 1024,
        ge=1,
        description="largest registry file (CSV/XLSX) an import reads, uploaded or from the CLI",
    )
    password_min_length: int = Field(
        default=12, ge=8, description="shortest password 'indsec users' and the server accept"
    )
    list_page_size: int = Field(
        default=50,
        ge=1,
        le=1000,
        description="rows per page of the platform's lists (catalogue, alerts, audit log)",
    )
    export_max_rows: int = Field(
        default=100_000,
        ge=1,
        description="most rows one XLSX export of a filtered list holds; a larger one is refused",
    )
    argon2_time_cost: int = Field(
        default=3, ge=1, le=20, description="argon2id passes over memory per password hash"
    )
    argon2_memory_kib: int = Field(
        default=64 * 1024,
        ge=8,
        le=4 * 1024 * 1024,
        description="argon2id memory per password hash, in KiB (RFC 9106: 64 MiB); lower it "
        "only for tests",
    )
    user_password: SecretStr | None = Field(
        default=None,
        description="password for 'indsec users add/passwd' without a prompt (scripts, CI); "
        "never stored, never defaulted",
    )
    reviewer: str | None = Field(default=None, description="who records reviews")
    supervision_url: str | None = Field(
        default=None,
        description="the supervision instance 'indsec filing submit' and the console post to",
    )
    supervision_token: SecretStr | None = Field(
        default=None,
        description="the enterprise officer's API token on the supervision instance (a secret)",
    )
    supervision_timeout_s: float = Field(
        default=60.0, gt=0, description="seconds to wait for the supervision instance to answer"
    )
    filing_max_bytes: int = Field(
        default=20 * 1024 * 1024,
        ge=1024,
        description="largest filing file or body the intake accepts, in bytes",
    )
    lang: Literal["zh", "en"] = Field(
        default="zh", description="language of rule and term names in command output: zh or en"
    )
    timezone: str = Field(
        default="Asia/Shanghai",
        description="IANA timezone of the regulator (and plant): statutory clocks end at the end "
        "of the due day there, and pages show dates in it",
    )
    calendar_file: Path | None = Field(
        default=None,
        description="site calendar pack (YAML) of holidays and make-up workdays over the builtin "
        "calendar, e.g. next year's arrangement the day the State Council publishes it",
    )
    assess_inputs: Path | None = Field(
        default=None,
        description="site assessment inputs (YAML): log directories, backups and their second "
        "location, the exported remote-account list, database DSNs; default beside INDSEC_CONFIG",
    )
    assess_frameworks: list[str] = Field(
        default_factory=list,
        description="framework ids a self-examination measures (JSON list); empty: all loaded",
    )
    assess_task_due_days: int = Field(
        default=30,
        ge=1,
        le=366,
        description="days from creation a remediation task of a failed control is due by default",
    )
    assess_evidence_max_bytes: int = Field(
        default=20 * 1024 * 1024,
        ge=1,
        description="largest file accepted as assessment evidence (kept in the database)",
    )
    assess_max_files: int = Field(
        default=100_000,
        ge=1,
        description="most files an assessment check lists in one log or backup directory",
    )
    clock_due_soon_days: int = Field(
        default=5,
        ge=0,
        le=366,
        description="days ahead a review counts as due soon (lists, reminders)",
    )
    assessment_reminder_days: int = Field(
        default=30,
        ge=0,
        le=365,
        description="days before an annual risk assessment report expires that a reminder is due",
    )
    report_listed_rows: int = Field(
        default=200,
        ge=1,
        le=100_000,
        description="rows a listing of the assessment report shows in HTML/PDF; all in the XLSX",
    )
    smtp_host: str | None = Field(
        default=None,
        description="SMTP server for e-mail reminders; none: reminders stay in the app",
    )
    smtp_port: int = Field(default=587, ge=1, le=65535, description="SMTP server port")
    smtp_user: str | None = Field(default=None, description="SMTP login name (none: no login)")
    smtp_password: SecretStr | None = Field(
        default=None, description="SMTP password, from the environment only; never stored"
    )
    smtp_from: str | None = Field(default=None, description="sender address of e-mail reminders")
    smtp_starttls: bool = Field(
        default=True, description="upgrade the SMTP connection with STARTTLS before logging in"
    )
    smtp_timeout_s: float = Field(default=30.0, gt=0, description="SMTP connection timeout")
    debug: bool = False

    @field_validator("timezone")
    @classmethod
    def _known_zone(cls, name: str) -> str:
        try:
            ZoneInfo(name)
        except (ZoneInfoNotFoundError, ValueError) as exc:
            raise ValueError(
                f"unknown timezone '{name}' (use an IANA name like Asia/Shanghai)"
            ) from exc
        return name

    def resolved_database_url(self) -> str:
        """The database URL, defaulting to a SQLite file under ``home``."""
        if self.database_url:
            return self.database_url
        return f"sqlite:///{(self.home / 'indsec.db').resolve()}"

    def resolved_assess_inputs(self) -> Path:
        """The site assessment-inputs file: the setting, or ``assess-inputs.yaml`` beside the
        enterprise profile (a site keeps its declarations together)."""
        return self.assess_inputs or self.config.parent / "assess-inputs.yaml"


DEFAULTS = Settings.model_construct()
"""The declared defaults, without reading the environment: the one source of the default bounds
that option types below the settings (connector options, archive limits) start from."""


def load_settings() -> Settings:
    """Read settings from the environment."""
    return Settings()

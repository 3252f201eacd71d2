"""The application context: what every use case needs, built from ``Settings`` once per process.

A face (the CLI today, the server's workers soon) makes one :class:`AppContext` per command or
worker and hands it to the feature services; a service never opens the database or loads the
rule packs itself. Each part is built on first use and then kept, so a command that never
matches Sigma rules or grades an asset never pays for loading them, and a command that needs
the packs three times loads and cross-checks them once.
"""

from __future__ import annotations

from datetime import tzinfo
from functools import cached_property
from pathlib import Path
from types import TracebackType
from zoneinfo import ZoneInfo

from indsec.classify.service import cross_pack_problems
from indsec.clocks.workdays import WorkCalendar, load_calendar
from indsec.discover.base import ConnectorOptions
from indsec.model import EnterpriseProfile, SitePolicy
from indsec.profile_config import load_profile, load_site_policy, set_profile_value
from indsec.rules.pack import LoadedPacks, load_packs, require_valid
from indsec.settings import Settings
from indsec.store.database import Pool, Store


def checked_packs(paths: list[Path], *, builtin: bool = True) -> LoadedPacks:
    """The packs under ``paths`` (and the builtin ones) with every problem found, the problems
    across packs included (a grading rule naming a label no recognizer gives…); never raises."""
    packs = load_packs(paths, builtin=builtin)
    packs.problems += cross_pack_problems(packs)
    return packs


class AppContext:
    """Settings → store, rule packs, enterprise profile, site policy and connector options."""

    def __init__(self, settings: Settings) -> None:
        self.settings = settings
        self._store: Store | None = None

    def store(self, *, existing: bool = False) -> Store:
        """The catalogue database, opened and migrated on first use and kept until :meth:`close`.

        Reads pass ``existing``: looking must not create an empty ``.indsec`` wherever one
        stands. Once open, the database exists, so later reads and writes share it.
        """
        if self._store is None:
            pool = Pool(self.settings.database_pool_size, self.settings.database_pool_overflow)
            url = self.settings.resolved_database_url()
            self._store = Store(url, existing=existing, pool=pool)
        return self._store

    @cached_property
    def packs(self) -> LoadedPacks:
        """Builtin plus site packs, cross-checked; an invalid pack stops the work here."""
        return require_valid(checked_packs(self.settings.rules_path))

    @cached_property
    def profile(self) -> EnterpriseProfile:
        """The enterprise profile of ``indsec.toml`` (a default one when the file is missing)."""
        return load_profile(self.settings.config)

    def set_profile_value(self, key: str, value: str) -> EnterpriseProfile:
        """Set one profile field in ``indsec.toml`` (validated); later reads see the new value."""
        self.profile = set_profile_value(self.settings.config, key, value)
        return self.profile

    @cached_property
    def site_policy(self) -> SitePolicy:
        """The ``[site]`` policy of ``indsec.toml``: the plant's clock, hosts and windows."""
        return load_site_policy(self.settings.config)

    @cached_property
    def work_calendar(self) -> WorkCalendar:
        """Working days: the builtin holiday calendar under the site's calendar file, if any."""
        return load_calendar(self.settings.calendar_file)

    @cached_property
    def zone(self) -> tzinfo:
        """The regulator's (and plant's) timezone, where statutory days begin and end."""
        return ZoneInfo(self.settings.timezone)

    @cached_property
    def connector_options(self) -> ConnectorOptions:
        return ConnectorOptions.from_settings(self.settings)

    def close(self) -> None:
        """Release the database connections; the context can open them again if used later."""
        if self._store is not None:
            self._store.close()
            self._store = None

    def __enter__(self) -> AppContext:
        return self

    def __exit__(
        self,
        kind: type[BaseException] | None,
        error: BaseException | None,
        trace: TracebackType | None,
    ) -> None:
        self.close()

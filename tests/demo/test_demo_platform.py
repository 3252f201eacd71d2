"""``indsec demo --serve``'s set-up: both instances seeded as a first-time visitor needs them."""

from __future__ import annotations

from pathlib import Path

from indsec.app import AppContext
from indsec.catalogue.service import scan_sources
from indsec.demo.service import CONFIG_NAME, build_demo, seed_platform
from indsec.identity import service as identity
from indsec.model.identity import Role
from indsec.model.registry import RegistryFilter
from indsec.settings import Settings
from indsec.supervision import service as supervision


def _contexts(directory: Path) -> tuple[AppContext, AppContext]:
    built = build_demo(directory=directory)
    console = AppContext(Settings(home=directory / ".indsec", config=directory / CONFIG_NAME))
    scan_sources(app=console, sources=built.enterprise.sources())
    supervising = AppContext(Settings(home=directory / "supervision" / ".indsec"))
    return console, supervising


def test_both_instances_are_seeded_and_a_second_start_only_renews_passwords(
    tmp_path: Path,
) -> None:
    console, supervising = _contexts(tmp_path)
    with console, supervising:
        first = seed_platform(console=console, supervising=supervising, registry_size=60)
        again = seed_platform(console=console, supervising=supervising, registry_size=60)
        uscc = console.profile.uscc
        registered = {
            e.uscc
            for e in supervision.registry_enterprises(
                app=supervising, principal=None, where=RegistryFilter()
            )
        }
        filings = supervision.own_filings(
            app=supervising,
            principal=identity.token_principal(app=supervising, secret=again.submission_token),
        )
        province = next(x for x in again.supervision_logins if x.role is Role.PROVINCIAL_REGULATOR)
        old = next(x for x in first.supervision_logins if x.username == province.username)
        signed = identity.sign_in(
            app=supervising, username=province.username, password=province.password, origin="t"
        )
    assert first.registry_size == again.registry_size == 61 and uscc in registered
    assert [f.summary.version for f in filings] == [1], (
        "the same filing again is a retry, not a version"
    )
    assert signed is not None and province.password != old.password
    assert len({x.password for x in [*again.console_logins, *again.supervision_logins]}) == 6

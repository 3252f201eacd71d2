"""``indsec demo --serve``'s set-up: both instances seeded as a first-time visitor needs them, the
demo examined and drilled (touching nothing outside its sandbox) and the console showing both."""

from __future__ import annotations

from pathlib import Path

import pytest

from indsec.app import AppContext
from indsec.catalogue.service import scan_sources
from indsec.demo.service import (
    ASSESSMENT_REPORT,
    CONFIG_NAME,
    DRILL_REPORTS,
    DRILL_SANDBOX,
    build_demo,
    exercise_demo,
    seed_platform,
)
from indsec.identity import service as identity
from indsec.model.identity import Role
from indsec.model.registry import RegistryFilter
from indsec.settings import Settings
from indsec.supervision import service as supervision
from tests.server.browsing import signed_in


@pytest.fixture(scope="module")
def demo_home(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The demo built and scanned once for this module's tests (scanning it takes seconds)."""
    directory = tmp_path_factory.mktemp("demo")
    built = build_demo(directory=directory)
    with _console(directory) as console:
        scan_sources(app=console, sources=built.enterprise.sources())
    return directory


def _console(directory: Path) -> AppContext:
    return AppContext(Settings(home=directory / ".indsec", config=directory / CONFIG_NAME))


def _contexts(directory: Path) -> tuple[AppContext, AppContext]:
    supervising = AppContext(Settings(home=directory / "supervision" / ".indsec"))
    return _console(directory), supervising


def test_both_instances_are_seeded_and_a_second_start_only_renews_passwords(
    demo_home: Path,
) -> None:
    console, supervising = _contexts(demo_home)
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


def _tree(root: Path, *, skip: tuple[str, ...]) -> dict[str, tuple[int, int]]:
    """Every file under ``root`` outside ``skip`` with its size and modification time."""
    return {
        str(p.relative_to(root)): (p.stat().st_size, p.stat().st_mtime_ns)
        for p in root.rglob("*")
        if p.is_file() and p.relative_to(root).parts[0] not in skip
    }


KEPT_APART = (".indsec", ASSESSMENT_REPORT, DRILL_SANDBOX, DRILL_REPORTS, "supervision")
"""What the demo's exercise writes; everything else in its directory must stay as it was."""


def test_the_demo_is_examined_and_drilled_and_its_console_shows_both(demo_home: Path) -> None:
    console, supervising = _contexts(demo_home)
    with console, supervising:
        before = _tree(demo_home, skip=KEPT_APART)
        exercise_demo(app=console, directory=demo_home)
        again = exercise_demo(app=console, directory=demo_home)  # the demo run a second time
        after = _tree(demo_home, skip=KEPT_APART)
        platform = seed_platform(console=console, supervising=supervising, registry_size=60)
    measured = {r.outcome for r in again.assessment.results} - {"not_assessed"}
    assert measured & {"pass", "fail", "partial"}, "the demo's catalogue gives real evidence"
    report = again.drill.record.document
    assert report["fired"] and not report["silent"] and report["time_to_detect_s"] is not None
    assert report["sandbox"] == str(demo_home / DRILL_SANDBOX) and before == after
    assert {p.parent for p in again.drill.reports} == {demo_home / DRILL_REPORTS}
    assert {p.name for p in again.report} >= {"report.pdf", "appendix.xlsx"}
    officer = next(x for x in platform.console_logins if x.role is Role.ENTERPRISE_OFFICER)
    client = signed_in(console.settings, officer.username, password=officer.password)
    page = client.get("/assessment").text
    assert f"第 {again.assessment.id} 次自查" in page and 'id="framework-chart"' in page
    drills = client.get("/drills").text
    assert f'href="/drills/{again.drill.record.id}"' in drills
    assert report["fired"][0]["title"] in client.get(f"/drills/{again.drill.record.id}").text

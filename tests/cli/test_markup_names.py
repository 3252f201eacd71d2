"""Names from data are printed as they are, never read as terminal markup (issue 12, item 7).

A table named ``[/]``, a share directory ``[`` holding ``i].csv`` (the path reads ``[/i].csv``)
and a log named like a ``[link=…]`` tag go through the real CLI: scan, show, detect, alerts.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.cli.conftest import LINK_LOG, LINK_TABLE, MARKUP_TABLE
from tests.e2e.conftest import Workspace

HYPERLINK = "\x1b]8;"
"""The escape sequence that makes a terminal render a clickable link."""


def _journey(blank: Workspace, source: Path) -> list[tuple[int, str, str]]:
    share, logs = source.parent / "share", source.parent / "logs"
    return [
        blank.run("scan", f"sqlite:///{source}", str(share)),
        blank.run("catalogue", "show", "--all"),
        blank.run("catalogue", "show"),
        blank.run("catalogue", "versions"),
        blank.run("detect", "run", str(logs)),
        blank.run("alerts", "list"),
        blank.run("alerts", "show", "1"),
    ]


@pytest.mark.parametrize("terminal", ["1", "0"], ids=["terminal", "redirected"])
def test_markup_in_names_is_printed_literally(
    blank: Workspace, odd_source: Path, monkeypatch: pytest.MonkeyPatch, terminal: str
) -> None:
    monkeypatch.setenv("TTY_COMPATIBLE", terminal)  # a terminal: progress bars and fitted tables
    results = _journey(blank, odd_source)
    for code, out, err in results:
        assert code == 0 and "Traceback" not in err, err
        assert HYPERLINK not in out + err, "data rendered as a clickable link"
    if terminal == "0":  # whole lines: every name can be found as written
        shown = results[1][1]
        assert all(name in shown for name in (MARKUP_TABLE, LINK_TABLE, "[/i].csv"))
        detected = results[4][1]
        assert "[/i].log" in detected and LINK_LOG in detected
        assert LINK_LOG in results[5][1] and LINK_LOG in results[6][1]


def test_markup_in_settings_and_paths_is_printed_literally(blank: Workspace) -> None:
    code, out, err = blank.run("profile", "set", "name", MARKUP_TABLE)
    assert code == 0 and MARKUP_TABLE in out, err
    code, out, err = blank.run("profile", "show")
    assert code == 0 and f"name = {MARKUP_TABLE}" in out, err
    missing = blank.root / "[" / "i].yaml"
    code, out, err = blank.run("rules", "validate", str(missing))
    assert code == 1 and f"{missing}: no such file or directory" in out, err

"""What a new user trips over in the first hour, through the real CLI (issue 11)."""

from __future__ import annotations

import json
import shutil
from pathlib import Path
from typing import Any

import pytest
import typer
import typer.main

from indsec import __version__
from indsec.cli.main import app, main
from tests.cli.conftest import ALERTING_LOG, LONG_TABLE, plain_database
from tests.conftest import without_indsec_settings
from tests.e2e.conftest import Workspace


def _scan(blank: Workspace, source: Path) -> None:
    code, _, err = blank.run("scan", f"sqlite:///{source}")
    assert code == 0, err


def test_version_answers_without_a_command(blank: Workspace) -> None:
    code, out, err = blank.run("--version")
    assert (code, out.strip(), err) == (0, __version__, "")


BAD_OUTPUTS = ["/nonexistent-dir/out.file", "{root}"]
EXPORTS = [
    ("catalogue", "export", "--format", "json"),
    ("catalogue", "export", "--format", "xlsx"),
    ("filing", "export", "--format", "json"),
    ("filing", "export", "--format", "xlsx"),
    ("alerts", "list", "--format", "csv"),
]


@pytest.fixture(scope="module")
def scanned_state(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The ``.indsec`` state a new user has after scanning a plain source and running detection
    on an alerting log, built once for the export cases, which each start from a copy (the
    exports fail before writing anything; a scan and a run per case cost seconds each)."""
    root = tmp_path_factory.mktemp("scanned")
    source = plain_database(root / "plain.db")
    with pytest.MonkeyPatch.context() as patch:
        without_indsec_settings(patch)
        patch.chdir(root)
        assert main(["scan", f"sqlite:///{source}"]) == 0
        assert main(["detect", "run", str(ALERTING_LOG)]) == 0
    return root / ".indsec"


@pytest.mark.parametrize("bad", BAD_OUTPUTS)
@pytest.mark.parametrize("command", EXPORTS, ids=" ".join)
def test_every_output_path_error_is_one_line(
    blank: Workspace, scanned_state: Path, command: tuple[str, ...], bad: str
) -> None:
    shutil.copytree(scanned_state, blank.root / ".indsec")
    path = bad.format(root=blank.root)
    code, _, err = blank.run(*command, "-o", path)
    assert code == 2
    assert "Traceback" not in err and err.count("\n") == 1, err
    assert err.startswith("error: cannot write") and path in err


def test_demo_into_a_file_is_one_line(blank: Workspace) -> None:
    target = blank.root / "afile"
    target.write_text("", encoding="utf-8")
    code, _, err = blank.run("demo", "--dir", str(target))
    assert code == 2 and "Traceback" not in err and err.count("\n") == 1, err
    assert str(target) in err


def test_an_unexpected_os_error_names_its_path(
    blank: Workspace, plain_source: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    (blank.root / "afile").write_text("", encoding="utf-8")
    monkeypatch.setenv("INDSEC_HOME", str(blank.root / "afile" / "state"))
    code, _, err = blank.run("scan", f"sqlite:///{plain_source}")
    assert code == 2 and "Traceback" not in err and err.count("\n") == 1, err
    assert str(blank.root / "afile") in err
    code, _, err = blank.run("--debug", "scan", f"sqlite:///{plain_source}")
    assert code == 2 and "Traceback" in err


def test_an_unknown_home_directory_is_the_sources_failure(blank: Workspace) -> None:
    code, _, err = blank.run("scan", "~indsec-no-such-user/share")
    assert code == 2 and "Traceback" not in err, err
    assert "~indsec-no-such-user/share: cannot expand '~'" in err


def test_a_defect_is_one_line_and_its_traceback_is_for_debug(
    blank: Workspace, plain_source: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    def broken(**_: object) -> None:
        raise ValueError("a defect")

    monkeypatch.setattr("indsec.cli.scan.scan_sources", broken)
    code, _, err = blank.run("scan", f"sqlite:///{plain_source}")
    assert code == 70 and "Traceback" not in err and err.count("\n") == 1, err
    assert "internal error (ValueError: a defect)" in err
    code, _, err = blank.run("--debug", "scan", f"sqlite:///{plain_source}")
    assert code == 70 and "Traceback" in err


def test_alerts_list_writes_the_output_file_in_the_format_asked(
    blank: Workspace, plain_source: Path
) -> None:
    code, _, err = blank.run("detect", "run", str(ALERTING_LOG))
    assert code == 0, err
    target = blank.root / "alerts.csv"
    code, out, err = blank.run("alerts", "list", "--format", "csv", "-o", str(target))
    assert code == 0, err
    written = target.read_text(encoding="utf-8").splitlines()
    assert written[0].startswith("id,severity,") and len(written) == 4, written
    assert str(target) in out
    code, out, _ = blank.run("alerts", "list", "-f", "json", "-o", str(blank.root / "a.json"))
    assert code == 0 and len(json.loads((blank.root / "a.json").read_text("utf-8"))) == 3
    code, _, err = blank.run("alerts", "list", "--format", "yaml")
    assert code == 2 and "table, json, csv" in err


def _commands(command: Any, ctx: typer.Context) -> list[Any]:
    """Every leaf command under ``command`` (a group lists its sub-commands)."""
    if not hasattr(command, "list_commands"):
        return [command]
    subs = [command.get_command(ctx, name) for name in command.list_commands(ctx)]
    return [leaf for sub in subs for leaf in _commands(sub, ctx)]


def test_one_meaning_per_flag() -> None:
    """``-o/--output`` is always the file written, ``-f/--format`` always the output format."""
    root = typer.main.get_command(app)
    options = [
        (command.name, param)
        for command in _commands(root, typer.Context(root))
        for param in command.params
        if param.param_type_name == "option"
    ]
    outputs = [(n, p) for n, p in options if {"-o", "--output"} & set(p.opts)]
    formats = [(n, p) for n, p in options if {"-f", "--format"} & set(p.opts)]
    assert {"export", "list", "synth"} <= {name for name, _ in outputs} and len(formats) >= 3
    for name, param in outputs:
        assert set(param.opts) == {"-o", "--output"}, name
        assert param.name == "output" and "file" in (param.help or "").lower(), name
    for name, param in formats:
        assert set(param.opts) == {"-f", "--format"} and param.name == "fmt", name


def test_a_missing_path_or_unknown_name_is_an_error(blank: Workspace, plain_source: Path) -> None:
    code, out, _ = blank.run("rules", "validate", "/nonexistent.yaml")
    assert code == 1 and "/nonexistent.yaml: no such file or directory" in out
    _scan(blank, plain_source)
    code, _, err = blank.run("detect", "run", str(ALERTING_LOG))
    assert code == 0, err
    code, out, err = blank.run("alerts", "list", "--scenario", "nosuch")
    assert code == 2 and out == ""
    assert "unknown scenario 'nosuch'" in err
    assert all(name in err for name in ("ransomware", "backdoor", "personnel", "remote_om"))
    code, out, err = blank.run("alerts", "list", "--run", "99")
    assert code == 2 and out == "" and "no detection run 99" in err and "(runs: 1)" in err
    code, _, err = blank.run("catalogue", "review", "员工信息", "--grade", "core", "--reason", "x")
    assert code == 2 and "hr_contact" in err, "the error lists the assets there are"


READS = [
    ("catalogue", "show"),
    ("catalogue", "versions"),
    ("catalogue", "diff", "1", "2"),
    ("catalogue", "export", "-o", "c.json"),
    ("catalogue", "regrade"),
    ("filing", "export", "-o", "f.xlsx"),
    ("alerts", "list"),
    ("alerts", "show", "1"),
]


@pytest.mark.parametrize("command", READS, ids=" ".join)
def test_a_read_says_where_it_looked_and_creates_nothing(
    blank: Workspace, command: tuple[str, ...]
) -> None:
    code, _, err = blank.run(*command)
    assert code == 2 and "Traceback" not in err
    assert str(blank.root / ".indsec" / "indsec.db") in err.replace("\n", "")
    assert "INDSEC_HOME" in err
    assert list(blank.root.iterdir()) == [], "a read left state behind"


def test_detection_without_a_catalogue_says_where_it_looked(blank: Workspace) -> None:
    where = str(blank.root / ".indsec" / "indsec.db")
    code, out, err = blank.run("detect", "run", str(ALERTING_LOG))
    assert code == 0 and f"alerts are not grade-aware: no indsec state at {where}" in out, err


def test_nothing_here_messages_name_the_state(blank: Workspace, plain_source: Path) -> None:
    where = str(blank.root / ".indsec" / "indsec.db")
    _scan(blank, plain_source)
    for command in (
        ("catalogue", "show", "--version", "7"),
        ("alerts", "list"),
        ("alerts", "show", "9"),
    ):
        code, _, err = blank.run(*command)
        assert code == 2 and where in err.replace("\n", ""), (command, err)


def test_redirected_output_has_no_progress_bars_and_whole_lines(
    blank: Workspace, plain_source: Path
) -> None:
    code, out, err = blank.run("scan", f"sqlite:///{plain_source}")
    assert code == 0, err
    assert "━" not in err and "scanning" not in err, "no progress bar in a log"
    code, out, err = blank.run("catalogue", "show", "--all")
    assert code == 0, err
    assert any(LONG_TABLE in line for line in out.splitlines()), "a long name is not wrapped"
    assert max(len(line) for line in out.splitlines()) > 80


def test_the_demo_runs_whole_without_the_third_party_rules(blank: Workspace) -> None:
    """A new machine may not have the SigmaHQ rules beside the project: the demo still ends
    with its hint, and its drill report lists the rule that stayed silent."""
    code, out, err = blank.run("demo", "--dir", "demo-out")
    assert code == 0, err
    assert "explore with:" in out
    report = (blank.root / "demo-out" / "drill-reports" / "drill-1.en.md").read_text("utf-8")
    assert "Expected rules that stayed silent" in report


def test_conformance_without_the_suite_says_what_it_is_and_where_it_looked(
    blank: Workspace,
) -> None:
    """A new user has no ``../shared/data``: the error names the suite's origin, not only the
    setting (which the README's ``export`` has already set to that missing directory)."""
    code, out, err = blank.run("rules", "conformance")
    assert code == 2 and out == "" and "Traceback" not in err and err.count("\n") == 1, err
    assert str(blank.root.parent / "shared" / "data" / "sigmahq" / "regression_data") in err
    assert "github.com/SigmaHQ/sigma" in err and "INDSEC_SIGMA_THIRD_PARTY" in err

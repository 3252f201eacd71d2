"""``indsec registry synth|import``: a synthetic registry written, imported as the platform,
its bad rows summarised and written out; an unreadable file is one clear error."""

from __future__ import annotations

import csv

from openpyxl import load_workbook

from indsec.app import AppContext
from indsec.identity import service as identity
from indsec.model.registry import RegistryFilter
from indsec.settings import Settings
from indsec.supervision import service as supervision
from tests.e2e.conftest import Workspace


def test_synth_then_import_with_errors_out(blank: Workspace) -> None:
    code, out, err = blank.run(
        "registry",
        "synth",
        "--province",
        "32",
        "--count",
        "60",
        "--seed",
        "3",
        "--bad",
        "4",
        "-o",
        "js.xlsx",
    )
    assert code == 0 and "64 rows" in out, err
    code, out, err = blank.run("registry", "import", "js.xlsx", "--errors-out", "bad.csv")
    assert code == 0, err
    assert "新增 60，更新 0，未变 0，拒绝 4 行" in out and "row " in out
    with (blank.root / "bad.csv").open(encoding="utf-8-sig") as stream:
        errors = list(csv.reader(stream))
    assert errors[0] == ["row", "column", "value", "reason"] and len(errors) == 5
    code, out, _ = blank.run("registry", "import", "js.xlsx", "--errors-out", "bad.xlsx")
    assert code == 0 and "未变 60" in out
    sheet = load_workbook(blank.root / "bad.xlsx", read_only=True).worksheets[0]
    assert len(list(sheet.iter_rows(values_only=True))) == 5
    with AppContext(Settings()) as app:
        everything = supervision.registry_enterprises(
            app=app, principal=None, where=RegistryFilter()
        )
        assert len(everything) == 60
        assert identity.audit_entries(app=app, action="registry.import")[0].actor.startswith("cli:")


def test_an_unreadable_file_is_one_error_without_traceback(blank: Workspace) -> None:
    (blank.root / "r.xlsx").write_bytes(b"not a workbook")
    code, _, err = blank.run("registry", "import", "r.xlsx")
    assert code == 2 and "not a readable XLSX workbook" in err and "Traceback" not in err
    code, _, err = blank.run("registry", "import", "missing.csv")
    assert code == 2 and "cannot read missing.csv" in err

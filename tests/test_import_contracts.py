"""The import contracts of ``pyproject.toml`` hold, and each one breaks on the import it forbids.

Each case copies the sources, adds one wrong-way import and runs ``lint-imports`` on the copy:
the run must fail and name the contract, so a contract that silently allowed everything (a typo
in a module name, a too-wide ignore) fails here instead of passing in ``make check``.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
LINT_IMPORTS = Path(sys.executable).parent / "lint-imports"

pytestmark = pytest.mark.skipif(not LINT_IMPORTS.exists(), reason="import-linter not installed")


def _lint(project: Path) -> subprocess.CompletedProcess[str]:
    """``lint-imports`` on ``project``'s sources, with its ``pyproject.toml``."""
    environment = {**os.environ, "PYTHONPATH": str(project / "src"), "COLUMNS": "200"}
    return subprocess.run(
        [str(LINT_IMPORTS), "--no-cache"],
        cwd=project,
        capture_output=True,
        text=True,
        env=environment,
        check=False,
        timeout=300,
    )


def test_the_sources_keep_every_contract() -> None:
    done = _lint(ROOT)
    assert done.returncode == 0, done.stdout + done.stderr
    assert "0 broken" in done.stdout


VIOLATIONS = [
    ("classify/grade/grader.py", "import indsec.catalogue.service", "code depends downward only"),
    ("rules/pack.py", "import indsec.app", "code depends downward only"),
    ("detect/alerts.py", "import indsec.catalogue.repository", "Feature packages use each other"),
    ("cli/scan.py", "import indsec.store.database", "Faces import only feature services"),
    ("cli/detect.py", "import indsec.sigma", "Faces import only feature services"),
    ("server/api/catalogue.py", "import indsec.store.tables", "Faces import only feature services"),
    ("server/scopes.py", "import indsec.identity.scope", "Faces import only feature services"),
    (
        "identity/accounts.py",
        "import indsec.catalogue.repository",
        "Feature packages use each other",
    ),
    ("server/app.py", "import indsec.cli.main", "code depends downward only"),
    ("model/grade.py", "import indsec.errors", "model imports nothing of ours"),
    ("supervision/registry.py", "import indsec.identity.scope", "Feature packages use each other"),
    ("server/web/registry.py", "import indsec.supervision.registry", "Faces import only feature"),
    ("supervision/mandatory.py", "import indsec.report.service", "code depends downward only"),
]


@pytest.mark.parametrize(("module", "statement", "contract"), VIOLATIONS)
def test_a_wrong_way_import_breaks_its_contract(
    tmp_path: Path, module: str, statement: str, contract: str
) -> None:
    shutil.copytree(ROOT / "src", tmp_path / "src", ignore=shutil.ignore_patterns("__pycache__"))
    shutil.copy(ROOT / "pyproject.toml", tmp_path / "pyproject.toml")
    target = tmp_path / "src" / "indsec" / module
    target.write_text(f"{target.read_text(encoding='utf-8')}\n{statement}\n", encoding="utf-8")

    done = _lint(tmp_path)

    assert done.returncode != 0
    broken = [line for line in done.stdout.splitlines() if " BROKEN" in line]
    assert any(contract in line for line in broken), done.stdout
    assert statement.split()[-1] in done.stdout, "the report names the offending import"

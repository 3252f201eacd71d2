"""Every ``indsec`` example in README.md runs against the demo, read from the README itself.

The demo is built once, by the README's own ``indsec demo`` line; then each example line of a
``sh`` block runs from the demo's directory, in README order, as a new user would type it. A
README that drifts from the CLI fails here.
"""

from __future__ import annotations

import contextlib
import io
import os
import re
import shlex
import subprocess
import sys
from dataclasses import dataclass
from pathlib import Path

import pytest

from indsec.cli.main import main
from tests.conftest import REPO, THIRD_PARTY

README = (REPO / "README.md").read_text(encoding="utf-8")
SH_BLOCK = re.compile(r"^```sh\n(.*?)^```", re.MULTILINE | re.DOTALL)


def _section(title: str) -> str:
    """The text of the README section headed ``title`` (up to the next heading of any level)."""
    found = re.search(rf"^#+ {re.escape(title)}\n(.*?)(?=^#)", README, re.MULTILINE | re.DOTALL)
    assert found, f"README has no '{title}' section"
    return found.group(1)


def _examples(text: str) -> list[str]:
    """The ``indsec …`` lines of the ``sh`` blocks in ``text``, comments dropped."""
    lines = [line.strip() for block in SH_BLOCK.findall(text) for line in block.splitlines()]
    return [line for line in lines if line.startswith("indsec ")]


def _argv(line: str, cwd: Path) -> list[str]:
    """What the shell would pass to ``indsec`` for ``line`` typed in ``cwd``."""
    return shlex.split(line.replace("$PWD", str(cwd)), comments=True)[1:]


def _shell_env(**extra: str) -> dict[str, str]:
    """A new user's shell: no INDSEC_* settings, and this venv not on PATH."""
    env = {k: v for k, v in os.environ.items() if not k.startswith("INDSEC_")}
    env["PATH"] = os.pathsep.join(
        p for p in env.get("PATH", "").split(os.pathsep) if Path(p) != Path(sys.executable).parent
    )
    return env | extra


@dataclass(frozen=True)
class Demo:
    root: Path  # where the README's demo line ran
    directory: Path  # the demo's directory (its state)
    output: str  # what the demo printed


@pytest.fixture(scope="module")
def demo(tmp_path_factory: pytest.TempPathFactory) -> Demo:
    """The demo, built by the README's own ``indsec demo`` line in a fresh directory."""
    (line,) = [line for line in _examples(README) if line.startswith("indsec demo")]
    root = tmp_path_factory.mktemp("readme")
    argv = _argv(line, root)
    out = io.StringIO()
    with pytest.MonkeyPatch.context() as patch, contextlib.redirect_stdout(out):
        for name, value in _shell_env(INDSEC_SIGMA_THIRD_PARTY=str(THIRD_PARTY)).items():
            patch.setenv(name, value)
        for name in [
            n for n in os.environ if n.startswith("INDSEC_") and n != "INDSEC_SIGMA_THIRD_PARTY"
        ]:
            patch.delenv(name)
        patch.chdir(root)
        assert main(argv) == 0
    return Demo(root, root / argv[argv.index("--dir") + 1], out.getvalue())


def test_first_hour_section_says_how_to_start(demo: Demo) -> None:
    section = _section("First hour")
    assert ". .venv/bin/activate" in section, "how to put indsec on PATH"
    assert "INDSEC_HOME" in section and "demo-out" in section, "where the state lives"
    assert "export INDSEC_SIGMA_THIRD_PARTY=$PWD/" in section, "third-party rules from anywhere"
    examples = _examples(section)
    assert any(e.startswith("indsec demo --dir demo-out") for e in examples)
    assert {"indsec catalogue show --all", "indsec alerts list"} <= set(examples)
    assert demo.directory.name == "demo-out" and (demo.directory / ".indsec").is_dir()


def test_every_readme_example_runs_against_the_demo(
    demo: Demo, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    examples = [line for line in _examples(README) if not line.startswith("indsec demo")]
    assert len(examples) >= 15, "the README's examples were found"
    for name in [n for n in os.environ if n.startswith("INDSEC_")]:
        monkeypatch.delenv(name)
    monkeypatch.setenv("INDSEC_SIGMA_THIRD_PARTY", str(THIRD_PARTY))
    monkeypatch.chdir(demo.directory)
    for line in examples:
        capsys.readouterr()
        code = main(_argv(line, demo.directory))
        _, err = capsys.readouterr()
        # a line the README marks "(third-party data)" has nothing to run on a new machine
        if "(third-party data)" in line and not THIRD_PARTY.is_dir():
            assert code == 2 and f"at {THIRD_PARTY}" in err and "github.com/SigmaHQ" in err, err
            continue
        assert code == 0, f"README example failed: {line}\n{err}"


def test_the_demo_hint_works_in_a_new_shell(demo: Demo) -> None:
    """The commands the demo suggests run as printed, in a shell where indsec is not on PATH."""
    hint = demo.output.split("explore with:\n", 1)[1].strip().splitlines()
    assert hint[0].startswith(". ") and hint[0].endswith("/activate"), hint
    done = subprocess.run(
        ["bash", "-c", " && ".join(line.strip() for line in hint)],
        cwd=demo.root,
        env=_shell_env(),
        capture_output=True,
        text=True,
        timeout=300,
        check=False,
    )
    assert done.returncode == 0, done.stderr
    assert "Catalogue version" in done.stdout and "severity" in done.stdout
    exports = [line.strip() for line in hint if "INDSEC_SIGMA_THIRD_PARTY" in line]
    if not THIRD_PARTY.is_dir():
        assert exports == [], "no rule root to point a new shell at"
        return
    assert exports == [f"export INDSEC_SIGMA_THIRD_PARTY={THIRD_PARTY.resolve()}"]
    assert "third-party rule root" not in done.stdout + done.stderr, "SigmaHQ rules were found"

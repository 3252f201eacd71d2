"""The drill touches nothing outside its sandbox: symlinks (as the sandbox, inside it, swapped
in before a restore) and ``..`` are refused, protected directories are refused, and the sibling
tree is byte for byte the same afterwards."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from indsec.app import AppContext
from indsec.drill import service
from indsec.drill.sandbox import Forbidden, Sandbox, checked_root, forbidden_places
from indsec.errors import DrillError
from tests.drill.conftest import ACTOR, tree_digest

NOTHING = Forbidden(equal=(), within=())


def _drill(app: AppContext, sandbox: Path) -> None:
    service.run_ransomware_drill(app=app, actor=ACTOR, sandbox=sandbox)


def test_a_symlink_as_the_sandbox_is_refused(
    app: AppContext, tmp_path: Path, outside: Path
) -> None:
    before = tree_digest(outside)
    (tmp_path / "sandbox").symlink_to(outside / "plant")
    with pytest.raises(DrillError, match="symlink"):
        _drill(app, tmp_path / "sandbox")
    assert tree_digest(outside) == before


def test_a_dotdot_escape_is_refused(app: AppContext, tmp_path: Path, outside: Path) -> None:
    before = tree_digest(outside)
    (tmp_path / "sandbox").mkdir()
    with pytest.raises(DrillError, match=r"'\.\.'"):
        _drill(app, tmp_path / "sandbox" / ".." / "outside" / "new")
    assert tree_digest(outside) == before and not (outside / "new").exists()
    sandbox = Sandbox.claim(tmp_path / "sandbox", NOTHING)
    for escape in ("../outside/victim.txt", "files/../../outside/victim.txt", "/etc/passwd"):
        with pytest.raises(DrillError, match="not a plain path"):
            sandbox.path(escape)


def test_a_symlink_inside_the_sandbox_pointing_out_is_refused(
    app: AppContext, tmp_path: Path, outside: Path
) -> None:
    sandbox = tmp_path / "sandbox"
    _drill(app, sandbox)
    service.restore_drill(app=app, sandbox=sandbox)
    decoy = sorted((sandbox / "files").iterdir())[0]
    decoy.unlink()
    decoy.symlink_to(outside / "victim.txt")
    before = tree_digest(outside)
    with pytest.raises(DrillError, match="symlink inside the sandbox"):
        _drill(app, sandbox)
    assert tree_digest(outside) == before


def test_a_symlinked_folder_inside_the_sandbox_is_refused(
    app: AppContext, tmp_path: Path, outside: Path
) -> None:
    sandbox = tmp_path / "sandbox"
    _drill(app, sandbox)
    service.restore_drill(app=app, sandbox=sandbox)
    shutil.rmtree(sandbox / "files")
    (sandbox / "files").symlink_to(outside / "plant")
    before = tree_digest(outside)
    with pytest.raises(DrillError, match="symlink"):
        _drill(app, sandbox)
    assert tree_digest(outside) == before


def test_restore_refuses_a_symlink_swapped_in_and_changes_nothing(
    app: AppContext, tmp_path: Path, outside: Path
) -> None:
    sandbox = tmp_path / "sandbox"
    _drill(app, sandbox)
    locked = sorted((sandbox / "files").glob("*.locked"))
    locked[-1].unlink()
    locked[-1].symlink_to(outside / "victim.txt")
    before, inside = tree_digest(outside), tree_digest(sandbox / "files")
    with pytest.raises(DrillError, match="symlink"):
        service.restore_drill(app=app, sandbox=sandbox)
    assert tree_digest(outside) == before
    assert tree_digest(sandbox / "files") == inside  # all checked before the first change


def test_a_directory_the_drill_does_not_own_is_refused(app: AppContext, tmp_path: Path) -> None:
    theirs = tmp_path / "theirs"
    theirs.mkdir()
    (theirs / "report.docx").write_bytes(b"PK real work")
    before = tree_digest(theirs)
    with pytest.raises(DrillError, match="not a drill sandbox"):
        _drill(app, theirs)
    with pytest.raises(DrillError, match="not a drill sandbox"):
        service.restore_drill(app=app, sandbox=theirs)
    assert tree_digest(theirs) == before


@pytest.mark.parametrize("place", ["root", "home", "data", "source", "mount"])
def test_protected_directories_are_refused(
    place: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("HOME", str(tmp_path / "home"))
    (tmp_path / "home").mkdir()
    forbidden = forbidden_places(
        data_dir=tmp_path / ".indsec", sources=[f"file://{tmp_path / 'plant'}", "mysql://db/x"]
    )
    given = {
        "root": Path("/"),
        "home": tmp_path / "home",
        "data": tmp_path / ".indsec" / "drill",
        "source": tmp_path / "plant" / "sub",
        "mount": Path("/proc"),
    }[place]
    with pytest.raises(DrillError, match="refused"):
        checked_root(given, forbidden)


def test_a_sandbox_holding_the_data_directory_is_refused(tmp_path: Path) -> None:
    forbidden = forbidden_places(data_dir=tmp_path / "work" / ".indsec", sources=[])
    with pytest.raises(DrillError, match="overlaps"):
        checked_root(tmp_path / "work", forbidden)


def test_a_forged_drill_folder_linked_from_outside_does_not_make_a_sandbox_ours(
    app: AppContext, tmp_path: Path, outside: Path
) -> None:
    """Ownership is proven by a marker inside the sandbox itself, never reached through a link."""
    forged = outside / "forged"
    forged.mkdir()
    (forged / "owner.json").write_text('{"tool": "indsec drill"}', encoding="utf-8")
    theirs = tmp_path / "theirs"
    theirs.mkdir()
    (theirs / "data.csv").write_text("a,b\n", encoding="utf-8")
    (theirs / ".indsec-drill").symlink_to(forged)
    before, inside = tree_digest(outside), tree_digest(theirs)
    with pytest.raises(DrillError, match="not a drill sandbox"):
        _drill(app, theirs)
    assert (tree_digest(outside), tree_digest(theirs)) == (before, inside)

"""Generate the embedded demo enterprise: an MES/ERP database and a file share on disk.

The demo lets anyone try indsec end to end (scan, classify, grade, file) without access to a
real plant, and gives tests and benchmarks a realistic, reproducible target: the same seed
always produces byte-identical files and table contents.
"""

from __future__ import annotations

import json
import shutil
from dataclasses import dataclass
from pathlib import Path

from indsec.demo.database import write_database
from indsec.demo.files import write_file_share
from indsec.demo.world import build_world
from indsec.errors import ConfigError
from indsec.model import EnterpriseProfile

DEFAULT_SEED = 20240226
DATABASE_NAME = "mes_erp.db"
FILES_NAME = "files"
MARKER_NAME = ".indsec-demo"


@dataclass(frozen=True)
class DemoEnterprise:
    """A generated demo: where its sources are and the profile of the enterprise owning them."""

    root: Path
    profile: EnterpriseProfile
    database: Path
    files: Path

    def sources(self) -> list[str]:
        """The connector URLs that scan the whole demo."""
        return [f"sqlite:///{self.database}?system=MES", f"file://{self.files}"]


def generate_demo(
    target: Path, *, seed: int = DEFAULT_SEED, sensor_rows: int = 200_000
) -> DemoEnterprise:
    """Generate the demo enterprise under ``target``.

    ``target`` must be absent, empty, or hold an earlier demo, which is replaced; anything else
    is refused so that a mistyped path never loses someone's files.

    Raises:
        ConfigError: ``target`` is unusable or ``sensor_rows`` is negative.
        StoreError: the database cannot be written.
    """
    if sensor_rows < 0:
        raise ConfigError(f"sensor_rows must be zero or more, not {sensor_rows}")
    root = target.resolve()
    try:
        _claim(root, seed=seed, sensor_rows=sensor_rows)
        world = build_world(seed, sensor_rows=sensor_rows)
        write_database(root / DATABASE_NAME, world)
        (root / FILES_NAME).mkdir()
        write_file_share(root / FILES_NAME, world)
    except OSError as exc:
        raise ConfigError(f"cannot write the demo under {root}: {exc}") from exc
    return DemoEnterprise(root, world.profile, root / DATABASE_NAME, root / FILES_NAME)


def _claim(root: Path, *, seed: int, sensor_rows: int) -> None:
    """Make ``root`` ours: refuse foreign content, clear an earlier demo, write the marker first.

    The marker goes first so that a generation interrupted halfway is still recognised, and
    replaced, by the next run.
    """
    if root.exists() and not root.is_dir():
        raise ConfigError(f"demo target {root} is a file, not a directory")
    if root.is_dir() and any(root.iterdir()):
        if not (root / MARKER_NAME).is_file():
            raise ConfigError(f"demo target {root} is not empty and holds no earlier demo")
        (root / DATABASE_NAME).unlink(missing_ok=True)
        if (root / FILES_NAME).is_dir():
            shutil.rmtree(root / FILES_NAME)
    root.mkdir(parents=True, exist_ok=True)
    marker = {"generator": "indsec.demo", "seed": seed, "sensor_rows": sensor_rows}
    (root / MARKER_NAME).write_text(json.dumps(marker) + "\n", encoding="utf-8")

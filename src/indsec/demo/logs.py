"""Generate the demo enterprise's logs: a week of plant life with the four risk scenarios planted.

Detection needs something to detect: the demo writes a week (19–26 February 2024, plant time) of
logs in the formats indsec reads — syslog and auditd, PostgreSQL csvlog, the MariaDB audit
plugin, file-activity JSON, Zeek, JumpServer, OpenVPN, Elastic and Sysmon for Linux — full of
ordinary work that must raise nothing, plus one night of attacks on the demo's own tables,
files and hosts that must raise exactly the listed alerts. The same seed gives the same bytes.
"""

from __future__ import annotations

import random
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from indsec.demo.logs_attacks import Planter
from indsec.demo.logs_attacks_insider import insider_and_remote
from indsec.demo.logs_attacks_intrusion import intrusions
from indsec.demo.logs_cast import LOG_READERS, Cast, Line, PlantedAttack, cast_of
from indsec.demo.logs_noise_access import VENDOR, access_noise
from indsec.demo.logs_noise_data import ERP_SERVICE, MES_SERVICE, data_noise
from indsec.demo.logs_noise_plant import plant_noise
from indsec.demo.world import DemoWorld, build_world
from indsec.errors import ConfigError
from indsec.model import Grade, SitePolicy
from indsec.profile_config import load_site_policy, save_site_policy

DEFAULT_SEED = 20240226
LOGS_DIR = "logs"
CONFIG_NAME = "indsec.toml"

GRADED_TABLES = {
    "pp_recipe": Grade.CORE,
    "pp_recipe_param": Grade.CORE,
    "tms_shipment": Grade.IMPORTANT,
    "srm_gys": Grade.IMPORTANT,
}
"""The grades the planted attacks are written against: a catalogue grading these tables lower
will not raise the grade-aware alerts (core data off-hours, bulk reads, exports)."""


@dataclass(frozen=True)
class LogFile:
    """One generated log file and the reader that parses it."""

    reader: str
    path: Path


@dataclass(frozen=True)
class DemoLogs:
    """What was generated: the files, the planted attacks, and the site policy they assume."""

    root: Path
    files: tuple[LogFile, ...]
    planted: tuple[PlantedAttack, ...]
    policy: SitePolicy
    graded_tables: dict[str, Grade]

    def expected_alerts(self, *, third_party: bool) -> dict[str, int]:
        """Alerts per rule id the planted attacks must raise (curated rules only if loaded)."""
        expected: dict[str, int] = {}
        for attack in self.planted:
            if third_party or not attack.third_party:
                expected[attack.rule_id] = expected.get(attack.rule_id, 0) + attack.expected
        return expected


def demo_site_policy(cast: Cast) -> SitePolicy:
    """The demo plant's ``[site]`` policy: its bastion, vendor, service accounts and windows."""
    return SitePolicy(
        timezone="Asia/Shanghai",
        working_hours="08:00-18:00",
        bastion_hosts=[cast.ip("JUMP-01"), "JUMP-01"],
        vendor_accounts=[VENDOR],
        service_accounts=[MES_SERVICE, ERP_SERVICE, "scada_ro"],
        engineering_hosts=[cast.ip("EWS-01"), cast.ip("SCADA-SRV01")],
        change_windows=["Sat 22:00-Sun 06:00"],
        removable_media=["/media/", "/run/media/", "F:\\"],
        bulk_read_rows=1000,
    )


Generator = Callable[[Cast, random.Random], list[Line]]

NOISE: dict[str, Generator] = {"access": access_noise, "data": data_noise, "plant": plant_noise}
ATTACKS: dict[str, Planter] = {"intrusions": intrusions, "insider": insider_and_remote}


def generate_demo_logs(root: Path, *, seed: int = DEFAULT_SEED) -> DemoLogs:
    """Write the demo's logs under ``root/logs`` and its ``[site]`` policy into ``indsec.toml``.

    Other tables of ``root/indsec.toml`` (the enterprise profile) are kept.

    Raises:
        ConfigError: ``root`` cannot be written, or its ``indsec.toml`` is invalid.
    """
    root = root.resolve()
    load_site_policy(root / CONFIG_NAME)  # an invalid file is refused before any work
    world = build_world(seed, sensor_rows=0)
    cast = cast_of(world)
    lines, planted = _week_of_logs(cast, world)
    policy = demo_site_policy(cast)
    files = _write(root, lines, policy)
    return DemoLogs(root, files, tuple(planted), policy, dict(GRADED_TABLES))


def _week_of_logs(cast: Cast, world: DemoWorld) -> tuple[list[Line], list[PlantedAttack]]:
    """Noise and attacks, each drawn from its own generator so adding one never shifts others."""
    lines: list[Line] = []
    for name, make_noise in NOISE.items():
        lines += make_noise(cast, world.rng_for(f"logs/{name}"))
    planted: list[PlantedAttack] = []
    for name, plant in ATTACKS.items():
        attack_lines, attacks = plant(cast, world.rng_for(f"logs/{name}"))
        lines += attack_lines
        planted += attacks
    return lines, planted


def _write(root: Path, lines: list[Line], policy: SitePolicy) -> tuple[LogFile, ...]:
    by_file: dict[str, list[Line]] = {name: [] for name in LOG_READERS}
    for line in lines:
        by_file[line.file].append(line)
    try:
        files = tuple(_write_file(root / LOGS_DIR, name, by_file[name]) for name in LOG_READERS)
        save_site_policy(root / CONFIG_NAME, policy)
    except OSError as exc:
        raise ConfigError(f"cannot write the demo logs under {root}: {exc}") from exc
    return files


def _write_file(logs: Path, name: str, lines: list[Line]) -> LogFile:
    """One file, its lines in time order (stable, so a record's lines keep their order)."""
    path = logs / name
    path.parent.mkdir(parents=True, exist_ok=True)
    ordered = sorted(lines, key=lambda line: line.moment)
    path.write_text("".join(line.text + "\n" for line in ordered), encoding="utf-8")
    return LogFile(LOG_READERS[name], path)

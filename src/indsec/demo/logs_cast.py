"""Who and what appears in the demo's logs, and when: people, hosts, and the plant's calendar.

The logs reuse the demo world so that a name in an alert is a name in the catalogue: users are
employees of the HR table (their login names), hosts and addresses are the control-network
inventory of ``vocabulary.yaml``, and times are a week of plant time before the demo's "now".
"""

from __future__ import annotations

import random
from dataclasses import dataclass
from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

from indsec.demo.timeline import AS_OF
from indsec.demo.world import DemoWorld

PLANT_ZONE = ZoneInfo("Asia/Shanghai")
LOGS_START = datetime(2024, 2, 19, 0, 0, tzinfo=PLANT_ZONE)
"""Monday a week before the demo's "now": the logs cover one week of plant life."""
LOGS_END = AS_OF.replace(tzinfo=PLANT_ZONE)
ATTACK_NIGHT = datetime(2024, 2, 26, 1, 0, tzinfo=PLANT_ZONE)
"""The night of Sunday to Monday, after the weekly change window closed at 06:00 Sunday."""

WORK_START_HOUR = 8
WORK_END_HOUR = 18

AUTH_LOG = "auth.log"
AUDIT_LOG = "audit.log"
POSTGRESQL_LOG = "postgresql.csv"
MARIADB_AUDIT_LOG = "mariadb_audit.log"
FILE_ACTIVITY_LOG = "file_activity.jsonl"
ZEEK_CONN_LOG = "zeek/conn.log"
ZEEK_MODBUS_LOG = "zeek/modbus.log"
ZEEK_S7COMM_LOG = "zeek/s7comm.log"
BASTION_LOG = "bastion_sessions.jsonl"
OPENVPN_LOG = "openvpn.log"
ECS_LOG = "ecs.ndjson"
SYSMON_LOG = "sysmon_linux.jsonl"

LOG_READERS = {
    AUTH_LOG: "syslog",
    AUDIT_LOG: "syslog",
    POSTGRESQL_LOG: "pg_csvlog",
    MARIADB_AUDIT_LOG: "mariadb_audit",
    FILE_ACTIVITY_LOG: "file_activity",
    ZEEK_CONN_LOG: "jsonl",
    ZEEK_MODBUS_LOG: "jsonl",
    ZEEK_S7COMM_LOG: "jsonl",
    BASTION_LOG: "bastion",
    OPENVPN_LOG: "openvpn",
    ECS_LOG: "jsonl",
    SYSMON_LOG: "jsonl",
}
"""Every log file of the demo (relative to ``logs/``) and the reader that parses it."""


@dataclass(frozen=True)
class Line:
    """One log line (or multi-line record) for one file, with the moment that orders it."""

    file: str
    moment: datetime
    text: str


@dataclass(frozen=True)
class PlantedAttack:
    """An attack hidden in the demo's logs and the alerts it must raise.

    ``expected`` alerts of rule ``rule_id``; ``third_party`` rules come from the curated
    manifest and only run when the third-party rule root is present.
    """

    scenario: str
    rule_id: str
    expected: int
    description: str
    third_party: bool = False


@dataclass(frozen=True)
class Cast:
    """The people and hosts of the logs, drawn once from the demo world."""

    ops: tuple[str, ...]
    engineers: tuple[str, ...]
    analysts: tuple[str, ...]
    office: tuple[str, ...]
    insider: str
    workstations: dict[str, str]
    names: dict[str, str]
    hosts: dict[str, str]

    def ip(self, hostname: str) -> str:
        """The address of a host of the control-network inventory."""
        return self.hosts[hostname]


def _logins(world: DemoWorld, department: str, posts: tuple[str, ...] = ()) -> list[str]:
    return [
        e.username
        for e in world.employees
        if e.department == department and (not posts or e.post in posts)
    ]


def cast_of(world: DemoWorld) -> Cast:
    """Pick the people of the logs from the world's employees, deterministically."""
    rng = world.rng_for("logs/cast")
    ops = _logins(world, "信息部", ("系统管理员", "网络工程师"))[:3]
    engineers = _logins(world, "设备部", ("自动化工程师",))[:2]
    process = _logins(world, "技术研发部", ("工艺工程师",))
    analysts = [*process[:3], *_logins(world, "质量部", ("质量工程师",))[:2]]
    office = [*_logins(world, "销售部")[:3], *_logins(world, "财务部")[:2], *analysts[:2]]
    insider = process[3]
    people = sorted({*ops, *engineers, *analysts, *office, insider})
    workstations = {p: f"10.30.{rng.randint(2, 9)}.{rng.randint(10, 250)}" for p in people}
    names = {e.username: e.name for e in world.employees}
    names.update({a.username: a.display_name for a in world.vocabulary.service_accounts})
    hosts = {a.hostname: a.ipv4 for a in world.vocabulary.network_assets}
    return Cast(
        ops=tuple(ops),
        engineers=tuple(engineers),
        analysts=tuple(analysts),
        office=tuple(office),
        insider=insider,
        workstations=workstations,
        names=names,
        hosts=hosts,
    )


def days() -> list[datetime]:
    """Midnight of every day the logs cover."""
    count = (LOGS_END - LOGS_START).days + 1
    return [LOGS_START + timedelta(days=n) for n in range(count)]


def is_working_day(day: datetime) -> bool:
    return day.weekday() < 5


def working_moment(rng: random.Random, day: datetime) -> datetime:
    """A moment inside working hours of ``day``, never after the demo's "now"."""
    latest = min(day.replace(hour=WORK_END_HOUR), LOGS_END) - day
    earliest = timedelta(hours=WORK_START_HOUR)
    span = max(int((latest - earliest).total_seconds()) - 1, 0)
    offset = timedelta(seconds=rng.randint(0, span), microseconds=rng.randrange(10**6))
    return day + earliest + offset


def working_moments(rng: random.Random, per_day: int) -> list[datetime]:
    """``per_day`` moments in working hours of every working day, in order."""
    moments = [
        working_moment(rng, day) for day in days() if is_working_day(day) for _ in range(per_day)
    ]
    return sorted(m for m in moments if m < LOGS_END)


def every(step: timedelta, rng: random.Random, jitter_s: float = 0.0) -> list[datetime]:
    """Moments every ``step`` (plus jitter) from the start of the logs to the demo's "now"."""
    moments: list[datetime] = []
    moment = LOGS_START
    while moment < LOGS_END:
        moments.append(moment + timedelta(seconds=rng.uniform(0, jitter_s)))
        moment += step
    return moments

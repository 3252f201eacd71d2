"""Benign remote access and administration: the week of O&M that every alert must stand out from.

Administrators reach the Linux servers through the bastion by SSH and run a few commands with
sudo; automation engineers reach the engineering station by RDP through the bastion; the
equipment vendor comes in over the VPN, then through the bastion, during working hours or the
weekly change window, always recorded; cron runs every hour.
"""

from __future__ import annotations

import random
from datetime import datetime, timedelta

from indsec.demo import logs_formats as fmt
from indsec.demo.logs_cast import (
    AUTH_LOG,
    LOGS_END,
    Cast,
    Line,
    days,
    is_working_day,
    working_moment,
    working_moments,
)
from indsec.demo.logs_sessions import (
    Session,
    bastion_lines,
    execve_lines,
    ssh_login_lines,
    sudo_lines,
    vpn_lines,
)

VENDOR = "vendor_remote"
VENDOR_PEER = "198.51.100.23"
LINUX_SERVERS = ("MES-APP01", "MES-DB01")
ADMIN_COMMANDS = (
    ["/usr/bin/systemctl", "status", "mes-gateway"],
    ["/usr/bin/systemctl", "restart", "mes-gateway"],
    ["/usr/bin/journalctl", "-u", "mes-gateway", "--since", "today"],
    ["/usr/bin/tail", "-n", "200", "/var/log/mes/gateway.log"],
    ["/usr/bin/df", "-h"],
)


def admin_sessions(cast: Cast, rng: random.Random) -> list[Session]:
    """Four SSH sessions per administrator and two RDP sessions per engineer a working day."""
    sessions = []
    for user in cast.ops:
        for start in working_moments(rng, 4):
            server = rng.choice(LINUX_SERVERS)
            minutes = rng.randint(5, 50)
            sessions.append(
                Session(user, server, user, "ssh", start, minutes, cast.workstations[user])
            )
    for user in cast.engineers:
        for start in working_moments(rng, 2):
            minutes = rng.randint(20, 90)
            sessions.append(
                Session(user, "EWS-01", "engineer", "rdp", start, minutes, cast.workstations[user])
            )
    return sessions


def vendor_sessions(rng: random.Random) -> list[tuple[Session, str]]:
    """The vendor's visits: Tuesday and Thursday mornings, and Saturday night's change window."""
    mornings = [
        d.replace(hour=10, minute=rng.randint(0, 40)) for d in days() if d.weekday() in (1, 3)
    ]
    nights = [d.replace(hour=22, minute=rng.randint(10, 50)) for d in days() if d.weekday() == 5]
    sessions = []
    for n, start in enumerate(mornings + nights):
        tunnel = f"172.16.0.{20 + n}"
        asset, protocol = ("EWS-01", "rdp") if start.hour < 18 else ("HMI-L1-01", "vnc")
        minutes = rng.randint(30, 70)
        sessions.append(
            (Session(VENDOR, asset, "engineer", protocol, start, minutes, tunnel), tunnel)
        )
    return sessions


def session_noise(cast: Cast, session: Session, rng: random.Random, serial: int) -> list[Line]:
    """Every trace of one benign session: bastion, Zeek and, for SSH, sshd and sudo."""
    lines = bastion_lines(cast, session, rng)
    if session.protocol != "ssh":
        return lines
    lines += ssh_login_lines(session, cast.ip("JUMP-01"), rng)
    for n in range(rng.randint(1, 3)):
        moment = session.start + timedelta(minutes=rng.uniform(0.5, session.minutes - 0.5))
        lines += sudo_lines(session, rng.choice(ADMIN_COMMANDS), moment, serial + n)
    return lines


def cron_noise(rng: random.Random) -> list[Line]:
    """cron's hourly run on both Linux servers (and its EXECVE where auditd runs)."""
    lines: list[Line] = []
    for day in days():
        for hour in range(24):
            moment = day.replace(hour=hour, minute=17, second=1)
            if moment >= LOGS_END:
                return lines
            for host in LINUX_SERVERS:
                lines += _cron_run(host, moment, rng.randint(2000, 60000))
            lines += execve_lines(moment, 10000 + day.day * 100 + hour, _RUN_PARTS)
    return lines


_RUN_PARTS = ["/usr/bin/run-parts", "--report", "/etc/cron.hourly"]


def _cron_run(host: str, moment: datetime, pid: int) -> list[Line]:
    messages = (
        "pam_unix(cron:session): session opened for user root(uid=0) by (uid=0)",
        "(root) CMD (cd / && run-parts --report /etc/cron.hourly)",
        "pam_unix(cron:session): session closed for user root",
    )
    return [
        Line(AUTH_LOG, moment, fmt.syslog(moment, host.lower(), "CRON", m, pid)) for m in messages
    ]


def employee_vpn_noise(cast: Cast, rng: random.Random) -> list[Line]:
    """Administrators connecting from home in the evening (not vendors: no rule cares)."""
    lines: list[Line] = []
    working_days = [d for d in days() if is_working_day(d)]
    for n, (day, user) in enumerate((d, u) for d in working_days for u in cast.ops):
        start = working_moment(rng, day) + timedelta(hours=4)
        peer, tunnel = f"223.104.{n % 200 + 3}.{rng.randint(2, 250)}", f"172.16.1.{10 + n}"
        lines += vpn_lines(user, peer, tunnel, start, start + timedelta(minutes=40))
    return lines


def access_noise(cast: Cast, rng: random.Random) -> list[Line]:
    """All benign access and administration traces of the week."""
    lines: list[Line] = []
    for n, session in enumerate(admin_sessions(cast, rng)):
        lines += session_noise(cast, session, rng, 20000 + 10 * n)
    for session, tunnel in vendor_sessions(rng):
        vpn_start = session.start - timedelta(minutes=3)
        lines += vpn_lines(
            VENDOR, VENDOR_PEER, tunnel, vpn_start, session.end + timedelta(minutes=2)
        )
        lines += session_noise(cast, session, rng, 0)
    return lines + cron_noise(rng) + employee_vpn_noise(cast, rng)

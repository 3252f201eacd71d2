"""Remote sessions as the logs see them: the bastion's record, Zeek's connection, sshd and VPN.

One session leaves traces in several logs at once; rendering them together keeps the demo
coherent (the bastion session to MES-DB01 at 10:02 is also a Zeek connection from JUMP-01 and an
sshd login on mes-db01), which is what lets an analyst pivot between sources.
"""

from __future__ import annotations

import base64
import hashlib
import random
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any

from indsec.demo import logs_formats as fmt
from indsec.demo.logs_cast import (
    AUDIT_LOG,
    AUTH_LOG,
    BASTION_LOG,
    OPENVPN_LOG,
    ZEEK_CONN_LOG,
    Cast,
    Line,
)

BASTION = "JUMP-01"
AUDITED_HOST = "MES-APP01"
"""The one Linux host whose auditd log the demo collects."""
PORTS = {"ssh": 22, "rdp": 3389, "vnc": 5900}


@dataclass(frozen=True)
class Session:
    """A remote session to ``asset``; ``client`` is where its user connected from."""

    user: str
    asset: str
    account: str
    protocol: str
    start: datetime
    minutes: int
    client: str
    recorded: bool = True

    @property
    def end(self) -> datetime:
        return self.start + timedelta(minutes=self.minutes)


def _session_id(session: Session) -> str:
    digest = hashlib.blake2b(f"{session}".encode(), digest_size=16).hexdigest()
    return f"{digest[:8]}-{digest[8:12]}-4{digest[13:16]}-9{digest[17:20]}-{digest[20:32]}"


def bastion_record(cast: Cast, session: Session) -> Line:
    """The JumpServer session record (JSON lines export of the session API)."""
    record: dict[str, Any] = {
        "id": _session_id(session),
        "user": f"{cast.names.get(session.user, session.user)}({session.user})",
        "asset": f"{session.asset}({cast.ip(session.asset)})",
        "account": session.account,
        "protocol": session.protocol,
        "login_from": {"value": "WT", "label": "Web Terminal"},
        "remote_addr": session.client,
        "is_success": True,
        "is_finished": True,
        "has_replay": session.recorded,
        "has_command": session.protocol == "ssh",
        "date_start": fmt.jumpserver_time(session.start),
        "date_end": fmt.jumpserver_time(session.end),
        "org_name": "Default",
    }
    return Line(BASTION_LOG, session.start, fmt.json_record(record))


def conn_record(
    moment: datetime,
    origin: fmt.Endpoint,
    target: fmt.Endpoint,
    service: str,
    seconds: float,
) -> Line:
    """A completed TCP connection in Zeek's conn.log."""
    record = fmt.zeek_record(moment, "conn", origin, target)
    size = int(seconds * 97) + 600
    record.update(
        proto="tcp",
        service=service,
        duration=round(seconds, 6),
        orig_bytes=size // 9,
        resp_bytes=size,
        conn_state="SF",
        local_orig=True,
        local_resp=True,
        missed_bytes=0,
        history="ShADadFf",
    )
    return Line(ZEEK_CONN_LOG, moment, fmt.json_record(record))


def bastion_lines(cast: Cast, session: Session, rng: random.Random) -> list[Line]:
    """The bastion record, the user's web connection to it, and its connection to the asset."""
    seconds = session.minutes * 60.0
    web = conn_record(
        session.start - timedelta(seconds=2),
        (session.client, rng.randint(49152, 65535)),
        (cast.ip(BASTION), 443),
        "ssl",
        seconds + 4,
    )
    target = (cast.ip(session.asset), PORTS[session.protocol])
    hop = conn_record(
        session.start,
        (cast.ip(BASTION), rng.randint(32768, 60999)),
        target,
        session.protocol,
        seconds,
    )
    return [bastion_record(cast, session), web, hop]


def _fingerprint(user: str) -> str:
    digest = hashlib.blake2b(user.encode(), digest_size=32).digest()
    return "SHA256:" + base64.b64encode(digest).decode().rstrip("=")


def ssh_login_lines(session: Session, source: str, rng: random.Random) -> list[Line]:
    """sshd's accepted login, session open and close on the asset, from ``source``."""
    host, pid, port = session.asset.lower(), rng.randint(2000, 60000), rng.randint(40000, 65000)
    method = "password" if session.user == session.account == "root" else "publickey"
    key = f": ED25519 {_fingerprint(session.user)}" if method == "publickey" else ""
    account = session.account
    messages = [
        (session.start, f"Accepted {method} for {account} from {source} port {port} ssh2{key}"),
        (session.start, f"pam_unix(sshd:session): session opened for user {account} by (uid=0)"),
        (session.end, f"pam_unix(sshd:session): session closed for user {account}"),
        (session.end, f"Disconnected from user {account} {source} port {port}"),
    ]
    return [Line(AUTH_LOG, t, fmt.syslog(t, host, "sshd", m, pid)) for t, m in messages]


def sudo_lines(session: Session, command: list[str], moment: datetime, serial: int) -> list[Line]:
    """A command run through sudo: the sudo log line and, on the audited host, its EXECVE."""
    user, host = session.account, session.asset.lower()
    message = f" {user} : TTY=pts/1 ; PWD=/home/{user} ; USER=root ; COMMAND={' '.join(command)}"
    lines = [Line(AUTH_LOG, moment, fmt.syslog(moment, host, "sudo", message, None))]
    if session.asset == AUDITED_HOST:
        lines += execve_lines(moment, serial, command)
    return lines


def execve_lines(moment: datetime, serial: int, command: list[str]) -> list[Line]:
    """auditd's SYSCALL and EXECVE records of one program start."""
    program = command[0].rsplit("/", 1)[-1]
    syscall = (
        f"arch=c000003e syscall=59 success=yes exit=0 items=2 ppid=1 pid={serial % 30000 + 2000} "
        f'auid=1002 uid=0 gid=0 euid=0 tty=pts1 ses=7 comm="{program}" exe="{command[0]}" '
        'key="exec"'
    )
    args = [program, *command[1:]]
    return [
        Line(AUDIT_LOG, moment, fmt.audit(moment, serial, "SYSCALL", syscall)),
        Line(AUDIT_LOG, moment, fmt.audit(moment, serial, "EXECVE", fmt.execve_body(args))),
    ]


def vpn_lines(user: str, peer: str, tunnel: str, start: datetime, end: datetime) -> list[Line]:
    """An OpenVPN client connecting with a certificate and password, then leaving."""
    port = 50000 + sum(map(ord, user)) % 10000
    who = f"{peer}:{port}"
    messages = [
        (start, f"{who} TLS: Initial packet from [AF_INET]{who}, sid=6c1e4b2a 9f3d0e11"),
        (start, f"{who} VERIFY OK: depth=0, CN={user}"),
        (start, f"{who} TLS: Username/Password authentication succeeded for username '{user}'"),
        (start, f"{who} [{user}] Peer Connection Initiated with [AF_INET]{who}"),
        (start, f"{user}/{who} MULTI_sva: pool returned IPv4={tunnel}, IPv6=(Not enabled)"),
        (end, f"{user}/{who} SIGTERM[soft,remote-exit] received, client-instance exiting"),
    ]
    return [Line(OPENVPN_LOG, t, fmt.openvpn(t, m)) for t, m in messages]

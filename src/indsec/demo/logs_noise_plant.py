"""Benign plant and endpoint activity: SCADA polling, engineering writes, processes, DNS.

SCADA-SRV01 polls the PLCs over Modbus and S7 every quarter hour and writes set-points twice a
working day; the engineering station downloads parameter changes; Zeek sees the connections.
Endpoint agents report the engineers' Windows processes and DNS queries and the MES server's
jobs; Sysmon for Linux sees the MES web portal storing inspection photos and sending mail.
"""

from __future__ import annotations

import random
from datetime import datetime, timedelta
from typing import Any

from indsec.demo import logs_formats as fmt
from indsec.demo.logs_cast import (
    ECS_LOG,
    SYSMON_LOG,
    ZEEK_MODBUS_LOG,
    ZEEK_S7COMM_LOG,
    Cast,
    Line,
    every,
    working_moments,
)
from indsec.demo.logs_sessions import conn_record

MODBUS_PLCS = ("PLC-L6-ASSY", "PLC-UTIL")
S7_PLCS = ("PLC-L1-FURN", "PLC-L2-FURN")
POLL = timedelta(minutes=15)
ENGINEERING_DNS = (
    ("support.industry.siemens.com", "C:\\Program Files\\Google\\Chrome\\Application\\chrome.exe"),
    ("www.baidu.com", "C:\\Program Files\\Google\\Chrome\\Application\\chrome.exe"),
    ("time.windows.com", "C:\\Windows\\System32\\svchost.exe"),
    ("ctldl.windowsupdate.com", "C:\\Windows\\System32\\svchost.exe"),
)
ENGINEERING_PROGRAMS = (
    "C:\\Program Files\\Siemens\\Automation\\Portal V17\\Bin\\Siemens.Automation.Portal.exe",
    "C:\\Program Files\\Google\\Chrome\\Application\\chrome.exe",
    "C:\\Windows\\System32\\notepad.exe",
)


def modbus_line(moment: datetime, origin: str, plc: str, func: str, tid: int, pdu: str) -> Line:
    """One Modbus PDU in Zeek's modbus.log (request or response)."""
    record = fmt.zeek_record(moment, "modbus", (origin, 50200), (plc, 502))
    record.update(tid=tid, unit=1, func=func, pdu_type=pdu)
    return Line(ZEEK_MODBUS_LOG, moment, fmt.json_record(record))


def s7_line(moment: datetime, origin: str, plc: str, function: str, rosctr: str, ref: int) -> Line:
    """One S7comm PDU in ICSNPP's s7comm.log."""
    record = fmt.zeek_record(moment, "s7comm", (origin, 50311), (plc, 102))
    codes = {"READ_VAR": "0x04", "WRITE_VAR": "0x05"}
    record.update(is_orig=rosctr == "JOB", rosctr_code=1 if rosctr == "JOB" else 3)
    record.update(rosctr_name=rosctr, pdu_reference=ref, function_code=codes[function])
    record.update(function_name=function, subfunction_code=None, subfunction_name=None)
    record.update(error_class=None, error_code=None)
    return Line(ZEEK_S7COMM_LOG, moment, fmt.json_record(record))


def modbus_exchange(moment: datetime, origin: str, plc: str, func: str, tid: int) -> list[Line]:
    """A request and its response 40 ms later."""
    reply = moment + timedelta(milliseconds=40)
    return [
        modbus_line(moment, origin, plc, func, tid, "REQ"),
        modbus_line(reply, origin, plc, func, tid, "RESP"),
    ]


def s7_exchange(moment: datetime, origin: str, plc: str, function: str, ref: int) -> list[Line]:
    reply = moment + timedelta(milliseconds=25)
    return [
        s7_line(moment, origin, plc, function, "JOB", ref),
        s7_line(reply, origin, plc, function, "ACK_DATA", ref),
    ]


def scada_noise(cast: Cast, rng: random.Random) -> list[Line]:
    """SCADA polling, its hourly connections, and its set-point writes in working hours."""
    scada, lines = cast.ip("SCADA-SRV01"), []
    for n, moment in enumerate(every(POLL, rng, jitter_s=2.0)):
        for plc in MODBUS_PLCS:
            lines += modbus_exchange(moment, scada, cast.ip(plc), "READ_HOLDING_REGISTERS", n)
        for plc in S7_PLCS:
            lines += s7_exchange(moment, scada, cast.ip(plc), "READ_VAR", n % 65536)
        if n % 4 == 0:
            for plc, port in ((MODBUS_PLCS[0], 502), (S7_PLCS[0], 102)):
                target = (cast.ip(plc), port)
                lines.append(conn_record(moment, (scada, 50200), target, "", 3599.0))
    for n, moment in enumerate(working_moments(rng, 2)):
        plc = cast.ip(MODBUS_PLCS[n % 2])
        lines += modbus_exchange(moment, scada, plc, "WRITE_SINGLE_REGISTER", 60000 + n)
    return lines


def engineering_noise(cast: Cast, rng: random.Random) -> list[Line]:
    """The engineering station writing tuned parameters to the furnace PLC once a working day."""
    ews, lines = cast.ip("EWS-01"), []
    for n, moment in enumerate(working_moments(rng, 1)):
        lines += s7_exchange(moment, ews, cast.ip(S7_PLCS[0]), "WRITE_VAR", 30000 + n)
        lines.append(conn_record(moment, (ews, 50311), (cast.ip(S7_PLCS[0]), 102), "", 42.0))
    return lines


def ecs_process(
    moment: datetime, host: str, os_type: str, process: dict[str, Any], user: str
) -> Line:
    """An ECS process start, as Elastic Agent reports it."""
    record = {
        "@timestamp": fmt.utc_text(moment, sep="T"),
        "ecs": {"version": "8.11.0"},
        "event": {"kind": "event", "category": ["process"], "type": ["start"], "action": "exec"},
        "host": {"name": host, "os": {"type": os_type}},
        "user": {"name": user},
        "process": process,
    }
    return Line(ECS_LOG, moment, fmt.json_record(record))


def ecs_dns(moment: datetime, host: str, query: str, executable: str) -> Line:
    """An ECS DNS query event (Windows DNS client through Elastic Agent)."""
    record = {
        "@timestamp": fmt.utc_text(moment, sep="T"),
        "ecs": {"version": "8.11.0"},
        "event": {"category": ["network"], "type": ["protocol"], "action": "lookup_requested"},
        "host": {"name": host, "os": {"type": "windows"}},
        "dns": {"question": {"name": query, "type": "A"}},
        "process": {"executable": executable},
    }
    return Line(ECS_LOG, moment, fmt.json_record(record))


def endpoint_noise(cast: Cast, rng: random.Random) -> list[Line]:
    """Engineers' programs and lookups on EWS-01, and the MES server's scheduled job."""
    lines = []
    for moment in working_moments(rng, 12):
        user = f"PLANT\\{rng.choice(cast.engineers)}"
        program = rng.choice(ENGINEERING_PROGRAMS)
        process = {
            "pid": rng.randint(1000, 30000),
            "executable": program,
            "parent": {"executable": "C:\\Windows\\explorer.exe"},
        }
        lines.append(ecs_process(moment, "EWS-01", "windows", process, user))
        query, executable = rng.choice(ENGINEERING_DNS)
        lines.append(ecs_dns(moment + timedelta(seconds=2), "EWS-01", query, executable))
    for moment in every(timedelta(minutes=30), rng, jitter_s=5.0):
        process = {
            "pid": rng.randint(1000, 30000),
            "executable": "/usr/bin/python3",
            "command_line": "/usr/bin/python3 /opt/mes/manage.py sync_orders",
            "parent": {"executable": "/usr/sbin/crond"},
        }
        lines.append(ecs_process(moment, "mes-app01", "linux", process, "mes"))
    return lines


def sysmon_event(moment: datetime, event_id: int, fields: dict[str, Any]) -> Line:
    """A Sysmon for Linux event as its JSON collector writes it."""
    guid = f"{{a6b2f1c4-{int(moment.timestamp()) % 65536:04x}-6819-ad5e-11b8c3550000}}"
    record = {"EventID": event_id, "Computer": "mes-app01", "UtcTime": fmt.utc_text(moment)}
    record.update(ProcessGuid=guid, ProcessId=str(fields.pop("pid", 4532)), **fields)
    return Line(SYSMON_LOG, moment, fmt.json_record(record))


PHP_FPM = {"Image": "/usr/sbin/php-fpm8.2", "User": "www-data"}


def web_portal_noise(rng: random.Random) -> list[Line]:
    """The MES web portal storing inspection photos and mailing notifications."""
    lines = []
    for n, moment in enumerate(working_moments(rng, 40)):
        target = f"/var/www/html/uploads/inspection_{n:05d}.jpg"
        lines.append(sysmon_event(moment, 11, {**PHP_FPM, "TargetFilename": target}))
        if n % 5 == 0:
            mail = {
                "pid": 5000 + n,
                "Image": "/bin/sh",
                "CommandLine": "sh -c /usr/sbin/sendmail -t -i",
                "User": "www-data",
                "ParentImage": PHP_FPM["Image"],
                "ParentCommandLine": "php-fpm: pool www",
            }
            lines.append(sysmon_event(moment + timedelta(seconds=1), 1, mail))
    return lines


def plant_noise(cast: Cast, rng: random.Random) -> list[Line]:
    """All benign plant-network and endpoint traces of the week."""
    return [
        *scada_noise(cast, rng),
        *engineering_noise(cast, rng),
        *endpoint_noise(cast, rng),
        *web_portal_noise(rng),
    ]

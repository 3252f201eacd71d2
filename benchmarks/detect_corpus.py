"""The detection corpus: SigmaHQ regression EVTX replayed and varied, plus generated Sysmon JSON.

The SigmaHQ regression data holds a few hundred events, each made to trigger one rule; copied
as they are, a large corpus would be the same events thousands of times and test nothing a
matcher does with variety. So each replay gets new values in the fields no rule reads (record
id, times, host, process GUIDs), which keeps every true positive while making the events
distinct. Plant-like background traffic fills the rest: Sysmon and Security events of HMI,
engineering and office hosts, mostly benign, as a real estate's logs are.

Events are built once in the normal form the EVTX reader gives (flat Sigma field names,
``product: windows``), so both matchers compared by the benchmark see identical input.
"""

from __future__ import annotations

import random
import string
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from itertools import cycle, islice
from pathlib import Path
from typing import Any

import orjson

from indsec.detect.sources.evtx import EvtxReader
from indsec.model.event import Event, LogSource
from indsec.model.source import ScanReport

GENERATED_NAME = "generated-sysmon.jsonl"
"""The file name generated events claim as their origin (``name:line``), as if read from it."""

WINDOWS = LogSource(product="windows")
SYSMON = ("Microsoft-Windows-Sysmon", "Microsoft-Windows-Sysmon/Operational")
SECURITY = ("Microsoft-Windows-Security-Auditing", "Security")
START = datetime(2025, 3, 3, 0, 0, tzinfo=UTC)
MEAN_GAP_SECONDS = 0.15

Vary = Callable[["_Replay", Any], Any]
Build = Callable[["_Background"], dict[str, Any]]


@dataclass(frozen=True, slots=True)
class CorpusPlan:
    """How big the corpus is and how much of it replays regression events."""

    size: int
    replay_share: float = 0.2
    seed: int = 20250303


@dataclass
class Corpus:
    """The events, in stream order, and how they were made."""

    events: list[Event]
    replayed: int = 0
    generated: int = 0
    regression_events: int = 0
    varied_fields: tuple[str, ...] = ()


def read_regression_events(root: Path) -> tuple[list[Event], list[str]]:
    """Every record of every ``.evtx`` under ``root``, origins relative to ``root``."""
    report = ScanReport()
    reader = EvtxReader()
    events: list[Event] = []
    for path in sorted(root.rglob("*.evtx")):
        for event in reader.read(path, report):
            event.origin = event.origin.replace(f"{root}/", "", 1)
            events.append(event)
    problems = [f"{issue.where}: {issue.message}" for issue in report.failures]
    return events, problems


def build_corpus(
    base: Sequence[Event], plan: CorpusPlan, *, read_by_rules: frozenset[str]
) -> Corpus:
    """Replays of ``base`` and generated background events, interleaved in time order.

    Args:
        base: regression events to replay (may be empty: then all events are generated).
        plan: size, replay share and seed; the same plan always gives the same corpus.
        read_by_rules: field names some rule reads; these are never varied in replays.
    """
    rnd = random.Random(plan.seed)
    varied = tuple(name for name in VARIED_FIELDS if name not in read_by_rules)
    replay = _Replay(base, rnd, varied)
    background = _Background(rnd)
    corpus = Corpus([], regression_events=len(base), varied_fields=varied)
    when = START
    for _ in range(plan.size):
        when += timedelta(seconds=rnd.expovariate(1 / MEAN_GAP_SECONDS))
        if base and rnd.random() < plan.replay_share:
            corpus.events.append(replay.next(when))
            corpus.replayed += 1
        else:
            corpus.events.append(background.next(when))
            corpus.generated += 1
    return corpus


def write_jsonl(events: Sequence[Event], path: Path, lines: int) -> None:
    """Write ``lines`` events as JSON lines, cycling through ``events`` when there are fewer."""
    with path.open("wb") as stream:
        for event in islice(cycle(events), lines):
            stream.write(orjson.dumps(event.fields))
            stream.write(b"\n")


class _Clocked:
    """Shared by replays and generated events: unique record ids, hosts, GUIDs, times."""

    def __init__(self, rnd: random.Random) -> None:
        self.rnd = rnd
        self.record_id = 1_000_000
        self.when = START
        self.hosts = [f"{site}-{role}-{n:02d}" for site, role, n in _host_names()]

    def next_record(self) -> int:
        self.record_id += 1
        return self.record_id

    def guid(self) -> str:
        digits = f"{self.rnd.getrandbits(128):032X}"
        return f"{digits[:8]}-{digits[8:12]}-{digits[12:16]}-{digits[16:20]}-{digits[20:]}"

    def system_time(self) -> str:
        return self.when.isoformat(timespec="microseconds").replace("+00:00", "Z")

    def utc_time(self) -> str:
        return self.when.strftime("%Y-%m-%d %H:%M:%S.") + f"{self.when.microsecond // 1000:03d}"


def _host_names() -> Iterator[tuple[str, str, int]]:
    """Four sites, each with HMI, engineering, historian, OPC and office hosts."""
    for site in ("SHZ", "NJG", "WHN", "CQG"):
        for role, count in (("HMI", 24), ("ENG", 12), ("HIS", 4), ("OPC", 6), ("OA", 60)):
            for n in range(1, count + 1):
                yield site, role, n


class _Replay(_Clocked):
    """Regression events replayed in turn, each copy with fresh values in harmless fields."""

    def __init__(self, base: Sequence[Event], rnd: random.Random, varied: tuple[str, ...]) -> None:
        super().__init__(rnd)
        self.base = base
        self.varied = [(name, VARIED_FIELDS[name]) for name in varied]
        self.position = 0

    def next(self, when: datetime) -> Event:
        self.when = when
        source = self.base[self.position % len(self.base)]
        self.position += 1
        record = self.next_record()
        fields = dict(source.fields)
        for name, vary in self.varied:
            if fields.get(name) is not None:
                fields[name] = vary(self, fields[name])
        file_name = source.origin.rpartition("#")[0]
        return Event(fields, source.logsource, when, f"{file_name}#{record}")


def _same_type(make: Callable[[_Replay], Any]) -> Vary:
    """A varier that keeps a value's JSON type (ids are ints in some logs, text in others)."""

    def vary(replay: _Replay, old: Any) -> Any:
        new = make(replay)
        return new if isinstance(old, int) else str(new)

    return vary


def _guid(replay: _Replay, old: Any) -> str:
    guid = replay.guid()
    return f"{{{guid}}}" if str(old).startswith("{") else guid


VARIED_FIELDS: dict[str, Vary] = {
    "EventRecordID": _same_type(lambda r: r.record_id),  # the replay's origin names it too
    "TimeCreated_SystemTime": lambda r, _: r.system_time(),
    "UtcTime": lambda r, _: r.utc_time(),
    "CreationUtcTime": lambda r, _: r.utc_time(),
    "Computer": lambda r, _: r.rnd.choice(r.hosts),
    "Execution_ProcessID": _same_type(lambda r: r.rnd.randrange(4, 65536, 4)),
    "Execution_ThreadID": _same_type(lambda r: r.rnd.randrange(4, 65536, 4)),
    "ProcessId": _same_type(lambda r: r.rnd.randrange(4, 65536, 4)),
    "ParentProcessId": _same_type(lambda r: r.rnd.randrange(4, 65536, 4)),
    "SourceProcessId": _same_type(lambda r: r.rnd.randrange(4, 65536, 4)),
    "SourceThreadId": _same_type(lambda r: r.rnd.randrange(4, 65536, 4)),
    "TargetProcessId": _same_type(lambda r: r.rnd.randrange(4, 65536, 4)),
    "ProcessGuid": _guid,
    "ParentProcessGuid": _guid,
    "SourceProcessGUID": _guid,
    "TargetProcessGUID": _guid,
    "LogonGuid": _guid,
}
"""Candidate fields to vary in replays, and how; a field some rule reads is left as it is."""


# fmt: off
_SERVICES, _SVCHOST = r"C:\Windows\System32\services.exe", r"C:\Windows\System32\svchost.exe"
_EXPLORER = r"C:\Windows\explorer.exe"
_OT_VENDORS = ("Siemens", "Rockwell", "Kepware")
_PROGRAMS = (  # image, a command line ({n}: a number, {d}: a date), parent image
    (_SVCHOST, "svchost.exe -k netsvcs -p -s Schedule", _SERVICES),
    (_SVCHOST, "svchost.exe -k LocalServiceNetworkRestricted -p", _SERVICES),
    (r"C:\Windows\System32\wbem\WmiPrvSE.exe", r"wmiprvse.exe -secured -Embedding", _SVCHOST),
    (r"C:\Windows\System32\taskhostw.exe", "taskhostw.exe Install $(Arg0)", _SVCHOST),
    (r"C:\Windows\System32\RuntimeBroker.exe", r"RuntimeBroker.exe -Embedding", _SVCHOST),
    (_EXPLORER, r"C:\Windows\Explorer.EXE", r"C:\Windows\System32\userinit.exe"),
    (r"C:\Program Files (x86)\Siemens\Automation\Portal V17\Bin\Siemens.Automation.Portal.exe",
     r'"Siemens.Automation.Portal.exe" "D:\Projects\Line{n}\Line{n}.ap17"', _EXPLORER),
    (r"C:\Program Files (x86)\Siemens\WinCC\bin\PdlRt.exe",
     r'PdlRt.exe -project "D:\WinCC\Kiln{n}\Kiln{n}.mcp"', _EXPLORER),
    (r"C:\Program Files (x86)\Rockwell Software\RSLinx\RSLINX.EXE", "RSLINX.EXE -s", _SERVICES),
    (r"C:\Program Files\Kepware\KEPServerEX 6\server_runtime.exe", '"server_runtime.exe" -service',
     _SERVICES),
    (r"C:\Program Files\Microsoft Office\root\Office16\EXCEL.EXE",
     r'"EXCEL.EXE" "D:\报表\{d}班产量.xlsx"', _EXPLORER),
    (r"C:\Program Files\Notepad++\notepad++.exe", r'"notepad++.exe" "D:\配方\recipe_{n}.csv"',
     _EXPLORER),
    (r"C:\Program Files\Google\Chrome\Application\chrome.exe",
     '"chrome.exe" --type=renderer --lang=zh-CN --renderer-client-id={n}',
     r"C:\Program Files\Google\Chrome\Application\chrome.exe"),
)
_NETWORK_PROGRAMS = [image for image, _, _ in _PROGRAMS if any(v in image for v in _OT_VENDORS)]
"""Programs that talk to PLCs, OPC and historians (S7, Modbus, EtherNet/IP, OPC UA ports)."""
_DLLS = ("ntdll", "kernel32", "KernelBase", "user32", "advapi32", "ws2_32", "crypt32", "ole32",
         "combase", "msvcp_win")
_PORTS = (102, 502, 44818, 4840, 443, 80, 135, 445, 1433, 5985)
_DOMAINS = ("historian.plant.local", "wsus.plant.local", "mes.plant.local", "time.windows.com",
            "www.msftconnecttest.com", "support.industry.siemens.com", "dc01.plant.local")
_FOLDERS = (r"D:\WinCC\Kiln{n}\ArchiveManager", r"D:\历史数据\{d}", r"C:\ProgramData\Kepware\log",
            r"C:\Users\{u}\AppData\Local\Temp", r"C:\Users\{u}\Documents\点检记录")
_KEYS = (r"HKLM\SOFTWARE\Siemens\Automation\_InstalledSW\Line{n}",
         r"HKU\S-1-5-21-1004336348-1177238915-682003330-{n}\Software\Microsoft\Office\16.0\Excel",
         r"HKLM\SYSTEM\CurrentControlSet\Services\bam\State\UserSettings\S-1-5-18\{n}")
_USERS = ("operator{n:02d}", "engineer{n:02d}", "张伟", "李娜", "svc_historian", "maint{n:02d}")
# fmt: on


class _Background(_Clocked):
    """Plant-like Sysmon and Security events, drawn by weight from :data:`_KINDS`."""

    def __init__(self, rnd: random.Random) -> None:
        super().__init__(rnd)
        self.line = 0
        self.kinds = list(_KINDS.values())
        self.weights = [weight for weight, _ in self.kinds]

    def next(self, when: datetime) -> Event:
        self.when = when
        self.line += 1
        ((_, build),) = self.rnd.choices(self.kinds, self.weights)
        return Event(build(self), WINDOWS, when, f"{GENERATED_NAME}:{self.line}")

    def fill(self, template: str) -> str:
        n = self.rnd.randrange(1, 40)
        return template.format(n=n, d=self.when.strftime("%Y%m%d"), u=self.user(bare=True))

    def user(self, *, bare: bool = False) -> str:
        name = self.rnd.choice(_USERS).format(n=self.rnd.randrange(1, 30))
        return name if bare else f"PLANT\\{name}"

    def header(self, provider: tuple[str, str], event_id: int) -> dict[str, Any]:
        return {
            "Provider_Name": provider[0],
            "EventID": event_id,
            "TimeCreated_SystemTime": self.system_time(),
            "EventRecordID": self.next_record(),
            "Execution_ProcessID": self.rnd.randrange(4, 8192, 4),
            "Channel": provider[1],
            "Computer": self.rnd.choice(self.hosts),
        }

    def sysmon(self, event_id: int, image: str) -> dict[str, Any]:
        return {
            **self.header(SYSMON, event_id),
            "RuleName": "-",
            "UtcTime": self.utc_time(),
            "ProcessGuid": f"{{{self.guid()}}}",
            "ProcessId": self.rnd.randrange(4, 65536, 4),
            "Image": image,
            "User": self.user(),
        }


def _process_creation(g: _Background) -> dict[str, Any]:
    image, command, parent = g.rnd.choice(_PROGRAMS)
    return {
        **g.sysmon(1, image),
        "OriginalFileName": image.rpartition("\\")[2],
        "CommandLine": g.fill(command),
        "CurrentDirectory": image.rpartition("\\")[0] + "\\",
        "LogonId": f"0x{g.rnd.getrandbits(24):x}",
        "IntegrityLevel": g.rnd.choice(("Medium", "High", "System")),
        "Hashes": f"SHA256={g.rnd.getrandbits(256):064X}",
        "ParentProcessGuid": f"{{{g.guid()}}}",
        "ParentImage": parent,
    }


def _network_connection(g: _Background) -> dict[str, Any]:
    return {
        **g.sysmon(3, g.rnd.choice(_NETWORK_PROGRAMS)),
        "Protocol": "tcp",
        "Initiated": "true",
        "SourceIp": f"10.{g.rnd.randrange(1, 8)}.{g.rnd.randrange(256)}.{g.rnd.randrange(1, 255)}",
        "SourcePort": g.rnd.randrange(49152, 65536),
        "DestinationIp": f"192.168.{g.rnd.randrange(1, 40)}.{g.rnd.randrange(1, 255)}",
        "DestinationPort": g.rnd.choice(_PORTS),
    }


def _image_load(g: _Background) -> dict[str, Any]:
    dll = g.rnd.choice(_DLLS)
    return {
        **g.sysmon(7, g.rnd.choice(_PROGRAMS)[0]),
        "ImageLoaded": f"C:\\Windows\\System32\\{dll}.dll",
        "OriginalFileName": f"{dll}.dll",
        "Signed": "true",
        "Signature": "Microsoft Windows",
        "SignatureStatus": "Valid",
    }


def _file_event(g: _Background) -> dict[str, Any]:
    name = "".join(g.rnd.choices(string.ascii_lowercase + string.digits, k=8))
    extension = g.rnd.choice((".csv", ".log", ".tmp", ".xml", ".bak"))
    return {
        **g.sysmon(11, g.rnd.choice(_PROGRAMS)[0]),
        "TargetFilename": f"{g.fill(g.rnd.choice(_FOLDERS))}\\{name}{extension}",
        "CreationUtcTime": g.utc_time(),
    }


def _registry_set(g: _Background) -> dict[str, Any]:
    return {
        **g.sysmon(13, g.rnd.choice(_PROGRAMS)[0]),
        "EventType": "SetValue",
        "TargetObject": g.fill(g.rnd.choice(_KEYS)) + "\\LastRun",
        "Details": f"DWORD (0x{g.rnd.getrandbits(16):08x})",
    }


def _dns_query(g: _Background) -> dict[str, Any]:
    return {
        **g.sysmon(22, g.rnd.choice(_PROGRAMS)[0]),
        "QueryName": g.rnd.choice(_DOMAINS),
        "QueryStatus": "0",
        "QueryResults": f"::ffff:10.1.{g.rnd.randrange(256)}.{g.rnd.randrange(1, 255)};",
    }


def _logon(g: _Background) -> dict[str, Any]:
    return {
        **g.header(SECURITY, 4624),
        "TargetUserName": g.user(bare=True),
        "TargetDomainName": "PLANT",
        "LogonType": g.rnd.choice((2, 3, 3, 5, 10)),
        "LogonProcessName": g.rnd.choice(("User32 ", "NtLmSsp ", "Kerberos")),
        "AuthenticationPackageName": g.rnd.choice(("Negotiate", "NTLM", "Kerberos")),
        "IpAddress": f"10.{g.rnd.randrange(1, 8)}.{g.rnd.randrange(256)}.{g.rnd.randrange(1, 255)}",
        "WorkstationName": g.rnd.choice(g.hosts),
    }


def _security_process(g: _Background) -> dict[str, Any]:
    image, command, parent = g.rnd.choice(_PROGRAMS)
    return {
        **g.header(SECURITY, 4688),
        "SubjectUserName": g.user(bare=True),
        "SubjectDomainName": "PLANT",
        "NewProcessName": image,
        "CommandLine": g.fill(command),
        "ParentProcessName": parent,
        "TokenElevationType": "%%1936",
        "MandatoryLabel": "S-1-16-8192",
    }


_KINDS: dict[str, tuple[int, Build]] = {
    "process_creation": (15, _process_creation),
    "network_connection": (15, _network_connection),
    "image_load": (20, _image_load),
    "file_event": (15, _file_event),
    "registry_set": (15, _registry_set),
    "dns_query": (12, _dns_query),
    "logon": (5, _logon),
    "security_process_creation": (3, _security_process),
}
"""Background event kinds by relative weight (Sysmon image loads are the most frequent)."""

"""The ``sigma_logsources`` pack kind: the shipped Windows mapping and its validation."""

from __future__ import annotations

from pathlib import Path

import pytest
import yaml

from indsec.errors import RulePackError
from indsec.rules.pack import PACK_KINDS, load_packs
from indsec.sigma.logsource_pack import (
    BUILTIN_WINDOWS_PACK,
    SigmaLogsourcePack,
    builtin_windows_pack,
    load_logsource_pack,
)

SYSMON = "Microsoft-Windows-Sysmon/Operational"


def test_kind_is_registered() -> None:
    assert PACK_KINDS.get("sigma_logsources") is SigmaLogsourcePack


def test_builtin_pack_loads_through_the_pack_loader() -> None:
    loaded = load_packs()
    assert [p for p in loaded.problems if str(BUILTIN_WINDOWS_PACK) in p.where] == []
    (pack,) = [p for p in loaded.all(SigmaLogsourcePack) if p.pack.id == "sigma.logsources.windows"]
    assert pack.product == "windows"


SYSMON_IDS = [
    ("process_creation", [1]),
    ("network_connection", [3]),
    ("image_load", [7]),
    ("process_access", [10]),
    ("file_event", [11]),
    ("registry_event", [12, 13, 14]),
    ("pipe_created", [17, 18]),
    ("dns_query", [22]),
]


@pytest.mark.parametrize(("category", "event_ids"), SYSMON_IDS)
def test_sysmon_categories(category: str, event_ids: list[int]) -> None:
    routes = builtin_windows_pack().categories[category]
    sysmon = [r for r in routes if SYSMON in r.channels]
    assert [r.event_ids for r in sysmon] == [event_ids]


def test_process_creation_also_routes_security_4688_with_field_names() -> None:
    (security,) = [
        r for r in builtin_windows_pack().categories["process_creation"] if "Security" in r.channels
    ]
    assert security.event_ids == [4688]
    assert security.fields == {"Image": "NewProcessName", "ParentImage": "ParentProcessName"}


def write_pack(tmp_path: Path, body: dict[str, object]) -> Path:
    header = {"pack": {"id": "site.logsources", "kind": "sigma_logsources", "version": "1"}}
    path = tmp_path / "pack.yaml"
    path.write_text(yaml.safe_dump({**header, "product": "windows", **body}, sort_keys=False))
    return path


BAD = [
    (
        {"services": {"x": [{"event_ids": [1]}]}},
        "services.x.0: a route needs 'channels' or 'providers'",
    ),
    (
        {"categories": {"c": [{"channels": ["A"], "eventids": [1]}]}},
        "Extra inputs are not permitted",
    ),
    ({"productless_categories": ["antivirus"]}, "'antivirus' is not a category of this pack"),
]


@pytest.mark.parametrize(("body", "message"), BAD)
def test_invalid_packs_are_refused_with_every_problem(
    tmp_path: Path, body: dict[str, object], message: str
) -> None:
    path = write_pack(tmp_path, body)
    with pytest.raises(RulePackError) as caught:
        load_logsource_pack(path)
    assert any(message in p.message for p in caught.value.problems), caught.value.problems
    assert all(p.where.startswith(str(path)) for p in caught.value.problems)


def test_schema_errors_carry_the_line(tmp_path: Path) -> None:
    path = write_pack(tmp_path, {"categories": {"c": [{"channels": ["A"], "eventids": [1]}]}})
    with pytest.raises(RulePackError) as caught:
        load_logsource_pack(path)
    assert caught.value.problems[0].where == f"{path}:10"

"""Tabletop drills of the other three scenarios: recorded from options or YAML, listed with
ransomware drills, and refused with a located reason when the record is wrong."""

from __future__ import annotations

from datetime import datetime
from pathlib import Path

import pytest

from indsec.app import AppContext
from indsec.drill import service
from indsec.errors import DrillError
from tests.drill.conftest import ACTOR


def test_a_tabletop_drill_from_options(app: AppContext) -> None:
    drill = service.tabletop_input(
        scenario="remote_om",
        participants=["王工", " ", "vendor: 西门子"],
        findings=["堡垒机旁路未告警"],
        held_at=datetime(2026, 11, 3, 9, 30),
    )
    record = service.record_tabletop(app=app, actor=ACTOR, drill=drill)
    assert record.kind == "tabletop" and record.scenario == "remote_om"
    assert record.document["participants"] == ["王工", "vendor: 西门子"]
    assert "selfcheck_remote_om.via_bastion_only" in record.document["controls_exercised"]
    assert record.held_at.astimezone(app.site_policy.zone).hour == 9  # the plant's time
    markdown = service.drill_markdown(record=record, lang="zh")
    assert "堡垒机旁路未告警" in markdown and "参与人员" in markdown


def test_tabletop_from_yaml_and_listed_by_kind(app: AppContext, tmp_path: Path) -> None:
    path = tmp_path / "backdoor.yaml"
    path.write_text(
        "scenario: backdoor\nparticipants: [安全组, 运维组]\nfindings: [WebShell 未被发现]\n",
        encoding="utf-8",
    )
    service.record_tabletop(app=app, actor=ACTOR, drill=service.tabletop_file(path))
    [listed] = service.list_drills(app=app, kind="tabletop")
    assert listed.scenario == "backdoor" and listed.document["findings"] == ["WebShell 未被发现"]
    assert service.list_drills(app=app, kind="ransomware") == []


def test_a_wrong_record_is_refused_with_where_and_why(app: AppContext, tmp_path: Path) -> None:
    path = tmp_path / "bad.yaml"
    path.write_text("scenario: personnel\nparticipants: []\nwho: x\n", encoding="utf-8")
    with pytest.raises(DrillError, match=r"bad\.yaml:\d"):
        service.tabletop_file(path)
    with pytest.raises(DrillError, match="participants"):
        service.tabletop_input(scenario="personnel", participants=[], findings=[], held_at=None)
    unknown = service.tabletop_input(scenario="ddos", participants=["a"], findings=[], held_at=None)
    with pytest.raises(DrillError, match="one of: backdoor, personnel, remote_om"):
        service.record_tabletop(app=app, actor=ACTOR, drill=unknown)
    assert service.list_drills(app=app) == []

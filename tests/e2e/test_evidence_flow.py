"""Evidence before labels, end to end: a real SQLite table with decoys, scanned through the CLI.

The decoys are the ones a labelled plant and a real MES showed (issue 13): an ``id_card``
column whose check digits all fail, a ``post_code`` column of job codes, a tree path in
``ancestors``, colours, warehouse-bin locations and an integer enum called ``phone_type``.
Their names may be suspected, never labelled, and the grade must not move because of them.
"""

from __future__ import annotations

import json
import random
import sqlite3
from pathlib import Path
from typing import Any

from stdnum.cn import ric

from tests.e2e.conftest import Workspace

DECOYS = ("id_card", "post_code", "ancestors", "color", "location", "phone_type")
SUSPECTED = {
    "id_card": "cn.resident_id",
    "post_code": "cn.postcode",
    "location": "geo.coordinate",
    "phone_type": "cn.mobile",
}


def _bad_id(rnd: random.Random) -> str:
    body = f"110105{rnd.randint(1950, 2005)}{rnd.randint(1, 12):02d}{rnd.randint(1, 28):02d}"
    body += f"{rnd.randint(0, 999):03d}"
    right = ric.calc_check_digit(body + "0")
    return body + ("1" if right == "0" else "0")


def _plant(path: Path) -> Path:
    rnd = random.Random(13)
    colours = ["蓝色", "白色", "黄色", "金色", "红色", "黑色"]
    rows = [
        (
            _bad_id(rnd),
            rnd.choice(["ceo", "se", "hr", "user"]),
            rnd.choice(["0", "0,100", "0,100,101", "0,100,101,103"]),
            rnd.choice(colours),
            f"A-{rnd.randint(1, 40):02d}-{rnd.randint(1, 9):02d}",
            str(rnd.randint(0, 2)),
        )
        for _ in range(40)
    ]
    mobiles = [(f"13{rnd.randint(0, 9)}{rnd.randint(10_000_000, 99_999_999)}",) for _ in range(40)]
    with sqlite3.connect(path) as db:
        db.execute(f"CREATE TABLE sys_post_decoy ({', '.join(f'{c} TEXT' for c in DECOYS)})")
        db.executemany("INSERT INTO sys_post_decoy VALUES (?, ?, ?, ?, ?, ?)", rows)
        db.execute("CREATE TABLE contacts (mobile TEXT)")
        db.executemany("INSERT INTO contacts VALUES (?)", mobiles)
        db.execute("CREATE TABLE empty_contacts (phone TEXT)")
    return path


def _fields(asset: dict[str, Any]) -> dict[str, dict[str, Any]]:
    return {f["name"]: f for f in asset["fields"]}


def test_decoys_get_no_labels_and_their_names_are_only_suspected(workspace: Workspace) -> None:
    database = _plant(workspace.root / "plant.db")
    scanned = workspace.run_json("scan", f"sqlite:///{database}")
    assets = {a["name"]: a for a in scanned["assets"]}

    decoy = assets["sys_post_decoy"]
    fields = _fields(decoy)
    assert {name: fields[name]["labels"] for name in DECOYS} == {name: [] for name in DECOYS}
    for name, label in SUSPECTED.items():
        assert fields[name]["suspicions"] == [label]
        assert fields[name]["suspicion_details"][0]["matched"] == 0
    assert decoy["grade"] == "general"
    assert decoy["category"] != "personal_information"  # it was, on the names alone
    assert decoy["cross_cutting"] == []
    assert not any("cn.resident_id" in json.dumps(step) for step in decoy["rationale"])

    assert _fields(assets["contacts"])["mobile"]["labels"] == ["cn.mobile"]
    empty = _fields(assets["empty_contacts"])["phone"]
    assert (empty["labels"], empty["suspicions"]) == ([], ["cn.mobile"])


def test_suspicions_are_shown_apart_in_show_and_export(workspace: Workspace) -> None:
    database = _plant(workspace.root / "plant.db")
    workspace.run_json("scan", f"sqlite:///{database}")

    code, out, err = workspace.run("catalogue", "show", "--all")
    assert code == 0, err
    assert "suspected" in out
    assert "cn.postcode" in out.replace("\n", "")

    exported = workspace.root / "catalogue.json"
    code, _, err = workspace.run("catalogue", "export", "--format", "json", "-o", str(exported))
    assert code == 0, err
    assets = {a["name"]: a for a in json.loads(exported.read_text(encoding="utf-8"))["assets"]}
    id_card = _fields(assets["sys_post_decoy"])["id_card"]
    assert (id_card["labels"], id_card["suspicions"]) == ([], ["cn.resident_id"])

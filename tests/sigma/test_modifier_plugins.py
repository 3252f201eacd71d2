"""Sigma modifiers are keyed by the value type they compile, and a third party adds one through
the ``indsec.sigma_modifiers`` entry points of a real installed distribution.

The plugin runs in a fresh interpreter: teaching pySigma a modifier changes its process-wide
mapping, which must not leak into the other tests.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

from sigma.types import SigmaCasedString, SigmaString

from indsec.sigma.modifiers import SIGMA_MODIFIERS
from tests.distributions import write_distribution

SRC = Path(__file__).parents[2] / "src"

PLUGIN = """
from dataclasses import dataclass

from sigma.modifiers import SigmaValueModifier
from sigma.types import SigmaString, SigmaType

from indsec.sigma.codegen import TextExpr, on_field
from indsec.sigma.modifiers import ValueKind
from indsec.sigma.nodes import Node, presence_need


@dataclass
class DigitCount(SigmaType):
    count: int


class SigmaDigitsModifier(SigmaValueModifier[SigmaString, DigitCount]):
    def modify(self, val: SigmaString) -> DigitCount:
        return DigitCount(int(str(val)))


def compile_digits(field_name, value, ctx):
    def holds(text):
        return sum(c.isdigit() for c in text) == value.count

    test = on_field(field_name, TextExpr.calling(holds), cased=True)
    return Node(test, 4, presence_need(field_name))


DIGITS = ValueKind(DigitCount, compile_digits, SigmaDigitsModifier)
NOT_A_KIND = 42
"""

RULE = """
title: Four-digit codes
id: 00000000-0000-4000-8000-0000000000ab
logsource: {product: test, service: unit}
detection:
  digits: {Code|digits: '4'}
  plain: {Name|contains: 'pump'}
  condition: digits and plain
level: high
"""

SCRIPT = """
import json, sys
from dataclasses import asdict
from pathlib import Path
from indsec.sigma.engine import SigmaEngine
from indsec.sigma.modifiers import SIGMA_MODIFIERS
from indsec.model.event import Event, LogSource

engine = SigmaEngine.from_paths([Path(sys.argv[1])])
source = LogSource(product="test", service="unit")
events = [{"Code": "a1b2c3d4", "Name": "Pump 7"}, {"Code": "123", "Name": "pump"}]
print(json.dumps({
    "hits": [bool(engine.match(Event(e, source, origin="t#1"))) for e in events],
    "problems": [str(p) for p in engine.problems] + [str(u) for u in engine.unsupported],
    "statuses": [asdict(s) for s in SIGMA_MODIFIERS.statuses()],
}))
"""


def test_builtin_modifiers_are_keyed_by_their_value_type() -> None:
    kinds = dict(SIGMA_MODIFIERS.items())
    assert kinds["string"].value_type is SigmaString
    assert issubclass(SigmaCasedString, kinds["string"].value_type)  # found through the MRO
    assert {"re", "cidr", "fieldref", "exists", "compare", "expansion"} <= set(kinds)


def test_a_third_party_modifier_registers_through_an_entry_point(tmp_path: Path) -> None:
    points = {
        "digits": "acme_sigma:DIGITS",
        "contains": "acme_sigma:DIGITS",  # pySigma's own name: refused
        "wrong": "acme_sigma:NOT_A_KIND",
    }
    write_distribution(
        tmp_path / "site", "acme-sigma", {"indsec.sigma_modifiers": points}, {"acme_sigma": PLUGIN}
    )
    (tmp_path / "rule.yml").write_text(RULE, encoding="utf-8")
    done = subprocess.run(
        [sys.executable, "-c", SCRIPT, str(tmp_path / "rule.yml")],
        capture_output=True,
        text=True,
        env={**os.environ, "PYTHONPATH": f"{tmp_path / 'site'}:{SRC}"},
        timeout=120,
        check=True,
    )
    result = json.loads(done.stdout)
    assert result["problems"] == []
    assert result["hits"] == [True, False]
    statuses = {s["name"]: s for s in result["statuses"]}
    assert statuses["digits"]["origin"] == "acme-sigma 1.0"
    assert statuses["string"]["origin"] == "built-in"
    assert statuses["contains"]["detail"] == "'contains' is already a pySigma modifier"
    assert statuses["wrong"]["detail"] == "expected a ValueKind, got int"
    assert len([line for line in done.stderr.splitlines() if "is disabled" in line]) == 2

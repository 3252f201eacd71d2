"""Sigma ``re`` values: linear-time matching, and the bounds on patterns a rule may bring."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest
import yaml

from indsec.model.event import Event, LogSource
from indsec.sigma.engine import SigmaEngine
from indsec.sigma.regex import RegexLimits

SOURCE = LogSource(product="test", service="unit")


def rule_file(tmp_path: Path, selection: dict[str, Any]) -> Path:
    rule = {
        "title": "Regex rule",
        "id": "00000000-0000-4000-8000-0000000000bb",
        "logsource": {"product": "test", "service": "unit"},
        "detection": {"selection": selection, "condition": "selection"},
    }
    path = tmp_path / "rule.yml"
    path.write_text(yaml.safe_dump(rule), encoding="utf-8")
    return path


CATASTROPHIC = """\
import sys
from pathlib import Path
from indsec.sigma.engine import SigmaEngine
from indsec.model.event import Event, LogSource
engine = SigmaEngine.from_paths([Path(sys.argv[1])])
assert engine.rules and not engine.unsupported, engine.unsupported
event = Event({"User": "a" * 100 + "b"}, LogSource(product="test", service="unit"))
print(len(engine.match(event)))
"""


def test_catastrophic_pattern_finishes(tmp_path: Path) -> None:
    """``(a+)+$`` over 100 ``a`` and a ``b``: 2**100 steps when backtracking, so the run only
    ends (well inside the generous bound) when matching is linear. The bound is a hang guard,
    not a speed assertion."""
    path = rule_file(tmp_path, {"User|re": "(a+)+$"})
    done = subprocess.run(
        [sys.executable, "-c", CATASTROPHIC, str(path)],
        capture_output=True,
        text=True,
        timeout=300,
        check=False,
    )
    assert done.returncode == 0, done.stderr
    assert done.stdout.strip() == "0"


@pytest.mark.parametrize("pattern", ["(a)\\1", "(?<!x)y", "(?=x)x"])
def test_backtracking_only_patterns_are_reported_not_run(tmp_path: Path, pattern: str) -> None:
    """Backreferences and lookaround: pySigma's own RE2 check already refuses them, located."""
    path = rule_file(tmp_path, {"User|re": pattern})
    engine = SigmaEngine.from_paths([path])
    assert not engine.rules and not engine.unsupported
    (problem,) = engine.problems
    assert problem.where == f"{path}:4"  # the User|re line
    assert "invalid" in problem.message


def test_pattern_memory_is_bounded(tmp_path: Path) -> None:
    pattern = "\\w{1000}" * 3
    path = rule_file(tmp_path, {"User|re": pattern})
    limits = RegexLimits(max_mem_bytes=1 << 16)
    (unsupported,) = SigmaEngine.from_paths([path], limits=limits).unsupported
    assert unsupported.reason.startswith(f"regex: RE2 cannot run {pattern!r}")
    assert "pattern too large" in unsupported.reason
    assert SigmaEngine.from_paths([path]).rules


def test_number_of_re_values_is_bounded(tmp_path: Path) -> None:
    path = rule_file(tmp_path, {"User|re": [f"x{i}" for i in range(4)], "Cmd|re": "y"})
    limits = RegexLimits(max_values=4)
    (unsupported,) = SigmaEngine.from_paths([path], limits=limits).unsupported
    assert "5 re values exceed the limit of 4" in unsupported.reason
    assert "INDSEC_SIGMA_REGEX_MAX_VALUES" in unsupported.reason
    assert SigmaEngine.from_paths([path], limits=RegexLimits(max_values=5)).rules


def test_pattern_length_is_bounded(tmp_path: Path) -> None:
    path = rule_file(tmp_path, {"User|re": "a" * 11})
    (unsupported,) = SigmaEngine.from_paths([path], limits=RegexLimits(max_chars=10)).unsupported
    assert "a pattern of 11 characters exceeds the limit of 10" in unsupported.reason


def test_limits_survive_pickling_into_workers(tmp_path: Path) -> None:
    """Worker processes rebuild the engine from its recipe: the limits must come along."""
    import pickle

    path = rule_file(tmp_path, {"User|re": ["a", "b"]})
    engine = SigmaEngine.from_paths([path], limits=RegexLimits(max_values=1))
    rebuilt = pickle.loads(pickle.dumps(engine))
    assert not rebuilt.rules and len(rebuilt.unsupported) == 1


def test_many_values_still_match(tmp_path: Path) -> None:
    path = rule_file(tmp_path, {"User|re": [f"^user{i}$" for i in range(200)]})
    engine = SigmaEngine.from_paths([path])
    event = Event({"User": "user199"}, SOURCE)
    assert [m.rule.title for m in engine.match(event)] == ["Regex rule"]
    assert not engine.match(Event({"User": "user1999"}, SOURCE))

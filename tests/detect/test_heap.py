"""The collector skips the loaded rules during a run and gets them back after it."""

from __future__ import annotations

import gc
import weakref
from pathlib import Path

import pytest

from indsec.detect.heap import collection_paused, long_lived_frozen
from indsec.model.event import Event, LogSource
from indsec.sigma import SigmaEngine

WHOAMI_RULE = Path(__file__).parents[1] / "files" / "sigma" / "valid" / "proc_creation_whoami.yml"


class _Loaded:
    """Stands for a long-lived engine object; it refers to itself, as closures often do."""

    def __init__(self) -> None:
        self.me = self


def test_objects_alive_at_the_start_are_skipped_in_the_block_and_collected_after_it() -> None:
    loaded = _Loaded()
    alive = weakref.ref(loaded)
    with long_lived_frozen():
        assert gc.get_freeze_count() > 0
        del loaded
        gc.collect()
        assert alive() is not None, "frozen: the collector does not walk it"
    assert gc.get_freeze_count() == 0
    gc.collect()
    assert alive() is None, "unfrozen: its cycle is garbage and is collected"


def test_the_block_unfreezes_when_matching_fails() -> None:
    with pytest.raises(RuntimeError), long_lived_frozen():
        raise RuntimeError("a worker died")
    assert gc.get_freeze_count() == 0


@pytest.mark.parametrize("enabled", [True, False])
def test_a_paused_collection_restores_the_collector_as_it_was(enabled: bool) -> None:
    was = gc.isenabled()
    (gc.enable if enabled else gc.disable)()
    try:
        with pytest.raises(RuntimeError), collection_paused():
            assert not gc.isenabled()
            raise RuntimeError("a rule failed to compile")
        assert gc.isenabled() is enabled
    finally:
        (gc.enable if was else gc.disable)()


def test_cycles_made_while_paused_are_collected_after_it() -> None:
    with collection_paused():
        alive = weakref.ref(_Loaded())
        gc.collect()  # an explicit pass still runs; the pause only stops automatic ones
        assert alive() is None
        made = _Loaded()
        kept = weakref.ref(made)
        del made
    gc.collect()
    assert kept() is None


def test_loading_rules_and_routing_leave_the_collector_on() -> None:
    engine = SigmaEngine.from_paths([WHOAMI_RULE])
    assert gc.isenabled()
    fields = {
        "Channel": "Microsoft-Windows-Sysmon/Operational",
        "EventID": 1,
        "Image": "C:\\Windows\\System32\\whoami.exe",
    }
    event = Event(fields=fields, logsource=LogSource(product="windows"))
    assert [m.rule.title for m in engine.match(event)] == ["Whoami Execution"]
    assert gc.isenabled()

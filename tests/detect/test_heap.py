"""The collector skips the loaded rules during a run and gets them back after it."""

from __future__ import annotations

import gc
import weakref

import pytest

from indsec.detect.heap import long_lived_frozen


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

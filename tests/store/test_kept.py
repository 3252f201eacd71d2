"""Values kept per process: served until the bound (counted from when their read began), never
after; a forget drops them, and a read that raced a forget is not kept; the size is bounded."""

from __future__ import annotations

from indsec.store.kept import Kept, kept_for


class _Clock:
    def __init__(self) -> None:
        self.now = 100.0

    def __call__(self) -> float:
        return self.now


def test_a_value_is_served_until_the_bound_counted_from_its_read() -> None:
    clock = _Clock()
    kept: Kept[str, int] = Kept(seconds=2.0, max_entries=10, clock=clock)
    mark = kept.begin()
    clock.now += 0.5  # the read took half a second
    kept.put("a", 1, mark)
    clock.now += 1.4
    assert kept.get("a") == 1
    clock.now += 0.1
    assert kept.get("a") is None, "2 s after the read began"


def test_a_forget_drops_values_and_a_racing_read_is_not_kept() -> None:
    kept: Kept[str, int] = Kept(seconds=60.0, max_entries=10, clock=_Clock())
    kept.put("a", 1, kept.begin())
    mark = kept.begin()
    kept.forget()  # a change committed while the read of "b" was running
    kept.put("b", 2, mark)
    assert kept.get("a") is None and kept.get("b") is None
    kept.put("b", 3, kept.begin())
    assert kept.get("b") == 3


def test_nothing_is_kept_with_a_zero_bound_and_the_oldest_go_first() -> None:
    never: Kept[str, int] = Kept(seconds=0, max_entries=10, clock=_Clock())
    never.put("a", 1, never.begin())
    assert never.get("a") is None
    small: Kept[str, int] = Kept(seconds=60.0, max_entries=2, clock=_Clock())
    for n, key in enumerate("abc"):
        small.put(key, n, small.begin())
    assert [small.get(k) for k in "abc"] == [None, 1, 2]


class _Store:
    """Stands for a store: anything a weak reference can point to."""


def test_each_database_has_its_own_values() -> None:
    first, second = _Store(), _Store()
    values = kept_for(first, "x", 60.0, 10, int)
    values.put("a", 1, values.begin())
    assert values.get("a") == 1
    assert kept_for(first, "x", 60.0, 10, int) is kept_for(first, "x", 60.0, 10, int)
    assert kept_for(second, "x", 60.0, 10, int).get("a") is None

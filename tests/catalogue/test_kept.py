"""The per-process memo of complete versions: computed once per key, and bounded."""

from __future__ import annotations

from indsec.catalogue.kept import Kept


def test_a_value_is_computed_once_and_the_oldest_goes_first() -> None:
    computed: list[str] = []

    def compute(key: str) -> int:
        computed.append(key)
        return len(computed)

    kept: Kept[str, int] = Kept(most=2)
    assert kept.get("a", lambda: compute("a")) == 1
    assert kept.get("a", lambda: compute("a")) == 1
    assert kept.get("b", lambda: compute("b")) == 2
    assert kept.get("c", lambda: compute("c")) == 3  # "a" makes room
    assert kept.get("b", lambda: compute("b")) == 2
    assert kept.get("a", lambda: compute("a")) == 4
    assert computed == ["a", "b", "c", "a"]

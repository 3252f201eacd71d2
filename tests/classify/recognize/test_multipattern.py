"""The multi-pattern layer: Hyperscan proposes, re confirms, both paths agree exactly."""

from __future__ import annotations

import random
import string
import threading

import pytest

from indsec.classify.recognize.multipattern import (
    ChunkPrefilter,
    HyperscanChunkPrefilter,
    HyperscanLineMatcher,
    LineMatcher,
    LinePattern,
    chunk_prefilter,
    hyperscan_available,
    line_matcher,
)

pytestmark = pytest.mark.skipif(not hyperscan_available(), reason="hyperscan not installed")

PATTERNS = [
    LinePattern(r"1[3-9]\d{9}", full=True),
    LinePattern(r"a\sb", full=True),  # \s matches the newline between two cells
    LinePattern(r"ref[:=]\d+", full=False),
    LinePattern(r"[\u4e00-\u9fa5]{2}", full=True),  # Hyperscan cannot parse \u escapes
    LinePattern(r"[a-z]+", full=True),
    LinePattern(r"\d+", full=True),
]


def _cells(n: int, seed: int) -> list[str]:
    rnd = random.Random(seed)
    pool = ["13800138000", "a", "b", "a b", "x ref=12 y", "ref:", "张三", "张三丰", "abc", "42", ""]
    pool += ["".join(rnd.choice(string.ascii_lowercase + string.digits) for _ in range(5))]
    return [rnd.choice(pool) for _ in range(n)]


def test_refused_pattern_is_reported_by_index() -> None:
    matcher = HyperscanLineMatcher(PATTERNS)
    assert [r.index for r in matcher.rejected] == [3]
    assert "\\u" in matcher.rejected[0].reason


@pytest.mark.parametrize("limit", [0, 5, 99], ids=["per-line", "default", "exact-passes"])
@pytest.mark.parametrize("seed", range(5))
def test_both_strategies_equal_plain_re(limit: int, seed: int) -> None:
    cells = _cells(400, seed)
    wanted = range(len(PATTERNS))
    expected = LineMatcher(PATTERNS).match_lines(cells, wanted)
    fast = HyperscanLineMatcher(PATTERNS, exact_pass_limit=limit).match_lines(cells, wanted)
    assert fast == expected


def test_a_match_across_two_cells_is_not_a_match() -> None:
    cells = ["a", "b", "a b"]
    fast = HyperscanLineMatcher(PATTERNS, exact_pass_limit=0).match_lines(cells, [1])
    assert fast == {1: [2]}


def test_only_wanted_patterns_are_returned() -> None:
    cells = ["13800138000", "abc", "42"]
    assert HyperscanLineMatcher(PATTERNS).match_lines(cells, [4]) == {4: [1]}
    assert LineMatcher(PATTERNS).match_lines(cells, [0, 5]) == {0: [0], 5: [0, 2]}
    assert HyperscanLineMatcher(PATTERNS).match_lines([], [0]) == {}


def test_factories_pick_the_path() -> None:
    assert type(line_matcher(PATTERNS)) is HyperscanLineMatcher
    assert type(line_matcher(PATTERNS, use_hyperscan=False)) is LineMatcher
    assert type(chunk_prefilter(["a"])) is HyperscanChunkPrefilter
    assert type(chunk_prefilter(["a"], use_hyperscan=False)) is ChunkPrefilter


def test_chunk_prefilter_names_occurring_patterns() -> None:
    regexes = [r"1[3-9]\d{9}", r"[\w.]+@[\w.]+", r"(?<=x)y", r"[\u4e00-\u9fa5]+"]
    prefilter = HyperscanChunkPrefilter(regexes)
    assert [r.index for r in prefilter.rejected] == [3]
    assert prefilter.occurring("call 13800138000") == {0, 3}
    assert prefilter.occurring("mail me@example.com, xy") == {1, 2, 3}
    assert ChunkPrefilter(regexes).occurring("nothing") == {0, 1, 2, 3}


def test_threads_can_share_one_matcher() -> None:
    matcher = HyperscanLineMatcher(PATTERNS)
    columns = [_cells(300, seed) for seed in range(8)]
    expected = [LineMatcher(PATTERNS).match_lines(c, range(len(PATTERNS))) for c in columns]
    results: dict[int, list[dict[int, list[int]]]] = {}

    def work(n: int) -> None:
        results[n] = [matcher.match_lines(c, range(len(PATTERNS))) for c in columns * 5]

    threads = [threading.Thread(target=work, args=(n,)) for n in range(4)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert all(found == expected * 5 for found in results.values())

"""Hypothesis strategies of hostile input: arbitrary data, and valid samples slightly broken.

Arbitrary bytes rarely get past a parser's first check, so most examples start from a real
file (a demo file, a checked-in log, a builtin rule pack) and break it a little: flipped,
inserted, deleted or repeated bytes, a cut, or - inside ZIP packages, whose CRCs would catch
any outer change - the same damage to one member, re-packed.
"""

from __future__ import annotations

import io
import zipfile
from collections.abc import Sequence
from typing import Any

from hypothesis import strategies as st

MAX_EDITS = 6


@st.composite
def damaged(draw: st.DrawFn, data: bytes) -> bytes:
    """``data`` after a few random edits."""
    out = bytearray(data)
    for _ in range(draw(st.integers(1, MAX_EDITS))):
        at = draw(st.integers(0, len(out)))
        edit = draw(st.sampled_from(["flip", "insert", "delete", "repeat", "cut"]))
        if edit == "flip" and at < len(out):
            out[at] ^= draw(st.integers(1, 255))
        elif edit == "insert":
            out[at:at] = draw(st.binary(min_size=1, max_size=16))
        elif edit == "delete":
            del out[at : at + draw(st.integers(1, 64))]
        elif edit == "repeat":
            out[at:at] = out[at : at + draw(st.integers(1, 64))] * draw(st.integers(2, 50))
        elif edit == "cut":
            del out[at:]
    return bytes(out)


@st.composite
def damaged_member(draw: st.DrawFn, package: bytes) -> bytes:
    """``package`` re-packed with one member damaged."""
    with zipfile.ZipFile(io.BytesIO(package)) as source:
        members = [(info, source.read(info)) for info in source.infolist()]
    target = draw(st.integers(0, len(members) - 1))
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as out:
        for index, (info, content) in enumerate(members):
            out.writestr(info, draw(damaged(content)) if index == target else content)
    return buffer.getvalue()


def _is_package(data: bytes) -> bool:
    return zipfile.is_zipfile(io.BytesIO(data))


def hostile_bytes(samples: Sequence[bytes]) -> st.SearchStrategy[bytes]:
    """Arbitrary bytes, or a damaged sample (a damaged member for ZIP samples)."""
    packages = [s for s in samples if _is_package(s)]
    choices = [st.binary(max_size=2048), st.sampled_from(samples).flatmap(damaged)]
    if packages:
        choices.append(st.sampled_from(packages).flatmap(damaged_member))
    return st.one_of(choices)


def hostile_text(samples: Sequence[str]) -> st.SearchStrategy[str]:
    """Arbitrary text, or a damaged sample decoded leniently."""
    encoded = [s.encode() for s in samples]
    broken = st.sampled_from(encoded).flatmap(damaged).map(lambda b: b.decode(errors="replace"))
    return st.one_of(st.text(max_size=2048), broken)


SCALARS = st.one_of(
    st.none(),
    st.booleans(),
    st.integers(),
    st.floats(),
    st.text(max_size=40),
)
VALUES = st.recursive(
    SCALARS,
    lambda inner: st.lists(inner, max_size=4) | st.dictionaries(st.text(max_size=12), inner),
    max_leaves=8,
)


@st.composite
def reshaped(draw: st.DrawFn, tree: Any) -> Any:
    """``tree`` (parsed YAML) with one node replaced by any value, or dropped from its parent."""
    if isinstance(tree, dict) and tree and draw(st.integers(0, 3)) > 0:
        key = draw(st.sampled_from(sorted(tree, key=str)))
        if draw(st.integers(0, 4)) == 0:
            return {k: v for k, v in tree.items() if k != key}
        return {**tree, key: draw(reshaped(tree[key]))}
    if isinstance(tree, list) and tree and draw(st.integers(0, 3)) > 0:
        at = draw(st.integers(0, len(tree) - 1))
        return [*tree[:at], draw(reshaped(tree[at])), *tree[at + 1 :]]
    return draw(VALUES)

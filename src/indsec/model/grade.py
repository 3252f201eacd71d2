"""Data grades of GB/T 43697 and the MIIT Measures, ordered so the higher one wins (就高从严)."""

from __future__ import annotations

from enum import StrEnum


class Grade(StrEnum):
    """general < important < core."""

    GENERAL = "general"
    IMPORTANT = "important"
    CORE = "core"

    @property
    def rank(self) -> int:
        return _RANK[self]

    @property
    def zh(self) -> str:
        return _ZH[self]

    @staticmethod
    def highest(grades: list[Grade]) -> Grade:
        """The strictest grade of ``grades`` (general when empty)."""
        return max(grades, key=lambda g: g.rank, default=Grade.GENERAL)


_RANK = {Grade.GENERAL: 0, Grade.IMPORTANT: 1, Grade.CORE: 2}
_ZH = {Grade.GENERAL: "一般数据", Grade.IMPORTANT: "重要数据", Grade.CORE: "核心数据"}

"""How a filing words an asset's scale, carrier and grading basis, in the filing's language.

A Chinese filing is Chinese throughout: rule names, impact objects and degrees come from the
packs' zh names, never from the English effect text kept in the rationale for engineers.
"""

from __future__ import annotations

import math
from collections.abc import Collection, Mapping
from dataclasses import dataclass

from indsec.classify.grade.grader import DECISION_RULE
from indsec.model import ClassifiedAsset, Grade, Names, RationaleStep
from indsec.model.rationale import REVIEW_RULE

CARRIERS = {
    "table": Names(zh="数据库表", en="database table"),
    "view": Names(zh="数据库视图", en="database view"),
    "file": Names(zh="文件", en="file"),
}
BYTES = Names(zh="字节", en="bytes")
_UNITS = ("KiB", "MiB", "GiB", "TiB")


def storage_size(size: int | None, lang: str) -> str:
    """Bytes with their unit, and the binary-prefixed size a reader takes in at a glance."""
    if size is None:
        return ""
    exact = f"{size:,} {BYTES.get(lang)}"
    if size < 1024:
        return exact
    power = min(len(_UNITS), int(math.log(size, 1024)))
    scaled = f"{size / 1024**power:.1f} {_UNITS[power - 1]}"
    return f"{exact}（{scaled}）" if lang == "zh" else f"{exact} ({scaled})"


def system_of(asset: ClassifiedAsset, systems: Collection[str]) -> str:
    """The information system holding the asset.

    A table named after a known system (``srm_gys``, ``tms_shipment``) belongs to that system
    even when its database was scanned with another ``?system=`` hint; otherwise the source's
    hint is all we know.
    """
    if asset.kind in ("table", "view"):
        prefix = asset.name.rsplit(".", 1)[-1].split("_", 1)[0].casefold()
        for system in systems:
            if system.casefold() == prefix:
                return system
    return asset.system_hint


def carrier(asset: ClassifiedAsset, lang: str, systems: Collection[str]) -> str:
    kind = CARRIERS[asset.kind].get(lang) if asset.kind in CARRIERS else asset.kind
    return " / ".join(filter(None, [kind, asset.file_format, system_of(asset, systems)]))


@dataclass(frozen=True)
class BasisWording:
    """Words the grading basis from the rationale, with the grading pack's term names."""

    lang: str
    terms: Mapping[str, Names]

    def basis(self, asset: ClassifiedAsset) -> str:
        """The rules that gave the asset its grade (or the review that set it), in ``lang``."""
        step = asset.deciding_step()
        if step is not None and step.rule == REVIEW_RULE:
            return self._review(asset, step)
        steps = [s for s in asset.rationale if s.grade == asset.grade and s.rule != DECISION_RULE]
        return ("；" if self.lang == "zh" else "; ").join(self._finding(s) for s in steps)

    def _grade(self, grade: Grade) -> str:
        return grade.zh if self.lang == "zh" else grade.value

    def _term(self, term_id: str) -> str:
        names = self.terms.get(term_id)
        return names.get(self.lang) if names is not None else term_id

    def _finding(self, step: RationaleStep) -> str:
        grade = self._grade(step.grade or Grade.GENERAL)
        title = step.title(self.lang)
        if step.impact is None:
            return f"{title}：不低于{grade}" if self.lang == "zh" else f"{title}: at least {grade}"
        target, degree = self._term(step.impact.object), self._term(step.impact.degree)
        if self.lang == "zh":
            return f"{title}：影响对象为{target}，影响程度为{degree} → {grade}"
        return f"{title}: impact on {target}, {degree} → {grade}"

    def _review(self, asset: ClassifiedAsset, step: RationaleStep) -> str:
        reason = step.evidence[0] if step.evidence else ""
        grade = self._grade(asset.grade)
        if self.lang == "zh":
            computed = (
                f"（计算级别：{self._grade(asset.computed_grade)}）" if asset.computed_grade else ""
            )
            return f"{step.title(self.lang)}定为{grade}{computed}：{reason}"
        computed = (
            f" (computed: {self._grade(asset.computed_grade)})" if asset.computed_grade else ""
        )
        return f"{step.title(self.lang)} set {grade}{computed}: {reason}"

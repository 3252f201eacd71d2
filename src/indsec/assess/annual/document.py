"""The report as one value: its cover and the nine sections, in one language.

Built once and handed to every writer (the HTML template, and through it the PDF), so what a
test reads is what the regulator reads.
"""

from __future__ import annotations

from dataclasses import dataclass

from indsec.assess.annual import conclusion, findings, subject
from indsec.assess.annual.context import ReportContext
from indsec.assess.annual.layout import Section, Wording
from indsec.assess.annual.validity import Validity, validity
from indsec.assess.annual.wording import short_lang, words
from indsec.model.assessment import AssessmentSnapshot

HTML_LANG = {"zh": "zh-CN", "en": "en"}


@dataclass(frozen=True)
class Document:
    """The cover's facts and the sections, in the order the rules list them."""

    lang: str
    w: Wording
    enterprise: str
    cover: tuple[tuple[str, str], ...]
    validity: Validity
    sections: tuple[Section, ...]

    @property
    def html_lang(self) -> str:
        return HTML_LANG[self.lang]


def build_document(snapshot: AssessmentSnapshot, ctx: ReportContext, lang: str) -> Document:
    """The nine sections of ``snapshot`` read with ``ctx``, worded in ``lang``."""
    w = Wording(words(lang), short_lang(lang))
    valid = validity(
        issued=ctx.issued_on,
        first_issued=ctx.first_issued_on,
        today=ctx.issued_on,
        reminder_days=0,
    )
    cover = (
        (w["enterprise"], snapshot.enterprise.name),
        (w["uscc"], snapshot.enterprise.uscc or w["to_complete"]),
        (w["assessment_id"], snapshot.id),
        (w["issued"], valid.issued.isoformat()),
        (w["first_issued"], valid.first_issued.isoformat()),
        (w["valid_until"], valid.valid_until.isoformat()),
    )
    sections = (
        subject.section_1(snapshot, ctx, w),
        subject.section_2(ctx, w),
        subject.section_3(ctx, w),
        subject.section_4(ctx, w),
        subject.section_5(snapshot, ctx, w),
        findings.section_6(ctx, w),
        findings.section_7(snapshot, ctx, w),
        findings.section_8(snapshot, ctx, w),
        conclusion.section_9(snapshot, ctx, w, valid),
    )
    return Document(w.lang, w, snapshot.enterprise.name, cover, valid, sections)

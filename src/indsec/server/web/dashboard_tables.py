"""The dashboard's lists as tables: one header and rows, shown by the page and written to XLSX.

The page and its export are built from the same rows, so what a regulator downloads is what it
saw (for the export: every page of it). Words are in the page's language; numbers stay numbers
so Excel can sum them; dates are calendar dates (UTC), which Excel reads without a timezone.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from datetime import UTC, datetime
from decimal import Decimal
from functools import partial

from indsec.server.web.i18n import Lang
from indsec.server.web.regions import region_name, say
from indsec.supervision.service import EnterpriseLine, FilingLine

Table = tuple[list[str], list[list[object]]]
STATUS_WORDS = {
    "submitted": "Submitted",
    "under_review": "Under review",
    "accepted": "Accepted",
    "returned": "Returned",
    "resubmitted": "Resubmitted",
}
"""Each workflow state's English message id (translated by the page's catalogue)."""
ENTERPRISE_HEADER = (
    "Unified social credit code",
    "Enterprise",
    "Region",
    "Industry",
    "Annual revenue (yuan)",
    "Above scale",
    "Mandatory (top 10 %%)",
    "Filing status",
)
FILING_HEADER = (
    "Unified social credit code",
    "Enterprise",
    "Region",
    "Industry",
    "Version",
    "Filing status",
    "Submitted",
    "Days since submission",
    "Review due",
    "Important",
    "Core",
)


def _number(value: Decimal) -> int | float:
    return int(value) if value == value.to_integral_value() else float(value)


def status_word(status: str | None, word: Callable[[str], str]) -> str:
    return word(STATUS_WORDS[status]) if status in STATUS_WORDS else word("Not filed")


def _enterprise_row(line: EnterpriseLine, lang: Lang, word: Callable[[str], str]) -> list[object]:
    return [
        line.uscc,
        line.name,
        region_name(line.region_code, lang),
        line.industry_code,
        _number(line.annual_revenue),
        word("yes") if line.above_scale else word("no"),
        word("yes") if line.mandatory else word("no"),
        status_word(line.status, word),
    ]


def _filing_row(
    line: FilingLine, lang: Lang, word: Callable[[str], str], now: datetime
) -> list[object]:
    submitted = line.submitted_at.replace(tzinfo=line.submitted_at.tzinfo or UTC)
    return [
        line.uscc,
        line.enterprise_name,
        region_name(line.region_code, lang),
        line.industry_code or "",
        line.version,
        status_word(line.status, word),
        submitted.astimezone(UTC).date(),
        (now - submitted).days,
        line.review_due,
        line.important_count,
        line.core_count,
    ]


def _header(names: Sequence[str], word: Callable[[str], str]) -> list[str]:
    return [word(name) for name in names]


def enterprise_table(lines: Sequence[EnterpriseLine], lang: Lang) -> Table:
    word = partial(say, lang)
    return _header(ENTERPRISE_HEADER, word), [_enterprise_row(x, lang, word) for x in lines]


def filing_table(lines: Sequence[FilingLine], lang: Lang, now: datetime) -> Table:
    word = partial(say, lang)
    return _header(FILING_HEADER, word), [_filing_row(x, lang, word, now) for x in lines]

"""Validating a submitted filing at the boundary, field by field, against the filing pack.

A filing arrives as the JSON ``indsec filing export`` writes (or an XLSX form read into the
same shape). Every problem is collected with where it is — ``records[3].grade`` — and why, so
the enterprise fixes them all in one round; nothing is stored unless there is none.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from indsec.catalogue.service import FilingPack
from indsec.classify.recognize.validators import is_cn_uscc
from indsec.errors import FilingRejectedError, Problem
from indsec.model import Grade
from indsec.supervision.filing_types import FiledDocument

LANGS = ("zh", "en")
MAX_TEXT = 4096
"""Longest value a filed field may hold: the form's cells are descriptions, not documents."""


def grade_names(pack: FilingPack) -> dict[str, str]:
    """Every way a filed grade may be written (``core``, ``核心数据``) → its id."""
    grades = [Grade(g) for g in pack.grades_filed]
    return {**{g.value: g.value for g in grades}, **{g.zh: g.value for g in grades}}


def _text(value: Any, where: str, problems: list[Problem], *, required: bool = True) -> str:
    if value is None and not required:
        return ""
    if not isinstance(value, str):
        problems.append(Problem(where, "must be text"))
        return ""
    if required and not value.strip():
        problems.append(Problem(where, "is required and empty"))
    elif len(value) > MAX_TEXT:
        problems.append(Problem(where, f"is longer than {MAX_TEXT} characters"))
    return value.strip()


def _enterprise(raw: Any, problems: list[Problem]) -> tuple[str, str, str | None]:
    if not isinstance(raw, Mapping):
        problems.append(Problem("enterprise", "must be an object with name and uscc"))
        return "", "", None
    name = _text(raw.get("name"), "enterprise.name", problems)
    uscc = _text(raw.get("uscc"), "enterprise.uscc", problems).upper()
    if uscc and not is_cn_uscc(uscc):
        problems.append(
            Problem("enterprise.uscc", f"{uscc!r} fails the GB 32100 check digit (USCC)")
        )
    industry = _text(raw.get("industry_code"), "enterprise.industry_code", problems, required=False)
    if len(industry) > 5:
        problems.append(Problem("enterprise.industry_code", "a GB/T 4754 code has ≤ 5 characters"))
    return name, uscc, industry or None


def _columns(raw: Any, pack: FilingPack, problems: list[Problem]) -> list[tuple[str, str]]:
    if not isinstance(raw, list) or not all(isinstance(c, Mapping) for c in raw):
        problems.append(Problem("columns", "must be a list of {id, name}"))
        return []
    given = {str(c.get("id")): str(c.get("name") or c.get("id")) for c in raw}
    for field in pack.fields:
        if field.id not in given:
            problems.append(Problem(f"columns.{field.id}", "required column is missing"))
    return [(f.id, given.get(f.id, f.names.en)) for f in pack.fields]


def _record(
    raw: Any, index: int, pack: FilingPack, grades: Mapping[str, str], problems: list[Problem]
) -> dict[str, str]:
    where = f"records[{index}]"
    if not isinstance(raw, Mapping):
        problems.append(Problem(where, "must be an object of field → value"))
        return {}
    record = {f.id: _text(raw.get(f.id), f"{where}.{f.id}", problems) for f in pack.fields}
    unknown = sorted(set(map(str, raw)) - set(record))
    if unknown:
        problems.append(Problem(where, f"unknown fields: {', '.join(unknown)}"))
    grade = record.get("grade", "")
    if grade and grade not in grades:
        problems.append(
            Problem(f"{where}.grade", f"{grade!r} is not a filed grade ({', '.join(grades)})")
        )
    return record


def validated(raw: Mapping[str, Any], pack: FilingPack) -> FiledDocument:
    """The filing ``raw`` as a typed document, or every problem it has, located."""
    problems: list[Problem] = []
    name, uscc, industry = _enterprise(raw.get("enterprise"), problems)
    lang = raw.get("lang", "zh")
    if lang not in LANGS:
        problems.append(Problem("lang", f"must be one of {', '.join(LANGS)}"))
    version = raw.get("catalogue_version", 0)
    if not isinstance(version, int) or isinstance(version, bool) or version < 0:
        problems.append(Problem("catalogue_version", "must be a whole number ≥ 0"))
    columns = _columns(raw.get("columns"), pack, problems)
    records_raw = raw.get("records")
    if not isinstance(records_raw, list) or not records_raw:
        problems.append(Problem("records", "must list at least one important or core record"))
        records_raw = []
    grades = grade_names(pack)
    records = [_record(r, i, pack, grades, problems) for i, r in enumerate(records_raw)]
    if problems:
        raise FilingRejectedError(f"the filing has {len(problems)} problem(s)", problems)
    title = str(raw.get("title") or pack.title.get(str(lang)))
    return FiledDocument(uscc, name, industry, int(version), str(lang), title, columns, records)

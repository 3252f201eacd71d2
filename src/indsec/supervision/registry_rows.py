"""Checking one registry row: every cell validated, every fault reported with its column.

A row is kept only when all its cells are valid; otherwise each bad cell becomes a
:class:`~indsec.model.registry.RowError` (row number, column, the value shortened, the
reason), so one pass over a file tells the regulator everything to fix.
"""

from __future__ import annotations

from collections.abc import Callable
from decimal import ROUND_HALF_UP, Decimal, InvalidOperation
from functools import partial
from typing import Any

from indsec.classify.recognize.validators import is_cn_uscc
from indsec.errors import NotFoundError
from indsec.identity import service as identity
from indsec.model.registry import RegistryEnterprise, RowError
from indsec.supervision.industries import RefusalError, normalise_industry
from indsec.supervision.registry_read import COLUMNS, Layout

SHOWN_CHARS = 40
"""A refused value is shown this long at most: enough to find it, never a pasted document."""
MAX_NAME = 256
MAX_REVENUE = Decimal("1e18")
CENT = Decimal("0.01")
YES = frozenset({"是", "y", "yes", "true", "1", "t"})
NO = frozenset({"否", "n", "no", "false", "0", "f"})


def shown(value: str) -> str:
    return value if len(value) <= SHOWN_CHARS else value[: SHOWN_CHARS - 1] + "…"


def _uscc(raw: str) -> str:
    code = raw.strip().upper()
    if not is_cn_uscc(code):
        raise RefusalError("not a valid unified social credit code (GB 32100 check character)")
    return code


def _name(raw: str) -> str:
    if not raw.strip():
        raise RefusalError("the enterprise needs a name")
    if len(raw.strip()) > MAX_NAME:
        raise RefusalError("longer than %(limit)s characters", limit=str(MAX_NAME))
    return raw.strip()


def _region(raw: str) -> str:
    code = raw.strip()
    try:
        identity.region(code=code)
    except NotFoundError:
        raise RefusalError("not a GB/T 2260 region code of the regions pack") from None
    return code


def revenue(raw: str, scale: Decimal) -> Decimal:
    """A non-negative amount in yuan, to the cent; thousands separators allowed."""
    try:
        amount = Decimal(raw.replace(",", "").replace("，", "").strip()) * scale
    except InvalidOperation:
        raise RefusalError("not a number") from None
    if not amount.is_finite() or amount < 0:
        raise RefusalError("must be a non-negative amount")
    if amount >= MAX_REVENUE:
        raise RefusalError("too large for an annual revenue")
    return amount.quantize(CENT, rounding=ROUND_HALF_UP)


def above_scale(raw: str) -> bool:
    word = raw.strip().lower()
    if word in YES:
        return True
    if word in NO:
        return False
    raise RefusalError("must be 是/否, Y/N, true/false or 1/0")


CHECKS: dict[str, Callable[[str], object]] = {
    "uscc": _uscc,
    "name": _name,
    "industry": normalise_industry,
    "region": _region,
    "above_scale": above_scale,
}


def check_row(
    number: int, cells: dict[str, str], found: Layout
) -> tuple[RegistryEnterprise | None, list[RowError]]:
    """The enterprise of one row, or every reason it is refused (in the columns' order)."""
    values: dict[str, Any] = {}
    errors: list[RowError] = []
    checks: dict[str, Callable[[str], object]] = {
        **CHECKS,
        "revenue": partial(revenue, scale=found.revenue_scale),
    }
    for column in COLUMNS:
        raw, check = cells[column], checks[column]
        try:
            values[column] = check(raw)
        except RefusalError as exc:
            errors.append(RowError(number, column, shown(raw), exc.template, exc.values))
    if errors:
        return None, errors
    return RegistryEnterprise(
        uscc=values["uscc"],
        name=values["name"],
        industry_code=values["industry"],
        region_code=values["region"],
        annual_revenue=values["revenue"],
        above_scale=values["above_scale"],
    ), []

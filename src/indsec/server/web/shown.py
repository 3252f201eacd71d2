"""How pages show values: moments in the instance's timezone, filters as query strings, page
counts, exports."""

from __future__ import annotations

from collections.abc import Callable, Sequence, Sized
from datetime import datetime, tzinfo
from urllib.parse import urlencode

from fastapi import Request
from fastapi.responses import Response

from indsec.errors import OutputError
from indsec.report import service as report
from indsec.server.auth import context
from indsec.server.web.i18n import pick_lang, translator


def moment(zone: tzinfo) -> Callable[[datetime | None], str]:
    """How a page shows a moment: in the plant's (or regulator's) timezone, to the second."""

    def shown(value: datetime | None) -> str:
        return "" if value is None else value.astimezone(zone).strftime("%Y-%m-%d %H:%M:%S")

    return shown


def query_string(values: dict[str, object]) -> str:
    """A list's filter as the query string of its pager and export links (empty ones left
    out)."""
    return urlencode({k: str(v) for k, v in values.items() if v not in (None, "")})


def page_count(total: int, size: int) -> int:
    """How many pages of ``size`` a list of ``total`` fills (one, empty, when nothing
    matches: the pager always has a page to show)."""
    return max(1, -(-total // size))


def workbook(
    request: Request,
    title: str,
    header: Sequence[str],
    rows: Sequence[Sequence[object]],
    name: str,
) -> Response:
    """``rows`` as an XLSX download named ``name``, its title and headings in the page's
    language."""
    _ = translator(pick_lang(request)).gettext
    return download(report.table_workbook(_(title), [_(h) for h in header], rows), name)


def download(book: bytes, name: str) -> Response:
    """An XLSX workbook's bytes as a file the browser saves as ``name``."""
    disposition = f'attachment; filename="{name}"'
    return Response(
        book, media_type=report.XLSX_MEDIA_TYPE, headers={"Content-Disposition": disposition}
    )


def export_limit(request: Request) -> int:
    """The most rows one export may hold (``INDSEC_EXPORT_MAX_ROWS``)."""
    return context(request).settings.export_max_rows


def require_exportable(total: int, limit: int, what: str) -> None:
    """Refuse an export that would be cut short: a partial list read as whole misleads."""
    if total > limit:
        raise OutputError(f"{total} {what} match, more than {limit}: narrow the filter")


def require_within(found: Sized, limit: int, what: str) -> None:
    """Refuse an export of a list that has no count, read with one row more than ``limit``:
    that row is the proof the export would be cut short."""
    if len(found) > limit:
        raise OutputError(f"more than {limit} {what} match: narrow the filter")

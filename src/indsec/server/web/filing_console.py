"""The enterprise's filing page (enterprise mode): the records to be filed, the same XLSX and
JSON files the CLI writes, and submitting to the configured supervision instance, whose status
(received, under review, returned with comments, accepted) comes back on the page."""

from __future__ import annotations

import tempfile
from pathlib import Path
from typing import Annotated

from fastapi import APIRouter, Depends, Query, Request
from fastapi.responses import HTMLResponse, Response

from indsec.errors import ConfigError, NoCatalogueError, RemoteError
from indsec.report import service as report
from indsec.server.auth import actor, context
from indsec.server.scopes import Reader, TenantAccess, instance_writer
from indsec.server.web.i18n import pick_lang
from indsec.server.web.render import no_catalogue_yet, page, tenant_page
from indsec.supervision import service as supervision

router = APIRouter(include_in_schema=False)
PAGE = "/filing"
MEDIA_TYPES = {"xlsx": report.XLSX_MEDIA_TYPE, "json": "application/json"}


@router.get(PAGE)
def filing_page(access: Reader, request: Request) -> HTMLResponse:
    """The filing as it would be sent, in the page's language, with export and submit."""
    lang = pick_lang(request)
    try:
        document = report.filing_document(app=context(request), lang=lang)
    except NoCatalogueError:
        return no_catalogue_yet(request, access, "filing")
    return tenant_page(
        request,
        access,
        "filing_console.html",
        document=document,
        configured=bool(context(request).settings.supervision_url),
    )


@router.get(f"{PAGE}/export")
def filing_export(
    access: Reader,
    request: Request,
    fmt: Annotated[str, Query(alias="format", pattern="^(xlsx|json)$")] = "xlsx",
    lang: Annotated[str, Query(pattern="^(zh|en)$")] = "zh",
) -> Response:
    """The file ``indsec filing export --format FORMAT --lang LANG`` writes."""
    with tempfile.TemporaryDirectory() as folder:
        name = f"filing-{lang}.{fmt}"
        written = report.export_filing(
            app=context(request), fmt=fmt, lang=lang, output=Path(folder) / name
        )
        body = written.read_bytes()
    disposition = f'attachment; filename="{name}"'
    return Response(body, media_type=MEDIA_TYPES[fmt], headers={"Content-Disposition": disposition})


@router.post(f"{PAGE}/submit")
def filing_submit(
    access: Annotated[TenantAccess, Depends(instance_writer)], request: Request
) -> HTMLResponse:
    """Post the filing to the supervision instance; the answer (or why not) replaces the
    status panel. Every attempt is in the audit log."""
    app = context(request)
    document = report.filing_document(app=app, lang=pick_lang(request))
    try:
        sent = supervision.submit_filing(
            app=app, actor=actor(request, access.principal), document=document
        )
    except (ConfigError, RemoteError) as refused:
        return page(request, "_filing_remote.html", filings=[], message=str(refused))
    return page(request, "_filing_remote.html", filings=[sent], message=None, sent=sent)


@router.get(f"{PAGE}/status")
def filing_status(access: Reader, request: Request) -> HTMLResponse:
    """The versions the supervision instance has received, with their status and comments."""
    try:
        found = supervision.filing_statuses(app=context(request))
    except (ConfigError, RemoteError) as unavailable:
        return page(request, "_filing_remote.html", filings=[], message=str(unavailable))
    return page(request, "_filing_remote.html", filings=found, message=None)

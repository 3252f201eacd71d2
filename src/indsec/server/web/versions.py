"""The catalogue's version history, and what changed between two versions."""

from __future__ import annotations

from collections import Counter
from typing import Annotated

from fastapi import APIRouter, Query, Request
from fastapi.responses import HTMLResponse

from indsec.catalogue import service as catalogue
from indsec.server.auth import context
from indsec.server.schemas import MAX_ID
from indsec.server.scopes import Reader
from indsec.server.web.render import tenant_page

router = APIRouter(include_in_schema=False)
Version = Annotated[int | None, Query(ge=1, le=MAX_ID)]


@router.get("/catalogue/versions")
def versions_page(access: Reader, request: Request) -> HTMLResponse:
    """Every version, newest first, with a form choosing two to compare."""
    versions = list(reversed(catalogue.list_versions(app=context(request))))
    complete = [v for v in versions if v.status == "complete"]
    return tenant_page(request, access, "versions.html", versions=versions, complete=complete)


@router.get("/catalogue/diff")
def diff_page(
    access: Reader, request: Request, before: Version = None, after: Version = None
) -> HTMLResponse:
    """Changes from ``before`` (as created) to ``after`` (as it stands): by default from the
    complete version before the current one to the current one."""
    app = context(request)
    complete = [v.number for v in catalogue.list_versions(app=app) if v.status == "complete"]
    after = after or (complete[-1] if complete else None)
    earlier = [n for n in complete if after is not None and n < after]
    before = before or (earlier[-1] if earlier else after)
    changes = (
        catalogue.diff_versions(app=app, before=before, after=after)
        if before is not None and after is not None
        else []
    )
    kinds = Counter(c.change.value for c in changes)
    return tenant_page(
        request,
        access,
        "diff.html",
        before=before,
        after=after,
        changes=changes,
        kinds=kinds,
        complete=list(reversed(complete)),
    )

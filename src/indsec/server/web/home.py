"""The enterprise's landing page: grades, the last scan's problems, alerts on graded assets and
what the regulator has not been told yet; each number links to the list behind it."""

from __future__ import annotations

from fastapi import APIRouter, Request
from fastapi.responses import HTMLResponse

from indsec.console import service as console
from indsec.detect import service as detect
from indsec.model import Grade
from indsec.server.auth import context
from indsec.server.scopes import Reader
from indsec.server.web.i18n import pick_lang
from indsec.server.web.render import tenant_page

router = APIRouter(include_in_schema=False)
HOME = "/home"


@router.get(HOME)
def home_page(access: Reader, request: Request) -> HTMLResponse:
    app = context(request)
    found = console.home(app=app, uscc=access.tenant.uscc)
    peak = max(found.grades.values(), default=0)
    names = detect.scenario_names(app=app, lang=pick_lang(request))
    return tenant_page(
        request, access, "home.html", home=found, grades=list(Grade), peak=peak, names=names
    )

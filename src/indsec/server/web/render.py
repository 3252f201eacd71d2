"""Rendering a page: the template in the caller's language, the language remembered."""

from __future__ import annotations

from typing import Any

from fastapi import Request
from fastapi.responses import HTMLResponse

from indsec.server.auth import set_cookie
from indsec.server.web.i18n import LANG_COOKIE, environment, pick_lang


def page(request: Request, template: str, *, status_code: int = 200, **values: Any) -> HTMLResponse:
    """``template`` rendered in the caller's language; a ``?lang=`` choice is kept in a cookie."""
    lang = pick_lang(request)
    body = environment(lang).get_template(template).render(request=request, **values)
    response = HTMLResponse(body, status_code=status_code)
    if request.query_params.get("lang") == lang:
        set_cookie(request, response, LANG_COOKIE, lang, expires=None)
    return response

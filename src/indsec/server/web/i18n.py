"""Page languages: zh-CN by default, English on request, from Babel message catalogues.

Templates are written with English message ids; ``locale/zh_CN/LC_MESSAGES/messages.po`` holds
the Chinese. Only the ``.po`` is kept in the repository: it is compiled in memory when the
server starts (Babel's ``read_po`` then ``write_mo``), so there is no ``.mo`` to build, commit or
let fall out of date. One Jinja2 environment per language, built once, so requests in different
languages never share translation state.
"""

from __future__ import annotations

import gettext
from functools import cache
from io import BytesIO
from pathlib import Path
from typing import Literal

from babel.messages.mofile import write_mo
from babel.messages.pofile import read_po
from fastapi import Request
from jinja2 import Environment, FileSystemLoader, select_autoescape

Lang = Literal["zh", "en"]
LANGS: tuple[Lang, ...] = ("zh", "en")
DEFAULT_LANG: Lang = "zh"
LANG_COOKIE = "indsec_lang"
HERE = Path(__file__).parent
TEMPLATES = HERE / "templates"
CATALOGUES = {"zh": HERE / "locale" / "zh_CN" / "LC_MESSAGES" / "messages.po"}
HTML_LANG = {"zh": "zh-CN", "en": "en"}


def translations(lang: Lang) -> gettext.NullTranslations:
    """The compiled catalogue of ``lang`` (English is the message ids themselves)."""
    path = CATALOGUES.get(lang)
    if path is None:
        return gettext.NullTranslations()
    with path.open("rb") as source:
        catalogue = read_po(source, locale="zh_CN")
    compiled = BytesIO()
    write_mo(compiled, catalogue)
    compiled.seek(0)
    return gettext.GNUTranslations(compiled)


@cache
def environment(lang: Lang) -> Environment:
    """The template environment of one language, HTML-escaping everything it renders."""
    env = Environment(
        loader=FileSystemLoader(TEMPLATES),
        autoescape=select_autoescape(["html"]),
        extensions=["jinja2.ext.i18n"],
    )
    env.install_gettext_translations(translations(lang), newstyle=True)  # type: ignore[attr-defined]
    env.globals["html_lang"] = HTML_LANG[lang]
    env.globals["lang"] = lang
    return env


def pick_lang(request: Request) -> Lang:
    """``?lang=`` first (the language switch), then the cookie it leaves, then zh-CN."""
    for candidate in (request.query_params.get("lang"), request.cookies.get(LANG_COOKIE)):
        if candidate == "en":
            return "en"
        if candidate == "zh":
            return "zh"
    return DEFAULT_LANG

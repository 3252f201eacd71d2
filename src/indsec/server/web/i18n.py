"""Page languages: zh-CN by default, English on request, from Babel message catalogues.

Templates are written with English message ids; the ``.po`` files of
``locale/zh_CN/LC_MESSAGES/`` hold the Chinese, one file per area of the platform (so work on the
registry and on the console never edits the same catalogue), merged into one catalogue per
language. Only the ``.po`` files are kept in the repository: they are compiled in memory when the
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

from babel.messages.catalog import Catalog
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
CATALOGUE_DIRS = {"zh": HERE / "locale" / "zh_CN" / "LC_MESSAGES"}
HTML_LANG = {"zh": "zh-CN", "en": "en"}


def catalogue(lang: Lang) -> Catalog | None:
    """Every ``.po`` file of ``lang`` merged into one catalogue; ``None`` for English.

    A message id translated in two files is an error (the two areas would disagree on a word),
    raised here so a test catches it rather than a page showing whichever file came last.
    """
    folder = CATALOGUE_DIRS.get(lang)
    if folder is None:
        return None
    merged = Catalog(locale="zh_CN")
    for path in sorted(folder.glob("*.po")):
        with path.open("rb") as source:
            for message in read_po(source, locale="zh_CN"):
                if not message.id:
                    continue
                if message.id in merged:
                    raise ValueError(f"{path.name}: {message.id!r} is translated in two files")
                merged[message.id] = message
    return merged


def translations(lang: Lang) -> gettext.NullTranslations:
    """The compiled catalogue of ``lang`` (English is the message ids themselves)."""
    merged = catalogue(lang)
    if merged is None:
        return gettext.NullTranslations()
    compiled = BytesIO()
    write_mo(compiled, merged)
    compiled.seek(0)
    return gettext.GNUTranslations(compiled)


@cache
def translator(lang: Lang) -> gettext.NullTranslations:
    """The catalogue of ``lang`` for text outside templates (an export's headings)."""
    return translations(lang)


@cache
def environment(lang: Lang) -> Environment:
    """The template environment of one language, HTML-escaping everything it renders."""
    env = Environment(
        loader=FileSystemLoader(TEMPLATES),
        autoescape=select_autoescape(["html"]),
        extensions=["jinja2.ext.i18n"],
    )
    env.install_gettext_translations(translator(lang), newstyle=True)  # type: ignore[attr-defined]
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

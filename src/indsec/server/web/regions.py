"""Region names in the page's language, for the dashboards' tables, charts and breadcrumbs.

The regions pack names provinces and a few cities; a code it does not name yet is shown as
itself, and the whole country (``100000``) by a translated word.
"""

from __future__ import annotations

from indsec.errors import NotFoundError
from indsec.identity import service as identity
from indsec.server.web.i18n import Lang, translator
from indsec.supervision import service as supervision


def say(lang: Lang, message: str) -> str:
    """``message`` in ``lang`` for text built in Python (XLSX headers, region names), formatted
    as the templates' new-style gettext formats it, so ``%%`` means ``%`` in both."""
    return translator(lang).gettext(message) % {}


def region_name(code: str, lang: Lang) -> str:
    """The region's name in ``lang``, or its code when the regions pack does not name it."""
    if code == supervision.COUNTRY:
        return say(lang, "Whole country")
    try:
        return identity.region(code=code).names.get(lang)
    except NotFoundError:
        return code

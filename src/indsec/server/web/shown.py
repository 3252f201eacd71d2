"""How pages show values: moments in the instance's timezone, filters as query strings."""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime, tzinfo
from urllib.parse import urlencode


def moment(zone: tzinfo) -> Callable[[datetime | None], str]:
    """How a page shows a moment: in the plant's (or regulator's) timezone, to the second."""

    def shown(value: datetime | None) -> str:
        return "" if value is None else value.astimezone(zone).strftime("%Y-%m-%d %H:%M:%S")

    return shown


def query_string(values: dict[str, object]) -> str:
    """A list's filter as the query string of its pager and export links (empty ones left
    out)."""
    return urlencode({k: str(v) for k, v in values.items() if v not in (None, "")})

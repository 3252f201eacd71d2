"""Each dashboard's figures reused for a moment within one server process.

A dashboard is a handful of grouped counts over up to 100,000 filings and 45,000 enterprises;
fifty regulators refreshing it would count the same rows many times a second. The figures are
kept per jurisdiction for ``INDSEC_DASHBOARD_CACHE_S`` seconds (``indsec.store.kept`` states
how the bound is kept), so what a regulator sees is never older than that:

* a regulator's own state change and a registry import forget the process's figures in the
  same call that commits them, so the dashboard moves at once where the change was made;
* filings arriving (hundreds a second at peak) and changes made in another server process show
  within the bound; forgetting the figures on every filing would mean counting on every view.

Concurrent misses of one jurisdiction count once; the others wait for that count.
"""

from __future__ import annotations

import threading
from collections.abc import Callable

from indsec.store.kept import Kept, kept_for
from indsec.supervision.dashboard import Figures

MAX_JURISDICTIONS = 4096
"""More than the country, its provinces and their cities: every dashboard can be kept."""
_COUNTING: dict[str, threading.Lock] = {}
_COUNTING_GUARD = threading.Lock()


def figures_kept(store: object, seconds: float) -> Kept[str, Figures]:
    """The process's kept figures of one database (its store)."""
    return kept_for(store, "dashboard figures", seconds, MAX_JURISDICTIONS, Figures)


def _counting(code: str) -> threading.Lock:
    with _COUNTING_GUARD:
        return _COUNTING.setdefault(code, threading.Lock())


def figures(kept: Kept[str, Figures], code: str, count: Callable[[], Figures]) -> Figures:
    """The kept figures of ``code`` if young enough, else ``count()``'s (then kept)."""
    found = kept.get(code)
    if found is not None:
        return found
    with _counting(code):
        found = kept.get(code)
        if found is not None:
            return found
        mark = kept.begin()
        counted = count()
        kept.put(code, counted, mark)
        return counted

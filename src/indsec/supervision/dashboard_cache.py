"""Each dashboard's figures reused for a moment within one server process.

A dashboard is a handful of grouped counts over up to 100,000 filings and 45,000 enterprises;
fifty regulators refreshing it would count the same rows many times a second. The figures are
kept per jurisdiction for ``INDSEC_DASHBOARD_CACHE_S`` seconds (``indsec.store.kept`` states
how the bound is kept). When they are older, the first request to notice starts a recount in
the background and every request goes on getting the kept figures until it is done, so no
regulator waits for a count but the first one after a start or a change; what a regulator sees
is never older than the bound plus one count:

* a regulator's own state change and a registry import forget the process's figures in the
  same call that commits them, so the dashboard moves at once where the change was made;
* filings arriving (hundreds a second at peak) and changes made in another server process show
  within the bound; forgetting the figures on every filing would mean counting on every view.

A count is never run twice at once for one jurisdiction: with nothing kept to show, the others
wait for it.
"""

from __future__ import annotations

import logging
import threading
from collections.abc import Callable

from indsec.store.kept import Kept, kept_for
from indsec.supervision.dashboard import Figures

logger = logging.getLogger(__name__)
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


def kept_only(kept: Kept[str, Figures], code: str, count: Callable[[], Figures]) -> Figures | None:
    """What :func:`figures` answers without counting in the caller: the young figures of
    ``code``, or older ones while a background recount starts; None when nothing is kept."""
    found = kept.get(code)
    if found is not None:
        return found
    previous = kept.last(code)
    if previous is not None:
        lock = _counting(code)
        if lock.acquire(blocking=False):
            threading.Thread(target=_recount, args=(kept, code, count, lock), daemon=True).start()
    return previous


def figures(kept: Kept[str, Figures], code: str, count: Callable[[], Figures]) -> Figures:
    """The kept figures of ``code`` if young enough; older ones while a background recount
    runs; else ``count()``'s, counted here (then kept)."""
    found = kept_only(kept, code, count)
    if found is not None:
        return found
    with _counting(code):
        found = kept.get(code)
        return found if found is not None else _counted(kept, code, count)


def _counted(kept: Kept[str, Figures], code: str, count: Callable[[], Figures]) -> Figures:
    mark = kept.begin()
    counted = count()
    kept.put(code, counted, mark)
    return counted


def _recount(
    kept: Kept[str, Figures], code: str, count: Callable[[], Figures], lock: threading.Lock
) -> None:
    """Count ``code`` again (holding its ``lock``, acquired by the caller); a failure leaves
    the previous figures in place for the next request to try again."""
    try:
        _counted(kept, code, count)
    except Exception:  # a background count has no caller to tell: the server's log is told
        logger.exception("recounting the dashboard of %s failed; the next request retries", code)
    finally:
        lock.release()

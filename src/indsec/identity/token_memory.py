"""Verified API tokens remembered for a moment per server process, by their digest.

Every API request looked its token and user up in the database: a round trip (three with the
transaction around it) before any work, on the hot path of filing intake. A token that was
valid a moment ago almost always still is, so a verified token's principal is kept for
``INDSEC_TOKEN_CACHE_S`` seconds (default 5, at most 60; 0 turns this off), keyed by the
secret's SHA-256 digest, never the secret. What that bound means for security:

* revoking a token, disabling its user or changing the user's role takes effect at once in the
  server process that did it (it forgets every remembered token after committing), and in the
  other processes of a multi-worker server within the bound;
* a token's own expiry is checked on every use, remembered or not, so it never outlives it;
* refusals are never remembered: an unknown, revoked or expired token is looked up each time.
"""

from __future__ import annotations

from datetime import datetime

from indsec.app import AppContext
from indsec.model.identity import Principal
from indsec.store.kept import Kept, kept_for

MAX_TOKENS = 10_000
"""Tokens remembered at once per process; the least recently verified is forgotten first."""

Verified = tuple[Principal, datetime]
"""A token's principal and its expiry."""


def remembered(app: AppContext) -> Kept[str, Verified]:
    """The process's remembered tokens of the app's database."""
    seconds = app.settings.token_cache_s
    return kept_for(app.store(), "verified tokens", seconds, MAX_TOKENS, tuple)


def forget_tokens(app: AppContext) -> None:
    """Forget every remembered token: call after committing a change to tokens or users."""
    remembered(app).forget()

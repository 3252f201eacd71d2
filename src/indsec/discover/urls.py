"""Source URLs as people and the store see them: every credential masked, even in broken URLs.

A source URL can carry secrets in two places: the password of its userinfo
(``postgresql://scanner:pw@db/mes``) and query parameters that drivers pass on as connection
arguments (``?password=…``, ``?sslpassword=…``, ``?token=…``). Every place that shows or stores a
source — progress, reports, the catalogue, logs, errors — goes through :func:`mask_url`, so a
secret cannot reach one of them by a path nobody thought of.

Masking works on the raw text, not on a parsed URL: a URL that does not parse (an unclosed IPv6
bracket, a bad port) must still be shown, masked, in the error that says it does not parse.
The userinfo ends at the *last* ``@`` before the query, because SQLAlchemy reads a password up
to an ``@`` and users paste unencoded passwords with ``/`` or ``@`` in them.
"""

from __future__ import annotations

import re
from urllib.parse import unquote

MASK = "***"

# name of a query parameter whose value is a credential: password, passwd, pwd, sslpassword,
# token, access_token, secret, client_secret, key, api_key, sslkey, auth…, credential…
CREDENTIAL_PARAM = re.compile(r"pass|pwd|token|secret|key|auth|credential", re.IGNORECASE)

# scheme://  username (no ':' or '/', as SQLAlchemy reads it)  :password@  — before any '?'
_USERINFO = re.compile(r"^(?P<head>[^:/?#]+://[^:/?#@]*:)(?P<password>[^?]*)@")
_QUERY_PARAM = re.compile(r"(?P<head>[?&](?P<name>[^=&?]+)=)(?P<value>[^&]*)")


def mask_url(url: str) -> str:
    """``url`` with its userinfo password and credential query values replaced by ``***``.

    The username stays: it names the account that scanned, which the operator needs to know.
    """
    base, question, query = url.partition("?")
    masked = _USERINFO.sub(lambda m: f"{m['head']}{MASK}@", base)
    if question:
        masked += _QUERY_PARAM.sub(_mask_param, question + query)
    return masked


def url_secrets(url: str) -> list[str]:
    """The credential values of ``url`` (raw and decoded), to scrub from third-party messages."""
    base, _, query = url.partition("?")
    found: list[str] = []
    if match := _USERINFO.match(base):
        found.append(match["password"])
    found += [m["value"] for m in _QUERY_PARAM.finditer("?" + query) if _is_credential(m)]
    return [s for secret in found if secret for s in {secret, unquote(secret)}]


def scrub(message: str, secrets: list[str]) -> str:
    """``message`` with each of ``secrets`` replaced by ``***``, longest first."""
    for secret in sorted(secrets, key=len, reverse=True):
        message = message.replace(secret, MASK)
    return message


def _is_credential(match: re.Match[str]) -> bool:
    return bool(CREDENTIAL_PARAM.search(unquote(match["name"])))


def _mask_param(match: re.Match[str]) -> str:
    if not _is_credential(match) or not match["value"]:
        return match[0]
    return f"{match['head']}{MASK}"

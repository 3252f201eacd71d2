"""Secret-shape validators: what a password or a token can look like, and what it cannot.

Password- and token-named columns also hold their metadata (flags, counts, expiry dates, grant
types, placeholders); these checks keep such values from being reported as secrets.
"""

from __future__ import annotations

import re

from indsec.classify.recognize.validator_registry import validator

_NOT_PASSWORDS = frozenset({"true", "false", "null", "none", "yes"})
_DATE = r"\d{4}[-/.]\d{1,2}[-/.]\d{1,2}(?:t[\d:.]+z?)?"
_FIGURE_OR_DATE = re.compile(rf"[+-]?\d{{1,5}}(?:\.\d+)?|{_DATE}")
# what password metadata holds: counts and day limits (3, 90, 365), signed or decimal figures,
# dates; four digits and more may be a PIN (ISO 9564-1 PINs have 4 to 12 digits: 13579, 8888)
_PASSWORD_METADATA = re.compile(rf"\d{{1,3}}|[+-]\d+(?:\.\d+)?|\d+\.\d+|{_DATE}")


_STATED_PASSWORD = re.compile(r"(?:密码|口令)(?:为|是)?\s{0,3}([!-~]+)")
"""A password stated in prose (初始化密码 123456): the token after the word is what is judged."""


@validator("typed_password", "could be typed passwords")
def is_typed_password(value: str) -> bool:
    """Not a flag, a small figure or a date: what ``password_expired``, ``pwd_errors`` hold.

    Password-named columns also hold password metadata (up to three digits: counts, days); four
    digits and more may be a PIN, as an administrator password 13579 is.
    """
    stated = _STATED_PASSWORD.search(value)
    token = stated.group(1) if stated else value
    return token not in _NOT_PASSWORDS and _PASSWORD_METADATA.fullmatch(token) is None


_ONE_CHARACTER = re.compile(r"(.)\1*")


@validator("opaque_secret", "look like secrets")
def is_opaque_secret(value: str) -> bool:
    """Letters mixed with digits, and not a date or a placeholder (``XXXXXXXX``).

    Random keys and tokens hold both (a 24-character random base64 string lacks a digit in
    under 2% of cases); what ``token_type``, ``token_expire`` or a grant-type list holds does not.
    """
    token = value.strip()
    if _FIGURE_OR_DATE.fullmatch(token) or _ONE_CHARACTER.fullmatch(token):
        return False
    return any(c.isalpha() for c in token) and any(c.isdigit() for c in token)

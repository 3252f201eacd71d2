"""Secret-shape validators: what a password or a token can look like, and what it cannot.

Password- and token-named columns also hold their metadata (flags, counts, expiry dates, grant
types, placeholders); these checks keep such values from being reported as secrets.
"""

from __future__ import annotations

import re

from indsec.classify.recognize.validator_registry import validator

_NOT_PASSWORDS = frozenset({"true", "false", "null", "none", "yes"})
_FIGURE_OR_DATE = re.compile(r"[+-]?\d{1,5}(?:\.\d+)?|\d{4}[-/.]\d{1,2}[-/.]\d{1,2}(?:t[\d:.]+z?)?")


_STATED_PASSWORD = re.compile(r"(?:密码|口令)(?:为|是)?\s{0,3}([!-~]+)")
"""A password stated in prose (初始化密码 123456): the token after the word is what is judged."""


@validator("typed_password", "could be typed passwords")
def is_typed_password(value: str) -> bool:
    """Not a flag, a small figure or a date: what ``password_expired``, ``pwd_errors`` hold.

    Password-named columns also hold password metadata; six digits and more may be a PIN.
    """
    stated = _STATED_PASSWORD.search(value)
    token = stated.group(1) if stated else value
    return token not in _NOT_PASSWORDS and _FIGURE_OR_DATE.fullmatch(token) is None


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

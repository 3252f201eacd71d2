"""Deterministic, format-valid Chinese identifiers and credentials for the demo.

Recognizers check checksums, so the demo's identifiers must pass them: a resident ID with a wrong
GB 11643 check digit would teach nothing. Check characters come from python-stdnum wherever it
has them; only the organisation code inside a USCC (GB 11714) is computed here, because stdnum
does not cover it. Every function takes the caller's ``random.Random`` so output depends on the
seed alone.
"""

from __future__ import annotations

import base64
import random
import string
from datetime import date

from stdnum import luhn
from stdnum.cn import ric, uscc

_USCC_CHARS = "0123456789ABCDEFGHJKLMNPQRTUWXY"
_ORG_CODE_WEIGHTS = (3, 7, 9, 10, 5, 8, 4, 2)
_BCRYPT_CHARS = "./ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789"
_PLATE_CHARS = "ABCDEFGHJKLMNPQRSTUVWXYZ0123456789"


def resident_id(rng: random.Random, area_code: str, birth: date, *, male: bool) -> str:
    """An 18-digit resident ID (GB 11643); the sequence number's parity encodes the sex."""
    sequence = rng.randrange(0, 500) * 2 + (1 if male else 0)
    body = f"{area_code}{birth:%Y%m%d}{sequence:03d}"
    return body + ric.calc_check_digit(body + "0")


def organization_code(base: str) -> str:
    """Append the GB 11714 check character to an 8-character organisation code."""
    total = sum(
        int(char, 36) * weight for char, weight in zip(base, _ORG_CODE_WEIGHTS, strict=True)
    )
    check = 11 - total % 11
    return base + {10: "X", 11: "0"}.get(check, str(check))


def credit_code(region: str, organization_base: str) -> str:
    """A unified social credit code (GB 32100) of an enterprise (registrar 9, type 1)."""
    body = f"91{region}{organization_code(organization_base)}"
    return body + uscc.calc_check_digit(body)


def random_credit_code(rng: random.Random, region: str) -> str:
    """A USCC with a random organisation code of the post-2015 ``MA`` series."""
    base = "MA" + "".join(rng.choice(_USCC_CHARS) for _ in range(6))
    return credit_code(region, base)


def bank_card(rng: random.Random, card_bin: str, length: int) -> str:
    """A debit card number with a valid Luhn check digit."""
    body = card_bin + "".join(rng.choice(string.digits) for _ in range(length - len(card_bin) - 1))
    return body + luhn.calc_check_digit(body)


def corporate_account(rng: random.Random, prefix: str) -> str:
    """A 19-digit corporate bank account; these carry no public check digit."""
    return prefix + "".join(rng.choice(string.digits) for _ in range(15))


def landline(rng: random.Random, area_code: str) -> str:
    """A fixed-line number with its area code, ``0519-86551234`` style."""
    digits = 7 if len(area_code) == 4 else 8
    return f"{area_code}-{rng.randint(2, 8)}{rng.randrange(10 ** (digits - 1)):0{digits - 1}d}"


def license_plate(rng: random.Random, prefix: str) -> str:
    """A vehicle plate such as ``苏D5K2J8``."""
    return prefix + "".join(rng.choice(_PLATE_CHARS) for _ in range(5))


def mac_address(rng: random.Random, oui: str) -> str:
    """A MAC address inside the vendor's OUI."""
    return oui + "".join(f":{rng.randrange(256):02X}" for _ in range(3))


def bcrypt_hash(rng: random.Random) -> str:
    """A format-valid bcrypt hash (cost 12); nothing was hashed to make it.

    The last salt and hash characters are drawn from the subset a real encoder can emit, so
    strict parsers accept the string.
    """
    salt = _bcrypt_chars(rng, 21) + rng.choice(_BCRYPT_CHARS[::16])
    digest = _bcrypt_chars(rng, 30) + rng.choice(_BCRYPT_CHARS[::4])
    return f"$2b$12${salt}{digest}"


def pbkdf2_hash(rng: random.Random) -> str:
    """A format-valid Django ``pbkdf2_sha256`` hash; nothing was hashed to make it."""
    salt = "".join(rng.choice(string.ascii_letters + string.digits) for _ in range(22))
    digest = base64.b64encode(rng.randbytes(32)).decode("ascii")
    return f"pbkdf2_sha256$600000${salt}${digest}"


def fake_secret(rng: random.Random, label: str) -> str:
    """An obviously fake credential for the demo's config files."""
    return f"demo-fake-{label}-{rng.randbytes(4).hex()}"


def _bcrypt_chars(rng: random.Random, count: int) -> str:
    return "".join(rng.choice(_BCRYPT_CHARS) for _ in range(count))

"""Validators: checksum and plausibility hooks that a recognizer pattern match must also pass.

A regex can say a value *looks like* a resident ID; only the GB 11643 check digit says it *is*
one. Keeping those checks as named functions in a registry lets rule packs reference them by name
while the patterns stay small (habit 6 of the design: checksums in hooks, not in bigger regexes).

Validators receive the value as the engine normalised it: NFKC, lower-cased, stripped. They must
be fast, because they run on every candidate cell, and they must never raise on odd input.

This module is the one place callers import them from: the registry
(:mod:`.validator_registry`) and the built-in validators, one module per concept — check digits
(:mod:`.check_digits`), address, date and coordinate formats (:mod:`.formats`) and the shapes of
secrets (:mod:`.secret_shapes`). Importing it registers every built-in validator.
"""

from __future__ import annotations

from indsec.classify.recognize.check_digits import (
    gb11643_check_character,
    gb32100_check_character,
    is_cn_resident_id,
    is_cn_uscc,
    is_luhn_valid,
    luhn_passes,
)
from indsec.classify.recognize.formats import (
    is_calendar_date,
    is_geo_coordinate,
    is_ipv4,
    is_ipv6,
)
from indsec.classify.recognize.secret_shapes import is_opaque_secret, is_typed_password
from indsec.classify.recognize.validator_registry import (
    VALIDATORS,
    Check,
    CheckMany,
    Validator,
    validator,
)

__all__ = [
    "VALIDATORS",
    "Check",
    "CheckMany",
    "Validator",
    "gb11643_check_character",
    "gb32100_check_character",
    "is_calendar_date",
    "is_cn_resident_id",
    "is_cn_uscc",
    "is_geo_coordinate",
    "is_ipv4",
    "is_ipv6",
    "is_luhn_valid",
    "is_opaque_secret",
    "is_typed_password",
    "luhn_passes",
    "validator",
]

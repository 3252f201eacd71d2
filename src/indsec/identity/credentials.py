"""Secrets at rest: argon2 password hashes, and digests of random session and token secrets.

Passwords are low-entropy, so they get argon2id (memory-hard, salted; its cost comes from the
settings, and a stored hash is redone at sign-in when the cost is raised). Session cookies and
API tokens are 256-bit random strings, so a SHA-256 digest is enough to store them and lets a
request find its row by an index lookup instead of trying every hash.
"""

from __future__ import annotations

import hashlib
import hmac
import secrets
from dataclasses import dataclass
from functools import cache

from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerificationError

from indsec.errors import IdentityError
from indsec.settings import Settings

TOKEN_PREFIX = "isk_"
"""API tokens start with it, so a leaked one is recognisable by secret scanners."""


@dataclass(frozen=True, slots=True)
class Hashing:
    """The argon2id cost (INDSEC_ARGON2_*); a hash keeps its own parameters, so raising the
    cost rehashes each password at its next sign-in."""

    time_cost: int
    memory_kib: int

    @classmethod
    def from_settings(cls, settings: Settings) -> Hashing:
        return cls(settings.argon2_time_cost, settings.argon2_memory_kib)


@cache
def _hasher(cost: Hashing) -> PasswordHasher:
    return PasswordHasher(time_cost=cost.time_cost, memory_cost=cost.memory_kib, parallelism=1)


@cache
def _dummy_hash(cost: Hashing) -> str:
    return _hasher(cost).hash(secrets.token_urlsafe(16))


def hash_password(password: str, *, cost: Hashing, min_length: int) -> str:
    """The argon2id hash of ``password``, after the length policy."""
    if len(password) < min_length:
        raise IdentityError(f"the password must have at least {min_length} characters")
    if not password.strip():
        raise IdentityError("the password cannot be blank")
    return _hasher(cost).hash(password)


def password_matches(stored_hash: str, password: str, *, cost: Hashing) -> bool:
    """Whether ``password`` matches ``stored_hash``; a corrupt hash never matches."""
    try:
        return _hasher(cost).verify(stored_hash, password)
    except (VerificationError, InvalidHashError):
        return False


def needs_rehash(stored_hash: str, *, cost: Hashing) -> bool:
    return _hasher(cost).check_needs_rehash(stored_hash)


def dummy_verify(password: str, *, cost: Hashing) -> None:
    """Spend the time of one verification when the user does not exist, so the answer's
    timing does not tell which usernames exist."""
    password_matches(_dummy_hash(cost), password, cost=cost)


def new_secret(prefix: str = "") -> str:
    """A fresh 256-bit random secret, URL-safe."""
    return prefix + secrets.token_urlsafe(32)


def digest(secret: str) -> str:
    """The SHA-256 hex digest under which a session or token secret is stored."""
    return hashlib.sha256(secret.encode("utf-8")).hexdigest()


def same_secret(given: str, expected: str) -> bool:
    """Compare secrets in constant time."""
    return hmac.compare_digest(given.encode("utf-8"), expected.encode("utf-8"))

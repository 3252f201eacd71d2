"""The enterprise profile file (``indsec.toml``): read, write, and edit one key at a time.

The profile, the site policy and the filing declarations are configuration people edit, so they
live in a TOML file beside their work rather than in the database; grading reads the profile on
every scan and records the values it used, detection reads the ``[site]`` policy on every run.
"""

from __future__ import annotations

import re
import tomllib
from pathlib import Path
from typing import Any

import tomli_w
from pydantic import ValidationError

from indsec.errors import ConfigError
from indsec.model import EnterpriseProfile, SitePolicy

PROFILE_TABLE = "enterprise"


def read_toml(path: Path) -> dict[str, Any]:
    """The whole ``indsec.toml`` document; unreadable or invalid TOML is a located error."""
    try:
        return tomllib.loads(path.read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError) as exc:
        raise ConfigError(f"{path}: cannot read: {exc}") from exc
    except tomllib.TOMLDecodeError as exc:
        raise ConfigError(f"{path}: invalid TOML: {exc}") from exc


def load_profile(path: Path) -> EnterpriseProfile:
    """The profile in ``path``; a default profile (``is_default``) when the file does not exist."""
    if not path.exists():
        return EnterpriseProfile(is_default=True)
    table = read_toml(path).get(PROFILE_TABLE, {})
    try:
        return EnterpriseProfile.model_validate(table)
    except ValidationError as exc:
        problems = "; ".join(f"{'.'.join(map(str, e['loc']))}: {e['msg']}" for e in exc.errors())
        raise ConfigError(f"{path}: [{PROFILE_TABLE}] {problems}") from exc


def write_table(path: Path, name: str, table: dict[str, Any]) -> None:
    """Replace table ``name`` of ``path``, keeping every other table of the file."""
    document = read_toml(path) if path.exists() else {}
    document[name] = table
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(tomli_w.dumps(document), encoding="utf-8")


def save_profile(path: Path, profile: EnterpriseProfile) -> None:
    """Write ``profile`` into ``path``, keeping any other tables of the file."""
    write_table(path, PROFILE_TABLE, profile.model_dump(mode="json"))


def set_profile_value(path: Path, key: str, value: str) -> EnterpriseProfile:
    """Set one profile field from its text form, validated by the profile model."""
    fields = EnterpriseProfile.model_fields
    if key not in fields or fields[key].exclude:
        valid = ", ".join(k for k, f in fields.items() if not f.exclude)
        raise ConfigError(f"unknown profile key '{key}' (valid: {valid})")
    current = load_profile(path).model_dump(mode="json")
    current[key] = _parse_value(value, current.get(key))
    try:
        profile = EnterpriseProfile.model_validate(current)
    except ValidationError as exc:
        raise ConfigError(f"{key}: {exc.errors()[0]['msg']}") from exc
    save_profile(path, profile)
    return profile


def _parse_value(text: str, current: object) -> object:
    """Interpret ``text`` like the field's current value: lists split on commas, bools by word."""
    if isinstance(current, list):
        return [part.strip() for part in text.split(",") if part.strip()]
    if isinstance(current, bool):
        lowered = text.strip().lower()
        if lowered in {"true", "yes", "1", "是"}:
            return True
        if lowered in {"false", "no", "0", "否"}:
            return False
        raise ConfigError(f"expected true or false, got '{text}'")
    return text


FILING_TABLE = "filing"


def load_filing_declarations(path: Path) -> dict[str, dict[str, str]]:
    """What the enterprise declares for its filing (purpose, sharing, …) in ``[filing]``.

    ``[filing.defaults]`` applies to every filed asset; ``[filing.assets."NAME"]`` to one asset
    (by name or ``source::name`` key). Returned as ``{"defaults": {...}, NAME: {...}, ...}``.
    """
    if not path.exists():
        return {"defaults": {}}
    table = read_toml(path).get(FILING_TABLE, {})
    if not isinstance(table, dict):
        raise ConfigError(f"{path}: [{FILING_TABLE}] must be a table")
    declared: dict[str, dict[str, str]] = {"defaults": _text_table(path, table.get("defaults", {}))}
    for name, values in dict(table.get("assets", {})).items():
        declared[str(name)] = _text_table(path, values)
    return declared


def _text_table(path: Path, table: object) -> dict[str, str]:
    if not isinstance(table, dict) or not all(isinstance(v, str) for v in table.values()):
        raise ConfigError(f"{path}: [{FILING_TABLE}] values must be text")
    return {str(k): v for k, v in table.items()}


ASSESSMENT_TABLE = "assessment"
TEAM_KEYS = ("name", "role", "organisation")


def load_assessment_team(path: Path) -> list[dict[str, str]]:
    """The assessment team the site declares, ``[[assessment.team]]`` with name, role and
    organisation (text), in the file's order; none declared is an empty list."""
    if not path.exists():
        return []
    table = read_toml(path).get(ASSESSMENT_TABLE, {})
    team = table.get("team", []) if isinstance(table, dict) else None
    if not isinstance(team, list):
        raise ConfigError(f"{path}: [[{ASSESSMENT_TABLE}.team]] must be an array of tables")
    return [_member(path, n, entry) for n, entry in enumerate(team, start=1)]


def save_assessment_team(path: Path, team: list[dict[str, str]]) -> None:
    """Declare the assessment team in ``path`` (``[[assessment.team]]``), keeping other tables."""
    write_table(
        path, ASSESSMENT_TABLE, {"team": [_member(path, n, m) for n, m in enumerate(team, 1)]}
    )


def _member(path: Path, number: int, entry: object) -> dict[str, str]:
    where = f"{path}: [[{ASSESSMENT_TABLE}.team]] #{number}"
    if not isinstance(entry, dict) or set(entry) - set(TEAM_KEYS):
        raise ConfigError(f"{where}: keys are {', '.join(TEAM_KEYS)}")
    if not all(isinstance(entry.get(k, ""), str) for k in TEAM_KEYS) or not entry.get("name"):
        raise ConfigError(f"{where}: name (required), role and organisation are text")
    return {k: str(entry.get(k, "")) for k in TEAM_KEYS}


SITE_TABLE = "site"
_KEY_PART = re.compile(r"^(?:\d+|[a-z_]+)$")
"""Parts of a pydantic error location that name keys (not union members or validators)."""


def site_policy_from_table(table: Any, where: str) -> SitePolicy:
    """Validate a ``[site]`` table; ``where`` names its file in errors.

    Raises:
        ConfigError: naming the first invalid key and why.
    """
    if not isinstance(table, dict):
        raise ConfigError(f"{where}: [{SITE_TABLE}] must be a table")
    try:
        return SitePolicy.model_validate(table)
    except ValidationError as exc:
        error = exc.errors()[0]
        key = ".".join(str(part) for part in error["loc"] if _KEY_PART.match(str(part)))
        message = str(error["msg"]).removeprefix("Value error, ")
        raise ConfigError(f"{where}: [{SITE_TABLE}] {key}: {message}") from exc


def load_site_policy(path: Path) -> SitePolicy:
    """The policy in ``path``'s ``[site]`` table; defaults when the file or table is absent.

    Raises:
        ConfigError: the file is unreadable, not TOML, or the table is invalid.
    """
    if not path.exists():
        return SitePolicy()
    return site_policy_from_table(read_toml(path).get(SITE_TABLE, {}), str(path))


def save_site_policy(path: Path, policy: SitePolicy) -> None:
    """Write ``policy`` as the ``[site]`` table of ``path``, keeping every other table."""
    write_table(path, SITE_TABLE, policy.model_dump(mode="json"))

"""``sources.tls``: the databases holding important or core data are reached over TLS.

Only connection options are read (the DSN's query: ``sslmode``, ``ssl_mode``, ``ssl``…), from
the site's inputs when it lists the source, else from the catalogue's (password-masked) source
string; no connection is opened. Files and embedded databases are not reached over a network.
"""

from __future__ import annotations

from collections.abc import Mapping
from urllib.parse import parse_qsl, urlsplit

from indsec.assess.checks.base import ASSESS_CHECKS, CheckContext, CheckOutcome, Param, not_assessed
from indsec.assess.checks.store_checks import important_assets

NETWORK_DATABASES = {"postgresql", "postgres", "mysql", "mariadb", "mssql", "oracle", "tidb"}
TLS_OPTIONS: dict[str, set[str]] = {
    "sslmode": {"require", "verify-ca", "verify-full"},
    "ssl_mode": {"required", "verify_ca", "verify_identity"},
    "ssl": {"true", "1", "yes", "on", "required"},
    "tls": {"true", "1", "yes", "on"},
    "encrypt": {"true", "yes", "strict", "mandatory"},
}
"""Options that make a driver refuse a connection without TLS (``prefer`` does not)."""
TLS_FILES = {"ssl_ca", "sslrootcert", "ssl_cert"}
"""Options naming certificates: the driver then speaks TLS."""


def scheme(dsn: str) -> str:
    return urlsplit(dsn).scheme.split("+")[0].lower()


def uses_tls(dsn: str) -> bool:
    options = {k.lower(): v.strip().lower() for k, v in parse_qsl(urlsplit(dsn).query)}
    if TLS_FILES & options.keys():
        return True
    return any(options.get(name) in values for name, values in TLS_OPTIONS.items())


@ASSESS_CHECKS.decorator("sources.tls")
def sources_tls(context: CheckContext, params: Mapping[str, Param]) -> CheckOutcome:
    assets = important_assets(context)
    if assets is None:
        return not_assessed("no catalogue yet")
    inputs = context.inputs()
    declared = inputs.databases if inputs is not None else {}
    sources = sorted({a.source for a in assets})
    databases = {s: declared.get(s, s) for s in sources if scheme(declared.get(s, s))}
    networked = {s: d for s, d in databases.items() if scheme(d) in NETWORK_DATABASES}
    if not networked:
        summary = "no important/core data in a networked database"
        return CheckOutcome("not_applicable", summary, {"sources": len(sources)})
    plain = sorted(s for s, dsn in networked.items() if not uses_tls(dsn))
    facts: dict[str, object] = {
        "databases": sorted(networked),
        "without_tls": plain,
        "declared_in_inputs": sorted(set(networked) & declared.keys()),
    }
    summary = f"{len(networked) - len(plain)} of {len(networked)} databases reached over TLS"
    return CheckOutcome("fail" if plain else "pass", summary, facts)

"""Evaluation on real schemas: load each third-party dump, scan it, score it against an expert.

Run ``python benchmarks/real_schemas.py`` (needs the test MariaDB: ``source
/work/main/.test-services.env`` exports ``INDSEC_TEST_MYSQL_URL``; the ``mariadb`` client loads
the dump, so ``DELIMITER``, comments and ``SET`` lines are handled as the server's own tool does).

Each golden file under ``tests/golden/real_schemas/`` names its schema's SQL files; nothing
third-party is in this repository. Files come from one of two places, read at run time:

* ``source.kind: shared`` — paths under ``--shared-dir`` (default ``../shared/data/schemas``);
* ``source.kind: git`` — ``commit:path`` blobs of a fetched snapshot under ``--mirror-root``
  (default ``/work/.mirror``; the snapshot is ``<mirror-root>/<source.mirror>/repo``).

Per schema, a fresh database is created, loaded, scanned with ``scan_sources`` into a throwaway
store, exported as JSON and scored (``real_schemas_score.py``). Its name carries the run's
process id (``indsec_eval_<schema>_<pid>``), so runs by several people on one server never load
into each other's database; it is dropped after scoring unless ``--keep`` leaves it for
inspection. Held-out schemas are printed after the others, under their own heading.
"""

from __future__ import annotations

import argparse
import json
import os
import re
import subprocess
import sys
import tempfile
from pathlib import Path

from sqlalchemy.engine import make_url

if __package__ in (None, ""):  # run as a script: make the ``benchmarks`` package importable
    sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from benchmarks.real_schemas_score import GOLDEN_DIR, REPO, Golden, Score, load_golden, pack_ids
from benchmarks.real_schemas_score import score as score_assets
from indsec.app import AppContext
from indsec.catalogue.service import export_catalogue, scan_sources
from indsec.errors import IndsecError
from indsec.settings import Settings

SHARED_SCHEMAS = REPO.parent / "shared" / "data" / "schemas"
MIRROR_ROOT = Path("/work/.mirror")
# MySQL 8 spellings MariaDB does not know, and what MariaDB calls them.
MARIADB_SPELLINGS = {
    "utf8mb4_0900_ai_ci": "utf8mb4_general_ci",
    "utf8mb4_0900_as_cs": "utf8mb4_bin",
    "utf8mb4_0900_bin": "utf8mb4_bin",
}
# A dump that drops, creates and enters its own databases (``DROP DATABASE x; CREATE DATABASE x;
# USE x;``) would load beside the run's database, into a shared name (and drop whatever has it);
# every table must land in the run's own database.
OWN_DATABASE_STATEMENT = re.compile(
    r"^\s*(?:(?:CREATE|DROP)\s+(?:DATABASE|SCHEMA)\b|USE\s)[^;]*;", re.IGNORECASE | re.MULTILINE
)
SOURCE_SCHEMA = re.compile(r"^\s*Source Schema\s*:\s*(\S+)\s*$", re.MULTILINE)


def mariadb_dialect(sql: str) -> str:
    """``sql`` with MySQL 8-only collations renamed, so a MySQL 8 dump loads into MariaDB, and
    without the dump's own ``DROP``/``CREATE DATABASE`` and ``USE``, so it loads where told.
    A Navicat dump's views name their tables with the source database (`yk_ai`.`t_bom`, its
    header's "Source Schema"): that qualifier is dropped too, or the views reach for a database
    the run never made."""
    for mysql8, mariadb in MARIADB_SPELLINGS.items():
        sql = sql.replace(mysql8, mariadb)
    for schema in set(SOURCE_SCHEMA.findall(sql)):
        sql = sql.replace(f"`{schema}`.", "")
    return OWN_DATABASE_STATEMENT.sub("", sql)


def read_sql(golden: Golden, shared_dir: Path, mirror_root: Path) -> str:
    """The schema's SQL text, concatenated in the golden file's order."""
    source = golden.source
    if source["kind"] == "shared":
        return "\n".join((shared_dir / p).read_text(encoding="utf-8") for p in source["files"])
    git_dir = mirror_root / source["mirror"] / "repo"
    blobs = [f"{f['commit']}:{f['path']}" for f in source["files"]]
    return "\n".join(
        subprocess.run(
            ["git", "--git-dir", str(git_dir), "show", blob], check=True, capture_output=True
        ).stdout.decode("utf-8")
        for blob in blobs
    )


def run_database_name(schema: str, pid: int | None = None) -> str:
    """The database one run loads ``schema`` into: unique per process, a safe identifier."""
    safe = re.sub(r"\W", "_", schema)
    return f"indsec_eval_{safe}_{os.getpid() if pid is None else pid}"


def _client(server_url: str) -> tuple[list[str], dict[str, str]]:
    """The ``mariadb`` client's command line and environment (password not on the line)."""
    url = make_url(server_url)
    env = {**os.environ, "MYSQL_PWD": url.password or ""}
    client = ["mariadb", "-h", url.host or "127.0.0.1", "-P", str(url.port or 3306)]
    client += ["-u", url.username or "root", "--default-character-set=utf8mb4"]
    return client, env


def load_into_mariadb(server_url: str, database: str, sql: str) -> str:
    """Drop and create ``database``, load ``sql`` with the mariadb client; return its scan URL."""
    client, env = _client(server_url)
    ddl = (
        f"DROP DATABASE IF EXISTS `{database}`; CREATE DATABASE `{database}` CHARACTER SET utf8mb4"
    )
    subprocess.run([*client, "-e", ddl], check=True, env=env, capture_output=True)
    loaded = mariadb_dialect(sql).encode("utf-8")
    subprocess.run([*client, database], input=loaded, check=True, env=env, capture_output=True)
    scan_url = make_url(server_url).set(drivername="mysql", database=database)
    return scan_url.render_as_string(hide_password=False)


def drop_database(server_url: str, database: str) -> None:
    """Drop a run's database once it is scored."""
    client, env = _client(server_url)
    ddl = f"DROP DATABASE IF EXISTS `{database}`"
    subprocess.run([*client, "-e", ddl], check=True, env=env, capture_output=True)


def scan_to_assets(source_url: str, workdir: Path) -> list[dict[str, object]]:
    """Scan ``source_url`` into a throwaway store; the catalogue export's assets."""
    settings = Settings(database_url=f"sqlite:///{workdir / 'store.db'}")
    with AppContext(settings) as app:
        scan_sources(app=app, sources=[source_url])
        output = export_catalogue(app=app, fmt="json", output=workdir / "catalogue.json")
    assets: list[dict[str, object]] = json.loads(output.read_text(encoding="utf-8"))["assets"]
    return assets


def report(golden: Golden, result: Score, *, details: bool = True) -> str:
    """The printed block for one schema; ``details=False`` leaves the mismatches out."""
    lines = [
        f"== {golden.schema}{' (HELD OUT)' if golden.held_out else ''} — {golden.origin}"
        f" [{golden.licence}]",
        f"category accuracy {result.accuracy:.3f} ({result.tables_right}/{result.tables};"
        f" wrong: {result.unclassified} unclassified,"
        f" {result.tables - result.tables_right - result.unclassified} in another category)",
        f"label precision {result.precision:.3f}  recall {result.recall:.3f}"
        f"  (tp {result.true_pos}, fp {result.false_pos}, fn {result.false_neg})",
        f"labels from names alone {result.name_only}"
        f"  (+{result.name_only_semantic} name-only labels that have no value recognizer)",
    ]
    if not details:
        return "\n".join([*lines, "mismatches hidden (held out; --show-held-out prints them)"])
    return "\n".join([*lines, "mismatches:"] + [f"  {m}" for m in result.mismatches])


def evaluate(
    golden: Golden,
    args: argparse.Namespace,
    valued: frozenset[str],
    *,
    server_url: str,
    database: str | None = None,
) -> Score:
    """Load, scan and score one schema (into ``database``, by default this run's own one,
    dropped afterwards unless ``args.keep``)."""
    sql = read_sql(golden, args.shared_dir, args.mirror_root)
    own = database is None
    database = database or run_database_name(golden.schema)
    try:
        source_url = load_into_mariadb(server_url, database, sql)
        with tempfile.TemporaryDirectory() as tmp:
            return score_assets(golden, scan_to_assets(source_url, Path(tmp)), valued)
    finally:
        if own and not args.keep:
            drop_database(server_url, database)


def main(argv: list[str] | None = None) -> int:
    """Evaluate every golden schema (or those named) and print the figures."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument(
        "--engine",
        choices=("mariadb", "postgresql"),
        default="mariadb",
        help="postgresql: also copy each loaded schema to PostgreSQL, scan it there, print both",
    )
    parser.add_argument("schemas", nargs="*", help="schema names (default: every golden file)")
    parser.add_argument("--shared-dir", type=Path, default=SHARED_SCHEMAS)
    parser.add_argument("--mirror-root", type=Path, default=MIRROR_ROOT)
    parser.add_argument("--show-held-out", action="store_true", help="print held-out mismatches")
    parser.add_argument(
        "--keep", action="store_true", help="leave each run's database in place for inspection"
    )
    args = parser.parse_args(argv)
    if "INDSEC_TEST_MYSQL_URL" not in os.environ:
        parser.error("INDSEC_TEST_MYSQL_URL is not set (source /work/main/.test-services.env)")
    _, valued = pack_ids()
    goldens = [load_golden(p) for p in sorted(GOLDEN_DIR.glob("*.yaml"))]
    goldens = [g for g in goldens if not args.schemas or g.schema in args.schemas]
    failed = 0
    for golden in sorted(goldens, key=lambda g: g.held_out):
        try:
            if args.engine == "postgresql":
                print(_on_both_engines(golden, args, valued), end="\n\n")
                continue
            result = evaluate(golden, args, valued, server_url=os.environ["INDSEC_TEST_MYSQL_URL"])
        except (OSError, subprocess.CalledProcessError, IndsecError) as exc:
            failed += 1
            print(f"== {golden.schema}: not evaluated: {_reason(exc)}", end="\n\n")
            continue
        details = args.show_held_out or not golden.held_out
        print(report(golden, result, details=details), end="\n\n")
    return 1 if failed else 0


def _reason(exc: Exception) -> str:
    """One line saying why a schema could not be loaded or scanned."""
    if isinstance(exc, subprocess.CalledProcessError):
        stderr = exc.stderr.decode("utf-8", "replace").strip() if exc.stderr else ""
        return f"{' '.join(map(str, exc.cmd[:2]))} failed ({exc.returncode}): {stderr[-300:]}"
    return f"{type(exc).__name__}: {exc}"


def _on_both_engines(golden: Golden, args: argparse.Namespace, valued: frozenset[str]) -> str:
    """The figures on MariaDB and on a PostgreSQL copy (``real_schemas_postgres.py``)."""
    from benchmarks.real_schemas_postgres import evaluate_on_both  # it imports this module

    return evaluate_on_both(golden, args, valued, server_url=os.environ["INDSEC_TEST_MYSQL_URL"])


if __name__ == "__main__":
    raise SystemExit(main())

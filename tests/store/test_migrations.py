"""The Alembic migrations build exactly the schema the ORM declares, on SQLite and PostgreSQL."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from datetime import UTC, datetime, timedelta

from alembic import command
from alembic.autogenerate import compare_metadata
from alembic.config import Config
from alembic.migration import MigrationContext
from alembic.script import ScriptDirectory
from sqlalchemy import Connection, insert, inspect, select, text

from indsec.detect.repository import AlertRepository
from indsec.store.database import MIGRATIONS, Store, open_engine
from indsec.store.tables import AssessmentRiskRow, Base, DetectionRunRow, FilingRow


def test_migrated_schema_matches_models(store_url: str) -> None:
    store = Store(store_url)
    try:
        with store.engine.connect() as connection:
            diff = compare_metadata(MigrationContext.configure(connection), Base.metadata)
            tables = set(inspect(connection).get_table_names())
        assert diff == []
        assert {"scans", "catalogue_assets", "reviews", "detection_runs", "alerts"} <= tables
        assert {"tenants", "users", "api_tokens", "web_sessions", "audit_log"} <= tables
        assert {"registry_enterprises", "filings", "filing_events"} <= tables
    finally:
        store.close()


def test_migrating_twice_is_harmless(store_url: str) -> None:
    Store(store_url).close()
    store = Store(store_url)
    try:
        with store.engine.connect() as connection:
            version = MigrationContext.configure(connection).get_current_revision()
        head = ScriptDirectory(str(MIGRATIONS)).get_current_head()
        assert head is not None and version == head
    finally:
        store.close()


def test_runs_stored_before_0003_keep_working_and_can_be_failed_as_abandoned(
    store_url: str,
) -> None:
    with _at_revision(store_url, "0002") as connection:
        connection.execute(
            text(
                "INSERT INTO detection_runs (started_at, status, sources, report)"
                " VALUES (:started, 'running', '[]', '{}')"
            ),
            {"started": datetime(2026, 1, 1, tzinfo=UTC)},
        )
    store = Store(store_url)  # migrates to the newest revision
    try:
        repository = AlertRepository(store)
        assert repository.fail_abandoned(timedelta(days=1)) == [1]
        with store.session() as session:
            row = session.get(DetectionRunRow, 1)
            assert row is not None and (row.host, row.pid) == (None, None)
            assert (row.status, row.error) == (
                "failed",
                "abandoned: still running after 1 day, 0:00:00",
            )
    finally:
        store.close()


def test_0012_marks_each_enterprises_newest_filing_current(store_url: str) -> None:
    moment = datetime(2026, 1, 5, tzinfo=UTC)
    with _at_revision(store_url, "0010") as connection:
        for uscc, version in (("A", 1), ("A", 2), ("A", 3), ("B", 1)):
            connection.execute(
                text(
                    "INSERT INTO filings (uscc, enterprise_name, region_code, version, digest,"
                    " status, catalogue_version, important_count, core_count, scale, document,"
                    " submitted_at, review_due, status_at) VALUES (:uscc, 'n', '320500',"
                    " :version, :digest, 'submitted', 1, 1, 0, '{}', '{}', :at, :due, :at)"
                ),
                {
                    "uscc": uscc,
                    "version": version,
                    "digest": f"{uscc}{version}",
                    "at": moment,
                    "due": moment.date(),
                },
            )
    store = Store(store_url)  # migrates to the newest revision
    try:
        with store.session() as session:
            query = select(FilingRow.uscc, FilingRow.version).where(FilingRow.is_current)
            assert sorted(tuple(row) for row in session.execute(query)) == [("A", 3), ("B", 1)]
    finally:
        store.close()


def test_0018_keeps_each_stored_risk_treatment_in_both_languages(store_url: str) -> None:
    treatments = (
        "remediate t.a, t.b",
        "keep the controls in place",
        "no control of this scenario measured: answer its checklist",
        "written by hand",
    )
    with _at_revision(store_url, "0017") as connection:
        connection.execute(
            text(
                "INSERT INTO assessments (id, kind, started_at, finished_at, run_by, enterprise,"
                " frameworks) VALUES (1, 'annual', :at, :at, 'x', '{}', '{}')"
            ),
            {"at": datetime(2026, 1, 5, tzinfo=UTC)},
        )
        for n, treatment in enumerate(treatments):
            connection.execute(
                text(
                    "INSERT INTO assessment_risks (assessment_id, risk_id, scenario, title,"
                    " likelihood, impact, asset_ids, control_keys, treatment) VALUES (1, :risk,"
                    " 'backdoor', '{}', 1, 1, '[]', '[]', :treatment)"
                ),
                {"risk": f"r{n}", "treatment": treatment},
            )
    store = Store(store_url)  # migrates to the newest revision
    try:
        with store.session() as session:
            query = select(AssessmentRiskRow.treatment).order_by(AssessmentRiskRow.risk_id)
            found = list(session.scalars(query))
    finally:
        store.close()
    assert found == [
        {"zh": "整改 t.a、t.b", "en": treatments[0]},
        {"zh": "保持现有控制措施", "en": treatments[1]},
        {"zh": "本场景尚无已测量的控制项：请回答其检查清单", "en": treatments[2]},
        {"zh": "written by hand", "en": "written by hand"},
    ]


def test_0019_gives_every_filing_its_province(store_url: str) -> None:
    """Existing filings are backfilled from their region code; new ones get it on insert,
    without naming it (the ORM's and Core's inserts alike)."""
    moment = datetime(2026, 1, 5, tzinfo=UTC)
    with _at_revision(store_url, "0018") as connection:
        connection.execute(
            text(
                "INSERT INTO filings (uscc, enterprise_name, region_code, version, digest,"
                " status, catalogue_version, important_count, core_count, scale, document,"
                " submitted_at, review_due, status_at, is_current) VALUES ('A', 'n', '320500',"
                " 1, 'd', 'submitted', 1, 1, 0, '{}', '{}', :at, :due, :at, :yes)"
            ),
            {"at": moment, "due": moment.date(), "yes": True},
        )
    store = Store(store_url)  # migrates to the newest revision
    try:
        with store.session() as session:
            session.add(_filing("B", "440305", moment))
        with store.session() as session:
            session.execute(insert(FilingRow).values(_columns(_filing("C", "110101", moment))))
        with store.session() as session:
            found = session.execute(select(FilingRow.uscc, FilingRow.province_code)).all()
        assert sorted(tuple(row) for row in found) == [("A", "32"), ("B", "44"), ("C", "11")]
    finally:
        store.close()


def _filing(uscc: str, region_code: str, at: datetime) -> FilingRow:
    return FilingRow(
        uscc=uscc,
        enterprise_name="n",
        region_code=region_code,
        version=1,
        digest="d",
        status="submitted",
        catalogue_version=1,
        important_count=1,
        core_count=0,
        scale={},
        document={},
        submitted_at=at,
        review_due=at.date(),
        status_at=at,
        is_current=True,
    )


def _columns(row: FilingRow) -> dict[str, object]:
    names = ("uscc", "enterprise_name", "region_code", "version", "digest", "status")
    more = ("catalogue_version", "important_count", "core_count", "scale", "document")
    times = ("submitted_at", "review_due", "status_at", "is_current")
    return {name: getattr(row, name) for name in (*names, *more, *times)}


@contextmanager
def _at_revision(store_url: str, revision: str) -> Iterator[Connection]:
    """A connection to a store migrated only to ``revision``, in one transaction: what a test
    writes there is what an older indsec left behind for the newer migrations to meet."""
    engine = open_engine(store_url)
    config = Config()
    config.set_main_option("script_location", str(MIGRATIONS))
    try:
        with engine.begin() as connection:
            config.attributes["connection"] = connection
            command.upgrade(config, revision)
            yield connection
    finally:
        engine.dispose()

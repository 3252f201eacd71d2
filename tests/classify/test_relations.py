"""Tables that say nothing of themselves, decided by what the rest of their schema says.

A small schema on SQLite, without comments, scanned for real (``scan_sources`` into a store)
and regraded: an unnamed action table pointed to by a role-action table is system data, and a
table whose module siblings are all warehouse data joins them. An order header named by the
comments of the columns pointing to it, and its detail table, are checked on the source's facts
(SQLite keeps no comments). Every such decision names the tables it rests on and is flagged
for review; a table nothing relates to stays unclassified, and a decided table keeps its own.
"""

from __future__ import annotations

import sqlite3
from pathlib import Path

from indsec.app import AppContext
from indsec.catalogue.service import regrade_catalogue, scan_sources, scanned_assets
from indsec.classify.relations import SourceTables, TableFacts, related_points
from indsec.classify.taxonomy_pack import TaxonomyPack
from indsec.model import ClassifiedAsset
from indsec.settings import Settings

SCHEMA = """
CREATE TABLE mes_order (F_Id TEXT PRIMARY KEY, F_OrderCode TEXT, F_PlanStart TEXT,
    F_DayNum INTEGER, F_IsFinish INTEGER);
CREATE TABLE mes_orderdetail (F_Id TEXT PRIMARY KEY, F_OrderId TEXT, F_NeedNum INTEGER);
CREATE TABLE mes_shipping (F_Id TEXT PRIMARY KEY, F_OrderId TEXT, F_Carrier TEXT);
CREATE TABLE mes_workorder (F_Id TEXT PRIMARY KEY, F_OrderId TEXT, F_PlanNum INTEGER);
CREATE TABLE app_action (action_id INTEGER PRIMARY KEY, action_name TEXT, action_param TEXT);
CREATE TABLE app_roles (role_id INTEGER PRIMARY KEY, role_name TEXT);
CREATE TABLE app_role_action (role_id INTEGER REFERENCES app_roles(role_id),
    action_id INTEGER REFERENCES app_action(action_id));
CREATE TABLE wm_warehouse (id INTEGER PRIMARY KEY, warehouse_name TEXT);
CREATE TABLE wm_stock (id INTEGER PRIMARY KEY, qty INTEGER);
CREATE TABLE wm_stocktake (id INTEGER PRIMARY KEY, taken TEXT);
CREATE TABLE wm_span (id INTEGER PRIMARY KEY, width INTEGER, height INTEGER);
CREATE TABLE tmp_x1 (a INTEGER, b TEXT);
"""
SYSTEM = "it.system_management"
LOGISTICS = "om.logistics"


def _scan(tmp_path: Path, max_held: int = 5000) -> tuple[Settings, dict[str, ClassifiedAsset]]:
    source = tmp_path / "mes.db"
    with sqlite3.connect(source) as conn:
        conn.executescript(SCHEMA)
    home = tmp_path / "home"
    settings = Settings(home=home, config=tmp_path / "indsec.toml", relate_max_held=max_held)
    with AppContext(settings) as app:
        outcome = scan_sources(app=app, sources=[f"sqlite:///{source}"])
        assets = scanned_assets(app=app, outcome=outcome)
    return settings, {a.name: a for a in assets}


def _related_rules(asset: ClassifiedAsset) -> set[str]:
    return {s.rule for s in asset.rationale if s.rule.startswith("taxonomy.related.")}


def _flagged(asset: ClassifiedAsset) -> bool:
    return any(s.needs_review for s in asset.rationale if s.rule == "taxonomy.decision")


def test_a_scan_decides_unnamed_tables_by_their_relations(tmp_path: Path) -> None:
    _, assets = _scan(tmp_path)

    action = assets["app_action"]
    assert action.category == SYSTEM
    assert _related_rules(action) == {"taxonomy.related.referenced_by"}
    assert _flagged(action)

    span = assets["wm_span"]
    assert span.category == LOGISTICS
    assert _related_rules(span) == {"taxonomy.related.module_family"}
    assert any("wm_stock" in e for s in span.rationale for e in s.evidence)

    assert assets["tmp_x1"].category == "unclassified"
    assert assets["wm_stock"].category == LOGISTICS  # its own evidence, no relation needed
    assert _related_rules(assets["wm_stock"]) == set()


def test_the_tables_held_back_are_bounded(tmp_path: Path) -> None:
    """With no table held back there is no second pass: every table is stored as its own
    evidence left it, and none is lost."""
    _, assets = _scan(tmp_path, max_held=0)
    assert len(assets) == len(SCHEMA.split("CREATE TABLE")) - 1
    assert assets["app_action"].category == "unclassified"
    assert all(not _related_rules(a) for a in assets.values())


def test_the_related_decisions_survive_a_regrade(tmp_path: Path) -> None:
    settings, before = _scan(tmp_path)
    with AppContext(settings) as app:
        outcome = regrade_catalogue(app=app)
    assert outcome.changes == []
    assert before["app_action"].category == SYSTEM


def _facts(name: str, category: str, *columns: tuple[str, str]) -> TableFacts:
    return TableFacts(name, category, category != "unclassified", tuple(columns), ())


def test_a_header_is_named_by_the_comment_of_its_pointers_and_its_lines_follow(
    taxonomy: TaxonomyPack,
) -> None:
    tables = SourceTables(
        [
            _facts("mes_order", "unclassified"),
            _facts("mes_orderdetail", "unclassified", ("F_OrderId", "订单Id")),
            _facts("mes_material", "management.customer_product"),
        ]
    )
    named = related_points("mes_order", tables, {}, taxonomy)
    assert {(p.category, p.rule) for p in named} == {
        ("management.customer_product", "taxonomy.related.named_by.customer_orders")
    }
    assert "mes_orderdetail.F_OrderId" in named[0].evidence[0]

    categories = {"mes_order": "management.customer_product"}
    lines = related_points("mes_orderdetail", tables, categories, taxonomy)
    assert [(p.category, p.rule) for p in lines] == [
        ("management.customer_product", "taxonomy.related.lines_of")
    ]


def test_a_prefix_the_whole_source_shares_is_no_family(taxonomy: TaxonomyPack) -> None:
    stock = [_facts(f"mes_stock{i}", LOGISTICS) for i in range(4)]
    tables = SourceTables([*stock, _facts("mes_span", "unclassified")])
    assert related_points("mes_span", tables, {}, taxonomy) == []


def test_decided_tables_keep_their_own_category(tmp_path: Path) -> None:
    _, assets = _scan(tmp_path)
    # the work order points to the order, but its own words decide it
    assert assets["mes_workorder"].category == "production.operating_conditions"
    assert _related_rules(assets["mes_workorder"]) == set()
    # pointed to by a shipping and a work-order table: the evidence is split, nothing decides
    assert assets["mes_order"].category == "unclassified"


def test_a_detail_follows_its_master_by_name(taxonomy: TaxonomyPack) -> None:
    assets = "management.assets"
    tables = SourceTables(
        [
            _facts("mes_eqppqcmaster", assets),
            _facts("mes_eqppqcdetail", "unclassified", ("F_PId", "")),
            _facts("mes_orderline", "unclassified"),
            _facts("mes_order", "unclassified"),
        ]
    )
    categories = {"mes_eqppqcmaster": assets}
    points = related_points("mes_eqppqcdetail", tables, categories, taxonomy)
    assert [(p.category, p.rule) for p in points] == [(assets, "taxonomy.related.lines_of")]
    assert "detail of mes_eqppqcmaster" in points[0].evidence[0]
    # a master nothing decided passes nothing on
    assert related_points("mes_orderline", tables, categories, taxonomy) == []


def test_a_table_named_in_the_plural_is_pointed_to_in_the_singular(
    taxonomy: TaxonomyPack,
) -> None:
    """``order_id`` commented 订单号 names the ``orders`` table an order (tianlang-smt)."""
    tables = SourceTables(
        [
            _facts("orders", "unclassified"),
            _facts("smt", "production.operating_conditions", ("order_id", "订单号")),
        ]
    )
    named = related_points("orders", tables, {}, taxonomy)
    assert ("management.customer_product", "taxonomy.related.named_by.customer_orders") in {
        (p.category, p.rule) for p in named
    }

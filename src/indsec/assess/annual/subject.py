"""Sections 1–5 of the report: who handles the data, who assessed, what data, how, with what.

These sections describe the subject of the assessment from the catalogue and the profile; the
findings (sections 6–9) are in ``findings``. Asset names and counts only: never a sample value.
"""

from __future__ import annotations

from collections import Counter, defaultdict
from collections.abc import Iterable, Sequence
from importlib.metadata import PackageNotFoundError, version

from indsec.assess.annual.context import ReportContext
from indsec.assess.annual.layout import Section, Table, Wording, bounded, text
from indsec.model import ClassifiedAsset, Grade
from indsec.model.assessment import AssessmentSnapshot
from indsec.report.service import storage_size

FILED = (Grade.CORE, Grade.IMPORTANT)
DECLARED = ("purpose_method", "scope_of_use", "external_sharing", "cross_border")
DECLARED_MEASURES = "protection_measures"
SHEET_ASSETS = "sheet_assets"


def important_assets(assets: Iterable[ClassifiedAsset]) -> list[ClassifiedAsset]:
    """Core then important assets, by name: what section 3 and the appendix list."""
    chosen = [a for a in assets if a.grade in FILED]
    return sorted(chosen, key=lambda a: (-a.grade.rank, a.name, a.source))


def system(asset: ClassifiedAsset) -> str:
    """The information system (or, without a hint, the source) holding the asset."""
    return asset.system_hint or asset.source


def section_1(snapshot: AssessmentSnapshot, ctx: ReportContext, w: Wording) -> Section:
    p = snapshot.enterprise

    def or_todo(value: str) -> str:
        return value or w["to_complete"]

    facts = [
        (w["enterprise"], p.name),
        (w["uscc"], or_todo(p.uscc)),
        (w["industry"], " ".join(filter(None, [p.industry_code, p.industry_name]))),
        (w["region"], or_todo(" ".join(filter(None, [p.province, p.city])))),
        (w["legal_representative"], or_todo(p.legal_representative)),
        (w["officer"], or_todo(p.data_security_officer)),
        (w["contact"], or_todo(p.officer_contact)),
        (w["above_scale"], w.yes_no(p.above_scale)),
        (w["key_enterprise"], w.yes_no(p.key_enterprise)),
        (w["cii"], w.yes_no(p.cii_operator)),
    ]
    if ctx.catalogue is not None:
        facts.append((w["catalogue_version"], f"v{ctx.catalogue.number}"))
    counts = Counter(a.grade for a in ctx.assets)
    rows = tuple((w.grade(g.value), text(counts.get(g, 0))) for g in reversed(list(Grade)))
    grades = Table(w["assets_by_grade"], (w["grade"], w["assets"]), rows)
    return Section(1, w["s1"], tuple(facts), tables=(grades,))


def section_2(ctx: ReportContext, w: Wording) -> Section:
    header = (w["name"], w["role"], w["organisation"])
    rows = tuple((m.name, m.role, m.organisation) for m in ctx.team)
    return Section(2, w["s2"], tables=(Table("", header, rows, empty=w["no_team"]),))


def _by_category(assets: Sequence[ClassifiedAsset], ctx: ReportContext, w: Wording) -> Table:
    groups: dict[tuple[Grade, str], list[ClassifiedAsset]] = defaultdict(list)
    for asset in assets:
        groups[(asset.grade, asset.category)].append(asset)
    rows = []
    for (grade, category), members in sorted(
        groups.items(), key=lambda g: (-g[0][0].rank, g[0][1])
    ):
        records = sum(a.rows or 0 for a in members)
        size = sum(a.size_bytes or 0 for a in members)
        rows.append(
            (
                ctx.category_name(category, w.lang),
                w.grade(grade.value),
                text(len(members)),
                text(records),
                storage_size(size, w.lang),
            )
        )
    header = (w["category"], w["grade"], w["assets"], w["records"], w["storage"])
    return Table(w["important_core"], header, tuple(rows), empty=w["no_important"])


def section_3(ctx: ReportContext, w: Wording) -> Section:
    chosen = important_assets(ctx.assets)
    header = (w["asset"], w["category"], w["grade"], w["records"], w["storage"], w["system"])
    listing = bounded(
        "",
        header,
        chosen,
        lambda a: (
            a.name,
            ctx.category_name(a.category, w.lang),
            w.grade(a.grade.value),
            a.rows,
            storage_size(a.size_bytes, w.lang),
            system(a),
        ),
        limit=ctx.listed_rows,
        more=w["listed_of"].replace("{sheet}", w[SHEET_ASSETS]),
    )
    return Section(3, w["s3"], tables=(_by_category(chosen, ctx, w), listing))


def systems_of(assets: Iterable[ClassifiedAsset]) -> dict[str, list[ClassifiedAsset]]:
    """Assets grouped by the system holding them, systems in name order."""
    groups: dict[str, list[ClassifiedAsset]] = defaultdict(list)
    for asset in assets:
        groups[system(asset)].append(asset)
    return dict(sorted(groups.items()))


def section_4(ctx: ReportContext, w: Wording) -> Section:
    defaults = ctx.declarations.get("defaults", {})
    facts = tuple(
        (w[key], defaults.get(key) or w["to_complete"]) for key in (*DECLARED, DECLARED_MEASURES)
    )
    header = (w["system"], w["assets"], w["important_core"], w["records"], w["highest_grade"])
    groups = list(systems_of(ctx.assets).items())
    table = bounded(
        "",
        header,
        groups,
        lambda g: (
            g[0],
            len(g[1]),
            sum(a.grade in FILED for a in g[1]),
            sum(a.rows or 0 for a in g[1]),
            w.grade(Grade.highest([a.grade for a in g[1]]).value),
        ),
        limit=ctx.listed_rows,
        more=w["listed_of"].replace("{sheet}", w[SHEET_ASSETS]),
    )
    return Section(4, w["s4"], facts, tables=(table,))


def _tools(ctx: ReportContext) -> list[tuple[str, str]]:
    try:
        own = version("indsec")
    except PackageNotFoundError:
        own = "unknown"
    return [("indsec", own), *sorted(ctx.tools.items())]


def _packs(snapshot: AssessmentSnapshot, ctx: ReportContext) -> list[tuple[str, str]]:
    found = dict(ctx.catalogue.rule_pack_versions) if ctx.catalogue else {}
    found.update({p.pack.id: p.pack.version for p in ctx.control_packs})
    packed = {p.framework.id for p in ctx.control_packs}
    found.update({f: v for f, v in snapshot.frameworks.items() if f not in packed})
    return sorted(found.items())


def _sources(ctx: ReportContext) -> str:
    found = {s for scan in ctx.scans for s in scan.sources}
    if ctx.catalogue is not None:
        found.update(ctx.catalogue.sources)
    return "; ".join(sorted(found))


def section_5(snapshot: AssessmentSnapshot, ctx: ReportContext, w: Wording) -> Section:
    period = f"{snapshot.started_at:%Y-%m-%d %H:%M} — {snapshot.finished_at:%Y-%m-%d %H:%M}"
    facts = ((w["period"], period), (w["sources"], _sources(ctx) or w["none"]))
    scans = Table(
        w["scans"],
        (w["catalogue_version"], w["scan_time"], w["status"], w["assets"]),
        tuple(
            (f"v{s.number}", f"{s.created_at:%Y-%m-%d %H:%M}", s.status, text(s.asset_count))
            for s in ctx.scans
        ),
        empty=w["none"],
    )
    runs = Table(
        w["detection_runs"],
        (w["run"], w["scan_time"], w["status"], w["alerts"]),
        tuple(
            (f"#{r.id}", f"{r.started_at:%Y-%m-%d %H:%M}", r.status, text(r.alerts))
            for r in ctx.detection_runs
        ),
        empty=w["none"],
    )
    tools = Table(w["tools"], (w["tool"], w["version"]), tuple(_tools(ctx)))
    packs = Table(w["rule_packs"], (w["rule_pack"], w["version"]), tuple(_packs(snapshot, ctx)))
    return Section(5, w["s5"], facts, tables=(scans, runs, tools, packs))

"""Sections 6–9 of the report: analysis, compliance, risks, conclusion and response measures.

What was found: alerts against the systems holding graded data, each control's outcome with the
article it rests on and the penalty its failure exposes, the risk register, incidents, and the
remediation plan. Controls not assessed are counted apart and never raise a score.
"""

from __future__ import annotations

from collections import Counter, defaultdict
from collections.abc import Sequence

from indsec.assess.annual.context import ReportContext
from indsec.assess.annual.layout import Section, Table, Wording, bounded, percent, text
from indsec.assess.annual.subject import FILED, system, systems_of
from indsec.assess.control_pack import Article, Control
from indsec.model import Grade, Names
from indsec.model.assessment import (
    AssessmentSnapshot,
    ControlResult,
    DomainScore,
    Outcome,
    Risk,
)

OUTCOMES: tuple[Outcome, ...] = ("pass", "partial", "fail", "not_applicable", "not_assessed")
STATES = ("open", "acknowledged", "closed")


def controls_by_key(ctx: ReportContext) -> dict[str, Control]:
    return {p.key(c): c for p in ctx.control_packs for c in p.controls()}


def _article(article: Article | None, lang: str) -> str:
    return "" if article is None else f"{article.law.get(lang)} {article.article}"


def section_6(ctx: ReportContext, w: Wording) -> Section:
    by_system = {a.key: system(a) for a in ctx.assets}
    alerts: dict[str, list[tuple[str, str | None]]] = defaultdict(list)
    for stored in ctx.alerts:
        asset = stored.alert.asset
        if asset is not None and asset.key in by_system:
            alerts[by_system[asset.key]].append((stored.state, stored.alert.scenario))
    graded = [(n, a) for n, a in systems_of(ctx.assets).items() if any(x.grade in FILED for x in a)]
    header = (w["system"], w["important_core"], w["alerts"], w["open_alerts"], w["scenarios_seen"])
    table = bounded(
        "",
        header,
        graded,
        lambda g: (
            g[0],
            sum(a.grade in FILED for a in g[1]),
            len(alerts[g[0]]),
            sum(s == "open" for s, _ in alerts[g[0]]),
            "、".join(sorted({w.scenario(c) for _, c in alerts[g[0]] if c})),
        ),
        limit=ctx.listed_rows,
        more=w["listed_of"].replace("{sheet}", w["sheet_assets"]),
        empty=w["no_important"],
    )
    return Section(6, w["s6"], tables=(table,))


def _framework_scores(snapshot: AssessmentSnapshot, ctx: ReportContext, w: Wording) -> Table:
    names = framework_names(ctx, w.lang)
    rows = []
    for framework, pack_version in sorted(snapshot.frameworks.items()):
        counts: Counter[Outcome] = Counter()
        for domain in snapshot.domains:
            if domain.framework_id == framework:
                counts.update(domain.counts)
        score = DomainScore(framework, "", Names(zh="", en=""), dict(counts)).score
        rows.append(
            (
                names.get(framework, framework),
                pack_version,
                percent(score),
                *(text(counts.get(o, 0)) for o in OUTCOMES),
            )
        )
    header = (w["framework"], w["version"], w["score"], *(w[o] for o in OUTCOMES))
    return Table("", header, tuple(rows))


def framework_names(ctx: ReportContext, lang: str) -> dict[str, str]:
    return {p.framework.id: p.framework.names.get(lang) for p in ctx.control_packs}


def _domain_scores(snapshot: AssessmentSnapshot, ctx: ReportContext, w: Wording) -> Table:
    names = framework_names(ctx, w.lang)
    header = (w["framework"], w["domain"], w["score"], *(w[o] for o in OUTCOMES))
    rows = tuple(
        (
            names.get(d.framework_id, d.framework_id),
            d.names.get(w.lang),
            percent(d.score),
            *(text(d.counts.get(o, 0)) for o in OUTCOMES),
        )
        for d in snapshot.domains
    )
    return Table(w["domain"], header, rows)


def failed_results(snapshot: AssessmentSnapshot) -> list[ControlResult]:
    """Failed, then partially met results, by key: what section 7 lists."""
    chosen = [r for r in snapshot.results if r.outcome in ("fail", "partial")]
    return sorted(chosen, key=lambda r: (r.outcome != "fail", r.key))


def _failed_row(result: ControlResult, control: Control | None, w: Wording) -> tuple[str, ...]:
    lang = w.lang
    text_ = control.names.get(lang) if control else ""
    basis = "；".join(_article(a, lang) for a in control.basis) if control else ""
    penalty = _article(control.penalty, lang) if control else ""
    evidence = "；".join(e.summary for e in result.evidence[:3]) or result.note
    return (result.key, text_, w[result.outcome], basis, penalty, evidence)


def section_7(snapshot: AssessmentSnapshot, ctx: ReportContext, w: Wording) -> Section:
    controls = controls_by_key(ctx)
    header = (w["id"], w["control"], w["outcome"], w["basis"], w["penalty"], w["evidence"])
    failed = bounded(
        w["failed_controls"],
        header,
        failed_results(snapshot),
        lambda r: _failed_row(r, controls.get(r.key), w),
        limit=ctx.listed_rows,
        more=w["listed_of"].replace("{sheet}", w["sheet_controls"]),
        empty=w["no_failed"],
    )
    facts = ((w["overall"], percent(snapshot.overall)),)
    tables = (_framework_scores(snapshot, ctx, w), _domain_scores(snapshot, ctx, w), failed)
    return Section(7, w["s7"], facts, tables=tables)


RISK_COLUMNS = ("id", "scenario", "risk", "likelihood", "impact", "level", "assets", "treatment")
"""The wording keys of the columns a risk is listed with, in the report and its appendix."""


def risk_cells(risk: Risk, w: Wording, assets: str) -> tuple[object, ...]:
    """One risk under :data:`RISK_COLUMNS` (``assets`` as the listing shows them)."""
    return (
        risk.id,
        w.scenario(risk.scenario),
        risk.title.get(w.lang),
        risk.likelihood,
        risk.impact,
        risk.level,
        assets,
        risk.treatment.get(w.lang),
    )


def _risk_table(snapshot: AssessmentSnapshot, ctx: ReportContext, w: Wording) -> Table:
    names = {a.key: a.name for a in ctx.assets}

    def assets(ids: Sequence[str]) -> str:
        shown = [names.get(i, i) for i in ids[:3]]
        return "、".join(shown) + ("…" if len(ids) > 3 else "")

    return bounded(
        w["risk_register"],
        tuple(w[c] for c in RISK_COLUMNS),
        snapshot.risks_by_level,
        lambda r: risk_cells(r, w, assets(r.asset_ids)),
        limit=ctx.listed_rows,
        more=w["listed_of"].replace("{sheet}", w["sheet_risks"]),
        empty=w["no_risks"],
    )


def _alert_tables(ctx: ReportContext, w: Wording) -> tuple[Table, Table]:
    states: Counter[tuple[str | None, str]] = Counter()
    grades: Counter[tuple[str | None, str]] = Counter()
    for stored in ctx.alerts:
        states[(stored.alert.scenario, stored.state)] += 1
        if stored.alert.asset is not None:
            grades[(stored.alert.scenario, stored.alert.asset.grade.value)] += 1
    scenarios = sorted({s for s, _ in states}, key=lambda s: (s is None, s or ""))
    by_state = Table(
        w["alerts_by_state"],
        (w["scenario"], *(w[f"state_{s}"] for s in STATES)),
        tuple((w.scenario(c), *(text(states[(c, s)]) for s in STATES)) for c in scenarios),
        empty=w["no_alerts"],
    )
    order = [g.value for g in reversed(list(Grade))]
    by_grade = Table(
        w["alerts_by_grade"],
        (w["scenario"], *(w.grade(g) for g in order)),
        tuple((w.scenario(c), *(text(grades[(c, g)]) for g in order)) for c in scenarios),
        empty=w["no_alerts"],
    )
    return by_state, by_grade


def section_8(snapshot: AssessmentSnapshot, ctx: ReportContext, w: Wording) -> Section:
    incidents = Table(
        w["incidents"],
        (w["incident"], w["scenario"], w["tier"], w["status"], w["detected_at"]),
        tuple(
            (
                f"#{i.id} {i.title}",
                w.scenario(i.scenario),
                ctx.tier_name(i.tier, w.lang),
                i.status,
                f"{i.detected_at:%Y-%m-%d %H:%M}",
            )
            for i in ctx.incidents
        ),
        empty=w["no_incidents"],
    )
    return Section(
        8, w["s8"], tables=(_risk_table(snapshot, ctx, w), *_alert_tables(ctx, w), incidents)
    )

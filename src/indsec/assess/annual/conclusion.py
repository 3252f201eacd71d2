"""Section 9: the assessment's conclusion and the response measures (评估结论及应对措施).

The conclusion is stated from the measurements, never written by hand: the overall score, the
outcomes counted (not assessed apart), the weakest domains, the high risks, and the remediation
plan with its owners, due dates and what is already overdue on the day of issue.
"""

from __future__ import annotations

from collections import Counter

from indsec.assess.annual.context import ReportContext
from indsec.assess.annual.findings import framework_names
from indsec.assess.annual.layout import Section, Table, Wording, bounded, percent
from indsec.assess.annual.validity import Validity
from indsec.model.assessment import AssessmentSnapshot, RemediationTask

HIGH_RISK = 15
"""Likelihood × impact from which a risk counts as high (5 × 5 scale, the upper band)."""
WEAKEST = 3
"""Domains the conclusion names as the weakest."""
CLOSED = ("done", "verified")


def _counts(snapshot: AssessmentSnapshot, w: Wording) -> str:
    outcomes = Counter(r.outcome for r in snapshot.results)
    return w["conclusion_counts"].format(
        total=len(snapshot.results),
        passed=outcomes["pass"],
        partial=outcomes["partial"],
        failed=outcomes["fail"],
        unassessed=outcomes["not_assessed"],
        high=HIGH_RISK,
        high_risks=sum(r.level >= HIGH_RISK for r in snapshot.risks),
    )


def _weakest(snapshot: AssessmentSnapshot, ctx: ReportContext, w: Wording) -> list[str]:
    scored = [d for d in snapshot.domains if d.score is not None and d.score < 1]
    if not scored:
        return []
    names = framework_names(ctx, w.lang)
    weakest = sorted(scored, key=lambda d: (d.score, d.framework_id, d.domain_id))[:WEAKEST]
    listed = "；".join(
        f"{names.get(d.framework_id, d.framework_id)} / {d.names.get(w.lang)} {percent(d.score)}"
        for d in weakest
    )
    return [w["weakest_domains"].format(domains=listed)]


def _high_risks(snapshot: AssessmentSnapshot, w: Wording) -> list[str]:
    high = sorted((r for r in snapshot.risks if r.level >= HIGH_RISK), key=lambda r: -r.level)
    if not high:
        return []
    listed = "；".join(f"{r.id} {r.title.get(w.lang)}（{r.level}）" for r in high)
    return [w["high_risk_list"].format(risks=listed)]


def _tasks(snapshot: AssessmentSnapshot, issued: Validity, w: Wording) -> list[str]:
    if not snapshot.tasks:
        return []
    still = [t for t in snapshot.tasks if t.status not in CLOSED]
    overdue = [t for t in still if t.due < issued.issued]
    text = w["tasks_summary"].format(
        total=len(snapshot.tasks), open=len(still), overdue=len(overdue)
    )
    return [text]


def _plan(tasks: tuple[RemediationTask, ...], ctx: ReportContext, w: Wording) -> Table:
    return bounded(
        w["remediation"],
        (w["id"], w["control"], w["task"], w["owner"], w["due"], w["status"]),
        sorted(tasks, key=lambda t: (t.due, t.id)),
        lambda t: (t.id, t.control_key, t.title, t.owner, t.due.isoformat(), w[f"task_{t.status}"]),
        limit=ctx.listed_rows,
        more=w["listed_of"].replace("{sheet}", w["sheet_tasks"]),
        empty=w["no_tasks"],
    )


def section_9(
    snapshot: AssessmentSnapshot, ctx: ReportContext, w: Wording, valid: Validity
) -> Section:
    paragraphs = [_counts(snapshot, w)]
    if any(r.outcome == "not_assessed" for r in snapshot.results):
        paragraphs.append(w["unassessed_warning"])
    paragraphs += _weakest(snapshot, ctx, w) + _high_risks(snapshot, w)
    paragraphs += _tasks(snapshot, valid, w)
    facts = (
        (w["overall"], percent(snapshot.overall)),
        (w["first_issued"], valid.first_issued.isoformat()),
        (w["valid_until"], valid.valid_until.isoformat()),
    )
    return Section(9, w["s9"], facts, tuple(paragraphs), (_plan(snapshot.tasks, ctx, w),))

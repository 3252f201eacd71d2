"""The XLSX appendix: every listing the PDF cuts short, one sheet each, in full.

Controls with their outcomes and the digest of each piece of evidence (so an auditor can match
a file or a check's facts to what the report rests on), the risk register, the remediation
tasks, and the important and core assets. Written with the project's table helper, so every
cell is text and no asset name can become a formula.
"""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from pathlib import Path

from openpyxl import Workbook

from indsec.assess.annual.context import ReportContext
from indsec.assess.annual.findings import RISK_COLUMNS, controls_by_key, risk_cells
from indsec.assess.annual.layout import Wording
from indsec.assess.annual.subject import important_assets, system
from indsec.cells import write_table
from indsec.model.assessment import AssessmentSnapshot

Rows = list[Sequence[object]]


def _control_rows(
    snapshot: AssessmentSnapshot, ctx: ReportContext, w: Wording
) -> Iterator[Sequence[object]]:
    controls = controls_by_key(ctx)
    for result in snapshot.results:
        control = controls.get(result.key)
        head = [result.key, control.names.get(w.lang) if control else "", w[result.outcome]]
        if not result.evidence:
            yield [*head, result.note, "", "", ""]
        for evidence in result.evidence:
            collected = evidence.collected_at.isoformat(timespec="seconds")
            yield [*head, evidence.summary, evidence.origin, evidence.digest, collected]


def _sheets(
    snapshot: AssessmentSnapshot, ctx: ReportContext, w: Wording
) -> list[tuple[str, Sequence[str], Rows]]:
    names = {a.key: a.name for a in ctx.assets}
    return [
        (
            w["sheet_controls"],
            (
                w["id"],
                w["control"],
                w["outcome"],
                w["evidence"],
                w["origin"],
                w["digest"],
                w["collected_at"],
            ),
            list(_control_rows(snapshot, ctx, w)),
        ),
        (
            w["sheet_risks"],
            (*(w[c] for c in RISK_COLUMNS), w["control"]),
            [
                [
                    *risk_cells(r, w, "、".join(names.get(a, a) for a in r.asset_ids)),
                    " ".join(r.control_keys),
                ]
                for r in snapshot.risks_by_level
            ],
        ),
        (
            w["sheet_tasks"],
            (w["id"], w["control"], w["task"], w["owner"], w["due"], w["status"]),
            [
                [t.id, t.control_key, t.title, t.owner, t.due.isoformat(), w[f"task_{t.status}"]]
                for t in sorted(snapshot.tasks, key=lambda t: (t.due, t.id))
            ],
        ),
        (
            w["sheet_assets"],
            (
                w["asset"],
                w["source"],
                w["category"],
                w["grade"],
                w["records"],
                w["storage"],
                w["system"],
            ),
            [
                [
                    a.name,
                    a.source,
                    ctx.category_name(a.category, w.lang),
                    w.grade(a.grade.value),
                    a.rows,
                    a.size_bytes,
                    system(a),
                ]
                for a in important_assets(ctx.assets)
            ],
        ),
    ]


def write_appendix(
    snapshot: AssessmentSnapshot, ctx: ReportContext, w: Wording, path: Path
) -> None:
    """One sheet per listing, header frozen and filtered, at ``path``."""
    book = Workbook(write_only=True)
    for title, header, rows in _sheets(snapshot, ctx, w):
        write_table(book.create_sheet(title), header, rows)
    book.save(path)

"""Catalogue exports. ``json`` is a stable contract other tools build on; csv/xlsx are for people.

JSON shape (stable)::

    {"version": N, "assets": [{"source", "name", "kind", "rows", "category", "grade",
      "decided_by": {"rule", "names": {"zh", "en"}, "fields": [...]},
      "rationale": [{"rule", "name", "effect", "evidence": [...]}, ...],
      "fields": [{"name", "labels": ["cn.resident_id", ...], "label_details": [...],
                  "suspicions": ["cn.postcode", ...], "suspicion_details": [...]}]}]}

``suspicions`` are what a name or comment alone suggests (needs review); they never count
toward the category or the grade, so tools reading ``labels`` see only evidenced labels.
"""

from __future__ import annotations

import csv
import io
import json
from collections.abc import Callable
from pathlib import Path
from typing import Any

from openpyxl import Workbook

from indsec.cells import csv_row, write_table
from indsec.model import ROW_COUNT_KEY, SAMPLE_METHOD_KEY, ClassifiedAsset
from indsec.plugins import Registry, a_function


def asset_record(asset: ClassifiedAsset) -> dict[str, Any]:
    """One asset in the stable JSON contract."""
    return {
        "source": asset.source,
        "name": asset.name,
        "kind": asset.kind,
        "rows": asset.rows,
        "rows_exact": asset.rows_exact,
        "row_count": asset.metadata.get(ROW_COUNT_KEY, ""),
        "sample_method": asset.metadata.get(SAMPLE_METHOD_KEY, ""),
        "size_bytes": asset.size_bytes,
        "system_hint": asset.system_hint,
        "file_format": asset.file_format,
        "category": asset.category,
        "cross_cutting": asset.cross_cutting,
        "grade": asset.grade.value,
        "general_sublevel": asset.general_sublevel,
        "computed_grade": asset.computed_grade.value if asset.computed_grade else None,
        "decided_by": _decided_by(asset),
        "rationale": [step.model_dump(mode="json") for step in asset.rationale],
        "fields": [
            {
                "name": f.name,
                "data_type": f.data_type,
                "labels": f.label_ids(),
                "label_details": [lab.model_dump(mode="json") for lab in f.labels],
                "suspicions": f.suspicion_ids(),
                "suspicion_details": [lab.model_dump(mode="json") for lab in f.suspicions],
            }
            for f in asset.fields
        ],
    }


def _decided_by(asset: ClassifiedAsset) -> dict[str, Any] | None:
    """The rule that set the grade: its id, its names in both languages, the fields it used."""
    step = asset.deciding_step()
    if step is None:
        return None
    names = step.name.model_dump() if step.name is not None else None
    return {"rule": step.rule, "names": names, "fields": step.fields()}


def _rationale_text(asset: ClassifiedAsset) -> str:
    return " | ".join(f"{s.rule}: {s.effect}" for s in asset.rationale)


SUMMARY_COLUMNS = ["source", "name", "kind", "rows", "category", "grade", "general_sublevel"]
DETAIL_COLUMNS = ["labels", "suspicions (needs review)", "rationale"]


def _summary_row(asset: ClassifiedAsset) -> list[Any]:
    record = asset_record(asset)
    return [record[c] for c in SUMMARY_COLUMNS] + [
        ", ".join(asset.label_ids()),
        ", ".join(asset.suspicion_ids()),
        _rationale_text(asset),
    ]


def export_json(assets: list[ClassifiedAsset], version: int, path: Path) -> None:
    document = {"version": version, "assets": [asset_record(a) for a in assets]}
    path.write_text(json.dumps(document, ensure_ascii=False, indent=2), encoding="utf-8")


def export_csv(assets: list[ClassifiedAsset], version: int, path: Path) -> None:
    buffer = io.StringIO()
    writer = csv.writer(buffer)
    writer.writerow([*SUMMARY_COLUMNS, *DETAIL_COLUMNS])
    writer.writerows(csv_row(_summary_row(a)) for a in assets)
    path.write_text(buffer.getvalue(), encoding="utf-8-sig")


FIELD_COLUMNS = [
    "asset",
    "field",
    "label",
    "evidence",
    "confidence",
    "matched",
    "sampled",
    "masked examples",
]


def _field_rows(assets: list[ClassifiedAsset]) -> list[list[Any]]:
    """One row per label, then per suspicion, each saying which it is."""
    return [
        [
            asset.key,
            f.name,
            lab.label,
            kind,
            round(lab.confidence, 3),
            lab.matched,
            lab.sampled,
            " ; ".join(lab.masked_examples),
        ]
        for asset in assets
        for f in asset.fields
        for kind, found in (("label", f.labels), ("suspicion (needs review)", f.suspicions))
        for lab in found
    ]


def export_xlsx(assets: list[ClassifiedAsset], version: int, path: Path) -> None:
    book = Workbook(write_only=True)
    summary = [_summary_row(a) for a in assets]
    write_table(
        book.create_sheet(f"catalogue v{version}"),
        [*SUMMARY_COLUMNS, *DETAIL_COLUMNS],
        summary,
    )
    write_table(book.create_sheet("fields"), FIELD_COLUMNS, _field_rows(assets))
    book.save(path)


Exporter = Callable[[list[ClassifiedAsset], int, Path], None]
EXPORTERS: Registry[Exporter] = Registry(
    "catalogue export formats",
    entry_point_group="indsec.catalogue_exporters",
    accepts=a_function,
)
EXPORTERS.register("json", export_json)
EXPORTERS.register("csv", export_csv)
EXPORTERS.register("xlsx", export_xlsx)

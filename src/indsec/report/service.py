"""Report use cases: the important/core catalogue filing, and the cell guard for every CSV.

The filing is built from the catalogue as reviewed (through the catalogue service), the
enterprise profile and its declarations, in the filing pack's fields and the chosen language.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from indsec.app import AppContext
from indsec.catalogue.service import FilingPack, catalogue_view
from indsec.cells import csv_cell
from indsec.classify.grade.pack import GradingPack
from indsec.classify.taxonomy_pack import TaxonomyPack
from indsec.errors import NotFoundError
from indsec.model import Filing
from indsec.profile_config import load_filing_declarations
from indsec.report.filing import FILING_WRITERS, build_filing, json_document
from indsec.report.filing_wording import storage_size
from indsec.report.spreadsheet import XLSX_MEDIA_TYPE, table_workbook

__all__ = [
    "XLSX_MEDIA_TYPE",
    "csv_cell",
    "export_filing",
    "filing_document",
    "storage_size",
    "table_workbook",
]
"""``csv_cell`` and ``table_workbook`` are here for faces writing CSV or XLSX themselves: one
guard against formula injection; ``storage_size`` for any report stating how much data is held."""

LANGUAGES = ("zh", "en")


def _filing(app: AppContext, lang: str) -> Filing:
    if lang not in LANGUAGES:
        raise NotFoundError(f"unknown language '{lang}' (valid: {', '.join(LANGUAGES)})")
    packs = app.packs
    taxonomy = packs.one(TaxonomyPack)
    found, assets = catalogue_view(app=app)
    return build_filing(
        assets=assets,
        version=found.number,
        profile=app.profile,
        pack=packs.one(FilingPack),
        declarations=load_filing_declarations(app.settings.config),
        category_names=taxonomy.category_name,
        terms=packs.one(GradingPack).term_names(),
        systems=list(taxonomy.hint_priors),
        lang=lang,
    )


def export_filing(*, app: AppContext, fmt: str, lang: str, output: Path) -> Path:
    """Write the important/core catalogue filing in ``fmt`` and ``lang``."""
    writer = FILING_WRITERS.get(fmt)
    writer(_filing(app, lang), output)
    return output


def filing_document(*, app: AppContext, lang: str) -> dict[str, Any]:
    """The filing as ``export --format json`` writes it: what a supervision instance takes."""
    return json_document(_filing(app, lang))

"""The important/core data catalogue filing (重要数据和核心数据目录备案).

Metadata only: the filing never carries data content, not even masked examples. Values the
scan cannot know (purpose, sharing, cross-border transfer, protection measures) come from the
enterprise's declarations and are marked "to be completed" until declared.
"""

from __future__ import annotations

import json
from collections.abc import Callable, Collection, Mapping
from pathlib import Path
from typing import Any

from openpyxl import Workbook

from indsec.catalogue.service import FilingPack
from indsec.cells import write_table
from indsec.model import ClassifiedAsset, EnterpriseProfile, Filing, Names
from indsec.plugins import Registry, a_function
from indsec.report.filing_wording import BasisWording, carrier, storage_size

TO_COMPLETE = {"zh": "待填写", "en": "to be completed"}


def _asset_values(
    asset: ClassifiedAsset, category_name: str, wording: BasisWording, systems: Collection[str]
) -> dict[str, str]:
    lang = wording.lang
    return {
        "data_name": asset.name,
        "data_source": asset.source,
        "category": category_name,
        "grade": asset.grade.zh if lang == "zh" else asset.grade.value,
        "scale_records": "" if asset.rows is None else str(asset.rows),
        "scale_bytes": storage_size(asset.size_bytes, lang),
        "carrier": carrier(asset, lang, systems),
        "grading_basis": wording.basis(asset),
    }


def _profile_values(profile: EnterpriseProfile) -> dict[str, str]:
    return {
        "responsible_party": profile.name,
        "security_officer": " ".join(
            filter(None, [profile.data_security_officer, profile.officer_contact])
        ),
    }


def build_filing(
    *,
    assets: list[ClassifiedAsset],
    version: int,
    profile: EnterpriseProfile,
    pack: FilingPack,
    declarations: dict[str, dict[str, str]],
    category_names: Callable[[str, str], str],
    terms: Mapping[str, Names],
    systems: Collection[str],
    lang: str,
) -> Filing:
    """Assemble the filing from the effective (reviewed) catalogue.

    ``terms`` names the grading pack's impact objects and degrees; ``systems`` are the
    information systems the taxonomy knows, to tell which system a table belongs to.
    """
    filed = [a for a in assets if a.grade.value in pack.grades_filed]
    columns = [(f.id, f.names.get(lang)) for f in pack.fields]
    wording = BasisWording(lang, terms)
    records = []
    for asset in filed:
        values = {
            **_profile_values(profile),
            **declarations.get("defaults", {}),
            **declarations.get(asset.name, {}),
            **declarations.get(asset.key, {}),
            **_asset_values(asset, category_names(asset.category, lang), wording, systems),
        }
        records.append({fid: values.get(fid) or TO_COMPLETE[lang] for fid, _ in columns})
    title, sheet = pack.title.get(lang), pack.sheet_name.get(lang)
    return Filing(profile, version, lang, title, sheet, columns, records)


def json_document(filing: Filing) -> dict[str, Any]:
    """The filing as the JSON file holds it, and as a supervision instance's intake takes it."""
    return {
        "enterprise": {
            "name": filing.enterprise.name,
            "uscc": filing.enterprise.uscc,
            "industry_code": filing.enterprise.industry_code,
            "province": filing.enterprise.province,
        },
        "catalogue_version": filing.catalogue_version,
        "lang": filing.lang,
        "title": filing.title,
        "columns": [{"id": cid, "name": name} for cid, name in filing.columns],
        "records": filing.records,
    }


def write_json(filing: Filing, path: Path) -> None:
    text = json.dumps(json_document(filing), ensure_ascii=False, indent=2)
    path.write_text(text, encoding="utf-8")


def write_xlsx(filing: Filing, path: Path) -> None:
    book = Workbook(write_only=True)
    label = "企业" if filing.lang == "zh" else "Enterprise"
    write_table(
        book.create_sheet(filing.sheet_name),
        [name for _, name in filing.columns],
        [[record[cid] for cid, _ in filing.columns] for record in filing.records],
        preamble=[[filing.title], [label, filing.enterprise.name, filing.enterprise.uscc]],
    )
    book.save(path)


FILING_WRITERS: Registry[Callable[[Filing, Path], None]] = Registry(
    "filing formats", entry_point_group="indsec.filing_writers", accepts=a_function
)
FILING_WRITERS.register("json", write_json)
FILING_WRITERS.register("xlsx", write_xlsx)

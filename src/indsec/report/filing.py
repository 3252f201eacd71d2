"""The important/core data catalogue filing (重要数据和核心数据目录备案).

Metadata only: the filing never carries data content, not even masked examples. Values the
scan cannot know (purpose, sharing, cross-border transfer, protection measures) come from the
enterprise's declarations and are marked "to be completed" until declared.
"""

from __future__ import annotations

import json
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from openpyxl import Workbook

from indsec.model import ClassifiedAsset, EnterpriseProfile
from indsec.plugins import Registry
from indsec.report.cells import write_table
from indsec.report.filing_pack import FilingPack

TO_COMPLETE = {"zh": "待填写", "en": "to be completed"}
CARRIERS = {
    "table": {"zh": "数据库表", "en": "database table"},
    "file": {"zh": "文件", "en": "file"},
}


@dataclass(frozen=True)
class Filing:
    """A filing ready to export: one record per important or core asset."""

    enterprise: EnterpriseProfile
    catalogue_version: int
    lang: str
    columns: list[tuple[str, str]]
    records: list[dict[str, str]]


def _asset_values(asset: ClassifiedAsset, lang: str, category_name: str) -> dict[str, str]:
    return {
        "data_name": asset.name,
        "data_source": asset.source,
        "category": category_name,
        "grade": asset.grade.zh if lang == "zh" else asset.grade.value,
        "scale_records": "" if asset.rows is None else str(asset.rows),
        "scale_bytes": "" if asset.size_bytes is None else str(asset.size_bytes),
        "carrier": " / ".join(
            filter(
                None,
                [
                    CARRIERS.get(asset.kind, {}).get(lang, asset.kind),
                    asset.file_format,
                    asset.system_hint,
                ],
            )
        ),
        "grading_basis": "; ".join(s.effect for s in asset.rationale if s.grade is not None),
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
    lang: str,
) -> Filing:
    """Assemble the filing from the effective (reviewed) catalogue."""
    filed = [a for a in assets if a.grade.value in pack.grades_filed]
    columns = [(f.id, f.names.get(lang)) for f in pack.fields]
    records = []
    for asset in filed:
        values = {
            **_profile_values(profile),
            **declarations.get("defaults", {}),
            **declarations.get(asset.name, {}),
            **declarations.get(asset.key, {}),
            **_asset_values(asset, lang, category_names(asset.category, lang)),
        }
        records.append({fid: values.get(fid) or TO_COMPLETE[lang] for fid, _ in columns})
    return Filing(profile, version, lang, columns, records)


def write_json(filing: Filing, path: Path) -> None:
    document = {
        "enterprise": {
            "name": filing.enterprise.name,
            "uscc": filing.enterprise.uscc,
            "industry_code": filing.enterprise.industry_code,
            "province": filing.enterprise.province,
        },
        "catalogue_version": filing.catalogue_version,
        "lang": filing.lang,
        "columns": [{"id": cid, "name": name} for cid, name in filing.columns],
        "records": filing.records,
    }
    path.write_text(json.dumps(document, ensure_ascii=False, indent=2), encoding="utf-8")


def write_xlsx(filing: Filing, path: Path) -> None:
    book = Workbook(write_only=True)
    title = "重要数据和核心数据目录" if filing.lang == "zh" else "Important and core data catalogue"
    label = "企业" if filing.lang == "zh" else "Enterprise"
    write_table(
        book.create_sheet(title[:31]),
        [name for _, name in filing.columns],
        [[record[cid] for cid, _ in filing.columns] for record in filing.records],
        preamble=[[title], [label, filing.enterprise.name, filing.enterprise.uscc]],
    )
    book.save(path)


FILING_WRITERS: Registry[Callable[[Filing, Path], None]] = Registry("filing formats")
FILING_WRITERS.register("json", write_json)
FILING_WRITERS.register("xlsx", write_xlsx)

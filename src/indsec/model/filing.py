"""A filing of the important/core data catalogue, as built and before it is written out.

A domain value (the regulator receives it, a supervision instance will store it), so it lives
here; how it is assembled and written (JSON, XLSX) stays with the report feature.
"""

from __future__ import annotations

from dataclasses import dataclass

from indsec.model.profile import EnterpriseProfile


@dataclass(frozen=True)
class Filing:
    """A filing ready to export: one record per important or core asset."""

    enterprise: EnterpriseProfile
    catalogue_version: int
    lang: str
    title: str
    sheet_name: str
    columns: list[tuple[str, str]]
    records: list[dict[str, str]]

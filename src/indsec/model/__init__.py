"""Domain types shared by every part of indsec; this package imports nothing else of ours."""

from indsec.model.catalogue import CatalogueVersion, ClassifiedAsset, Review
from indsec.model.filing import Filing
from indsec.model.grade import Grade
from indsec.model.labels import FieldLabel, FieldResult
from indsec.model.names import Names
from indsec.model.profile import EnterpriseProfile
from indsec.model.progress import Progress
from indsec.model.rationale import ImpactPair, RationaleStep
from indsec.model.site_policy import SitePolicy
from indsec.model.source import (
    REFERENCES_KEY,
    ROW_COUNT_KEY,
    SAMPLE_METHOD_KEY,
    AssetKind,
    DiscoveredAsset,
    SampledColumn,
    ScanIssue,
    ScanReport,
)

__all__ = [
    "REFERENCES_KEY",
    "ROW_COUNT_KEY",
    "SAMPLE_METHOD_KEY",
    "AssetKind",
    "CatalogueVersion",
    "ClassifiedAsset",
    "DiscoveredAsset",
    "EnterpriseProfile",
    "FieldLabel",
    "FieldResult",
    "Filing",
    "Grade",
    "ImpactPair",
    "Names",
    "Progress",
    "RationaleStep",
    "Review",
    "SampledColumn",
    "ScanIssue",
    "ScanReport",
    "SitePolicy",
]

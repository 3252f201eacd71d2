"""The classify service carries an asset's metadata through classification and back unchanged."""

from __future__ import annotations

from dataclasses import replace

from indsec.classify.service import AssetClassifier, rediscovered
from indsec.model import AssetKind, DiscoveredAsset, EnterpriseProfile, SampledColumn
from indsec.rules.pack import load_packs

ASSET = DiscoveredAsset(
    source="file:///plant",
    name="财务/付款.csv",
    kind=AssetKind.FILE,
    rows=240,
    rows_exact=False,
    size_bytes=8192,
    comment="付款明细",
    system_hint="ERP",
    file_format="csv",
    metadata={"encoding": "gb18030"},
)


def test_metadata_survives_classification_and_rediscovery() -> None:
    columns = [SampledColumn("金额", values=["12.50"])]
    discovered = replace(ASSET, columns=columns)

    classified = AssetClassifier.from_packs(load_packs()).classify(discovered, EnterpriseProfile())
    back = rediscovered(classified)

    assert classified.kind == "file"
    assert (classified.rows, classified.rows_exact, classified.file_format) == (240, False, "csv")
    assert back == ASSET  # the sampled values stay behind the recognizer boundary
    assert back.metadata is not classified.metadata

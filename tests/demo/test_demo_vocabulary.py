"""The vocabulary file is validated strictly and its errors are located."""

from __future__ import annotations

from collections.abc import Callable
from importlib.resources import files
from pathlib import Path

import pytest

from indsec.demo.vocabulary import demo_vocabulary, read_vocabulary
from indsec.errors import ConfigError

SHIPPED = files("indsec.demo").joinpath("vocabulary.yaml").read_text("utf-8")


def test_shipped_vocabulary_is_valid_and_consistent() -> None:
    vocabulary = demo_vocabulary()
    line_codes = {line.code for line in vocabulary.lines}
    site_codes = {site.code for site in vocabulary.sites}
    product_codes = {product.code for product in vocabulary.products}
    assert {line.site for line in vocabulary.lines} <= site_codes
    assert all(set(p.lines) <= line_codes for p in vocabulary.products)
    assert all(set(e.lines) <= line_codes for e in vocabulary.equipment)
    assert {r.product for r in vocabulary.recipes} <= product_codes
    hosts = {asset.hostname for asset in vocabulary.network_assets}
    assert {tag.plc for tag in vocabulary.plc_tags} <= hosts
    assert {a.uplink for a in vocabulary.network_assets} - {""} <= hosts
    assert len({tag.name for tag in vocabulary.plc_tags}) == len(vocabulary.plc_tags)
    assert vocabulary.analogue_tags()


@pytest.mark.parametrize(
    ("edit", "message"),
    [
        (
            lambda text: text.replace("  email_domain:", "  colour: red\n  email_domain:", 1),
            r"vocabulary\.yaml:\d+: enterprise\.colour: Extra inputs are not permitted",
        ),
        (
            lambda text: text.replace('registration_region: "320412"', "registration_region: 3204"),
            r"vocabulary\.yaml:\d+: enterprise\.registration_region",
        ),
        (
            lambda text: text + "\nwarehouses: [again]\n",
            r"vocabulary\.yaml:\d+: duplicate key 'warehouses'",
        ),
        (
            lambda text: text.replace("birth_areas:", "birth_areas: [", 1),
            r"vocabulary\.yaml:\d+: invalid YAML",
        ),
    ],
)
def test_broken_vocabulary_is_reported_with_its_line(
    edit: Callable[[str], str], message: str
) -> None:
    with pytest.raises(ConfigError, match=message):
        read_vocabulary(Path("vocabulary.yaml"), edit(SHIPPED))


def test_unchanged_text_reads_back_equal() -> None:
    assert read_vocabulary(Path("vocabulary.yaml"), SHIPPED) == demo_vocabulary()

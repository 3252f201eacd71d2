"""The loaded-pack lookup is typed by pack model, and every pack model shares one strict base."""

from __future__ import annotations

import types
import typing
from pathlib import Path

import pytest
from pydantic import BaseModel, ValidationError

from indsec.catalogue.filing_pack import FilingPack
from indsec.classify.taxonomy_pack import Domain
from indsec.detect.scenario_pack import ScenarioPack
from indsec.errors import RulePackError
from indsec.model import Names
from indsec.rules.base import StrictModel
from indsec.rules.pack import BUILTIN_PACKS, PACK_KINDS, load_packs


def _site_filing(tmp_path: Path, months: int) -> Path:
    text = (BUILTIN_PACKS / "filing.yaml").read_text(encoding="utf-8")
    site = tmp_path / "site_filing.yaml"
    site.write_text(text.replace("refiling_months: 3", f"refiling_months: {months}"), "utf-8")
    return site


def test_one_returns_the_site_pack_that_replaces_the_builtin(tmp_path: Path) -> None:
    loaded = load_packs([_site_filing(tmp_path, 5)])

    assert loaded.problems == []
    assert loaded.one(FilingPack).refiling_months == 5
    assert [p.refiling_months for p in loaded.all(FilingPack)] == [5]


def test_all_keeps_to_the_asked_model() -> None:
    loaded = load_packs()

    assert {type(p) for p in loaded.all(FilingPack)} == {FilingPack}
    assert [p.pack.kind for p in loaded.all(ScenarioPack)] == ["scenarios"]


def test_one_names_the_missing_kind(tmp_path: Path) -> None:
    loaded = load_packs([_site_filing(tmp_path, 3)], builtin=False)

    with pytest.raises(RulePackError) as caught:
        loaded.one(ScenarioPack)

    assert [(p.where, p.message) for p in caught.value.problems] == [
        ("scenarios", "no valid rule pack of this kind was loaded")
    ]


def _models(annotation: object) -> typing.Iterator[type[BaseModel]]:
    """Every pydantic model class named by a field annotation, however nested."""
    if isinstance(annotation, type) and issubclass(annotation, BaseModel):
        yield annotation
    elif isinstance(annotation, (types.GenericAlias, types.UnionType)) or typing.get_origin(
        annotation
    ):
        for arg in typing.get_args(annotation):
            yield from _models(arg)


def _reachable(model: type[BaseModel]) -> set[type[BaseModel]]:
    seen: set[type[BaseModel]] = set()
    todo = [model]
    while todo:
        current = todo.pop()
        if current not in seen:
            seen.add(current)
            for info in current.model_fields.values():
                todo.extend(_models(info.annotation))
    return seen


@pytest.mark.parametrize("kind", PACK_KINDS.names())
def test_every_model_of_a_pack_is_strict(kind: str) -> None:
    models = _reachable(PACK_KINDS.get(kind))
    # Names lives in model/, which imports nothing of ours; it is strict on its own.
    loose = {m.__name__ for m in models if not issubclass(m, (StrictModel, Names))}

    assert len(models) > 1
    assert loose == set()


def test_a_named_term_refuses_unknown_keys_edits_and_bad_ids() -> None:
    names = {"zh": "生产域", "en": "Production"}
    with pytest.raises(ValidationError, match="Extra inputs are not permitted"):
        Domain.model_validate({"id": "production", "names": names, "source": "s", "colour": 1})
    domain = Domain.model_validate({"id": "production", "names": names, "source": "s"})
    with pytest.raises(ValidationError, match="frozen"):
        domain.source = "t"  # type: ignore[misc]
    with pytest.raises(ValidationError, match="should match pattern"):
        Domain.model_validate({"id": "Production", "names": names, "source": "s"})

"""The shipped control catalogues: they load, refer only to what exists, and are honest about
what the reference does not confirm.

The schema already refuses a single bad pack; these tests hold what only shows across packs or
against other contracts: automated check ids the assess engine registers, risk types the scenarios
pack declares, keys unique across frameworks, and text really written in both languages.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Iterator

import pytest

from indsec.assess.control_pack import Article, Control, ControlPack
from indsec.detect.scenario_pack import ScenarioPack
from indsec.model import Names
from indsec.rules.pack import LoadedPacks, load_packs

CHECK_PARAMS: dict[str, set[str]] = {
    "scans.recent": {"max_age_days"},
    "filing.complete": set(),
    "alerts.core_open": {"max_open"},
    "detect.remote_access": {"lookback_days"},
    "logs.retention": {"min_days"},
    "backup.core": {"max_age_days"},
    "sources.tls": set(),
    "accounts.remote_mfa": set(),
}
"""The eight automated checks of ASSESS_CONTRACT.md and their parameters. Hard-coded on purpose:
the assess engine owns the check registry; when it lands, compare with it instead."""

SHIPPED = {
    "indsec.controls.miit_measures": ("obligations", 25, 40),
    "indsec.controls.ransomware": ("scenario_checklist", 8, 12),
    "indsec.controls.backdoor": ("scenario_checklist", 8, 12),
    "indsec.controls.personnel": ("scenario_checklist", 8, 12),
    "indsec.controls.remote_om": ("scenario_checklist", 8, 12),
    "indsec.controls.assessment_items": ("assessment_items", 15, 25),
}
"""Each shipped pack: its framework kind and the size the issue asks for."""

CJK = re.compile(r"[\u4e00-\u9fff]")
NOT_GIVEN = "未给出"
"""How a citation says the reference does not give the article number."""


@pytest.fixture(scope="module")
def loaded() -> LoadedPacks:
    return load_packs()


@pytest.fixture(scope="module")
def packs(loaded: LoadedPacks) -> list[ControlPack]:
    return loaded.all(ControlPack)


def _names(pack: ControlPack) -> Iterator[tuple[str, Names]]:
    """Every bilingual text of a pack, with where it is."""
    yield f"{pack.pack.id}: framework", pack.framework.names
    for domain in pack.domains:
        yield f"{pack.pack.id}: {domain.id}", domain.names
        for control in domain.controls:
            where = f"{pack.key(control)}"
            yield where, control.names
            if control.guidance is not None:
                yield f"{where} guidance", control.guidance
            for article in _articles(control):
                yield f"{where} law", article.law


def _articles(control: Control) -> list[Article]:
    return [*control.basis, *([control.penalty] if control.penalty else [])]


def test_every_shipped_pack_loads_with_its_kind_and_size(
    loaded: LoadedPacks, packs: list[ControlPack]
) -> None:
    assert loaded.problems == []
    by_id = {pack.pack.id: pack for pack in packs}
    assert set(SHIPPED) <= set(by_id)
    for pack_id, (kind, least, most) in SHIPPED.items():
        pack = by_id[pack_id]
        assert pack.framework.kind == kind, pack_id
        assert least <= len(pack.controls()) <= most, pack_id


def test_checks_are_the_contracts_with_its_parameters(packs: list[ControlPack]) -> None:
    used = [(pack.key(c), c.check) for pack in packs for c in pack.controls() if c.check]
    assert len(used) >= 8
    for key, check in used:
        assert check.id in CHECK_PARAMS, key
        assert set(check.params) <= CHECK_PARAMS[check.id], key
    assert {check.id for _, check in used} == set(CHECK_PARAMS)


def test_a_control_with_a_check_lists_check_evidence(packs: list[ControlPack]) -> None:
    for pack in packs:
        for control in pack.controls():
            assert (control.check is not None) == ("check" in control.evidence), pack.key(control)


def test_each_checklist_covers_its_own_scenario(packs: list[ControlPack]) -> None:
    checklists = [p for p in packs if p.framework.kind == "scenario_checklist"]
    scenarios = Counter(p.framework.scenario for p in checklists)
    assert scenarios == Counter({"ransomware": 1, "backdoor": 1, "personnel": 1, "remote_om": 1})
    for pack in checklists:
        for control in pack.controls():
            assert pack.framework.scenario in control.scenarios, pack.key(control)


def test_what_rests_on_recalled_or_unverified_facts_is_flagged(packs: list[ControlPack]) -> None:
    for pack in packs:
        for control in pack.controls():
            tags = {control.confidence, *(a.confidence for a in control.basis)}
            if tags & {"R", "U"}:
                assert control.needs_review, pack.key(control)


def test_an_article_the_reference_does_not_give_is_never_above_u(packs: list[ControlPack]) -> None:
    citations = [a for p in packs for c in p.controls() for a in _articles(c)]
    not_given = [a for a in citations if NOT_GIVEN in a.article]
    assert not_given
    assert {a.confidence for a in not_given} == {"U"}


def test_every_obligation_cites_its_source(packs: list[ControlPack]) -> None:
    for pack in packs:
        if pack.framework.kind in ("obligations", "assessment_items"):
            assert all(c.basis for c in pack.controls()), pack.pack.id


def test_the_truncated_assessment_item_is_flagged(packs: list[ControlPack]) -> None:
    [items] = [p for p in packs if p.framework.kind == "assessment_items"]
    cited = {a.article.split(" /")[0] for c in items.controls() for a in c.basis}
    assert {f"评估内容第{n}项" for n in range(1, 6)} <= cited
    sixth = [c for c in items.controls() if any("第6项" in a.article for a in c.basis)]
    assert sixth and all(c.needs_review and c.confidence == "U" for c in sixth)


def test_keys_are_unique_across_packs(packs: list[ControlPack]) -> None:
    keys = Counter(pack.key(c) for pack in packs for c in pack.controls())
    assert [k for k, n in keys.items() if n > 1] == []
    assert len({pack.framework.id for pack in packs}) == len(packs)


def test_risks_reduced_are_the_scenarios_packs_risk_types(
    loaded: LoadedPacks, packs: list[ControlPack]
) -> None:
    risk_types = {r.id for r in loaded.one(ScenarioPack).risk_types}
    for pack in packs:
        for control in pack.controls():
            assert control.reduces, pack.key(control)
            assert set(control.reduces) <= risk_types, pack.key(control)


def test_texts_are_chinese_and_english(packs: list[ControlPack]) -> None:
    for pack in packs:
        for where, names in _names(pack):
            assert CJK.search(names.zh), where
            assert names.en.strip() and not CJK.search(names.en), where


def test_every_control_says_how_to_verify_it(packs: list[ControlPack]) -> None:
    """The questionnaire shows the guidance beside the question; an assessor needs it."""
    missing = [pack.key(c) for pack in packs for c in pack.controls() if c.guidance is None]
    assert missing == []

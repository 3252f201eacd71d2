"""Rule packs: versioned YAML documents of regulatory content, validated by a schema.

Each pack file starts with a ``pack`` header naming its kind; the kind selects the pydantic
model (registered in :data:`PACK_KINDS`) that validates the rest. Packs shipped with indsec live
in ``rules/packs/``; a site can add or replace packs from its own directories.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import TypeVar

from pydantic import Field

from indsec.errors import Problem, RulePackError
from indsec.plugins import Registry, subclass_of
from indsec.rules.base import Slug, StrictModel
from indsec.rules.schema import validate_document
from indsec.rules.yaml_loader import load_located

BUILTIN_PACKS = Path(__file__).parent / "packs"
BUILTIN_SIGMA_RULES = BUILTIN_PACKS / "sigma" / "rules"
"""indsec's own Sigma rules: they sit beside their pipelines, but are Sigma documents, not packs
(the scenarios pack names this folder and the detection feature loads it)."""


class PackHeader(StrictModel):
    """Identity of a pack: what it is, which version, and what still needs review."""

    id: Slug
    kind: str
    version: str
    description: str = ""
    sources: list[str] = Field(default_factory=list)


class RulePack(StrictModel):
    """Base of every pack model."""

    pack: PackHeader

    def check(self) -> list[str]:
        """Semantic checks beyond the schema (compiled patterns, references); messages."""
        return []


PACK_KINDS: Registry[type[RulePack]] = Registry(
    "rule pack kinds",
    entry_point_group="indsec.rule_pack_kinds",
    accepts=subclass_of(RulePack),
    builtin_modules=[
        "indsec.classify.grade.pack",
        "indsec.classify.recognize.pack",
        "indsec.classify.taxonomy_pack",
        "indsec.detect.scenario_pack",
        "indsec.sigma.logsource_pack",
        "indsec.detect.sources.pipeline_pack",
        "indsec.catalogue.filing_pack",
        "indsec.incident.tier_pack",
        "indsec.assess.control_pack",
        "indsec.drill.plan_pack",
    ],
)
"""Pack kind → model. The built-in kinds are named by module, imported on first use, so this
layer never imports the feature packages that define them."""

P = TypeVar("P", bound=RulePack)


@dataclass
class LoadedPacks:
    """Every valid pack found, by kind, plus the problems of the invalid ones."""

    by_kind: dict[str, list[RulePack]] = field(default_factory=dict)
    problems: list[Problem] = field(default_factory=list)
    files: int = 0

    def versions(self) -> dict[str, str]:
        return {p.pack.id: p.pack.version for packs in self.by_kind.values() for p in packs}

    def one(self, pack_type: type[P]) -> P:
        """The single pack of ``pack_type``; a site pack with the same id replaces the builtin.

        Asked by model class rather than kind name so that callers get the pack's own type.
        """
        packs = self.all(pack_type)
        if not packs:
            kind = _kind_of(pack_type)
            raise RulePackError([Problem(kind, "no valid rule pack of this kind was loaded")])
        return packs[-1]

    def all(self, pack_type: type[P]) -> list[P]:
        """Every loaded pack of ``pack_type``, in load order."""
        return [p for packs in self.by_kind.values() for p in packs if isinstance(p, pack_type)]


def _kind_of(pack_type: type[RulePack]) -> str:
    """The kind name ``pack_type`` is registered under, for messages."""
    kinds = (name for name in PACK_KINDS.names() if PACK_KINDS.get(name) is pack_type)
    return next(kinds, pack_type.__name__)


def _pack_files(dirs: list[Path]) -> list[Path]:
    files: list[Path] = []
    for d in dirs:
        if d.is_file():
            files.append(d)
        elif d.is_dir():
            found = (p for p in d.rglob("*.y*ml") if p.suffix in {".yaml", ".yml"})
            files.extend(sorted(p for p in found if not p.is_relative_to(BUILTIN_SIGMA_RULES)))
    return files


def load_pack_file(path: Path) -> tuple[RulePack | None, list[Problem]]:
    """Load and validate one pack file; problems carry file:line."""
    doc, problems = load_located(path)
    if doc is None:
        return None, problems
    header = doc.data.get("pack") if isinstance(doc.data, dict) else None
    kind = header.get("kind") if isinstance(header, dict) else None
    if not isinstance(kind, str):
        return None, [*problems, Problem(doc.where(["pack"]), "missing 'pack.kind'")]
    if kind not in PACK_KINDS:
        valid = ", ".join(PACK_KINDS.names())
        return None, [
            *problems,
            Problem(doc.where(["pack", "kind"]), f"unknown kind '{kind}' ({valid})"),
        ]
    pack, schema_problems = validate_document(doc, PACK_KINDS.get(kind))
    problems += schema_problems
    if pack is not None:
        problems += [Problem(str(path), msg) for msg in pack.check()]
    return (pack if not problems else None), problems


def load_packs(extra_dirs: list[Path] | None = None, *, builtin: bool = True) -> LoadedPacks:
    """Load every pack from the builtin directory and ``extra_dirs``, collecting all problems."""
    dirs = ([BUILTIN_PACKS] if builtin else []) + list(extra_dirs or [])
    loaded = LoadedPacks()
    loaded.problems += [
        Problem(str(d), "no such file or directory") for d in dirs if not d.exists()
    ]
    for path in _pack_files(dirs):
        loaded.files += 1
        pack, problems = load_pack_file(path)
        loaded.problems += problems
        if pack is not None:
            same_id = [
                p for p in loaded.by_kind.get(pack.pack.kind, []) if p.pack.id != pack.pack.id
            ]
            loaded.by_kind[pack.pack.kind] = [*same_id, pack]
    return loaded


def read_pack(path: Path, model: type[P]) -> P:
    """Load and validate the one pack at ``path`` as ``model`` (a pack the features read
    themselves, outside the site's pack directories); every problem is raised at once, located."""
    doc, problems = load_located(path)
    pack = None
    if doc is not None:
        pack, schema_problems = validate_document(doc, model)
        problems += schema_problems
    if pack is not None:
        problems += [Problem(str(path), message) for message in pack.check()]
    if pack is None or problems:
        kind = model.__name__
        raise RulePackError(problems or [Problem(str(path), f"not a {kind} document")])
    return pack


def require_valid(loaded: LoadedPacks) -> LoadedPacks:
    """Raise with every problem when any pack was invalid."""
    if loaded.problems:
        raise RulePackError(loaded.problems)
    return loaded

"""The recognizer rule pack: what to look for, declared as data.

Every label indsec can put on a field (``cn.resident_id``, ``industrial.plc_address`` …) is a
recognizer in a YAML pack: value patterns that cite their standard, an optional validator hook,
context words, column/table name keywords in Chinese, pinyin abbreviations and English, file
signatures, confidence weights and a masking style. Regulators revise identifiers and sites add
their own, so none of this lives in Python.

Patterns are matched against values after NFKC normalisation and lower-casing (``℃`` becomes
``°c``, full-width digits become ASCII), with ASCII semantics for ``\\d``, ``\\w``, ``\\s`` and
``\\b`` so that Hyperscan and Python's ``re`` agree. Broken regexes, unknown validator names and
unknown masking styles are schema errors, so ``load_pack_file`` reports them with file:line next
to every other problem of the file.
"""

from __future__ import annotations

import re
import warnings
from collections import Counter
from pathlib import Path
from typing import Literal

from pydantic import Field, field_validator

from indsec.classify.masking import MASKERS
from indsec.classify.recognize.validators import VALIDATORS
from indsec.errors import Problem, RulePackError
from indsec.model import Names
from indsec.rules.base import FrozenModel
from indsec.rules.pack import BUILTIN_PACKS, PACK_KINDS, RulePack, load_pack_file

REGEX_FLAGS = re.ASCII
"""Flags of every pack regex in Python; Hyperscan gets the matching ASCII-only semantics."""

RECOGNIZER_ID = r"^[a-z][a-z0-9_]*(\.[a-z0-9_]+)*$"


def regex_problem(regex: str) -> str | None:
    """Why ``regex`` is unusable as a pattern, or None.

    Python's warnings about a regex (``[[`` read as a possible nested set) are problems too:
    they mean the author wrote something other than what the regex does.
    """
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        try:
            compiled = re.compile(regex, REGEX_FLAGS)
        except (re.error, FutureWarning, DeprecationWarning) as exc:
            return f"invalid regex: {exc}"
    if compiled.fullmatch(""):
        return "regex matches the empty string"
    return None


def _checked_regex(regex: str) -> str:
    problem = regex_problem(regex)
    if problem:
        raise ValueError(problem)
    return regex


class PatternSpec(FrozenModel):
    """One value pattern.

    ``match``: ``full`` means the whole cell must match, ``search`` that it occurs in the cell.
    ``requires_context``: the pattern alone proves nothing (a 32-hex digest, a Modbus ``40001``)
    and counts only when the column name or comment points at the recognizer.
    ``in_text``: whether free text is searched with it, always or only next to a context word.
    """

    regex: str
    source: str = Field(min_length=1)
    match: Literal["full", "search"] = "full"
    requires_context: bool = False
    in_text: Literal["always", "with_context", "never"] = "always"

    @field_validator("regex")
    @classmethod
    def _compiles(cls, regex: str) -> str:
        return _checked_regex(regex)


class Keywords(FrozenModel):
    """Words pointing at a recognizer: Chinese (substring), pinyin initials, English (tokens).

    ``whole``: words that point only when they are the entire name or comment. A comment
    ``账号`` names an account column; as a substring it is also ``银行账号``, a card number.
    ``last``: words that point only as the head noun, which English puts in the last token
    (``CUSTOMER_PERSON`` is a person, ``PERSON_JOB`` a job) and Chinese at the end (``送检者``
    is a person, ``者`` inside a longer phrase need not be).
    """

    zh: list[str] = Field(default_factory=list)
    pinyin: list[str] = Field(default_factory=list)
    en: list[str] = Field(default_factory=list)
    whole: list[str] = Field(default_factory=list)
    last: list[str] = Field(default_factory=list)

    def all_words(self) -> list[str]:
        return [*self.zh, *self.pinyin, *self.en]


class ContentSignature(FrozenModel):
    """A regex over the head of a file's text; ``min_count`` matches are needed."""

    regex: str
    source: str = Field(min_length=1)
    min_count: int = Field(default=1, ge=1)

    @field_validator("regex")
    @classmethod
    def _compiles(cls, regex: str) -> str:
        return _checked_regex(regex)


class FileSignatures(FrozenModel):
    """What makes a whole file carry the label: extension, detected format or content.

    ``binary``: signatures the binary reader found in a file's first bytes (``uimage``,
    ``elf``, ``intel_hex`` …), recorded as the asset's ``signature`` metadata.
    """

    extensions: list[str] = Field(default_factory=list)
    formats: list[str] = Field(default_factory=list)
    content: list[ContentSignature] = Field(default_factory=list)
    binary: list[str] = Field(default_factory=list)

    @field_validator("extensions")
    @classmethod
    def _dotted_lower(cls, extensions: list[str]) -> list[str]:
        bad = [e for e in extensions if not e.startswith(".") or e != e.lower()]
        if bad:
            raise ValueError(f"extensions must be lower-case and start with '.': {bad}")
        return extensions


class ValueShape(FrozenModel):
    """A named shape of values (numbers with units, codes, IP addresses), shared by recognizers.

    ``says`` completes "N/M sampled values …" in evidence: "are numbers or quantities".
    """

    regex: str
    says: str = Field(min_length=1)
    source: str = Field(min_length=1)

    @field_validator("regex")
    @classmethod
    def _compiles(cls, regex: str) -> str:
        return _checked_regex(regex)


class ShapeSpec(FrozenModel):
    """What the values of a recognizer without value patterns look like.

    A shape never proves a label on its own (numbers are everywhere); it corroborates a column
    name, a table name or a file name that points at the recognizer. ``values``: names of the
    pack's ``value_shapes`` a whole cell may fit; ``extensions``: a cell naming a file with one
    of the recognizer's file extensions fits too; ``text``: signatures in a named file's text;
    ``min_ratio``: share of non-empty sampled values that must fit (half, like value patterns).
    """

    values: list[str] = Field(default_factory=list)
    extensions: bool = False
    text: list[ContentSignature] = Field(default_factory=list)
    min_ratio: float = Field(default=0.5, gt=0.0, le=1.0)


class Weights(FrozenModel):
    """How much each kind of evidence is worth, between 0 and 1.

    ``value``: all sampled values match (scaled by the match ratio); ``name``: a column, table or
    file name keyword; ``context``: a context word in a comment or near a match in text.
    """

    value: float = Field(default=0.85, ge=0.0, le=1.0)
    name: float = Field(default=0.6, ge=0.0, le=1.0)
    context: float = Field(default=0.15, ge=0.0, le=1.0)


class MaskSpec(FrozenModel):
    """A registered masking style and how many leading/trailing characters it may keep."""

    style: str = "full"
    head: int = Field(default=0, ge=0)
    tail: int = Field(default=0, ge=0)

    @field_validator("style")
    @classmethod
    def _registered(cls, style: str) -> str:
        if style not in MASKERS:
            raise ValueError(
                f"unknown masking style '{style}' (valid: {', '.join(MASKERS.names())})"
            )
        return style


class NegativeLexicon(FrozenModel):
    """Values a lexicon pattern accepts that are not what it looks for, compared NFKC-lower-cased.

    A surname followed by one or two characters is also a colour (``蓝色``), a role
    (``管理员``), a weekday (``周一``) or a brand; a cell equal to one of ``exact``, or starting,
    ending or containing one of the others, is not evidence for the recognizer.
    """

    exact: list[str] = Field(default_factory=list)
    prefixes: list[str] = Field(default_factory=list)
    suffixes: list[str] = Field(default_factory=list)
    contains: list[str] = Field(default_factory=list)

    @field_validator("exact", "prefixes", "suffixes", "contains")
    @classmethod
    def _not_blank(cls, words: list[str]) -> list[str]:
        if any(not w.strip() for w in words):
            raise ValueError("negative lexicon words must not be blank")
        return words


class Recognizer(FrozenModel):
    """One label and everything that can prove it.

    ``excludes``: recognizers whose accepted cells are no evidence for this one — a password
    column's values are plaintext only where no hash format of ``secret.password_hash`` fits.
    Applies to column values. ``negative``: cells its patterns accept that are known not to be
    the data (colours read as names, URLs read as addresses). ``unpointed_match_ratio``: a
    lexicon pattern (surname + characters) fits many words, so where nothing around the column
    speaks of people, most of its values must fit before the values alone label it.
    ``shape``: for a recognizer without value patterns (a recipe, a contract), what its values
    look like, so that a name becomes a label only where the values agree (see :class:`ShapeSpec`).
    """

    id: str = Field(pattern=RECOGNIZER_ID)
    names: Names
    description: str = ""
    sensitive: bool
    needs_review: bool = False
    validator: str | None = None
    patterns: list[PatternSpec] = Field(default_factory=list)
    context: Keywords = Field(default_factory=Keywords)
    column_names: Keywords = Field(default_factory=Keywords)
    table_names: Keywords = Field(default_factory=Keywords)
    file_signatures: FileSignatures = Field(default_factory=FileSignatures)
    confidence: Weights = Field(default_factory=Weights)
    mask: MaskSpec = Field(default_factory=MaskSpec)
    min_match_ratio: float | None = Field(default=None, gt=0.0, le=1.0)
    unpointed_match_ratio: float | None = Field(
        default=None,
        gt=0.0,
        le=1.0,
        description="match ratio needed when no name, comment or context word points here",
    )
    unpointed_min_values: int = Field(
        default=1,
        ge=1,
        description="non-empty sampled values needed before values alone (nothing pointing "
        "here) label a column: a weak shape in two rows is no column of it",
    )
    excludes: list[str] = Field(default_factory=list)
    companions: list[str] = Field(
        default_factory=list,
        description="recognizers of the same kind of data whose accepted values count neither "
        "for nor against this one (a phone column holds mobiles and landlines)",
    )
    negative: NegativeLexicon = Field(default_factory=NegativeLexicon)
    shape: ShapeSpec | None = None

    @field_validator("validator")
    @classmethod
    def _known_validator(cls, name: str | None) -> str | None:
        if name is not None and name not in VALIDATORS:
            raise ValueError(f"unknown validator '{name}' (valid: {', '.join(VALIDATORS.names())})")
        return name


class RecognizerSettings(FrozenModel):
    """Engine knobs that belong with the rules rather than with a deployment."""

    min_match_ratio: float = Field(default=0.5, gt=0.0, le=1.0)
    max_examples: int = Field(default=3, ge=0, le=3)
    refute_after: int = Field(
        default=10, ge=1, description="non-empty values needed before no match weakens a name"
    )
    text_chunk_chars: int = Field(default=65536, ge=1024)
    context_window: int = Field(default=40, ge=1)
    max_text_matches: int = Field(default=10000, ge=1)
    signature_chars: int = Field(default=65536, ge=256)
    reference_suffixes: list[str] = Field(
        default_factory=list,
        description="column-name endings of keys that point at data held elsewhere (recipe_id)",
    )
    reference_name_factor: float = Field(
        default=1.0, ge=0.0, le=1.0, description="weight left to a name keyword on such a key"
    )
    audit_stamp_columns: list[str] = Field(
        default_factory=list,
        description="squashed names of the who-created/updated-this-row columns frameworks put "
        "in every table (create_username → createusername): their names point at no label",
    )
    placeholder_values: list[str] = Field(
        default_factory=list,
        description="values that fill a column without saying anything (1, -, 无); where the "
        "name points at a recognizer, those its patterns do not accept count as empty",
    )


@PACK_KINDS.decorator("recognizers")
class RecognizerPack(RulePack):
    """``kind: recognizers``."""

    settings: RecognizerSettings = Field(default_factory=RecognizerSettings)
    value_shapes: dict[str, ValueShape] = Field(default_factory=dict)
    recognizers: list[Recognizer]

    def check(self) -> list[str]:
        """Compile every regex, resolve every validator and masking style, reject duplicate ids.

        The schema already refuses most of these with file:line; this pass also covers packs
        built in code and validators whose plugin failed to load after the pack was parsed.
        """
        problems = [f"recognizer {rid}: duplicate id" for rid, n in self._id_counts() if n > 1]
        known = {rec.id for rec in self.recognizers}
        for rec in self.recognizers:
            problems += _recognizer_problems(rec)
            problems += _shape_problems(rec, self.value_shapes)
            problems += [
                f"recognizer {rec.id}: {field} unknown recognizer '{other}'"
                for field, others in (("excludes", rec.excludes), ("companions", rec.companions))
                for other in others
                if other not in known
            ]
        return problems

    def _id_counts(self) -> list[tuple[str, int]]:
        return sorted(Counter(r.id for r in self.recognizers).items())


def _recognizer_problems(rec: Recognizer) -> list[str]:
    problems: list[str] = []
    for n, pattern in enumerate(rec.patterns, start=1):
        if problem := regex_problem(pattern.regex):
            problems.append(f"recognizer {rec.id} pattern {n}: {problem}")
    for n, signature in enumerate(rec.file_signatures.content, start=1):
        if problem := regex_problem(signature.regex):
            problems.append(f"recognizer {rec.id} content signature {n}: {problem}")
    if rec.validator is not None and rec.validator not in VALIDATORS:
        problems.append(f"recognizer {rec.id}: unknown validator '{rec.validator}'")
    if rec.mask.style not in MASKERS:
        problems.append(f"recognizer {rec.id}: unknown masking style '{rec.mask.style}'")
    return problems


def _shape_problems(rec: Recognizer, shapes: dict[str, ValueShape]) -> list[str]:
    """A recognizer values cannot prove must say what corroborates its names (issue 13)."""
    where = f"recognizer {rec.id}"
    if rec.patterns:
        return [f"{where}: has value patterns, so a shape adds nothing"] if rec.shape else []
    if rec.shape is None:
        return [f"{where}: no value patterns and no shape: only names could label it"]
    problems = [f"{where}: unknown value shape '{n}'" for n in rec.shape.values if n not in shapes]
    if rec.shape.extensions and not rec.file_signatures.extensions:
        problems.append(f"{where}: shape counts file extensions but declares none")
    return problems


BUILTIN_RECOGNIZERS = BUILTIN_PACKS / "recognizers.yaml"


def load_recognizer_pack(path: Path = BUILTIN_RECOGNIZERS) -> RecognizerPack:
    """Load one recognizer pack file, raising every problem at once if it is invalid."""
    pack, problems = load_pack_file(path)
    if problems:
        raise RulePackError(problems)
    if not isinstance(pack, RecognizerPack):
        kind = pack.pack.kind if pack is not None else "nothing"
        raise RulePackError([Problem(str(path), f"expected a recognizers pack, got {kind}")])
    return pack

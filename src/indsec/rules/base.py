"""The base every rule-pack model builds on, and the id patterns packs share.

Defined once so that every pack is strict the same way: an unknown key is an error (a misspelt
YAML key must fail validation, not be ignored). Ids follow one spelling per kind of thing, so
an id valid in one pack is valid where another pack refers to it.
"""

from __future__ import annotations

from typing import Annotated

from pydantic import BaseModel, ConfigDict, Field

from indsec.model import Names

TERM_ID = r"^[a-z][a-z0-9_]*$"
"""A term a pack declares and others refer to: impact objects, domains, scenarios, risk types."""

SLUG = r"^[a-z0-9_.-]+$"
"""A free-form dotted name: pack ids, keyword-rule ids, log sources, readers."""

TermId = Annotated[str, Field(pattern=TERM_ID)]
Slug = Annotated[str, Field(pattern=SLUG)]


class StrictModel(BaseModel):
    """Unknown keys rejected."""

    model_config = ConfigDict(extra="forbid")


class FrozenModel(StrictModel):
    """Strict and read-only once validated: for values compiled or shared after loading."""

    model_config = ConfigDict(frozen=True)


class NamedTerm(FrozenModel):
    """A declared term: its id and its names in zh-CN and en."""

    id: TermId
    names: Names

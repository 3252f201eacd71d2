"""Validate a located YAML document against a pydantic model, keeping file:line in errors."""

from __future__ import annotations

from typing import TypeVar

from pydantic import BaseModel, ValidationError

from indsec.errors import Problem
from indsec.rules.yaml_loader import LocatedDocument

M = TypeVar("M", bound=BaseModel)


def validate_document(doc: LocatedDocument, model: type[M]) -> tuple[M | None, list[Problem]]:
    """Build ``model`` from ``doc``; every validation error is reported with its line."""
    try:
        return model.model_validate(doc.data), []
    except ValidationError as exc:
        problems = []
        for err in exc.errors():
            loc = [p for p in err["loc"] if isinstance(p, (int, str))]
            dotted = ".".join(str(p) for p in loc) or "(document)"
            problems.append(Problem(doc.where(loc), f"{dotted}: {err['msg']}"))
        return None, problems

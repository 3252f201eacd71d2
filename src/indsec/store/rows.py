"""Reading rows back: a row by its key or a clear NotFoundError, and a typed value from a row.

Every repository looks rows up by key and refuses a missing one the same way
(:func:`row_or_missing`): ``no <what>``, a NotFoundError the faces show as a one-line error.

Most of what a feature shows of a row is the row's own columns under the same names; spelling
each ``name=row.name`` again in every converter only hides the few that need more (a time made
aware, an enum, a copied list). :func:`from_row` copies the columns a dataclass names and takes
those few explicitly, so a converter says only what it changes.
"""

from __future__ import annotations

from dataclasses import fields
from typing import TYPE_CHECKING, Any, TypeVar

from sqlalchemy.orm import Session

from indsec.errors import NotFoundError

if TYPE_CHECKING:
    from _typeshed import DataclassInstance

D = TypeVar("D", bound="DataclassInstance")
R = TypeVar("R")


def row_or_missing(session: Session, table: type[R], key: object, what: str) -> R:
    """The row of ``table`` whose primary key is ``key``; NotFoundError ``no <what>`` if none."""
    row = session.get(table, key)
    if row is None:
        raise NotFoundError(f"no {what}")
    return row


def from_row(kind: type[D], row: object, **converted: Any) -> D:
    """A ``kind`` whose fields are ``row``'s attributes of the same names, but for those given
    in ``converted``; a field the row lacks and ``converted`` does not give is an error."""
    copied = {f.name: getattr(row, f.name) for f in fields(kind) if f.name not in converted}
    return kind(**copied, **converted)

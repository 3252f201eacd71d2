"""What a screen may show of an alert's event fields: sensitive ones masked.

An alert keeps the event fields an officer needs to judge it, as the log had them. Shown on a
page or in an export, account names and addresses are masked like a catalogue's examples, and
a command line keeps its shape but never a password or key passed on it.
"""

from __future__ import annotations

import re
from typing import Any

from indsec.classify.masking import FULL_MASK, mask_value

MASKED_FIELDS: dict[str, tuple[str, int, int]] = {
    "User": ("ends", 1, 1),
    "user": ("ends", 1, 1),
    "SourceIp": ("ends", 4, 0),
    "DestinationIp": ("ends", 4, 0),
}
"""Field → (masking style, characters kept at the head, at the tail)."""
SECRET_ARGUMENT = re.compile(
    r"(?P<flag>(?<![\w-])-p(?=[^\s-])"
    r"|--?(?:password|passwd|pass|pwd|token|secret|api[-_]?key|key)(?:=|\s+)"
    r"|\b(?:password|passwd|pwd|token|secret|api[-_]?key)\s*[=:]\s*)"
    r"(?P<value>[^\s'\"&;]+)",
    re.IGNORECASE,
)
"""A secret passed on a command line or in a query: ``-pS3cret``, ``--password=…``,
``token=…``."""
SECRET_FIELDS = frozenset({"CommandLine", "ParentCommandLine", "Image", "TargetFilename"})


def _without_secrets(text: str) -> str:
    return SECRET_ARGUMENT.sub(lambda m: m.group("flag") + FULL_MASK, text)


def shown_value(name: str, value: Any) -> Any:
    """``value`` of field ``name`` as a page may show it."""
    if not isinstance(value, str):
        return value
    if name in MASKED_FIELDS:
        style, head, tail = MASKED_FIELDS[name]
        return mask_value(value, style, head=head, tail=tail)
    if name in SECRET_FIELDS:
        return _without_secrets(value)
    return value


def shown_details(details: dict[str, Any]) -> dict[str, Any]:
    """Every field of ``details``, masked where sensitive."""
    return {name: shown_value(name, value) for name, value in details.items()}

"""Evidence values: what a check, an answer or a file proves, with its digest.

The digest of facts is SHA-256 over their canonical JSON (sorted keys, no spaces, UTF-8), so
anyone holding the stored facts can recompute it; a file's digest is over its bytes.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Mapping
from dataclasses import dataclass

from indsec.model.assessment import Evidence, Outcome


def canonical(facts: Mapping[str, object]) -> bytes:
    return json.dumps(facts, sort_keys=True, separators=(",", ":"), ensure_ascii=False).encode()


def facts_digest(facts: Mapping[str, object]) -> str:
    return hashlib.sha256(canonical(facts)).hexdigest()


def file_digest(content: bytes) -> str:
    return hashlib.sha256(content).hexdigest()


@dataclass(frozen=True)
class StoredEvidence:
    """Evidence as stored: its id, the outcome it supports (if it says) and the file's size.

    ``evidence.control_id`` holds the control *key* (``framework.control``): evidence is kept
    per control across frameworks and runs.
    """

    id: int
    evidence: Evidence
    outcome: Outcome | None = None
    file_size: int | None = None

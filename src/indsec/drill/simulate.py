"""The simulated encryption run on the decoys, and its exact reversal.

Each decoy is XORed with a keystream (SHAKE-256 of a random key and the decoy's name), which
turns text into near-random bytes as real encryption does (a bit flip, as Infection Monkey uses,
keeps the entropy of the original and would not look encrypted to an entropy rule), yet is undone
by applying it again. The key and each decoy's digest stay in the sandbox's private folder, so
``restore`` proves every file is back byte for byte. Every path goes through the sandbox checks.
"""

from __future__ import annotations

import hashlib
import os
import uuid
from dataclasses import asdict, dataclass
from datetime import UTC, datetime
from typing import Any

from indsec.drill.decoys import DecoyShape, synthetic_content
from indsec.drill.sandbox import PRIVATE, Sandbox
from indsec.drill.telemetry import Telemetry, entropy
from indsec.errors import DrillError

FILES = "files"
STATE = f"{PRIVATE}/state.json"
KEY = f"{PRIVATE}/key"
TELEMETRY = f"{PRIVATE}/telemetry"
VSSADMIN = "C:\\Windows\\System32\\vssadmin.exe"


@dataclass(frozen=True)
class Decoy:
    """A decoy as the state file records it: where it is, its digest before encryption."""

    name: str
    locked: str
    sha256: str
    size: int
    like: str | None = None
    like_name: str | None = None
    grade: str | None = None


@dataclass(frozen=True)
class Simulation:
    """What one encryption run did, with the moments the measurements start from."""

    drill: str
    decoys: list[Decoy]
    note: str
    started_at: datetime
    first_encryption: datetime
    finished_at: datetime
    telemetry: str
    logs: list[str]
    """The telemetry files, relative to the sandbox: what detection reads, and nothing else."""

    def to_dict(self) -> dict[str, Any]:
        return asdict(self)


def _now() -> datetime:
    return datetime.now(UTC)


def _digest(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


def keystream_xor(key: bytes, name: str, data: bytes) -> bytes:
    """``data`` XOR the keystream of ``name``; applying it twice gives ``data`` back."""
    stream = hashlib.shake_256(key + name.encode()).digest(len(data))
    mixed = int.from_bytes(data, "big") ^ int.from_bytes(stream, "big")
    return mixed.to_bytes(len(data), "big")


def _state(sandbox: Sandbox) -> dict[str, Any] | None:
    if not os.path.lexists(sandbox.path(STATE)):
        return None
    state: dict[str, Any] = sandbox.read_json(STATE)
    return state


def _preflight(sandbox: Sandbox, decoys: list[Decoy], note: str) -> None:
    """Every path the run will touch checked before the first change."""
    for decoy in decoys:
        for relative in (decoy.name, decoy.locked):
            path = sandbox.path(relative)
            if os.path.lexists(path) and relative == decoy.locked:
                raise DrillError(f"{path}: already exists; restore the last drill first")
            if os.path.lexists(path):
                sandbox.regular_file(relative)
    if os.path.lexists(sandbox.path(note)):
        raise DrillError(f"{sandbox.path(note)}: already exists; restore the last drill first")


def encrypt(
    sandbox: Sandbox, shapes: list[DecoyShape], *, suffix: str, note_name: str, command: str
) -> Simulation:
    """Write the decoys, then 'encrypt' them: rewrite, rename, ransom note, and the shadow
    copy deletion as telemetry only (it is never run)."""
    state = _state(sandbox)
    if state is not None and state.get("state") != "restored":
        raise DrillError(f"sandbox {sandbox.root} holds an unrestored drill; run 'drill restore'")
    drill = str(uuid.uuid4())
    decoys = [_decoy(shape, suffix) for shape in shapes]
    note = f"{FILES}/{note_name}"
    _preflight(sandbox, decoys, note)
    telemetry, started = Telemetry(drill), _now()
    _write_decoys(sandbox, telemetry, decoys, shapes)
    key = os.urandom(32)
    sandbox.write(KEY, key, new=not os.path.lexists(sandbox.path(KEY)))
    begun = {"state": "encrypting", "drill": drill, "note": note, "decoys": _dicts(decoys)}
    sandbox.write_json(STATE, begun)
    telemetry.process_creation(_now(), VSSADMIN, command)
    first = _now()
    for decoy in decoys:
        _encrypt_one(sandbox, telemetry, key, decoy)
    _ransom_note(sandbox, telemetry, note, drill)
    finished = _now()
    folder = f"{TELEMETRY}/{drill}"
    logs = [f"{folder}/{name}" for name in telemetry.documents()]
    for log, content in zip(logs, telemetry.documents().values(), strict=True):
        sandbox.write(log, content, new=True)
    simulation = Simulation(drill, decoys, note, started, first, finished, folder, logs)
    sandbox.write_json(STATE, {"state": "encrypted", **_record(simulation)})
    return simulation


def _write_decoys(
    sandbox: Sandbox, telemetry: Telemetry, decoys: list[Decoy], shapes: list[DecoyShape]
) -> None:
    """The decoys in their plain state (a decoy of the last drill is rewritten in place)."""
    for decoy, shape in zip(decoys, shapes, strict=True):
        data = synthetic_content(shape)
        exists = os.path.lexists(sandbox.path(decoy.name))
        path = sandbox.write(decoy.name, data, new=not exists)
        telemetry.file_event(_now(), "create", str(path), size=len(data), entropy=entropy(data))


def _decoy(shape: DecoyShape, suffix: str) -> Decoy:
    name = f"{FILES}/{shape.name}"
    content = synthetic_content(shape)
    digest = _digest(content)
    return Decoy(name, name + suffix, digest, shape.size, shape.like, shape.like_name, shape.grade)


def _dicts(decoys: list[Decoy]) -> list[dict[str, Any]]:
    return [asdict(d) for d in decoys]


def _record(simulation: Simulation) -> dict[str, Any]:
    record = simulation.to_dict()
    for key in ("started_at", "first_encryption", "finished_at"):
        record[key] = record[key].isoformat()
    return record


def _encrypt_one(sandbox: Sandbox, telemetry: Telemetry, key: bytes, decoy: Decoy) -> None:
    cipher = keystream_xor(key, decoy.name, sandbox.read(decoy.name))
    path = sandbox.write(decoy.name, cipher)
    telemetry.file_event(_now(), "write", str(path), size=len(cipher), entropy=entropy(cipher))
    sandbox.rename(decoy.name, decoy.locked)
    moved = {"old_name": str(path), "new_name": str(sandbox.path(decoy.locked))}
    telemetry.file_event(_now(), "rename", str(path), size=len(cipher), **moved)


def _ransom_note(sandbox: Sandbox, telemetry: Telemetry, note: str, drill: str) -> None:
    text = (
        f"这是 indsec 勒索攻击演练（{drill}），文件未被真正加密；运行 indsec drill restore 恢复。\n"
        f"This is an indsec ransomware DRILL ({drill}); nothing was really encrypted. "
        "Run 'indsec drill restore' to restore the decoys.\n"
    ).encode()
    path = sandbox.write(note, text, new=True)
    telemetry.file_event(_now(), "create", str(path), size=len(text), entropy=entropy(text))


@dataclass(frozen=True)
class Restored:
    """A decoy back in place: its digest before the drill and now (always equal)."""

    name: str
    before: str
    after: str


def restore(sandbox: Sandbox) -> list[Restored]:
    """Every decoy decrypted, renamed back and checked against its digest; the note removed."""
    state = _state(sandbox)
    if state is None or state.get("state") == "restored":
        raise DrillError(f"sandbox {sandbox.root}: no drill to restore")
    key = sandbox.read(KEY)
    decoys = [Decoy(**d) for d in state["decoys"]]
    plans = [_restore_plan(sandbox, key, decoy) for decoy in decoys]
    restored = []
    for decoy, (source, plain) in zip(decoys, plans, strict=True):
        if plain is not None:
            sandbox.write(source, plain)
        if source != decoy.name:
            sandbox.rename(source, decoy.name)
        after = _digest(sandbox.read(decoy.name))
        restored.append(Restored(decoy.name, decoy.sha256, after))
    note = state.get("note")
    if note and os.path.lexists(sandbox.path(note)):
        sandbox.remove(note)
    sandbox.write_json(STATE, {**state, "state": "restored", "restored_at": _now().isoformat()})
    return restored


def _restore_plan(sandbox: Sandbox, key: bytes, decoy: Decoy) -> tuple[str, bytes | None]:
    """Where the decoy is now and the plain bytes to write (None: already plain); checked
    whole before anything is written, so a refused file leaves every decoy as it was."""
    locked = os.path.lexists(sandbox.path(decoy.locked))
    source = decoy.locked if locked else decoy.name
    data = sandbox.read(source)
    if _digest(data) == decoy.sha256:
        return source, None
    plain = keystream_xor(key, decoy.name, data)
    if _digest(plain) != decoy.sha256:
        raise DrillError(f"{sandbox.path(source)}: changed since the drill; not restored")
    return source, plain

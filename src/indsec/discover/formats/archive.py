"""ZIP packages read under bounds: a decompression bomb is reported, never unpacked.

Office documents are ZIP packages, and deflate turns a few megabytes of repetitive XML into
gigabytes (close to 1000:1), so the file-size limit, which sees compressed bytes only, cannot
protect the scan. Before a parser opens a package, :func:`check_package` reads the central
directory and refuses it when the member count, a member's or the total unpacked size, or a
large member's compression ratio is out of bounds. Those sizes are declared, and a declaration
can lie; Python's ``zipfile`` stops every member at the size the central directory declares
(then fails its CRC), and :func:`member_chunks` also counts what it actually unpacks. Only
stored and deflated members are accepted: Office never writes others, and ``zipfile``
unpacks bzip2 and LZMA without an output bound.
"""

from __future__ import annotations

import struct
import zipfile
from collections.abc import Iterator
from dataclasses import dataclass
from typing import BinaryIO

from indsec.errors import ConnectorError
from indsec.settings import DEFAULTS

MIB = 1024 * 1024
DEFAULT_MAX_MEMBERS = DEFAULTS.max_archive_members
RATIO_FLOOR_BYTES = MIB  # below this a high ratio is harmless (a short run of spaces)
_CHUNK_BYTES = 64 * 1024
_OFFICE_METHODS = frozenset({zipfile.ZIP_STORED, zipfile.ZIP_DEFLATED})
_END_RECORD = struct.Struct("<4s4H2LH")
_ZIP64_LOCATOR = struct.Struct("<4sLQL")
_ZIP64_END_RECORD = struct.Struct("<4sQ2H2L4Q")
_MAX_COMMENT_BYTES = 0xFFFF
_ZIP64_COUNT = 0xFFFF


@dataclass(frozen=True, slots=True)
class ArchiveLimits:
    """Bounds on what one ZIP package may unpack to (see ``Settings`` for each meaning)."""

    max_members: int = DEFAULT_MAX_MEMBERS
    max_member_bytes: int = DEFAULTS.max_unpacked_member_bytes
    max_total_bytes: int = DEFAULTS.max_unpacked_bytes
    max_ratio: float = DEFAULTS.max_unpack_ratio
    max_shared_strings_bytes: int = DEFAULTS.max_shared_strings_bytes


def bomb(reason: str) -> ConnectorError:
    """The error reported for a package that would unpack out of bounds."""
    return ConnectorError(f"bomb-like archive, not unpacked: {reason}")


def declared_members(handle: BinaryIO) -> int:
    """The member count the end-of-directory record declares, read without parsing it.

    ``zipfile`` builds an object per directory entry before anyone can count them, so a small
    file declaring millions of members is refused from this number first. 0 when no record is
    found: then the file is not a ZIP and ``zipfile`` says so.
    """
    size = handle.seek(0, 2)
    tail_bytes = min(size, _END_RECORD.size + _MAX_COMMENT_BYTES + _ZIP64_LOCATOR.size)
    handle.seek(size - tail_bytes)
    tail = handle.read()
    at = tail.rfind(b"PK\x05\x06")
    if at < 0 or at + _END_RECORD.size > len(tail):
        return 0
    count: int = _END_RECORD.unpack_from(tail, at)[4]
    locator_at = at - _ZIP64_LOCATOR.size
    if count != _ZIP64_COUNT or locator_at < 0:
        return count
    signature, _, record_at, _ = _ZIP64_LOCATOR.unpack_from(tail, locator_at)
    if signature != b"PK\x06\x07":
        return count
    handle.seek(record_at)
    record = handle.read(_ZIP64_END_RECORD.size)
    if len(record) < _ZIP64_END_RECORD.size or not record.startswith(b"PK\x06\x06"):
        return count
    zip64_count: int = _ZIP64_END_RECORD.unpack(record)[7]
    return zip64_count


def check_members_count(handle: BinaryIO, limits: ArchiveLimits) -> None:
    """Refuse a package declaring more members than ``limits`` allow."""
    count = declared_members(handle)
    if count > limits.max_members:
        raise bomb(f"{count} members (limit {limits.max_members})")


def _check_member(info: zipfile.ZipInfo, limits: ArchiveLimits) -> None:
    name = info.filename
    if info.compress_type not in _OFFICE_METHODS:
        raise ConnectorError(f"member {name!r}: compression method {info.compress_type} refused")
    if info.file_size > limits.max_member_bytes:
        raise bomb(f"member {name!r} unpacks to {info.file_size} bytes")
    ratio = info.file_size / max(info.compress_size, 1)
    if info.file_size > RATIO_FLOOR_BYTES and ratio > limits.max_ratio:
        raise bomb(f"member {name!r} unpacks {ratio:.0f} times its packed size")


def check_package(handle: BinaryIO, limits: ArchiveLimits) -> None:
    """Refuse the package read by ``handle`` if its directory declares out-of-bounds unpacking."""
    check_members_count(handle, limits)
    with zipfile.ZipFile(handle) as archive:
        members = archive.infolist()
    for info in members:
        _check_member(info, limits)
    total = sum(info.file_size for info in members)
    if total > limits.max_total_bytes:
        raise bomb(f"members unpack to {total} bytes in all")


def member_chunks(archive: zipfile.ZipFile, name: str, limits: ArchiveLimits) -> Iterator[bytes]:
    """The unpacked bytes of member ``name``, in chunks, refused past ``max_member_bytes``."""
    unpacked = 0
    with archive.open(name) as stream:
        while chunk := stream.read(_CHUNK_BYTES):
            unpacked += len(chunk)
            if unpacked > limits.max_member_bytes:
                raise bomb(f"member {name!r} unpacks past {limits.max_member_bytes} bytes")
            yield chunk

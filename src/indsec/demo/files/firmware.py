"""A firmware image for the plant's OPC UA gateway, in the U-Boot legacy ``uImage`` format.

The 64-byte header (magic ``0x27051956``, CRC-32s of header and payload, load address, image
name) is what firmware analysers look for first; the payload is noise with the strings real
images carry (kernel banner, OPC UA stack, a default account), enough for string-based checks.
"""

from __future__ import annotations

import random
import struct
import zlib
from datetime import UTC, datetime
from pathlib import Path

from indsec.demo import identifiers
from indsec.demo.files.share import place
from indsec.demo.world import DemoWorld

_UIMAGE_MAGIC = 0x27051956
_HEADER = struct.Struct(">IIIIIIIBBBB32s")
_LOAD_ADDRESS = 0x80008000
_OS_LINUX, _ARCH_ARM, _TYPE_KERNEL, _COMPRESSION_NONE = 5, 2, 2, 0
_BUILT_AT = datetime(2023, 12, 18, 8, 0, tzinfo=UTC)
_IMAGE_NAME = "GW-3000 OPC UA Gateway V2.9.4"
_PAYLOAD_BYTES = 64 * 1024


def write_gateway_firmware(share: Path, world: DemoWorld) -> None:
    """自动化/固件/GW-3000_V2.9.4.bin: header plus payload."""
    rng = world.rng_for("files/firmware")
    payload = _payload(rng)
    place(share, "自动化/固件/GW-3000_V2.9.4.bin").write_bytes(uimage_header(payload) + payload)


def uimage_header(payload: bytes) -> bytes:
    """The legacy U-Boot header for ``payload``; its CRC is computed with the field zeroed."""
    fields = [
        _UIMAGE_MAGIC,
        0,
        int(_BUILT_AT.timestamp()),
        len(payload),
        _LOAD_ADDRESS,
        _LOAD_ADDRESS,
        zlib.crc32(payload),
        _OS_LINUX,
        _ARCH_ARM,
        _TYPE_KERNEL,
        _COMPRESSION_NONE,
        _IMAGE_NAME.encode("ascii"),
    ]
    fields[1] = zlib.crc32(_HEADER.pack(*fields))
    return _HEADER.pack(*fields)


def _payload(rng: random.Random) -> bytes:
    strings = [
        b"Linux version 4.19.94-gw3000 (builder@buildhost) (gcc version 8.3.0) #1 SMP PREEMPT",
        b"open62541 OPC UA server 1.3.5 - opc.tcp://0.0.0.0:4840",
        b"/etc/gw3000/opcua.conf",
        b"default_user=admin",
        b"default_pass=" + identifiers.fake_secret(rng, "firmware").encode("ascii"),
        b"Modbus TCP master: poll 10.10.16.10:502 unit 1",
        b"S7comm client: 10.10.11.10 rack 0 slot 1",
    ]
    chunk = _PAYLOAD_BYTES // (len(strings) + 1)
    parts = []
    for text in strings:
        parts += [rng.randbytes(chunk - len(text) - 1), text, b"\x00"]
    body = b"".join(parts)
    return body + rng.randbytes(_PAYLOAD_BYTES - len(body))

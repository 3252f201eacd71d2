"""A minimal PDF writer: text pages only, Chinese included, byte-for-byte reproducible.

Chinese text uses the Adobe-GB1 font STSong-Light with the ``UniGB-UTF16-H`` CMap, which every
conforming reader provides, so no font is embedded and the file stays a few kilobytes. Text is
written as UTF-16BE, which text extractors (pypdf included) map straight back to Unicode.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime

_PAGE_WIDTH, _PAGE_HEIGHT = 595, 842
_MARGIN = 56
_LEADING = 18
_FONT_SIZE = 11
_LATIN_FONT = b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica /Encoding /WinAnsiEncoding >>"
_CJK_FONT = (
    b"<< /Type /Font /Subtype /Type0 /BaseFont /STSong-Light /Encoding /UniGB-UTF16-H"
    b" /DescendantFonts [5 0 R] >>"
)
_CJK_DESCENDANT = (
    b"<< /Type /Font /Subtype /CIDFontType0 /BaseFont /STSong-Light"
    b" /CIDSystemInfo << /Registry (Adobe) /Ordering (GB1) /Supplement 4 >>"
    b" /FontDescriptor 6 0 R /DW 1000 >>"
)
_CJK_DESCRIPTOR = (
    b"<< /Type /FontDescriptor /FontName /STSong-Light /Flags 6 /FontBBox [-25 -254 1000 880]"
    b" /ItalicAngle 0 /Ascent 880 /Descent -120 /CapHeight 880 /StemV 93 >>"
)
_FIXED_OBJECTS = 7  # catalog, pages, two fonts, CID font, descriptor, info


def pdf_document(
    pages: Sequence[Sequence[str]], *, title: str, author: str, created: datetime
) -> bytes:
    """A PDF with one page per item of ``pages``, each a list of text lines from the top."""
    page_numbers = [_FIXED_OBJECTS + 1 + 2 * n for n in range(len(pages))]
    kids = " ".join(f"{n} 0 R" for n in page_numbers).encode()
    objects: list[bytes] = [
        b"<< /Type /Catalog /Pages 2 0 R >>",
        b"<< /Type /Pages /Kids [" + kids + b"] /Count " + str(len(pages)).encode() + b" >>",
        _LATIN_FONT,
        _CJK_FONT,
        _CJK_DESCENDANT,
        _CJK_DESCRIPTOR,
        _info(title, author, created),
    ]
    for number, lines in zip(page_numbers, pages, strict=True):
        objects.append(_page(content_object=number + 1))
        objects.append(_stream(_page_content(lines)))
    return _assemble(objects)


def _info(title: str, author: str, created: datetime) -> bytes:
    stamp = created.strftime("D:%Y%m%d%H%M%S+08'00'").encode()
    return (
        b"<< /Title "
        + _utf16_hex(title)
        + b" /Author "
        + _utf16_hex(author)
        + b" /Producer (indsec demo) /CreationDate ("
        + stamp
        + b") /ModDate ("
        + stamp
        + b") >>"
    )


def _page(*, content_object: int) -> bytes:
    return (
        f"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 {_PAGE_WIDTH} {_PAGE_HEIGHT}]"
        f" /Resources << /Font << /F1 3 0 R /F2 4 0 R >> >> /Contents {content_object} 0 R >>"
    ).encode()


def _page_content(lines: Sequence[str]) -> bytes:
    commands = []
    for index, line in enumerate(lines):
        y = _PAGE_HEIGHT - _MARGIN - index * _LEADING
        if line.isascii():
            font, text = b"/F1", _literal(line)
        else:
            font, text = b"/F2", _utf16_hex(line, bom=False)
        commands.append(b"BT " + font + b" %d Tf %d %d Td " % (_FONT_SIZE, _MARGIN, y) + text)
        commands[-1] += b" Tj ET"
    return b"\n".join(commands)


def _stream(content: bytes) -> bytes:
    return b"<< /Length %d >>\nstream\n" % len(content) + content + b"\nendstream"


def _literal(text: str) -> bytes:
    escaped = text.replace("\\", "\\\\").replace("(", "\\(").replace(")", "\\)")
    return b"(" + escaped.encode("latin-1") + b")"


def _utf16_hex(text: str, *, bom: bool = True) -> bytes:
    encoded = ("\ufeff" if bom else "").encode("utf-16-be") + text.encode("utf-16-be")
    return b"<" + encoded.hex().upper().encode() + b">"


def _assemble(objects: list[bytes]) -> bytes:
    out = bytearray(b"%PDF-1.7\n%\xe2\xe3\xcf\xd3\n")
    offsets = []
    for number, body in enumerate(objects, start=1):
        offsets.append(len(out))
        out += b"%d 0 obj\n" % number + body + b"\nendobj\n"
    xref_at = len(out)
    out += b"xref\n0 %d\n0000000000 65535 f \n" % (len(objects) + 1)
    out += b"".join(b"%010d 00000 n \n" % offset for offset in offsets)
    out += b"trailer\n<< /Size %d /Root 1 0 R /Info 7 0 R >>\n" % (len(objects) + 1)
    out += b"startxref\n%d\n%%%%EOF\n" % xref_at
    return bytes(out)

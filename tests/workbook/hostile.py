"""Hostile files for the workbook import: bombs, forged zip directories, macros, huge sheets.

Each is made by rewriting the zip of a real export, so it gets past every check but the one it is
for. Shared by tests/workbook/test_hostile.py, the fuzz test and bench/fuzz_workbook.py.
"""

from __future__ import annotations

import io
import struct
import zipfile
from collections.abc import Callable

SHEET = "xl/worksheets/sheet1.xml"  # the Mijlpalenplan
CENTRAL_ENTRY = b"PK\x01\x02"


def rewrite(data: bytes, change: Callable[[str, bytes], bytes | None], *extra: str) -> bytes:
    """The zip with each entry's bytes as `change` returns them (None drops the entry), and the
    `extra` names added (empty, and passed to `change` too)."""
    source = zipfile.ZipFile(io.BytesIO(data))
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as target:
        entries = [(i.filename, source.read(i)) for i in source.infolist()]
        for name, content in [*entries, *((name, b"") for name in extra)]:
            changed = change(name, content)
            if changed is not None:
                target.writestr(name, changed)
    return out.getvalue()


def in_sheet(data: bytes, xml: bytes, before: bytes = b"</sheetData>") -> bytes:
    """`xml` put into the Mijlpalenplan's XML just before `before`."""

    def change(name: str, content: bytes) -> bytes:
        return content.replace(before, xml + before, 1) if name == SHEET else content

    return rewrite(data, change)


def zip_bomb(megabytes: int = 20) -> bytes:
    """A workbook-looking zip whose first sheet inflates a thousand times its size."""
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED, compresslevel=9) as archive:
        archive.writestr("xl/workbook.xml", b"<workbook/>")
        archive.writestr(SHEET, bytes(megabytes * 1024 * 1024))
    return out.getvalue()


def forged_sizes(data: bytes, size: int = 0xFFFFFFF0) -> bytes:
    """The zip with every entry's inflated size in the central directory set to `size`, as a
    hand-made bomb says it; the entries themselves are unchanged."""
    forged = bytearray(data)
    position = forged.find(CENTRAL_ENTRY)
    while position >= 0:
        struct.pack_into("<I", forged, position + 24, size)
        position = forged.find(CENTRAL_ENTRY, position + 4)
    return bytes(forged)


def many_entries(count: int = 300) -> bytes:
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w") as archive:
        archive.writestr("xl/workbook.xml", b"<workbook/>")
        for i in range(count):
            archive.writestr(f"xl/media/image{i}.png", b"")
    return out.getvalue()


def with_macros(data: bytes) -> bytes:
    return rewrite(data, lambda _name, content: content, "xl/vbaProject.bin")


def far_cell(data: bytes, reference: str = "XFD1048576") -> bytes:
    """One cell far down and to the right: openpyxl then reads a sheet of that size."""
    return in_sheet(
        data, f'<row r="999"><c r="{reference}" t="inlineStr"><is><t>x</t></is></c></row>'.encode()
    )


def huge_merge(data: bytes, cells: str = "A100:KN9999") -> bytes:
    """A merged range whose every cell openpyxl would make."""
    return in_sheet(data, f'<mergeCell ref="{cells}"/>'.encode(), b"</mergeCells>")


def entity_bomb(data: bytes) -> bytes:
    """A billion laughs in the first sheet's XML."""
    laughs = (
        b'<?xml version="1.0"?><!DOCTYPE lolz [<!ENTITY lol "lol">'
        b'<!ENTITY lol2 "&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;">'
        b'<!ENTITY lol3 "&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;">]>'
    )

    def change(name: str, content: bytes) -> bytes:
        if name != SHEET:
            return content
        body = content.split(b"?>", 1)[1] if content.startswith(b"<?xml") else content
        cell = b'<row r="1"><c r="A1" t="inlineStr"><is><t>&lol3;</t></is></c></row>'
        return laughs + body.replace(b"<sheetData>", b"<sheetData>" + cell, 1)

    return rewrite(data, change)

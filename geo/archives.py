"""Zip files from outside (zipped shapefiles, KMZ, XLSX registers) checked before anything reads them.

Clearway never extracts a zip to disk (GDAL reads inside it through /vsizip/), but a member named
``../../etc/x`` or ``/abs/path`` has no business in a land-office file, and a small zip that inflates
to gigabytes (a "zip bomb") would exhaust memory when read. Both are refused with a plain message.
"""

from __future__ import annotations

import re
import zipfile
import zlib
from pathlib import Path, PurePosixPath

from geo.errors import UnreadableLayer
from translations import _

MAX_MEMBERS = 10_000
MAX_INFLATED = 2 * 1024**3  # 2 GiB in all
MAX_RATIO = 200  # a member that inflates more than this is not a real shapefile or register


def check_archive(path: Path) -> None:
    """Refuse a zip with unsafe member names, too many members, or too much inflated data."""
    try:
        with zipfile.ZipFile(path) as archive:
            members = archive.infolist()
    except zipfile.BadZipFile as error:
        raise UnreadableLayer(
            _("“{name}” is not a valid zip file.").format(name=path.name)
        ) from error
    if len(members) > MAX_MEMBERS:
        raise UnreadableLayer(
            _("“{name}” holds {n} files; that is not a land-office file.").format(name=path.name, n=len(members))
        )  # fmt: skip
    total = 0
    for member in members:
        name = PurePosixPath(member.filename.replace("\\", "/"))
        if name.is_absolute() or ".." in name.parts or (name.parts and ":" in name.parts[0]):
            raise UnreadableLayer(
                _("“{name}” contains a file with an unsafe path ({member}); it was not read.").format(
                    name=path.name, member=member.filename)
            )  # fmt: skip
        if member.external_attr >> 28 == 0o12:  # a symbolic link
            raise UnreadableLayer(
                _("“{name}” contains a link ({member}); it was not read.").format(name=path.name, member=member.filename)
            )  # fmt: skip
        total += member.file_size
        if (
            member.compress_size
            and member.file_size / member.compress_size > MAX_RATIO
            and member.file_size > 10 * 1024**2
        ):
            raise UnreadableLayer(
                _("“{name}” inflates far beyond its size (a zip bomb?); it was not read.").format(name=path.name)
            )  # fmt: skip
    if total > MAX_INFLATED:
        raise UnreadableLayer(
            _("“{name}” inflates far beyond its size (a zip bomb?); it was not read.").format(name=path.name)
        )  # fmt: skip


#: A register is a table of households, parcels, petitions or prices, not a data dump: each sheet
#: is bounded before parsing (what it declares and what it holds), so that a small file that
#: declares or contains millions of rows or columns is refused in seconds, not read for minutes.
MAX_SHEET_ROWS = 200_000
MAX_SHEET_COLUMNS = 500
MAX_SHEET_CELLS = 2_000_000
MAX_SHEET_BYTES = 100 * 1024**2  # the inflated XML of the sheets and their shared texts, in all
_DIMENSION = re.compile(rb'<(?:\w+:)?dimension ref="[A-Z]+\d+(?::([A-Z]+)(\d+))?"')
_ROOT = re.compile(rb"<(\w+:)?worksheet[\s>]")
_ROW_NUMBER = re.compile(rb'<(?:\w+:)?row\s[^>]*?\br="(\d+)"')
_WIDE_CELL = re.compile(rb' r="([A-Z]{2,})\d')  # a cell of column AA and beyond
_CHUNK = 4 * 1024**2


def _column_number(letters: bytes) -> int:
    number = 0
    for letter in letters:
        number = number * 26 + (letter - ord("A") + 1)
    return number


class _Extent:
    """What one sheet declares and holds, counted as its XML is inflated (never all in memory):
    plain byte counts of its row and cell tags, far quicker than parsing."""

    def __init__(self) -> None:
        self.rows = self.columns = self.cells = self.counted_rows = 0
        self.prefix: bytes | None = None  # the sheet's namespace prefix ("x:" from some writers)

    def _count(self, xml: bytes, tag: bytes) -> int:
        # "<c" also finds the few <cols>, <col>, <cfRule>… tags: a bound needs no more precision.
        return xml.count(b"<" + (self.prefix or b"") + tag)

    def add(self, xml: bytes) -> None:
        if self.prefix is None:  # the first chunk: the root's prefix, and what the sheet declares
            root = _ROOT.search(xml)
            self.prefix = (root.group(1) or b"") if root else b""
            if found := _DIMENSION.search(xml, 0, 64 * 1024):
                self.rows = int(found.group(2) or 0)
                self.columns = _column_number(found.group(1) or b"")
        self.counted_rows += self._count(xml, b"row")
        self.rows = max(self.rows, self.counted_rows)
        # Rows come in order: the last one's number says how far down the sheet reaches.
        if last := _ROW_NUMBER.match(xml, max(0, xml.rfind(b"<" + self.prefix + b"row "))):
            self.rows = max(self.rows, int(last.group(1)))
        self.columns = max(self.columns, *(_column_number(c) for c in _WIDE_CELL.findall(xml)), 0)
        self.cells += self._count(xml, b"c")

    def too_large(self) -> bool:
        return (
            self.rows > MAX_SHEET_ROWS
            or self.columns > MAX_SHEET_COLUMNS
            or self.cells > MAX_SHEET_CELLS
        )


def too_large_workbook(
    path: Path, rows: int | str = "?", columns: int | str = "?"
) -> UnreadableLayer:
    return UnreadableLayer(
        _("“{name}” is too large for a register ({rows} rows, {columns} columns or more). A "
          "register may hold at most {max_rows} rows, {max_columns} columns and {max_cells} "
          "cells in a sheet, and {max_mb} MB of sheet data in all: split it, or keep only the "
          "rows of the project.").format(
            name=path.name, rows=rows, columns=columns, max_rows=MAX_SHEET_ROWS,
            max_columns=MAX_SHEET_COLUMNS, max_cells=MAX_SHEET_CELLS,
            max_mb=MAX_SHEET_BYTES // 1024**2)
    )  # fmt: skip


def check_workbook(path: Path) -> None:
    """Refuse, in seconds and before any parsing, a workbook whose sheets declare or hold more
    rows, columns or cells than a register does, or whose sheet data inflates beyond
    ``MAX_SHEET_BYTES``: the zip's sizes first, then each sheet's XML, streamed and counted."""
    check_archive(path)
    with zipfile.ZipFile(path) as archive:
        parts = [
            m for m in archive.infolist()
            if m.filename.startswith("xl/worksheets/") and m.filename.endswith(".xml")
        ]  # fmt: skip
        shared = [m for m in archive.infolist() if m.filename.startswith("xl/sharedStrings")]
        if sum(m.file_size for m in (*parts, *shared)) > MAX_SHEET_BYTES:
            raise too_large_workbook(path)
        for member in parts:
            try:
                _check_sheet(archive, member, path)
            except (zipfile.BadZipFile, zlib.error, EOFError) as error:
                raise UnreadableLayer(
                    _("“{name}” is not a valid zip file.").format(name=path.name)
                ) from error


def _check_sheet(archive: zipfile.ZipFile, member: zipfile.ZipInfo, path: Path) -> None:
    extent, rest = _Extent(), b""
    with archive.open(member) as sheet:
        while chunk := sheet.read(_CHUNK):
            xml = rest + chunk
            cut = xml.rfind(b">") + 1  # whole tags only; the rest goes with the next chunk
            extent.add(xml[:cut])
            rest = xml[cut:]
            if extent.too_large():
                raise too_large_workbook(path, extent.rows, extent.columns)

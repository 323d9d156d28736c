"""Zip files from outside (zipped shapefiles, KMZ, XLSX registers) checked before anything reads them.

Clearway never extracts a zip to disk (GDAL reads inside it through /vsizip/), but a member named
``../../etc/x`` or ``/abs/path`` has no business in a land-office file, and a small zip that inflates
to gigabytes (a "zip bomb") would exhaust memory when read. Both are refused with a plain message.
"""

from __future__ import annotations

import re
import zipfile
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


#: A register is a table of households or parcels, not a data dump: bounds checked before parsing.
MAX_SHEET_ROWS = 200_000
MAX_SHEET_COLUMNS = 500
MAX_SHEET_BYTES = 200 * 1024**2
_DIMENSION = re.compile(rb'<dimension ref="[A-Z]+\d+(?::([A-Z]+)(\d+))?"')


def _column_number(letters: bytes) -> int:
    number = 0
    for letter in letters:
        number = number * 26 + (letter - ord("A") + 1)
    return number


def check_workbook(path: Path) -> None:
    """Refuse, in seconds and before any parsing, a workbook whose sheets declare more rows or
    columns than a register holds, or inflate beyond ``MAX_SHEET_BYTES``."""
    check_archive(path)
    with zipfile.ZipFile(path) as archive:
        for member in archive.infolist():
            if not member.filename.startswith("xl/worksheets/") or not member.filename.endswith(
                ".xml"
            ):
                continue
            with archive.open(member) as sheet:
                head = sheet.read(4096)
            found = _DIMENSION.search(head)
            rows = int(found.group(2)) if found and found.group(2) else 0
            columns = _column_number(found.group(1)) if found and found.group(1) else 0
            if (
                member.file_size > MAX_SHEET_BYTES
                or rows > MAX_SHEET_ROWS
                or columns > MAX_SHEET_COLUMNS
            ):
                raise UnreadableLayer(
                    _("“{name}” is far larger than a register ({rows} rows, {columns} columns); "
                      "split it, or keep only the households and parcels of the project.").format(
                        name=path.name, rows=rows or "?", columns=columns or "?")
                )  # fmt: skip

"""How large a returned field package may be, checked before anything in it is decompressed or parsed.

A package is a phone's work of some days: a GeoPackage of the officer's communes, a few hundred
photos, a manifest. Anything far beyond that is refused with a sentence, fast: the zip's declared
sizes are checked first, and every read stops at its bound as well, since declared sizes can lie.
The GeoPackage is looked at as plain SQLite (its schema, row counts and text lengths) before GDAL
opens it: a view is code that runs on every read, so none is accepted, nor a trigger that is not
one GDAL itself writes into every GeoPackage.
"""

from __future__ import annotations

import re
import shutil
import sqlite3
import tempfile
import time
import zipfile
import zlib
from functools import cache
from pathlib import Path

from consultations.core.errors import InvalidRecord
from translations import _, format_number

MAX_PACKAGE_BYTES = 400 * 1024**2  # the zip as uploaded
MAX_MEMBERS = 2_000
MAX_INFLATED_BYTES = 1024**3  # every member, inflated, as the zip declares them
MAX_MANIFEST_BYTES = 16 * 1024**2
MAX_GPKG_BYTES = 200 * 1024**2
MAX_PHOTO_BYTES = 15 * 1024**2
MAX_PHOTOS = 1_000
MAX_RATIO = 50  # a photo is already compressed: one that deflates 50 times is not a photo
MAX_ROWS = 5_000  # rows added in the field, per table
MAX_TEXT_CHARS = 4_000  # a note or a concern's text
GPKG_SECONDS = 5.0  # looking at the GeoPackage's schema and sizes takes milliseconds

#: What a photo starts with, by media type (a JPEG, PNG, HEIC or WebP taken by a phone).
_MAGIC = (
    ("image/jpeg", re.compile(rb"\A\xff\xd8\xff")),
    ("image/png", re.compile(rb"\A\x89PNG\r\n\x1a\n")),
    ("image/webp", re.compile(rb"\ARIFF....WEBP", re.DOTALL)),
    ("image/heic", re.compile(rb"\A....ftyp(heic|heix|hevc|heim|heis|mif1|msf1)", re.DOTALL)),
)


def refuse(text: str) -> InvalidRecord:
    return InvalidRecord(text + " " + _("Nothing was saved."))


def _mib(size: int) -> str:
    return format_number(size / 1024**2, 1) + " MB"


def check_members(path: Path, archive: zipfile.ZipFile, name: str) -> None:
    """The package's own size, its members' count and their declared inflated sizes."""
    if path.stat().st_size > MAX_PACKAGE_BYTES:
        raise refuse(_("“{name}” is {size}; a field package is at most {limit}.").format(
            name=name, size=_mib(path.stat().st_size), limit=_mib(MAX_PACKAGE_BYTES)))  # fmt: skip
    members = archive.infolist()
    if len(members) > MAX_MEMBERS:
        raise refuse(_("“{name}” holds {n} files; a field package holds at most {limit}.").format(
            name=name, n=len(members), limit=MAX_MEMBERS))  # fmt: skip
    if sum(m.file_size for m in members) > MAX_INFLATED_BYTES:
        raise refuse(_("“{name}” inflates to more than {limit}; that is not a field package.").format(
            name=name, limit=_mib(MAX_INFLATED_BYTES)))  # fmt: skip


def read_member(archive: zipfile.ZipFile, member: zipfile.ZipInfo, limit: int, what: str) -> bytes:
    """``member``'s bytes, refused when it declares or turns out to be more than ``limit``."""
    too_big = refuse(_("{what} is larger than {limit}.").format(what=what, limit=_mib(limit)))
    if member.file_size > limit:
        raise too_big
    try:
        with archive.open(member) as stream:
            content = stream.read(limit + 1)
    except (zipfile.BadZipFile, zlib.error, EOFError) as error:  # sizes or checksums that lie
        raise _damaged(what) from error
    if len(content) > limit:
        raise too_big
    return content


def _damaged(what: str) -> InvalidRecord:
    return refuse(_("{what} is damaged in the zip; zip the folder again.").format(what=what))


def copy_member(
    archive: zipfile.ZipFile, member: zipfile.ZipInfo, target: Path, limit: int, what: str
) -> None:
    """``read_member`` into a file, a block at a time."""
    too_big = refuse(_("{what} is larger than {limit}.").format(what=what, limit=_mib(limit)))
    if member.file_size > limit:
        raise too_big
    written = 0
    try:
        with archive.open(member) as stream, target.open("wb") as out:
            while block := stream.read(1024**2):
                written += len(block)
                if written > limit:
                    raise too_big
                out.write(block)
    except (zipfile.BadZipFile, zlib.error, EOFError) as error:
        raise _damaged(what) from error


def photo_bytes(archive: zipfile.ZipFile, member: zipfile.ZipInfo, path: str) -> tuple[bytes, str]:
    """A photo's bytes and its media type, told by its content (never by its name)."""
    what = _("The photo “{photo}”").format(photo=path)
    if (
        member.compress_size
        and member.file_size > 1024**2
        and member.file_size / member.compress_size > MAX_RATIO
    ):
        raise refuse(_("{what} inflates far beyond its size; it is not a photo.").format(what=what))
    content = read_member(archive, member, MAX_PHOTO_BYTES, what)
    for media_type, magic in _MAGIC:
        if magic.match(content[:16]):
            return content, media_type
    raise refuse(_("{what} is not a photo (a JPEG, PNG, HEIC or WebP image); take it again with "
                   "the phone's camera.").format(what=what))  # fmt: skip


def _normal(sql: str, table: str) -> str:
    return " ".join(sql.replace(table, "{table}").replace("'", '"').lower().split())


@cache
def _gdal_triggers() -> frozenset[str]:
    """The triggers GDAL writes into a GeoPackage, with their table's name as ``{table}``."""
    import geopandas as gpd
    import pandas as pd
    import pyogrio
    import shapely

    folder = Path(tempfile.mkdtemp(prefix="clearway-gpkg-"))
    try:
        gpkg = folder / "reference.gpkg"
        layer = gpd.GeoDataFrame({"a": ["x"]}, geometry=[shapely.box(0, 0, 1, 1)], crs=4326)
        pyogrio.write_dataframe(layer, gpkg, layer="spatial_layer", driver="GPKG",
                                promote_to_multi=True, dataset_options={"VERSION": "1.2"})  # fmt: skip
        pyogrio.write_dataframe(
            pd.DataFrame({"a": ["x"]}), gpkg, layer="plain_table", driver="GPKG"
        )
        with sqlite3.connect(gpkg) as conn:
            rows = conn.execute("SELECT tbl_name, sql FROM sqlite_master WHERE type = 'trigger'")
            return frozenset(_normal(sql, table) for table, sql in rows.fetchall())
    finally:
        shutil.rmtree(folder, ignore_errors=True)


def check_geopackage(gpkg: Path, tables: dict[str, tuple[str, ...]], text: dict[str, str]) -> None:
    """Refuse a GeoPackage with a view, a trigger GDAL did not write, more than ``MAX_ROWS`` rows
    in one of ``tables`` or a text longer than ``MAX_TEXT_CHARS`` in their columns (``text``:
    each table's title, for the sentence). Read as plain SQLite, read-only, within seconds."""
    deadline = time.monotonic() + GPKG_SECONDS
    try:
        conn = sqlite3.connect(f"file:{gpkg}?mode=ro&immutable=1", uri=True)
    except sqlite3.Error as error:
        raise refuse(_("The package's GeoPackage cannot be read.")) from error
    conn.set_progress_handler(lambda: int(time.monotonic() > deadline), 10_000)
    try:
        schema = conn.execute("SELECT type, name, tbl_name, sql FROM sqlite_master").fetchall()
        allowed = _gdal_triggers()
        for kind, name, table, sql in schema:
            if kind == "view" or (kind == "trigger" and _normal(sql or "", table) not in allowed):
                what = _("a view") if kind == "view" else _("a trigger")
                raise refuse(_("The package's GeoPackage holds {what} “{name}” that neither "
                               "Clearway nor QField puts there; return the package as QField saved "
                               "it.").format(what=what, name=name))  # fmt: skip
        present = {name for kind, name, _table, _sql in schema if kind == "table"}
        for table, columns in tables.items():
            if table not in present:
                continue  # said by the column check, in its words
            have = {row[1] for row in conn.execute(f'PRAGMA table_info("{table}")')}
            longest = ", ".join(f'max(length("{c}"))' for c in columns if c in have) or "0"
            count, *lengths = conn.execute(f'SELECT count(*), {longest} FROM "{table}"').fetchone()
            if count > MAX_ROWS:
                raise refuse(_("The table “{layer}” holds {n} rows; a field package brings back at "
                               "most {limit}.").format(layer=text[table], n=count, limit=MAX_ROWS))  # fmt: skip
            if max((n or 0 for n in lengths), default=0) > MAX_TEXT_CHARS:
                raise refuse(_("A text in “{layer}” is longer than {limit} characters; shorten it "
                               "in QField.").format(layer=text[table], limit=format_number(MAX_TEXT_CHARS)))  # fmt: skip
    except sqlite3.DatabaseError as error:  # interrupted by the deadline, or not a database
        raise refuse(_("The package's GeoPackage cannot be read.")) from error
    finally:
        conn.close()

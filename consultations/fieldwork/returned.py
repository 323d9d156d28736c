"""A field package as it comes back: checked and read into typed rows before anything is saved.

Refused with a sentence that names what to fix (nothing is saved): not a zip or unsafe, no manifest,
another schema version, an add-only table missing or with a column added, renamed or removed, a row
naming a household that was not in the package, a status or category that is not on the list, a
date that is not a date. Found and reported, never applied: edits to the read-only layers.
"""

from __future__ import annotations

import datetime as dt
import json
import tempfile
import unicodedata
import zipfile
from dataclasses import dataclass
from pathlib import Path, PurePosixPath
from typing import Any

import pandas as pd
import pyogrio
from pyogrio.errors import DataLayerError, DataSourceError

from consultations.core.errors import InvalidRecord
from consultations.core.records import ConcernCategory, ConsentStatus
from consultations.fieldwork.layout import (
    CONCERN_COLUMNS,
    CONCERNS,
    CONSENT,
    CONSENT_COLUMNS,
    GPKG,
    HOUSEHOLD_COLUMNS,
    HOUSEHOLDS,
    MANIFEST,
    PARCEL_COLUMNS,
    PARCELS,
    SCHEMA_VERSION,
    Manifest,
)
from consultations.fieldwork.package import household_rows, parcel_rows
from consultations.fieldwork.qgis_project import field_aliases, layer_title
from geo.archives import check_archive
from translations import _

MAX_PHOTO_BYTES = 25 * 1024**2


@dataclass(frozen=True)
class FieldRow:
    """One row added in the field: a consent event (``value``: a status) or a concern (a category)."""

    kind: str  # CONSENT or CONCERNS
    uuid: str
    code: str
    day: dt.date
    value: str
    text: str
    photo: str | None  # the path in the package, as the form saved it
    user: str
    at: dt.datetime | None
    based_on: int  # the household's version the officer had


@dataclass(frozen=True)
class Returned:
    manifest: Manifest
    rows: list[FieldRow]
    photos: dict[str, bytes]  # path → content, for the photos present
    missing_photos: list[FieldRow]
    ignored_edits: list[str]  # sentences: what was changed in a read-only layer


def _refuse(text: str) -> InvalidRecord:
    return InvalidRecord(text + " " + _("Nothing was saved."))


def _nfc(value: Any) -> str:
    if value is None or (isinstance(value, float) and pd.isna(value)):
        return ""
    return unicodedata.normalize("NFC", str(value)).strip()


def _day(value: Any, where: str) -> dt.date:
    if isinstance(value, dt.datetime):
        return value.date()
    if isinstance(value, dt.date):
        return value
    text = _nfc(value)[:10]
    for pattern in ("%Y-%m-%d", "%d/%m/%Y", "%Y/%m/%d"):
        try:
            return dt.datetime.strptime(text, pattern).date()
        except ValueError:
            continue
    raise _refuse(_("{where}: “{value}” is not a date.").format(where=where, value=_nfc(value)))


def _time(value: Any) -> dt.datetime | None:
    text = _nfc(value)
    try:
        moment = dt.datetime.fromisoformat(text) if text else None
    except ValueError:
        return None
    return moment.replace(tzinfo=dt.UTC) if moment and moment.tzinfo is None else moment


def _prefix(archive: zipfile.ZipFile, name: str) -> str:
    """The folder the package's files are in (a package zipped again may sit in a folder)."""
    found = [m for m in archive.namelist() if PurePosixPath(m).name == MANIFEST]
    if not found:
        raise _refuse(_("“{name}” is not a Clearway field package: it has no manifest.json.").format(
            name=name))  # fmt: skip
    parent = str(PurePosixPath(min(found, key=len)).parent)
    return "" if parent == "." else parent + "/"


def _columns(gpkg: Path, layer: str, expected: tuple[str, ...]) -> None:
    try:
        fields = [str(f) for f in pyogrio.read_info(gpkg, layer=layer)["fields"]]
    except (DataLayerError, DataSourceError) as error:
        raise _refuse(_("The returned package has no table “{layer}”; return it as QField saved it.").format(
            layer=layer_title(layer))) from error  # fmt: skip
    for column in fields:
        if column not in expected:
            raise _refuse(_("The table “{layer}” has a column “{column}” that Clearway did not put "
                            "there; return the package as QField saved it.").format(
                                layer=layer_title(layer), column=column))  # fmt: skip
    for column in expected:
        if column not in fields:
            raise _refuse(_("The table “{layer}” lacks its column “{column}”; return the package as "
                            "QField saved it.").format(layer=layer_title(layer), column=column))  # fmt: skip


def _rows(gpkg: Path, layer: str, manifest: Manifest) -> list[FieldRow]:
    frame = pyogrio.read_dataframe(gpkg, layer=layer, read_geometry=False)
    allowed = (
        {str(s) for s in ConsentStatus} if layer == CONSENT else {str(c) for c in ConcernCategory}
    )
    text_column, value_column = (
        ("ghi_chu", "tinh_trang") if layer == CONSENT else ("noi_dung", "loai")
    )
    rows = []
    for number, record in enumerate(frame.to_dict("records"), start=1):
        where = _("Row {n} of “{layer}”").format(n=number, layer=layer_title(layer))
        code, value = _nfc(record["ma_ho"]), _nfc(record[value_column])
        if not _nfc(record["uuid"]):
            raise _refuse(_("{where} has no row id.").format(where=where))
        if code not in manifest.versions:
            raise _refuse(_("{where} names household “{code}”, which was not in this package.").format(
                where=where, code=code))  # fmt: skip
        if value not in allowed:
            raise _refuse(
                _("{where}: “{value}” is not on the list.").format(where=where, value=value)
            )
        based = record["phien_ban"]
        rows.append(FieldRow(
            kind=layer, uuid=_nfc(record["uuid"]).lower(), code=code, day=_day(record["ngay"], where),
            value=value, text=_nfc(record[text_column]), photo=_nfc(record["anh"]) or None,
            user=_nfc(record["nguoi_ghi"]) or manifest.user, at=_time(record["luc_ghi"]),
            based_on=int(based) if based is not None and not pd.isna(based) else manifest.versions[code],
        ))  # fmt: skip
    return rows


def _ignored(gpkg: Path, manifest: Manifest) -> list[str]:
    """Edits to the read-only layers, in sentences (they are reported, never applied)."""
    found, aliases = [], field_aliases()
    for layer, columns, kept, now in (
        (PARCELS, PARCEL_COLUMNS, manifest.parcels, parcel_rows),
        (HOUSEHOLDS, HOUSEHOLD_COLUMNS, manifest.households, household_rows),
    ):
        frame = pyogrio.read_dataframe(gpkg, layer=layer, read_geometry=False)
        if any(c not in frame.columns for c in columns):
            found.append(_("The layer “{layer}” lost columns; it is read-only and was ignored.").format(
                layer=layer_title(layer)))  # fmt: skip
            continue
        returned = now(frame)
        for key in sorted(set(kept) | set(returned)):
            if key not in returned:
                found.append(
                    _("“{key}” was deleted from “{layer}”.").format(
                        key=key, layer=layer_title(layer)
                    )
                )
            elif key not in kept:
                found.append(
                    _("“{key}” was added to “{layer}”.").format(key=key, layer=layer_title(layer))
                )
            else:
                for column, before, after in zip(
                    columns[1:], kept[key], returned[key], strict=False
                ):
                    if before != after:
                        found.append(_("“{key}” in “{layer}”: {column} {before} → {after}.").format(
                            key=key, layer=layer_title(layer),
                            column=aliases.get(column, column), before=before or "∅",
                            after=after or "∅"))  # fmt: skip
    return found


def read_returned(path: Path, name: str | None = None) -> Returned:
    """``path``'s package read and checked (``name``: the file's name as the user knows it)."""
    name = name or path.name
    check_archive(path)
    with zipfile.ZipFile(path) as archive, tempfile.TemporaryDirectory() as folder:
        prefix = _prefix(archive, name)
        try:
            manifest = Manifest.from_json(json.loads(archive.read(prefix + MANIFEST)))
        except (ValueError, TypeError) as error:
            raise _refuse(
                _("The manifest of “{name}” cannot be read.").format(name=name)
            ) from error
        if manifest.schema_version != SCHEMA_VERSION:
            raise _refuse(_("“{name}” was made by another version of Clearway; export a new package.").format(
                name=name))  # fmt: skip
        if prefix + GPKG not in archive.namelist():
            raise _refuse(_("“{name}” has no {gpkg}.").format(name=name, gpkg=GPKG))
        gpkg = Path(folder) / GPKG
        gpkg.write_bytes(archive.read(prefix + GPKG))
        _columns(gpkg, CONSENT, CONSENT_COLUMNS)
        _columns(gpkg, CONCERNS, CONCERN_COLUMNS)
        rows = _rows(gpkg, CONSENT, manifest) + _rows(gpkg, CONCERNS, manifest)
        ignored = _ignored(gpkg, manifest)
        members = {m.filename: m for m in archive.infolist()}
        photos, missing = {}, []
        for row in rows:
            member = members.get(prefix + (row.photo or "").lstrip("./"))
            if row.photo and member is not None and member.file_size <= MAX_PHOTO_BYTES:
                photos[row.photo] = archive.read(member)
            elif row.photo:
                missing.append(row)
    return Returned(manifest, rows, photos, missing, ignored)

"""A field package as it comes back: checked and read into typed rows before anything is saved.

Refused with a sentence that names what to fix (nothing is saved): not a zip or unsafe, no manifest,
another schema version, an add-only table missing or with a column added, renamed or removed, a row
naming a household that was not in the package, a status or category that is not on the list, a
date that is not a date; anything beyond the bounds of ``bounds`` (sizes, counts, photos that are
not images, views and foreign triggers in the GeoPackage). Found and reported, never applied: edits
to the read-only layers. The manifest is the phone's copy: ``read_manifest`` reads it alone, so the
caller can find the office's own record of the export and check who brings it back before
``read_returned`` opens anything else; rows are then read against that record.
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

from consultations.core.records import ConcernCategory, ConsentStatus
from consultations.core.rules import Attachment
from consultations.fieldwork.bounds import (
    MAX_GPKG_BYTES,
    MAX_MANIFEST_BYTES,
    MAX_PHOTOS,
    check_geopackage,
    check_members,
    copy_member,
    photo_bytes,
    read_member,
    refuse,
)
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
from geo.errors import UnreadableLayer
from translations import LOCAL_TZ, _


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
    user: str  # the officer the package was exported for (the office's record says who)
    at: dt.datetime | None
    based_on: int  # the household's version in the export the office recorded


@dataclass(frozen=True)
class Returned:
    manifest: Manifest
    rows: list[FieldRow]
    photos: dict[str, Attachment]  # path in the package → the photo, for the photos present
    missing_photos: list[FieldRow]
    ignored_edits: list[str]  # sentences: what was changed in a read-only layer


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
    raise refuse(_("{where}: “{value}” is not a date.").format(where=where, value=_nfc(value)))


def _time(value: Any) -> dt.datetime | None:
    text = _nfc(value)
    try:
        moment = dt.datetime.fromisoformat(text) if text else None
    except ValueError:
        return None
    # QField writes the phone's local time without a zone.
    return moment.replace(tzinfo=LOCAL_TZ) if moment and moment.tzinfo is None else moment


def _prefix(archive: zipfile.ZipFile, name: str) -> str:
    """The folder the package's files are in (a package zipped again may sit in a folder)."""
    found = [m for m in archive.namelist() if PurePosixPath(m).name == MANIFEST]
    if not found:
        raise refuse(_("“{name}” is not a Clearway field package: it has no manifest.json.").format(
            name=name))  # fmt: skip
    parent = str(PurePosixPath(min(found, key=len)).parent)
    return "" if parent == "." else parent + "/"


def _columns(gpkg: Path, layer: str, expected: tuple[str, ...]) -> None:
    try:
        fields = [str(f) for f in pyogrio.read_info(gpkg, layer=layer)["fields"]]
    except (DataLayerError, DataSourceError) as error:
        raise refuse(_("The returned package has no table “{layer}”; return it as QField saved it.").format(
            layer=layer_title(layer))) from error  # fmt: skip
    for column in fields:
        if column not in expected:
            raise refuse(_("The table “{layer}” has a column “{column}” that Clearway did not put "
                            "there; return the package as QField saved it.").format(
                                layer=layer_title(layer), column=column))  # fmt: skip
    for column in expected:
        if column not in fields:
            raise refuse(_("The table “{layer}” lacks its column “{column}”; return the package as "
                            "QField saved it.").format(layer=layer_title(layer), column=column))  # fmt: skip


def _rows(gpkg: Path, layer: str, versions: dict[str, int], recorder: str) -> list[FieldRow]:
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
            raise refuse(_("{where} has no row id.").format(where=where))
        if code not in versions:
            raise refuse(_("{where} names household “{code}”, which was not in this package.").format(
                where=where, code=code))  # fmt: skip
        if value not in allowed:
            raise refuse(
                _("{where}: “{value}” is not on the list.").format(where=where, value=value)
            )
        rows.append(FieldRow(
            kind=layer, uuid=_nfc(record["uuid"]).lower(), code=code, day=_day(record["ngay"], where),
            value=value, text=_nfc(record[text_column]), photo=_nfc(record["anh"]) or None,
            user=recorder, at=_time(record["luc_ghi"]),
            # What the office exported, never the row's own number: a forged one hides nothing.
            based_on=versions[code],
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


def _opened(path: Path, name: str) -> tuple[zipfile.ZipFile, str]:
    try:
        check_archive(path)
    except UnreadableLayer as error:  # not a zip, unsafe names, a member that inflates too far
        raise refuse(str(error)) from error
    archive = zipfile.ZipFile(path)
    try:
        check_members(path, archive, name)
        return archive, _prefix(archive, name)
    except BaseException:
        archive.close()
        raise


def read_manifest(path: Path, name: str | None = None) -> Manifest:
    """``path``'s manifest, checked; nothing else in the package is opened (the caller then knows
    which export it claims to be, and who may bring it back, before its GeoPackage is read)."""
    name = name or path.name
    archive, prefix = _opened(path, name)
    with archive:
        member = archive.getinfo(prefix + MANIFEST)
        what = _("The manifest of “{name}”").format(name=name)
        content = read_member(archive, member, MAX_MANIFEST_BYTES, what)
        try:
            data = json.loads(content)
        except ValueError as error:  # not JSON, or not UTF-8
            raise refuse(_("The {manifest} of “{name}” cannot be read; bring back the package as "
                           "QField saved it, or export a new one.").format(
                               manifest=MANIFEST, name=name)) from error  # fmt: skip
        try:
            manifest = Manifest.from_json(data)
        except ValueError as error:  # an entry missing, unknown, or not of its kind
            raise refuse(_("The {manifest} of “{name}” is damaged (at “{entry}”); bring back the "
                           "package as QField saved it, or export a new one.").format(
                               manifest=MANIFEST, name=name, entry=str(error)[:40])) from error  # fmt: skip
    if manifest.schema_version != SCHEMA_VERSION:
        raise refuse(_("“{name}” was made by another version of Clearway; export a new package.").format(
            name=name))  # fmt: skip
    return manifest


def read_returned(
    path: Path, manifest: Manifest, versions: dict[str, int], recorder: str, name: str | None = None
) -> Returned:
    """``path``'s rows read and checked against the export the office recorded: ``versions``
    (household code → its version at export) and the ``recorder`` the package was made for."""
    name = name or path.name
    archive, prefix = _opened(path, name)
    with archive, tempfile.TemporaryDirectory() as folder:
        if prefix + GPKG not in archive.namelist():
            raise refuse(_("“{name}” has no {gpkg}.").format(name=name, gpkg=GPKG))
        gpkg = Path(folder) / GPKG
        copy_member(archive, archive.getinfo(prefix + GPKG), gpkg, MAX_GPKG_BYTES,
                    _("The GeoPackage of “{name}”").format(name=name))  # fmt: skip
        check_geopackage(gpkg, {CONSENT: CONSENT_COLUMNS, CONCERNS: CONCERN_COLUMNS},
                         {CONSENT: layer_title(CONSENT), CONCERNS: layer_title(CONCERNS)})  # fmt: skip
        _columns(gpkg, CONSENT, CONSENT_COLUMNS)
        _columns(gpkg, CONCERNS, CONCERN_COLUMNS)
        rows = _rows(gpkg, CONSENT, versions, recorder) + _rows(gpkg, CONCERNS, versions, recorder)
        ignored = _ignored(gpkg, manifest)
        members = {m.filename: m for m in archive.infolist()}
        named = sorted({r.photo for r in rows if r.photo})
        if len(named) > MAX_PHOTOS:
            raise refuse(_("The package names {n} photos; bring back at most {limit} at a time.").format(
                n=len(named), limit=MAX_PHOTOS))  # fmt: skip
        photos = {}
        for photo in named:
            member = members.get(prefix + photo.lstrip("./"))
            if member is not None and not member.is_dir():
                content, media_type = photo_bytes(archive, member, photo)
                photos[photo] = Attachment(PurePosixPath(photo).name, content, media_type)
        missing = [r for r in rows if r.photo and r.photo not in photos]
    return Returned(manifest, rows, photos, missing, ignored)

"""A field package: what a field officer takes offline to QField, as files (no database here).

The zip holds ``clearway.gpkg`` in the project's CRS, ``clearway.qgs`` (``qgis_project``) that QField
opens directly, an empty ``DCIM/`` for photos and ``manifest.json``. Two layers are to read
(affected parcels, households); two tables are to add rows to (consent events, concerns). Nothing in
it names an ID number, a phone or a birth date.
"""

from __future__ import annotations

import io
import json
import tempfile
import zipfile
from dataclasses import asdict, dataclass
from pathlib import Path

import geopandas as gpd
import pandas as pd
import pyogrio

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
    PHOTOS,
    QGS,
    Manifest,
)
from consultations.fieldwork.qgis_project import qgis_project
from translations import format_number


@dataclass(frozen=True)
class FieldHousehold:
    code: str
    name: str
    village: str
    status: str  # the status's label, as the field reads it
    open_concerns: int
    version: int


def _text_columns(names: tuple[str, ...], integers: tuple[str, ...] = ()) -> pd.DataFrame:
    return pd.DataFrame(
        {n: pd.Series([], dtype="int64" if n in integers else object) for n in names}
    )


def household_table(households: list[FieldHousehold]) -> pd.DataFrame:
    """The households layer's rows."""
    return pd.DataFrame(
        [(h.code, h.name, h.village, h.status, h.open_concerns, h.version) for h in households],
        columns=list(HOUSEHOLD_COLUMNS),
    ).astype({"kien_nghi_mo": "int64", "phien_ban": "int64"})


def parcel_rows(parcels: gpd.GeoDataFrame) -> dict[str, list[str]]:
    """A parcel layer's values as the manifest keeps them (text, so any edit shows)."""
    columns = [c for c in PARCEL_COLUMNS if c != "nhan"]
    return {
        str(row.nhan): [_cell(getattr(row, c)) for c in columns]
        for row in parcels.itertuples(index=False)
    }


def household_rows(households: pd.DataFrame) -> dict[str, list[str]]:
    columns = [c for c in HOUSEHOLD_COLUMNS if c != "ma_ho"]
    return {
        str(row.ma_ho): [_cell(getattr(row, c)) for c in columns]
        for row in households.itertuples(index=False)
    }


def _cell(value: object) -> str:
    if value is None or (isinstance(value, float) and pd.isna(value)):
        return ""
    if isinstance(value, float):
        return format_number(value, 2)
    return str(value)


def build_package(
    manifest: Manifest,
    parcels: gpd.GeoDataFrame,
    households: list[FieldHousehold],
    labels: dict[str, dict[str, str]],
) -> bytes:
    """The zip's bytes. ``parcels`` has ``PARCEL_COLUMNS`` and a geometry in the manifest's CRS;
    ``labels`` gives each value list's Vietnamese labels (``status``, ``category``)."""
    with tempfile.TemporaryDirectory(prefix="clearway-field-") as folder:
        gpkg = Path(folder) / GPKG
        layer = gpd.GeoDataFrame(parcels[list(PARCEL_COLUMNS)], geometry=parcels.geometry,
                                 crs=manifest.crs_epsg)  # fmt: skip
        # GeoPackage 1.2: what every QField and QGIS still in use reads without a warning.
        pyogrio.write_dataframe(layer, gpkg, layer=PARCELS, driver="GPKG", promote_to_multi=True,
                                dataset_options={"VERSION": "1.2"})  # fmt: skip
        pyogrio.write_dataframe(household_table(households), gpkg, layer=HOUSEHOLDS, driver="GPKG")
        for name, columns in ((CONSENT, CONSENT_COLUMNS), (CONCERNS, CONCERN_COLUMNS)):
            pyogrio.write_dataframe(_text_columns(columns, ("phien_ban",)), gpkg, layer=name,
                                    driver="GPKG")  # fmt: skip
        buffer = io.BytesIO()
        with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
            archive.write(gpkg, GPKG)
            archive.writestr(QGS, qgis_project(manifest, labels))
            archive.writestr(PHOTOS, b"")
            archive.writestr(MANIFEST, json.dumps(asdict(manifest), ensure_ascii=False, indent=1))
    return buffer.getvalue()

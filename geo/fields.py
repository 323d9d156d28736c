"""A land office's columns mapped onto Clearway's parcel fields, and the checks on the result.

Checks never drop a parcel: invalid polygons are repaired and counted, duplicate keys are kept and
listed, parcels far from the project and recorded areas that disagree with the drawn ones are listed.
Only a parcel without any geometry, or two parcels given one official code, stops the import: the
code is the parcel's identity, so a repeated one is a mistake in the file, never a case to guess.
"""

from __future__ import annotations

import hashlib
import re
import unicodedata
from dataclasses import dataclass, field

import geopandas as gpd
import numpy as np
import pandas as pd
import shapely
from shapely.geometry.base import BaseGeometry

from geo.errors import EmptyLayer, InvalidParameter
from geo.parcel_shapes import repaired
from geo.tolerances import AREA_TOLERANCE as AREA_TOLERANCE
from translations import _

PARCEL_FIELDS = (
    "commune",
    "old_commune",
    "sheet_no",
    "parcel_no",
    "land_use_codes",
    "owner_name",
    "recorded_area_m2",
    "parcel_code",
)
REQUIRED_PARCEL_FIELDS = ("sheet_no", "parcel_no")
KEY = ["commune", "old_commune", "sheet_no", "parcel_no"]
FAR_FROM_PROJECT_M = 2_000.0

# Column names seen in land-office files, compared without case, accents, spaces or underscores.
_KNOWN_COLUMNS = {
    "sheet_no": ["soto", "shbando", "sotobando", "tobando", "tobd", "soto_bd", "sheet"],
    "parcel_no": ["sothua", "shthua", "sothuadat", "thuadat", "thua", "parcel"],
    "land_use_codes": ["loaidat", "mdsd", "kyhieumucdich", "khloaidat", "mucdichsd", "landuse"],
    "recorded_area_m2": ["dientich", "dtich", "dt", "dientichpl", "area"],
    "commune": ["xa", "tenxa", "xaphuong", "commune"],
    "old_commune": ["xacu", "tenxacu", "oldcommune"],
    "owner_name": ["chusd", "chusudung", "tenchu", "hoten", "chuho", "owner"],
    # Mã định danh thửa đất (Decree 101/2024), the national land database's code of the parcel.
    "parcel_code": ["madinhdanh", "madinhdanhthua", "madinhdanhthuadat", "mdd", "parcelcode"],
}


def _folded(name: str) -> str:
    plain = unicodedata.normalize("NFD", name.lower().replace("đ", "d"))
    return re.sub(r"[^a-z0-9]", "", "".join(c for c in plain if not unicodedata.combining(c)))


def suggest_mapping(columns: list[str]) -> dict[str, str]:
    """Our field → their column, guessed from the usual land-office column names."""
    folded = {_folded(c): c for c in columns}
    mapping = {}
    for ours, names in _KNOWN_COLUMNS.items():
        found = next((folded[_folded(n)] for n in names if _folded(n) in folded), None)
        if found is not None:
            mapping[ours] = found
    return mapping


def layout_key(kind: str, columns: list[str]) -> str:
    """The same columns in any order: the same layout, so its mapping can be remembered."""
    names = "\x1f".join(sorted(str(c) for c in columns if c != "geometry"))
    return hashlib.sha256(f"{kind}\x1e{names}".encode()).hexdigest()


@dataclass(frozen=True)
class ParcelReport:
    """What the checks found; shown to the user before saving, and stored with the layer."""

    count: int
    repaired: int
    duplicate_keys: list[tuple[str, ...]] = field(default_factory=list)
    far_outside: list[str] = field(default_factory=list)
    area_mismatch: list[tuple[str, float, float]] = field(default_factory=list)

    def as_dict(self) -> dict[str, object]:
        return {
            "count": self.count,
            "repaired": self.repaired,
            "duplicate_keys": [list(k) for k in self.duplicate_keys],
            "far_outside": self.far_outside,
            "area_mismatch": [list(m) for m in self.area_mismatch],
        }


def _check_mapping(
    columns: list[str], mapping: dict[str, str], required: tuple[str, ...] = REQUIRED_PARCEL_FIELDS
) -> None:
    unknown = sorted(set(mapping) - set(PARCEL_FIELDS))
    if unknown:
        raise InvalidParameter(
            _("Unknown parcel fields in the mapping: {fields}.").format(fields=", ".join(unknown))
        )
    missing = [f for f in required if f not in mapping]
    absent = [c for c in mapping.values() if c not in columns]
    if missing or absent:
        raise InvalidParameter(
            _(
                "Map the sheet number and parcel number to columns of the file. "
                "Not mapped: {missing}; not in the file: {absent}. The file has: {columns}."
            ).format(
                missing=", ".join(missing) or "-",
                absent=", ".join(absent) or "-",
                columns=", ".join(columns) or _("no columns"),
            )
        )


def _texts(values: pd.Series) -> pd.Series:
    """``_text`` over a whole column at once: trimmed, "12.0" as "12", blanks as None."""
    missing = values.isna().to_numpy()
    text = values.astype(str).str.strip().str.replace(r"^(\d+)\.0$", r"\1", regex=True)
    keep = ~missing & (text != "").to_numpy()  # "12.0": sheet 12 read from a numeric column
    return text.astype(object).where(keep, None)


def _attributes_json(source: pd.DataFrame) -> list[str]:
    """Each row's source attributes as one JSON object, written by pandas' C encoder at once."""
    if source.columns.empty:
        return ["{}"] * len(source)
    lines: str = source.to_json(orient="records", lines=True, force_ascii=False, date_format="iso")
    return lines.split("\n")[: len(source)]  # JSON escapes every newline inside a value


def _mapped(
    source: pd.DataFrame, mapping: dict[str, str], *, as_json: bool = False
) -> pd.DataFrame:
    result = pd.DataFrame(index=source.index)
    for name in PARCEL_FIELDS:
        column = mapping.get(name)
        if name == "recorded_area_m2":
            values = source[column] if column else pd.Series(np.nan, index=source.index)
            text = values.astype(str).str.replace(",", ".", regex=False)
            result[name] = pd.to_numeric(text, errors="coerce")
        else:
            result[name] = _texts(source[column]) if column else None
    result["attributes"] = (
        _attributes_json(source)
        if as_json
        else source.astype(object).where(source.notna(), None).to_dict("records")
    )
    return result


def map_parcel_fields(
    frame: gpd.GeoDataFrame,
    mapping: dict[str, str],
    *,
    required: tuple[str, ...] = REQUIRED_PARCEL_FIELDS,
) -> gpd.GeoDataFrame:
    """Standard parcel columns from the source columns named in ``mapping`` (our field → theirs);
    ``required``: the fields that must be mapped (a layer without attributes has only a number).

    The source attributes are kept whole in an ``attributes`` column, each row's as JSON text.
    """
    mapping = {k: v for k, v in mapping.items() if v}
    source = frame.drop(columns=frame.geometry.name)
    _check_mapping([str(c) for c in source.columns], mapping, required)
    mapped = _mapped(source, mapping, as_json=True)
    return gpd.GeoDataFrame(mapped, geometry=frame.geometry.values, crs=frame.crs)


def map_register_fields(table: pd.DataFrame, mapping: dict[str, str]) -> pd.DataFrame:
    """A register without geometry mapped like parcels; only the mapped fields are meant to change."""
    mapping = {k: v for k, v in mapping.items() if v}
    _check_mapping([str(c) for c in table.columns], mapping)
    result = _mapped(table, mapping)
    return result


def _labels(parcels: gpd.GeoDataFrame, mask: np.ndarray) -> list[str]:
    rows = parcels[mask]
    sheet, number = (
        rows[c].fillna("").astype(str).replace("", "?") for c in ("sheet_no", "parcel_no")
    )
    labels: list[str] = (sheet + "/" + number).tolist()
    return labels


def near(geoms: np.ndarray, zone: BaseGeometry, metres: float) -> np.ndarray:
    """Which ``geoms`` come within ``metres`` of ``zone``: tested against the zone grown by that
    distance, prepared once (far quicker than a distance to a long corridor for each of 100 000)."""
    grown = shapely.buffer(zone, metres, quad_segs=16)
    shapely.prepare(grown)
    inside: np.ndarray = shapely.intersects(grown, geoms)
    return inside


def _far_outside(parcels: gpd.GeoDataFrame, project_zone: BaseGeometry | None) -> np.ndarray:
    centroids = shapely.centroid(parcels.geometry.values.to_numpy())
    if project_zone is not None and not project_zone.is_empty:
        return ~near(centroids, project_zone, FAR_FROM_PROJECT_M)
    xy = shapely.get_coordinates(centroids)
    centre = np.median(xy, axis=0)
    distance: np.ndarray = np.hypot(*(xy - centre).T)
    limit = max(5 * float(np.percentile(distance, 90)), 5_000.0)
    return distance > limit


def _refuse_shared_codes(parcels: gpd.GeoDataFrame) -> None:
    if "parcel_code" not in parcels:
        return
    codes = parcels["parcel_code"]
    shared = codes.notna() & codes.duplicated(keep=False)
    if shared.any():
        rows = parcels[shared.to_numpy()].sort_values("parcel_code")
        named = [
            f"{r.parcel_code} ({r.sheet_no or '?'}/{r.parcel_no or '?'})"
            for r in rows.head(10).itertuples()
        ]
        raise InvalidParameter(
            _("{count} parcels share an identification code, which names one parcel only: "
              "{parcels}. Correct the codes in the file and import it again.").format(
                count=int(shared.sum()), parcels=", ".join(named)
            )
        )  # fmt: skip


def check_parcels(
    parcels: gpd.GeoDataFrame,
    project_zone: BaseGeometry | None = None,
    area_tolerance: float = AREA_TOLERANCE,
    *,
    shapes_checked: bool = False,
) -> tuple[gpd.GeoDataFrame, ParcelReport]:
    """Repair, then report; ``parcels`` must be in the project's metric CRS. ``shapes_checked``:
    they already went through ``parcel_shapes`` (flat, valid polygons), so no repair is tried."""
    geoms = parcels.geometry.values.to_numpy().copy()
    empty = shapely.is_missing(geoms) | shapely.is_empty(geoms)
    if empty.any():
        rows = ", ".join(str(i + 1) for i in empty.nonzero()[0][:10])
        raise EmptyLayer(
            _("{count} parcels have no geometry (rows {rows}); fix or remove them.").format(
                count=int(empty.sum()), rows=rows
            )
        )
    _refuse_shared_codes(parcels)
    geoms, repaired_count = (geoms, 0) if shapes_checked else repaired(geoms)
    if repaired_count:
        parcels = parcels.set_geometry(gpd.GeoSeries(geoms, index=parcels.index, crs=parcels.crs))
    keys = parcels[KEY].fillna("")
    duplicated = keys[keys.duplicated(keep=False)]
    duplicate_keys = sorted({tuple(row) for row in duplicated.itertuples(index=False)})
    drawn = shapely.area(geoms)
    recorded = parcels["recorded_area_m2"].to_numpy(dtype=float)
    with np.errstate(invalid="ignore", divide="ignore"):
        mismatch = np.abs(recorded - drawn) > area_tolerance * drawn
    mismatch &= ~np.isnan(recorded)
    rows = parcels[mismatch]
    area_mismatch = [
        (f"{r.sheet_no or '?'}/{r.parcel_no or '?'}", float(r.recorded_area_m2), round(float(a), 1))
        for r, a in zip(rows.itertuples(), drawn[mismatch], strict=True)
    ]
    report = ParcelReport(
        count=len(parcels),
        repaired=repaired_count,
        duplicate_keys=duplicate_keys,
        far_outside=_labels(parcels, _far_outside(parcels, project_zone)),
        area_mismatch=area_mismatch,
    )
    return parcels, report

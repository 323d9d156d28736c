"""What a field package holds, by name: its files, layers, columns and manifest."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

SCHEMA_VERSION = 1
GPKG = "clearway.gpkg"
QGS = "clearway.qgs"
MANIFEST = "manifest.json"
PHOTOS = "DCIM/"

PARCELS, HOUSEHOLDS, CONSENT, CONCERNS = "thua_dat", "ho_dan", "dong_thuan", "kien_nghi"

#: The add-only tables' columns, in order: a returned package with other columns is refused.
CONSENT_COLUMNS = ("uuid", "ma_ho", "ngay", "tinh_trang", "ghi_chu", "anh", "nguoi_ghi",
                   "luc_ghi", "phien_ban")  # fmt: skip
CONCERN_COLUMNS = ("uuid", "ma_ho", "ngay", "loai", "noi_dung", "anh", "nguoi_ghi", "luc_ghi",
                   "phien_ban")  # fmt: skip
#: The read-only layers' columns that an edit in the field is looked for in (and ignored).
PARCEL_COLUMNS = ("nhan", "so_to", "so_thua", "dt_vinh_vien", "dt_han_che", "tinh_trang", "ho")
HOUSEHOLD_COLUMNS = ("ma_ho", "chu_ho", "thon", "tinh_trang", "kien_nghi_mo", "phien_ban")


@dataclass(frozen=True)
class Manifest:
    package_id: str
    project_slug: str
    project_name: str
    crs_epsg: int
    communes: tuple[str, ...]
    user: str
    exported_at: str  # ISO 8601, UTC
    schema_version: int = SCHEMA_VERSION
    versions: dict[str, int] = field(default_factory=dict)  # household code → version at export
    #: What the read-only layers held, by parcel label and household code: edits are found by it.
    parcels: dict[str, list[str]] = field(default_factory=dict)
    households: dict[str, list[str]] = field(default_factory=dict)

    @property
    def exported(self) -> dt.datetime:
        return dt.datetime.fromisoformat(self.exported_at)

    @staticmethod
    def from_json(data: dict[str, object]) -> Manifest:
        values = dict(data)
        values["communes"] = tuple(values.get("communes") or ())  # type: ignore[arg-type]
        return Manifest(**values)  # type: ignore[arg-type]

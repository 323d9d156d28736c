"""What a field package holds, by name: its files, layers, columns and manifest."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from typing import Any

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
    def from_json(data: object) -> Manifest:
        """The manifest in ``data``; ``ValueError`` naming the first entry that is missing or not
        of its kind (a phone's copy is checked, never trusted)."""
        if not isinstance(data, dict):
            raise ValueError("manifest")
        kinds: dict[str, Any] = {
            "package_id": str, "project_slug": str, "project_name": str, "crs_epsg": int,
            "communes": list, "user": str, "exported_at": str, "schema_version": int,
            "versions": dict, "parcels": dict, "households": dict,
        }  # fmt: skip
        for key in data:
            if key not in kinds:
                raise ValueError(key)
        for key, kind in kinds.items():
            value = data.get(key, {} if kind is dict else None)
            if not isinstance(value, kind) or isinstance(value, bool):
                raise ValueError(key)
        checks = (
            ("package_id", 0 < len(data["package_id"]) <= 64),
            ("communes", all(isinstance(c, str) for c in data["communes"])),
            ("versions", all(type(v) is int for v in data.get("versions", {}).values())),
            *((key, all(isinstance(v, list) and all(isinstance(x, str) for x in v)
                        for v in data.get(key, {}).values())) for key in ("parcels", "households")),
        )  # fmt: skip
        for key, good in checks:
            if not good:
                raise ValueError(key)
        try:
            dt.datetime.fromisoformat(data["exported_at"])
        except ValueError as error:
            raise ValueError("exported_at") from error
        return Manifest(**{**data, "communes": tuple(data["communes"])})


@dataclass(frozen=True)
class Export:
    """The office's own record of an exported package: what a returned one is trusted for."""

    package_id: str
    project_id: int
    user: str  # the field officer it was made for, who recorded its rows
    exported_at: dt.datetime  # UTC
    versions: dict[str, int]  # household code → its version when exported

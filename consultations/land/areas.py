"""What the overlay found for each affected parcel, for the features that price it (compensation's
inventory defaults a land line to the parcel's permanent or restricted area)."""

from __future__ import annotations

from dataclasses import dataclass

from consultations.core.database import Connection
from consultations.land import store as _store
from translations import _


@dataclass(frozen=True)
class ParcelArea:
    parcel_id: int
    label: str  # "sheet 12, parcel 45", in the reader's language
    commune: str | None
    land_use_codes: str | None
    permanent_m2: float
    restricted_m2: float
    area_m2: float = 0.0  # the whole parcel's


def parcel_areas_in(conn: Connection, project_id: int) -> dict[int, ParcelArea]:
    """The project's current parcels the overlay found affected, by id. In the caller's
    transaction."""
    return {
        r.id: ParcelArea(
            r.id,
            _("sheet {sheet}, parcel {parcel}").format(
                sheet=r.sheet_no or "-", parcel=r.parcel_no or "-"
            ),
            r.commune,
            r.land_use_codes,
            float(r.permanent_m2),
            float(r.restricted_m2),
            float(r.computed_area_m2),
        )
        for r in _store.affected_parcel_rows(conn, project_id)
    }

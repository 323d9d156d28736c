"""Status colours: the Okabe–Ito palette, distinguishable with the common colour-vision deficiencies."""

from __future__ import annotations

from consultations.core.records import ParcelStatus
from geo.parcel_layer import Category

STATUS_COLOURS = {
    ParcelStatus.AGREED: "#009e73",  # bluish green
    ParcelStatus.PARTLY_AGREED: "#56b4e9",  # sky blue
    ParcelStatus.IN_PROGRESS: "#f0e442",  # yellow
    ParcelStatus.CONCERNS: "#e69f00",  # orange
    ParcelStatus.REFUSED: "#d55e00",  # vermilion
    ParcelStatus.NOT_CONTACTED: "#999999",  # grey
    ParcelStatus.NO_HOUSEHOLD: "#ffffff",  # white: organisation or public land
}


def status_categories() -> dict[str, Category]:
    """Colour and (translated) label per parcel status, for maps and legends."""
    return {str(s): Category(STATUS_COLOURS[s], s.label) for s in ParcelStatus}

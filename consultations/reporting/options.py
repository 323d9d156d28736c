"""What the reports, exports and maps offer, by name: a command line's parser reads these.

Kept apart from the modules that do the work (which import pandas, geopandas and folium) so that
building ``cli.py``'s parser, and a command that uses none of them, does not import them.
"""

from __future__ import annotations

from enum import StrEnum

#: Default: no progress for this many days puts a household on the backlog list.
BACKLOG_DAYS = 60
#: The registers an export writes, one sheet (or one CSV) each, after the parcels.
REGISTERS = ("households", "concerns", "meetings", "commitments")
EXPORT_FORMATS = ("gpkg", "xlsx", "csv")
WHAT = ("parcels", *REGISTERS)


class Audience(StrEnum):
    """Whom a shared map is for: the public map withholds what the internal one shows."""

    PUBLIC = "public"
    INTERNAL = "internal"

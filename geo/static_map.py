"""A static PNG of a project's map for printed reports (matplotlib, no browser, no network)."""

from __future__ import annotations

import io

import geopandas as gpd
import matplotlib

matplotlib.use("Agg")  # no screen on a server
import matplotlib.pyplot as plt
from matplotlib.patches import Patch
from matplotlib.ticker import FuncFormatter

from geo.parcel_layer import Category
from translations import _, format_number


def map_png(
    parcels: gpd.GeoDataFrame,
    categories: dict[str, Category],
    *,
    title: str,
    corridors: gpd.GeoDataFrame | None = None,
    foundations: gpd.GeoDataFrame | None = None,
    legend_title: str = "",
    dpi: int = 150,
) -> bytes:
    """Parcels coloured by ``status`` (a key of ``categories``) in their own metric CRS, with a legend
    of counts and a 1-km-style scale note left to the axes' metre ticks."""
    figure, axes = plt.subplots(figsize=(16.5, 11.7))  # A3 landscape, inches
    colours = parcels["status"].map({k: c.colour for k, c in categories.items()}).fillna("#999999")
    parcels.plot(ax=axes, color=colours.tolist(), edgecolor="#444444", linewidth=0.3)
    if corridors is not None and len(corridors):
        corridors.boundary.plot(ax=axes, color="#d55e00", linewidth=1.2)
    if foundations is not None and len(foundations):
        foundations.plot(ax=axes, color="#000000")
    counts = parcels["status"].value_counts()
    handles = [
        Patch(facecolor=c.colour, edgecolor="#444444", label=f"{c.label}: {int(counts.get(k, 0))}")
        for k, c in categories.items()
    ]
    axes.legend(
        handles=handles, title=legend_title, loc="upper left", bbox_to_anchor=(1.01, 1), fontsize=9
    )
    axes.set_title(title, fontsize=14)
    axes.set_aspect("equal")
    # Metres of the project's own CRS, written with Vietnamese separators (597.910), and named.
    metres = FuncFormatter(lambda v, _pos: format_number(v))
    axes.xaxis.set_major_formatter(metres)
    axes.yaxis.set_major_formatter(metres)
    axes.set_xlabel(_("Easting (m)"), fontsize=8)
    axes.set_ylabel(_("Northing (m)"), fontsize=8)
    axes.tick_params(labelsize=7)
    axes.annotate(
        "N ↑", xy=(0.98, 0.96), xycoords="axes fraction", ha="right", fontsize=14, weight="bold"
    )
    buffer = io.BytesIO()
    figure.savefig(buffer, format="png", dpi=dpi, bbox_inches="tight")
    plt.close(figure)
    return buffer.getvalue()

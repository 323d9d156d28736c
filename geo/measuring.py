"""Which coordinate system a layer's areas and buffers are measured in.

Only a transverse Mercator in metres (VN-2000 TM-3 or UTM) measures land as surveyed: Web Mercator
(EPSG:3857, what web maps and ArcGIS Online export) inflates areas by about 7 % over Vietnam and
draws a 2 km corridor some 1.9 km wide on the ground; degrees and unknown units are no lengths at
all. Any other coordinate system is converted first, to the VN-2000 zone of the province the layer
lies in (else the UTM zone), and the user is told which.
"""

from __future__ import annotations

from dataclasses import dataclass

import geopandas as gpd
from pyproj import CRS

from geo.crs import province_zone
from geo.provinces import province_holding
from translations import _

_MEASURING_METHODS = ("Transverse Mercator",)


@dataclass(frozen=True)
class Measuring:
    epsg: int
    note: str | None  # said when the layer's own CRS was not used


def fit_for_measuring(crs: CRS | None) -> bool:
    """A projected CRS in metres whose projection keeps lengths and areas as surveyed."""
    if crs is None or not crs.is_projected:
        return False
    if any(axis.unit_name != "metre" for axis in crs.axis_info):
        return False
    method = crs.coordinate_operation.method_name if crs.coordinate_operation else ""
    return method.startswith(_MEASURING_METHODS)


def measuring_crs(frame: gpd.GeoDataFrame) -> Measuring:
    """The layer's own CRS when it is fit for measuring, else its province's VN-2000 zone (else
    the UTM zone estimated for it), with a sentence saying so."""
    crs = frame.crs
    fit = fit_for_measuring(crs)
    if fit and crs.to_epsg() is not None:
        return Measuring(int(crs.to_epsg()), None)
    province = province_holding(frame.geometry)
    zone = province_zone(province) if province else None
    epsg = zone if zone is not None else int(frame.estimate_utm_crs().to_epsg())
    if fit:  # a transverse Mercator without an EPSG code (an ESRI .prj): its zone, same measure
        return Measuring(epsg, None)
    target = CRS.from_epsg(epsg)
    own = crs.name if crs is not None else "?"
    return Measuring(
        epsg,
        _("Areas and widths were measured in {target} (EPSG:{epsg}), not in the file's {own}, "
          "which does not keep distances and areas as on the ground.").format(
            target=target.name, epsg=epsg, own=own)
    )  # fmt: skip

"""A project's data back in the tools land offices use: a GeoPackage for QGIS, XLSX and CSV for Excel.

- ``gpkg``: the parcels with their status and areas (layer ``thua_dat``), the corridors
  (``hanh_lang``) and the tower foundations (``mong_cot``), in the project's own CRS, UTF-8.
- ``xlsx``: one workbook, a sheet per register (parcels without geometry, households, concerns,
  meetings, commitments); or one register with ``what``.
- ``csv``: one register (``what``, households by default), UTF-8 with a BOM so Excel shows Vietnamese.

Internal: registers carry ID numbers and phones, for officials only. Every export is logged.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import geopandas as gpd
import pandas as pd

from consultations.core.access import Action, Actor, require
from consultations.core.commands import log_reading
from consultations.core.database import Store
from consultations.core.errors import InvalidRecord
from consultations.core.events import Entity
from consultations.core.records import ParcelStatus, Project
from consultations.core.spreadsheets import inert, write_csv
from consultations.households.service import parcel_households_in
from consultations.reporting.exports import register
from consultations.reporting.maps import ProjectLand, project_land
from consultations.reporting.options import EXPORT_FORMATS as FORMATS
from consultations.reporting.options import WHAT
from translations import _


def parcels_table(store: Store, project: Project, land: ProjectLand) -> gpd.GeoDataFrame:
    """Every current parcel of ``land`` (``project_land``) with its status and areas, in its CRS."""
    with store.read() as conn:
        links = parcel_households_in(conn, project.id)
    p = land.parcels
    table = gpd.GeoDataFrame(
        {
            _("Commune"): p.commune, _("Old commune"): p.old_commune,
            _("Commune today"): p.current_commune, _("Map sheet"): p.sheet_no,
            _("Parcel"): p.parcel_no, _("Parcel identification code"): p.parcel_code,
            _("Land use"): p.land_use_codes,
            _("Area (m²)"): p.computed_area_m2.round(1),
            _("Permanent recovery (m²)"): p.permanent_m2.round(1),
            _("Restricted corridor (m²)"): p.restricted_m2.round(1),
            _("Affected"): p.affected.map({True: _("yes"), False: _("no")}),
            _("Status code"): p.status,
            _("Status"): [ParcelStatus(s).label for s in p.status],
            _("Households"): [len(links.get(i, [])) for i in p.id],
        },
        geometry=p.geometry.values,
        crs=p.crs,
    )  # fmt: skip
    return table


def _register(store: Store, project: Project, what: str, actor: Actor) -> pd.DataFrame:
    if what == "parcels":
        table = parcels_table(store, project, project_land(store, project))
        return pd.DataFrame(table.drop(columns="geometry"))
    return register(store, project.id, what, actor=actor)


def export_project(
    store: Store, project: Project, fmt: str, out: Path, *, actor: Actor, what: str | None = None,
    progress: Callable[[float, str], None] | None = None,
) -> int:  # fmt: skip
    """Write the export to ``out``; returns the number of rows written (all sheets or layers).
    ``progress`` hears how far it is (the worker's: it may stop it before the export is logged)."""
    require(actor, Action.EXPORT_INTERNAL, project_id=project.id)
    if fmt not in FORMATS:
        raise InvalidRecord(_("Export to gpkg, xlsx or csv, not “{fmt}”.").format(fmt=fmt))
    if what is not None and what not in WHAT:
        raise InvalidRecord(_("Unknown register “{what}”.").format(what=what))
    if fmt == "gpkg" and what not in (None, "parcels"):
        raise InvalidRecord(_("A GeoPackage holds the parcels; export registers to xlsx or csv."))
    rows = 0
    if progress is not None:
        progress(0.1, _("Writing the file…"))
    if fmt == "gpkg":
        land = project_land(store, project)
        layers = {"thua_dat": parcels_table(store, project, land), "hanh_lang": land.corridors,
                  "mong_cot": land.towers}  # fmt: skip
        out.unlink(missing_ok=True)
        for name, layer in layers.items():
            if len(layer):
                layer.to_file(out, layer=name, driver="GPKG")
                rows += len(layer)
    elif fmt == "xlsx":
        sheets = [what] if what else list(WHAT)
        with pd.ExcelWriter(out, engine="openpyxl") as book:
            for name in sheets:
                frame = _register(store, project, name, actor)
                inert(frame).to_excel(book, sheet_name=_sheet_name(name), index=False)
                rows += len(frame)
    else:
        frame = _register(store, project, what or "households", actor)
        write_csv(frame, out)
        rows = len(frame)
    log_reading(
        store,
        Entity(what or "project"),
        None,
        "export",
        actor=actor,
        project_id=project.id,
        after={"file": out.name, "format": fmt, "rows": rows},
    )
    return rows


def _sheet_name(what: str) -> str:
    names = {"parcels": _("Parcels"), "households": _("Households"), "concerns": _("Concerns"),
             "meetings": _("Meetings"), "commitments": _("Commitments")}  # fmt: skip
    return names[what][:31]

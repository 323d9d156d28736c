"""Importing one layer into a project: read and check it (no writes), then save it and recompute.

``prepare_layer_in`` does everything that can fail on bad input and writes nothing; ``save_layer_in`` and
``recompute_impacts_in`` run inside the caller's transaction, so an import completes or changes nothing.
The ``PreparedLayer`` is the import protocol's prepared object (``core/imports.py``): the doors are
``preview.preview_import`` (prepare), ``service.import_effects`` (what saving would change, measured
in a transaction rolled back) and ``service.import_layer`` (save exactly these features).
A layer is refused there when it lies in the sea or outside Vietnam (a wrong coordinate system), in
another province than the project's, or wholly away from what the project already holds.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import geopandas as gpd
import shapely
from pyproj import CRS

from consultations.core import schema
from consultations.core.imports import ImportPreview
from consultations.core.labels import parcel_label
from consultations.core.records import Project
from consultations.land.communes import refuse_unassigned, resolve_parcel_communes
from consultations.land.kinds import KIND_FIELDS, ImportOptions, LayerKind
from consultations.land.layer_checks import refuse_other_shapes, refuse_texts_too_long
from consultations.land.layer_features import build_features_in
from consultations.land.store import features_frame, insert_layer, parcels_frame
from consultations.land.store_changes import register_matches, remember_mapping, remembered_mapping
from geo.errors import EmptyLayer, InvalidParameter, WrongCRS
from geo.fields import (
    REQUIRED_PARCEL_FIELDS,
    check_parcels,
    layout_key,
    map_parcel_fields,
    map_register_fields,
    near,
    suggest_mapping,
)
from geo.layers import Layer, read_layer, read_register
from geo.measuring import fit_for_measuring
from geo.parcel_shapes import Labels, parcel_shapes, row_labels
from geo.provinces import SEA_M, Where, where_layer_lies
from translations import _

Progress = Callable[[float, str], None]


@dataclass(frozen=True)
class PreparedLayer:
    kind: LayerKind
    source_name: str
    source_bytes: bytes
    layer: Layer
    mapping: dict[str, str]
    features: gpd.GeoDataFrame  # in the project's CRS, columns ready for the store
    report: dict[str, Any] = field(default_factory=dict)

    def preview(self) -> ImportPreview:
        """What the layer holds and what was found reading it (what saving it changes in the
        project is measured against the store: ``service.import_effects``)."""
        from consultations.land.reports import report_lines  # it imports the service, above us

        return ImportPreview(
            added=len(self.features),
            lines=(*self.report.get("notes", []), *report_lines(self.report)),
        )

    def refuse_unassigned_communes(self) -> None:
        """Refused while an old commune that went several ways waits for a person's choice."""
        refuse_unassigned(self.report)


def mapping_in(conn: Any, kind: LayerKind, columns: list[str]) -> dict[str, str]:
    """The mapping remembered for this layout of columns, else a guess from usual names."""
    remembered = remembered_mapping(conn, str(kind), layout_key(str(kind), columns))
    if remembered is not None:
        return remembered
    parcel_like = kind in (LayerKind.PARCELS, LayerKind.REGISTER)
    suggested = suggest_mapping(columns) if parcel_like else {}
    guessed = {ours: theirs for ours, theirs in suggested.items() if ours in KIND_FIELDS[kind]}
    lowered = {str(c).lower(): str(c) for c in columns}
    for ours in KIND_FIELDS[kind]:
        if ours not in guessed:
            for candidate in (ours, *_ALIASES.get(ours, ())):
                if candidate in lowered:
                    guessed[ours] = lowered[candidate]
                    break
    return guessed


_ALIASES = {
    "label": ("ten_cot", "so_cot", "ma_ho", "name", "ten"),
    "name": ("ten", "ten_tuyen"),
    "voltage_kv": ("cap_dien_ap", "dien_ap", "kv"),
    "roof": ("mai",),
    "walls": ("tuong",),
}


def prepare_layer_in(
    conn: Any, project: Project, path: Path, kind: LayerKind, options: ImportOptions
) -> PreparedLayer:
    """Read, map and check a layer for the project (``conn`` is only read); nothing is written."""
    path = Path(path)
    if kind is LayerKind.REGISTER:
        return _prepare_register(conn, project, path, options)
    layer = read_layer(
        path, layer=options.layer, crs_epsg=options.crs_epsg, encoding=options.encoding
    )
    columns = [str(c) for c in layer.frame.columns if c != layer.frame.geometry.name]
    mapping = options.mapping if options.mapping is not None else mapping_in(conn, kind, columns)
    unknown = sorted(set(mapping) - set(KIND_FIELDS[kind]))
    if unknown:
        raise InvalidParameter(
            _("Unknown fields for this kind of layer: {fields}.").format(fields=", ".join(unknown))
        )
    frame = layer.frame
    _refuse_features_without_geometry(frame, kind, mapping)
    refuse_other_shapes(frame, kind)
    _refuse_if_outside_province(project, frame)
    report: dict[str, Any] = {"notes": [*layer.notes, *_measured_in(frame, project)]}
    frame = frame.to_crs(project.crs_epsg)
    if kind is LayerKind.PARCELS:  # the same repairs and refusals as ``cli.py affected``
        numbered = not columns and not mapping.get("parcel_no")
        if numbered:  # a layer without attributes (a .dbf without columns): numbered in order
            frame = frame.assign(stt=[str(i + 1) for i in range(len(frame))])
            mapping = {"parcel_no": "stt"}
            report["notes"].append(
                _("“{name}” has no attribute columns: its parcels are numbered 1 to {n} in the "
                  "order of the file (“stt”), without sheet numbers.").format(
                    name=path.name, n=len(frame))
            )  # fmt: skip
        frame, shapes = parcel_shapes(frame, _parcel_labels(frame, mapping), path.name)
        report["notes"] += shapes.notes(repairs=False)  # the report counts the repairs itself
        zone = _reference_in(conn, project, kind)
        required = ("parcel_no",) if numbered else REQUIRED_PARCEL_FIELDS
        features, checks = check_parcels(
            map_parcel_fields(frame, mapping, required=required), zone, options.area_tolerance,
            shapes_checked=True,
        )  # fmt: skip
        _refuse_if_elsewhere(conn, project, features, zone, kind)
        report.update(checks.as_dict())
        features, communes = resolve_parcel_communes(features, project, dict(options.communes))
        if communes:
            report["communes"] = communes
        report["repaired"] = shapes.repaired
    else:
        features = build_features_in(conn, project, kind, frame, mapping, options)
        if kind is not LayerKind.UNITS:  # a commune or district may well reach far
            _refuse_if_elsewhere(conn, project, features, _reference_in(conn, project, kind), kind)
        report["count"] = len(features)
    refuse_texts_too_long(kind, features)
    return PreparedLayer(kind, path.name, path.read_bytes(), layer, mapping, features, report)


def _measured_in(frame: gpd.GeoDataFrame, project: Project) -> list[str]:
    """Said when the file's CRS does not measure as on the ground (Web Mercator, degrees): the
    layer is measured in the project's VN-2000 zone, as every stored layer is."""
    if fit_for_measuring(frame.crs):
        return []
    return [
        _("The file is in {own}; its areas and distances are measured in the project's "
          "{target} (EPSG:{epsg}).").format(
            own=frame.crs.name if frame.crs else "?", target=CRS.from_epsg(project.crs_epsg).name,
            epsg=project.crs_epsg)
    ]  # fmt: skip


def _prepare_register(
    conn: Any, project: Project, path: Path, options: ImportOptions
) -> PreparedLayer:
    """A register of parcel attributes: matched to stored parcels now, so the user sees the misses."""
    table, encoding, notes = read_register(path, options.encoding)
    kind = LayerKind.REGISTER
    mapping = (
        options.mapping
        if options.mapping is not None
        else mapping_in(conn, kind, list(table.columns))
    )
    rows = map_register_fields(table, mapping)
    matches = register_matches(conn, project.id, rows)
    missing = [
        parcel_label(r.sheet_no, r.parcel_no)
        for r, m in zip(rows.itertuples(), matches, strict=True)
        if m is None
    ]
    frame = gpd.GeoDataFrame(table, geometry=[None] * len(table), crs=project.crs_epsg)
    report = {
        "notes": notes,
        "count": len(rows),
        "matched": len(rows) - len(missing),
        "unmatched": missing,
    }
    layer = Layer(frame, crs_from_file=False, encoding=encoding, notes=tuple(notes))
    refuse_texts_too_long(kind, rows)
    return PreparedLayer(
        kind, path.name, path.read_bytes(), layer, mapping, rows.assign(parcel_id=matches), report
    )


def _parcel_labels(frame: gpd.GeoDataFrame, mapping: dict[str, str]) -> Labels:
    """Features as the user knows them: sheet/parcel where they are mapped (a blank one as "?",
    never "nan"; both blank: the row), else their row."""
    sheet, number = mapping.get("sheet_no"), mapping.get("parcel_no")
    if number not in frame:
        return row_labels
    sheets = _key_texts(frame[sheet]) if sheet in frame else [""] * len(frame)
    numbers = _key_texts(frame[number])
    return lambda rows: [
        parcel_label(sheets[i], numbers[i]) if sheets[i] or numbers[i] else row_labels([i])[0]
        for i in rows
    ]


def _key_texts(values: Any) -> list[str]:
    """A sheet or parcel column as its numbers are written: "12" (not "12.0"), blank for none."""
    return [
        "" if v is None or (isinstance(v, float) and v != v) else str(v).strip().removesuffix(".0")
        for v in values
    ]


def _refuse_features_without_geometry(
    frame: gpd.GeoDataFrame, kind: LayerKind, mapping: dict[str, str]
) -> None:
    """Features without geometry are never dropped silently: the layer is refused, naming them
    (a parcel by its sheet and parcel numbers where they are mapped, else by its row)."""
    missing = (frame.geometry.isna() | frame.geometry.is_empty).to_numpy()
    if not missing.any():
        return
    rows = missing.nonzero()[0]
    number = mapping.get("parcel_no")
    if kind is LayerKind.PARCELS and number in frame:
        named = _parcel_labels(frame, mapping)(rows[:10].tolist())
        which = _("parcels {keys}").format(keys=", ".join(named))
    else:
        which = _("rows {rows}").format(rows=", ".join(str(i + 1) for i in rows[:10]))
    raise EmptyLayer(
        _("{n} of the {total} features of this layer have no geometry ({which}{more}): draw them "
          "or remove them from the file, then import it again. Nothing was imported.").format(
            n=len(rows), total=len(frame), which=which, more=" …" if len(rows) > 10 else "")
    )  # fmt: skip


#: How far (metres) a new layer may lie from what the project already holds and still be its own.
NEAR_M = 2_000


def _refuse_if_outside_province(project: Project, frame: gpd.GeoDataFrame) -> None:
    """A layer in the sea or outside Vietnam (the usual sign of a wrong coordinate system or
    VN-2000 zone), or in another province than the project's, is refused: nothing changes. A
    project without a province (older ones) is only checked for the sea."""
    placed = where_layer_lies(frame.geometry, project.province)
    if placed.where is Where.OUTSIDE:
        raise WrongCRS(
            _("Read as {crs}, this layer lies in the sea or outside Vietnam (around longitude "
              "{lon:.3f}, latitude {lat:.3f}; more than {km} km from every province): check the "
              "coordinate system the file was drawn in (its VN-2000 zone; the project uses "
              "EPSG:{epsg}). Nothing was imported.").format(
                crs=frame.crs.name if frame.crs else "?", lon=placed.lon, lat=placed.lat,
                km=int(SEA_M // 1000), epsg=project.crs_epsg)
        )  # fmt: skip
    if placed.where is Where.ELSEWHERE:
        raise InvalidParameter(
            _("This layer lies in {other}, not in {province}, the project's province: check that "
              "it is the right file and that its coordinate system (the VN-2000 zone) is right. "
              "Nothing was imported.").format(other=placed.province, province=project.province)
        )  # fmt: skip


def _reference_in(conn: Any, project: Project, kind: LayerKind) -> shapely.Geometry | None:
    """What a new layer of ``kind`` must lie near: the project's corridors and boundary (those it
    replaces set aside: a new centreline may move the line), else its stored parcels."""
    zones = features_frame(conn, schema.corridors, project.id, project.crs_epsg)
    replaced = {LayerKind.CENTRELINE: "power_corridor", LayerKind.BOUNDARY: "recovery_boundary"}
    zones = zones[zones.kind != replaced[kind]] if kind in replaced else zones
    return shapely.union_all(zones.geometry.values) if len(zones) else None


def _refuse_if_elsewhere(
    conn: Any,
    project: Project,
    features: gpd.GeoDataFrame,
    zone: shapely.Geometry | None,
    kind: LayerKind,
) -> None:
    """A layer lying wholly away from the project (``zone``: its corridor or boundary, else its
    stored parcels) is another place or a wrong coordinate system: refused, nothing changes."""
    if features.empty:
        return
    if zone is None:
        stored = parcels_frame(conn, project.id, project.crs_epsg)
        if stored.empty:
            return
        zone = shapely.box(*stored.total_bounds)
    if near(features.geometry.values.to_numpy(), zone, NEAR_M).any():
        return
    if kind is LayerKind.PARCELS:
        raise InvalidParameter(
            _("Every parcel of this layer lies more than {km} km from the project (its corridor, "
              "boundary or stored parcels): it is another place, or its coordinate system is "
              "wrong. Nothing was imported.").format(km=NEAR_M // 1000)
        )  # fmt: skip
    raise InvalidParameter(
        _("Every feature of this layer lies more than {km} km from the project (its corridor, "
          "boundary or stored parcels): it is another place, or its coordinate system is wrong. "
          "Nothing was imported.").format(km=NEAR_M // 1000)
    )  # fmt: skip


def record_layer_in(conn: Any, project: Project, prepared: PreparedLayer, actor: str) -> int:
    """The layer's source and report, and its remembered field mapping."""
    columns = [
        str(c) for c in prepared.layer.frame.columns if c != prepared.layer.frame.geometry.name
    ]
    remember_mapping(
        conn, str(prepared.kind), layout_key(str(prepared.kind), columns), prepared.mapping
    )
    crs = prepared.layer.frame.crs
    return insert_layer(
        conn,
        project_id=project.id,
        kind=str(prepared.kind),
        source_name=prepared.source_name,
        source_bytes=prepared.source_bytes,
        source_crs=crs.to_string() if crs is not None else "",
        encoding=prepared.layer.encoding,
        field_mapping=prepared.mapping,
        feature_count=len(prepared.features),
        report=prepared.report,
        actor=actor,
    )

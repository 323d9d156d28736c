"""The QGIS project file of a field package: the layers by relative path, the forms in Vietnamese.

QField opens ``clearway.qgs`` beside ``clearway.gpkg``: parcels and households to read, consent and
concerns to add to, with the statuses and concern categories as value lists, the household as a
choice from the package's households, the date as a date, the photo taken with the camera into
``DCIM/``, and the row's id, author, time and household version filled in by themselves.
"""

from __future__ import annotations

import xml.etree.ElementTree as ET

from pyproj import CRS

from consultations.fieldwork.layout import CONCERNS, CONSENT, GPKG, HOUSEHOLDS, PARCELS, Manifest
from translations import _


def layer_title(name: str) -> str:
    """A layer's name as QField shows it."""
    return next((str(spec["title"]) for spec in _layers() if spec["name"] == name), name)


def _layers() -> list[dict[str, object]]:
    return [
        {"name": PARCELS, "title": _("Affected parcels"), "geometry": "Polygon", "read_only": True},
        {"name": HOUSEHOLDS, "title": _("Households"), "geometry": None, "read_only": True},
        {"name": CONSENT, "title": _("Consent recorded in the field"), "geometry": None,
         "read_only": False},
        {"name": CONCERNS, "title": _("Concerns recorded in the field"), "geometry": None,
         "read_only": False},
    ]  # fmt: skip


def field_aliases() -> dict[str, str]:
    """Each column's name as the forms (and Clearway's messages) show it."""
    return {
        "nhan": _("Parcel"), "so_to": _("Sheet"), "so_thua": _("Parcel number"),
        "dt_vinh_vien": _("Permanently recovered (m²)"), "dt_han_che": _("Restricted use (m²)"),
        "tinh_trang": _("Status"), "ho": _("Households"), "ma_ho": _("Household"),
        "chu_ho": _("Head of household"), "thon": _("Village"), "kien_nghi_mo": _("Open concerns"),
        "ngay": _("Date"), "ghi_chu": _("Note"), "anh": _("Photo"), "loai": _("Category"),
        "noi_dung": _("What they said"), "nguoi_ghi": _("Recorded by"), "luc_ghi": _("Recorded at"),
        "phien_ban": _("Household version"), "uuid": _("Row id"),
    }  # fmt: skip


def _srs(parent: ET.Element, epsg: int) -> None:
    crs = CRS.from_epsg(epsg)
    ref = ET.SubElement(parent, "spatialrefsys", nativeFormat="Wkt")
    ET.SubElement(ref, "wkt").text = crs.to_wkt()
    ET.SubElement(ref, "srsid").text = "0"
    ET.SubElement(ref, "srid").text = str(epsg)
    ET.SubElement(ref, "authid").text = f"EPSG:{epsg}"
    ET.SubElement(ref, "description").text = crs.name
    ET.SubElement(ref, "geographicflag").text = "true" if crs.is_geographic else "false"


def _option_map(parent: ET.Element, entries: dict[str, str]) -> None:
    """QGIS's ``Option`` tree: ``entries`` of name → value."""
    options = ET.SubElement(ET.SubElement(parent, "config"), "Option", type="Map")
    for name, value in entries.items():
        ET.SubElement(options, "Option", type="QString", name=name, value=value)


def _value_map(field: ET.Element, choices: dict[str, str]) -> None:
    widget = ET.SubElement(field, "editWidget", type="ValueMap")
    top = ET.SubElement(ET.SubElement(widget, "config"), "Option", type="Map")
    listed = ET.SubElement(top, "Option", type="List", name="map")
    for value, label in choices.items():
        item = ET.SubElement(listed, "Option", type="Map")
        ET.SubElement(item, "Option", type="QString", name=label, value=value)


def _widgets(layer: str, ids: dict[str, str]) -> dict[str, tuple[str, dict[str, str]]]:
    """Each add-only table's form: a field's widget and its settings (value lists apart)."""
    if layer not in (CONSENT, CONCERNS):
        return {}
    household = ("ValueRelation", {"Layer": ids[HOUSEHOLDS], "LayerName": HOUSEHOLDS,
                 "Key": "ma_ho", "Value": "chu_ho", "OrderByValue": "true", "AllowNull": "false"})  # fmt: skip
    common: dict[str, tuple[str, dict[str, str]]] = {
        "uuid": ("Hidden", {}),
        "ma_ho": household,
        "ngay": ("DateTime", {"field_format": "yyyy-MM-dd", "display_format": "dd/MM/yyyy",
                              "calendar_popup": "true", "allow_null": "false"}),
        "anh": ("ExternalResource", {"DocumentViewer": "1", "RelativeStorage": "1",
                                     "StorageMode": "0", "FileWidget": "true"}),
        "nguoi_ghi": ("TextEdit", {}), "luc_ghi": ("Hidden", {}), "phien_ban": ("Hidden", {}),
    }  # fmt: skip
    common["ghi_chu" if layer == CONSENT else "noi_dung"] = ("TextEdit", {"IsMultiline": "true"})
    return common


def _defaults(layer: ET.Element, manifest: Manifest) -> None:
    defaults = ET.SubElement(layer, "defaults")
    for name, expression in {
        "uuid": "substr(uuid(), 2, 36)",
        "ngay": "format_date(now(), 'yyyy-MM-dd')",
        "nguoi_ghi": "'" + manifest.user.replace("'", "''") + "'",
        "luc_ghi": "format_date(now(), 'yyyy-MM-ddThh:mm:ss')",
        "phien_ban": "attribute(get_feature('ho_dan', 'ma_ho', \"ma_ho\"), 'phien_ban')",
    }.items():
        ET.SubElement(defaults, "default", field=name, expression=expression, applyOnUpdate="0")


def qgis_project(manifest: Manifest, labels: dict[str, dict[str, str]]) -> str:
    """The ``.qgs`` text for ``manifest``'s package."""
    root = ET.Element("qgis", projectname=manifest.project_name, version="3.22.0")
    ET.SubElement(root, "title").text = manifest.project_name
    _srs(ET.SubElement(root, "projectCrs"), manifest.crs_epsg)
    tree = ET.SubElement(root, "layer-tree-group")
    layers = ET.SubElement(root, "projectlayers")
    ids = {str(spec["name"]): f"{spec['name']}_{manifest.package_id[:8]}" for spec in _layers()}
    aliases = field_aliases()
    for spec in _layers():
        name, source = str(spec["name"]), f"./{GPKG}|layername={spec['name']}"
        ET.SubElement(tree, "layer-tree-layer", id=ids[name], name=str(spec["title"]),
                      source=source, providerKey="ogr", checked="Qt::Checked", expanded="1")  # fmt: skip
        attributes = {"type": "vector", "readOnly": "1" if spec["read_only"] else "0"}
        if spec["geometry"]:
            attributes |= {"geometry": str(spec["geometry"]), "wkbType": "MultiPolygon"}
        else:
            attributes |= {"geometry": "No geometry", "wkbType": "NoGeometry"}
        layer = ET.SubElement(layers, "maplayer", attributes)
        ET.SubElement(layer, "id").text = ids[name]
        ET.SubElement(layer, "datasource").text = source
        ET.SubElement(layer, "layername").text = str(spec["title"])
        _srs(ET.SubElement(layer, "srs"), manifest.crs_epsg)
        ET.SubElement(layer, "provider", encoding="UTF-8").text = "ogr"
        fields = ET.SubElement(layer, "fieldConfiguration")
        for field_name, (kind, config) in _widgets(name, ids).items():
            field = ET.SubElement(fields, "field", name=field_name, configurationFlags="None")
            _option_map(ET.SubElement(field, "editWidget", type=kind), config)
        if name in (CONSENT, CONCERNS):
            field_name, choices = (
                ("tinh_trang", "status") if name == CONSENT else ("loai", "category")
            )
            _value_map(ET.SubElement(fields, "field", name=field_name), labels[choices])
        alias_element = ET.SubElement(layer, "aliases")
        for index, (field_name, alias) in enumerate(aliases.items()):
            ET.SubElement(alias_element, "alias", field=field_name, index=str(index), name=alias)
        if not spec["read_only"]:
            _defaults(layer, manifest)
    properties = ET.SubElement(root, "properties")
    ET.SubElement(ET.SubElement(properties, "Paths"), "Absolute", type="bool").text = "false"
    crs = ET.SubElement(properties, "SpatialRefSys")
    ET.SubElement(crs, "ProjectionsEnabled", type="int").text = "1"
    ET.SubElement(crs, "ProjectCrs", type="QString").text = f"EPSG:{manifest.crs_epsg}"
    ET.indent(root)
    return "<!DOCTYPE qgis PUBLIC 'http://mrcc.com/qgis.dtd' 'SYSTEM'>\n" + ET.tostring(
        root, encoding="unicode"
    )

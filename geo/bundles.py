"""What travels with a layer file: a shapefile's .shx, .dbf and .cpg, the folder a zip keeps it in,
and a file name GDAL would misread.

A shapefile is several files; land offices often send one of them short. Each is checked here
before GDAL opens anything, so the user reads "send the .shx too" rather than GDAL's advice about
its configuration options.
"""

from __future__ import annotations

import hashlib
import re
import tempfile
import zipfile
from dataclasses import dataclass
from pathlib import Path, PurePosixPath

from geo.cad import dxf_reading
from geo.errors import UnreadableLayer
from geo.formats import LAYER_SUFFIXES, MAPINFO_SUFFIXES, SHAPEFILE_NEEDS
from translations import _

HEADER_BYTES = 65_536  # a DXF's $ACADVER is among the first variables of its header
# A MIF says ``Charset "WindowsVietnamese"``; a TAB says ``!charset WindowsVietnamese``.
_CHARSET = re.compile(rb'^\s*!?charset\s+"?([\w-]+)"?', re.IGNORECASE | re.MULTILINE)


@dataclass(frozen=True)
class Bundle:
    """Where GDAL should look, and the sidecars found beside the layer."""

    gdal_path: str
    cpg: str | None = None  # the .cpg's text (the declared encoding), if any
    dbf_head: bytes | None = None  # the DBF's first 32 bytes (byte 29: its code page)
    charset: str | None = None  # a MapInfo table's Charset, an older DXF's $DWGCODEPAGE, if any
    gdal_config: tuple[tuple[str, str], ...] = ()  # set while GDAL reads it (a DXF's encoding)

    @property
    def text_as_bytes(self) -> bool:
        """GDAL hands its text over as bytes (a MapInfo table, or a DXF before AutoCAD 2007)."""
        return self.charset is not None


def mapinfo_charset(head: bytes) -> str | None:
    """The Charset a MapInfo .tab or .mif header declares ("WindowsVietnamese"), if any."""
    found = _CHARSET.search(head)
    return found.group(1).decode("ascii", "replace") if found else None


def _what_it_holds(suffix: str) -> str:
    return _("the index of its shapes") if suffix == ".shx" else _("the table of its attributes")


def _missing_sidecar(name: str, shapefile: str, missing: list[str]) -> UnreadableLayer:
    what = "; ".join(f"{suffix} ({_what_it_holds(suffix)})" for suffix in missing)
    return UnreadableLayer(
        _("“{name}”: the shapefile {shp} comes without its {missing}. A shapefile is several "
          "files: send the .shp, .shx and .dbf together (and the .prj and .cpg where there are), "
          "for example in one zip.").format(name=name, shp=shapefile, missing=what)
    )  # fmt: skip


def _siblings(path: Path) -> dict[str, Path]:
    """Files beside ``path`` with its stem, by lower-case suffix (land offices mix .SHP and .dbf)."""
    stem = path.stem.lower()
    return {
        p.suffix.lower(): p for p in path.parent.iterdir() if p.is_file() and p.stem.lower() == stem
    }


def _gdal_safe(path: Path, siblings: dict[str, Path]) -> Path:
    """GDAL (through pyogrio) reads ``a!b.shp`` as member ``b.shp`` of archive ``a``: such a file
    is reached through links with a plain name, in a folder of its own, sidecars and all."""
    if "!" not in str(path):
        return path
    digest = hashlib.sha256(str(path).encode()).hexdigest()[:16]
    folder = Path(tempfile.gettempdir()) / "clearway-links" / digest
    folder.mkdir(parents=True, exist_ok=True)
    plain = path.stem.replace("!", "_") or "layer"
    for suffix, sibling in siblings.items():
        link = folder / f"{plain}{suffix}"
        if not link.exists():
            link.symlink_to(sibling.resolve())
    return folder / f"{plain}{path.suffix.lower()}"


def file_bundle(path: Path) -> Bundle:
    siblings = _siblings(path)
    siblings.setdefault(path.suffix.lower(), path)
    if path.suffix.lower() == ".shp":
        missing = [s for s in SHAPEFILE_NEEDS if s not in siblings]
        if missing:
            raise _missing_sidecar(path.name, path.name, missing)
    cpg = siblings[".cpg"].read_text("ascii", "replace") if ".cpg" in siblings else None
    head = None
    if ".dbf" in siblings:
        with siblings[".dbf"].open("rb") as f:
            head = f.read(32)
    charset: str | None = None
    config: tuple[tuple[str, str], ...] = ()
    if path.suffix.lower() in MAPINFO_SUFFIXES:
        with path.open("rb") as f:
            charset = mapinfo_charset(f.read(4096))
    if path.suffix.lower() == ".dxf":
        with path.open("rb") as f:
            drawing = dxf_reading(f.read(HEADER_BYTES))
        config, charset = drawing.gdal_config, drawing.code_page
    return Bundle(str(_gdal_safe(path, siblings)), cpg, head, charset, config)


def zip_bundle(path: Path, members: list[str]) -> Bundle:
    """A zip: the folder holding its layer files (the root, or the one sub-folder they are in),
    each shapefile checked for its .shx and .dbf, and the first shapefile's .cpg and DBF head."""
    files = [PurePosixPath(m.replace("\\", "/")) for m in members if not m.endswith("/")]
    layers = [f for f in files if f.suffix.lower() in LAYER_SUFFIXES]
    folders = sorted({str(f.parent) for f in layers})
    if len(folders) > 1:
        raise UnreadableLayer(
            _("“{name}” keeps layers in several folders ({folders}): send one zip for each "
              "layer, or put them in one folder.").format(name=path.name, folders=", ".join(folders))
        )  # fmt: skip
    by_stem: dict[str, dict[str, PurePosixPath]] = {}
    for f in files:
        by_stem.setdefault(str(f.with_suffix("")).lower(), {})[f.suffix.lower()] = f
    cpg = head = None
    for parts in by_stem.values():
        if ".shp" not in parts:
            continue
        missing = [s for s in SHAPEFILE_NEEDS if s not in parts]
        if missing:
            raise _missing_sidecar(path.name, parts[".shp"].name, missing)
        with zipfile.ZipFile(path) as archive:
            if cpg is None and ".cpg" in parts:
                cpg = archive.read(str(parts[".cpg"])).decode("ascii", "replace")
            if head is None:
                with archive.open(str(parts[".dbf"])) as dbf:
                    head = dbf.read(32)
    inner = folders[0] if folders and folders[0] != "." else ""
    gdal_path = f"/vsizip/{path}" + (f"/{inner}" if inner else "")
    if len(layers) == 1 and layers[0].suffix.lower() != ".shp":
        gdal_path = f"/vsizip/{path}/{layers[0]}"  # a GeoPackage or GeoJSON inside a zip
    charset: str | None = None
    config: tuple[tuple[str, str], ...] = ()
    tables = [f for f in layers if f.suffix.lower() in MAPINFO_SUFFIXES]
    if tables:
        with zipfile.ZipFile(path) as archive, archive.open(str(tables[0])) as table:
            charset = mapinfo_charset(table.read(4096))
    drawings = [f for f in layers if f.suffix.lower() == ".dxf"]
    if drawings:
        with zipfile.ZipFile(path) as archive, archive.open(str(drawings[0])) as member:
            drawing = dxf_reading(member.read(HEADER_BYTES))
        config, charset = drawing.gdal_config, drawing.code_page
    return Bundle(gdal_path, cpg, head, charset, config)

"""Uploaded files put on disk where GDAL can read them, one folder per upload."""

from __future__ import annotations

import tempfile
from collections.abc import Sequence
from pathlib import Path
from typing import Protocol

from geo.errors import UnreadableLayer
from translations import _

SHAPEFILE_PARTS = {".shp", ".dbf", ".shx", ".prj", ".cpg"}
MAPINFO_PARTS = {".tab", ".dat", ".map", ".id"}
PARTS = SHAPEFILE_PARTS | MAPINFO_PARTS


class Upload(Protocol):
    name: str

    def getvalue(self) -> bytes: ...


def save_uploads(files: Sequence[Upload]) -> Path:
    """Write the uploads to a fresh folder; return the file to read (a loose .shp with its parts)."""
    folder = Path(tempfile.mkdtemp(prefix="clearway-upload-"))
    paths = []
    for upload in files:
        path = folder / Path(upload.name).name  # never a path the uploader chose
        path.write_bytes(upload.getvalue())
        paths.append(path)
    for main, needed in ((".shp", {".dbf", ".shx"}), (".tab", {".dat", ".map", ".id"})):
        found = [p for p in paths if p.suffix.lower() == main]
        if not found:
            continue
        present = {p.suffix.lower() for p in paths if p.stem == found[0].stem}
        missing = needed - present
        if missing:
            raise UnreadableLayer(
                _(
                    "This layer comes in parts; also upload: {parts} (or one .zip of them all)."
                ).format(parts=", ".join(sorted(missing)))
            )
        return found[0]
    others = [p for p in paths if p.suffix.lower() not in PARTS]
    if len(others) != 1:
        raise UnreadableLayer(_("Upload one layer at a time (or the parts of one shapefile)."))
    return others[0]

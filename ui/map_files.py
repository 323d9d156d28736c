"""The consent map's parcel shapes as a file Streamlit serves (``static/parcels/``), so that a rerun
of the page sends only the parcels' statuses: the map's frame fetches the shapes once, and the
browser keeps them (the file is named by a hash of its content: a new import, a new name).

The file holds what the map's script held before, and nothing else: the affected parcels' shapes and
their sheet/parcel labels (with the land office's parcel code), no household, name or status. Its
name cannot be guessed without its content.

Several servers (deploy/serve_province.py) each write the file they send a page, when they do not
have it yet: HAProxy's cookie keeps a browser's requests on one server, and a browser sent to another
server runs the page there first, which writes it. Files not used for ``KEEP_DAYS`` are removed.
"""

from __future__ import annotations

import hashlib
import logging
import os
import tempfile
import time
from pathlib import Path

from geo.parcel_layer import ShapesFile
from translations import _

#: Served by Streamlit's static file serving (.streamlit/config.toml) at URL.
FOLDER = Path(__file__).resolve().parents[1] / "static" / "parcels"
URL = "/app/static/parcels"
KEEP_DAYS = 14

log = logging.getLogger(__name__)


def shapes_digest(shapes: str) -> str:
    """The name of the file of ``shapes``: a hash of its content."""
    return hashlib.sha256(shapes.encode("utf-8")).hexdigest()[:32]


def shapes_file(shapes: str, digest: str, folder: Path = FOLDER) -> ShapesFile | None:
    """Where the map's page fetches ``shapes`` (named ``digest``), written now if this server does
    not have it; None if it cannot be written (the map's script then carries the shapes)."""
    path = folder / f"{digest}.json"
    try:
        if path.exists():
            os.utime(path)  # in use: not removed as old
        else:
            _write(path, shapes)
            _remove_old(folder, keep=path)
    except OSError as error:  # a read-only install, a full disk
        log.warning("map shapes not written to %s: %s", folder, error)
        return None
    return ShapesFile(
        f"{URL}/{path.name}", _("The parcels could not be loaded. Reload the page to try again.")
    )


def _write(path: Path, text: str) -> None:
    """Written whole or not at all: another server or session may read it or write it meanwhile."""
    path.parent.mkdir(parents=True, exist_ok=True)
    with tempfile.NamedTemporaryFile(
        "w", encoding="utf-8", dir=path.parent, suffix=".part", delete=False
    ) as part:
        part.write(text)
    os.replace(part.name, path)


def _remove_old(folder: Path, keep: Path) -> None:
    oldest = time.time() - KEEP_DAYS * 86_400
    for old in folder.iterdir():
        try:
            if old != keep and old.stat().st_mtime < oldest:
                old.unlink()
        except OSError:  # removed meanwhile by another server
            continue

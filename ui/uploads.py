"""Uploaded files put on disk where GDAL can read them, one folder per upload."""

from __future__ import annotations

import contextlib
import os
import shutil
import tempfile
import time
from collections.abc import Iterator, Sequence
from pathlib import Path
from typing import Protocol

from consultations.core.messages import USER_ERRORS
from consultations.core.rules import Attachment
from geo.archives import check_archive
from geo.errors import UnreadableLayer
from geo.formats import MAGIC, SIDECAR_SUFFIXES, TEXT_SUFFIXES, ZIPPED_SUFFIXES
from translations import _


class Upload(Protocol):
    name: str

    def getvalue(self) -> bytes: ...


MAX_UPLOAD_MB = int(os.environ.get("CLEARWAY_MAX_UPLOAD_MB", "200"))


def check_content(name: str, data: bytes, allowed: Sequence[str] | None = None) -> None:
    """Refuse, in a sentence, a file of a kind not taken here, an empty one, one whose content is
    not what its name says, or one over the size limit."""
    suffix = Path(name).suffix.lower()
    if allowed is not None and suffix not in allowed:
        raise UnreadableLayer(
            _("“{name}” is not a file of a kind taken here; choose a {kinds} file.").format(
                name=name, kinds=", ".join(s.lstrip(".").upper() for s in allowed))
        )  # fmt: skip
    if not data:
        raise UnreadableLayer(
            _("“{name}” is empty (0 bytes); choose the file again, or check it on your device.").format(name=name)
        )  # fmt: skip
    if len(data) > MAX_UPLOAD_MB * 1024**2:
        raise UnreadableLayer(
            _("“{name}” is larger than {mb} MB, the limit set for uploads.").format(name=name, mb=MAX_UPLOAD_MB)
        )  # fmt: skip
    starts = MAGIC.get(suffix)  # a file is checked by its content, not its name
    wrong = starts is not None and not data.startswith(starts)
    if suffix in TEXT_SUFFIXES and b"\x00" in data[:4096]:
        wrong = True
    if wrong:
        raise UnreadableLayer(
            _("“{name}” is not a {kind} file inside, whatever its name says; it was not read.").format(
                name=name, kind=suffix.lstrip(".").upper())
        )  # fmt: skip


def save_uploads(files: Sequence[Upload], allowed: Sequence[str] | None = None) -> Path:
    """Write the uploads to a fresh folder; return the file to read (a loose .shp with its parts).

    Each file is checked by content and size first, and a zip for safe paths and size; nothing is
    written for a refused upload.
    """
    sweep()
    for upload in files:
        check_content(Path(upload.name).name, upload.getvalue(), allowed)
    folder = Path(tempfile.mkdtemp(prefix="clearway-upload-"))
    paths = []
    for upload in files:
        path = folder / Path(upload.name).name  # never a path the uploader chose
        path.write_bytes(upload.getvalue())
        paths.append(path)
        if path.suffix.lower() in ZIPPED_SUFFIXES:
            try:
                check_archive(path)
            except UnreadableLayer:
                shutil.rmtree(folder, ignore_errors=True)
                raise
    for main, needed in (
        (".shp", {".dbf", ".shx"}), (".tab", {".dat", ".map", ".id"}), (".mif", {".mid"}),
    ):  # fmt: skip
        found = [p for p in paths if p.suffix.lower() == main]
        if not found:
            continue
        present = {p.suffix.lower() for p in paths if p.stem == found[0].stem}
        missing = needed - present
        if missing:
            shutil.rmtree(folder, ignore_errors=True)
            raise UnreadableLayer(
                _(
                    "This layer comes in parts; also upload: {parts} (or one .zip of them all)."
                ).format(parts=", ".join(sorted(missing)))
            )
        return found[0]
    others = [p for p in paths if p.suffix.lower() not in SIDECAR_SUFFIXES]
    if len(others) != 1:
        shutil.rmtree(folder, ignore_errors=True)
        raise UnreadableLayer(_("Upload one layer at a time (or the parts of one shapefile)."))
    return others[0]


def checked_attachment(
    upload: Upload, media_type: str | None, allowed: Sequence[str] | None = None
) -> Attachment:
    """An uploaded paper or photo as an ``Attachment``, after the kind, content and size checks."""
    data = upload.getvalue()
    check_content(Path(upload.name).name, data, allowed)
    return Attachment(Path(upload.name).name, data, media_type)


#: Upload folders left behind (a page closed mid-way) are removed after this many hours.
STALE_UPLOAD_HOURS = 6


def discard(path: Path | None) -> None:
    """Remove an upload's folder (after its import, saved or refused); never anything else."""
    if path is None:
        return
    folder = Path(path).parent
    if folder.name.startswith("clearway-upload-") and folder.parent == Path(tempfile.gettempdir()):
        shutil.rmtree(folder, ignore_errors=True)


def sweep(now: float | None = None) -> None:
    """Remove upload folders older than ``STALE_UPLOAD_HOURS``."""
    limit = (now or time.time()) - STALE_UPLOAD_HOURS * 3600
    for folder in Path(tempfile.gettempdir()).glob("clearway-upload-*"):
        with contextlib.suppress(OSError):
            if folder.is_dir() and folder.stat().st_mtime < limit:
                shutil.rmtree(folder, ignore_errors=True)


@contextlib.contextmanager
def dropped_on_refusal() -> Iterator[None]:
    """Around reading an upload on a page: if it is refused, its folder goes at once."""
    import streamlit as st

    try:
        yield
    except USER_ERRORS:
        discard(st.session_state.pop("upload_path", None))
        st.session_state.pop("upload_key", None)
        raise

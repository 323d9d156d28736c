"""Zips from outside: unsafe paths and zip bombs are refused before anything reads them, and nothing
is written; a file whose content is not what its name says is refused too."""

from __future__ import annotations

import io
import tempfile
import zipfile
from pathlib import Path

import pytest

from geo.archives import check_archive
from geo.errors import UnreadableLayer
from geo.sources import open_source
from ui.uploads import save_uploads


class Upload:
    def __init__(self, name: str, data: bytes) -> None:
        self.name, self._data = name, data

    def getvalue(self) -> bytes:
        return self._data


def _zip(members: dict[str, bytes]) -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        for name, data in members.items():
            archive.writestr(name, data)
    return buffer.getvalue()


def _uploads_folders() -> set[Path]:
    return set(Path(tempfile.gettempdir()).glob("clearway-upload-*"))


@pytest.mark.parametrize("member", ["../../evil.shp", "/etc/thua_dat.shp", "C:/thua_dat.shp"])
def test_a_zip_with_a_path_out_of_its_folder_is_refused_and_nothing_written(
    tmp_path: Path, member: str
) -> None:
    data = _zip({member: b"\x00\x00\x27\x0a" + b"0" * 100})
    path = tmp_path / "thua_dat.zip"
    path.write_bytes(data)
    with pytest.raises(UnreadableLayer, match="không an toàn"):
        check_archive(path)
    with pytest.raises(UnreadableLayer):
        open_source(path)
    before = _uploads_folders()
    with pytest.raises(UnreadableLayer):
        save_uploads([Upload("thua_dat.zip", data)])
    assert _uploads_folders() == before
    assert not (tmp_path.parent / "evil.shp").exists()


def test_a_zip_bomb_is_refused_before_it_is_inflated(tmp_path: Path) -> None:
    data = _zip({"thua_dat.dbf": b"\x00" * (300 * 1024**2)})  # 300 MB of zeros in a few hundred KB
    assert len(data) < 2 * 1024**2
    before = _uploads_folders()
    with pytest.raises(UnreadableLayer, match="zip bomb"):
        save_uploads([Upload("thua_dat.zip", data)])
    assert _uploads_folders() == before
    path = tmp_path / "bom.zip"
    path.write_bytes(data)
    with pytest.raises(UnreadableLayer, match="zip bomb"):
        open_source(path)


def test_a_file_is_checked_by_its_content_not_its_name() -> None:
    with pytest.raises(UnreadableLayer, match="GPKG"):
        save_uploads([Upload("thua_dat.gpkg", b"<html>not a geopackage</html>")])
    with pytest.raises(UnreadableLayer, match="XLSX"):
        save_uploads([Upload("ho_gia_dinh.xlsx", b"MZ\x90\x00 an executable")])


def test_a_sound_zip_passes(tmp_path: Path) -> None:
    path = tmp_path / "ok.zip"
    path.write_bytes(
        _zip({"thua_dat/thua_dat.prj": b"PROJCS[...]", "thua_dat/thua_dat.cpg": b"UTF-8"})
    )
    check_archive(path)


def test_a_workbook_declaring_millions_of_rows_is_refused_in_seconds_before_parsing(
    tmp_path: Path,
) -> None:
    import time
    import zipfile

    import openpyxl

    from geo.archives import check_workbook

    book = openpyxl.Workbook()
    book.active.append(["Mã hộ", "Chủ hộ"])
    small = tmp_path / "ho.xlsx"
    book.save(small)
    check_workbook(small)  # an ordinary register passes
    bomb = tmp_path / "ho_lon.xlsx"
    with zipfile.ZipFile(small) as source, zipfile.ZipFile(bomb, "w") as target:
        for item in source.infolist():
            data = source.read(item)
            if item.filename == "xl/worksheets/sheet1.xml":
                data = data.replace(
                    b'<dimension ref="A1:B1"/>', b'<dimension ref="A1:XFD1048576"/>'
                )
            target.writestr(item, data)
    started = time.monotonic()
    with pytest.raises(UnreadableLayer, match="1048576 dòng"):
        check_workbook(bomb)
    assert time.monotonic() - started < 2.0

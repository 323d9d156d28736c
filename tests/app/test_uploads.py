"""Uploaded files are written where GDAL can read them, under names the uploader cannot steer."""

from __future__ import annotations

from pathlib import Path

import pytest

from geo.errors import UnreadableLayer


def test_an_upload_of_a_loose_shapefile_needs_all_its_parts() -> None:
    from ui.uploads import save_uploads

    class Upload:
        def __init__(self, name: str) -> None:
            self.name = name

        def getvalue(self) -> bytes:  # a shapefile's magic number for .shp, text otherwise
            return b"\x00\x00\x27\x0a" if self.name.endswith(".shp") else b"x"

    with pytest.raises(UnreadableLayer, match=r"\.shx"):
        save_uploads([Upload("thua.shp"), Upload("thua.dbf")])
    path = save_uploads(
        [Upload("../../thua.tab"), Upload("thua.dat"), Upload("thua.map"), Upload("thua.id")]
    )
    assert path.name == "thua.tab" and path.parent.name.startswith("clearway-upload-")
    with pytest.raises(UnreadableLayer, match=r"\.mid"):
        save_uploads([Upload("thua.mif")])
    assert save_uploads([Upload("thua.mif"), Upload("thua.mid")]).name == "thua.mif"


@pytest.mark.parametrize(("name", "data", "allowed", "says"), [
    ("bien-ban.jpg", b"", (".jpg", ".png"), "tệp rỗng"),
    ("bien-ban.docx", b"PK\x03\x04", (".jpg", ".png"), "không phải loại tệp nhận ở đây; hãy chọn tệp JPG, PNG"),
    ("ho.xlsx", b"", (".xlsx", ".csv"), "tệp rỗng"),
])  # fmt: skip
def test_an_empty_or_wrong_kind_of_upload_gets_a_sentence(
    name: str, data: bytes, allowed: tuple[str, ...], says: str
) -> None:
    from ui.uploads import check_content

    with pytest.raises(UnreadableLayer, match=says):
        check_content(name, data, allowed)


def test_a_refused_upload_leaves_no_folder_and_a_saved_one_is_discarded_after_use() -> None:
    import tempfile
    from pathlib import Path

    from ui.uploads import discard, save_uploads

    class Upload:
        def __init__(self, name: str, data: bytes) -> None:
            self.name, self.data = name, data

        def getvalue(self) -> bytes:
            return self.data

    def folders() -> set[Path]:
        return set(Path(tempfile.gettempdir()).glob("clearway-upload-*"))

    before = folders()
    with pytest.raises(UnreadableLayer):  # two layers at once: refused after writing them
        save_uploads([Upload("a.geojson", b"{}"), Upload("b.geojson", b"{}")])
    assert folders() == before
    path = save_uploads([Upload("a.geojson", b"{}")])
    assert path.parent in folders()
    discard(path)
    assert folders() == before


def test_discard_removes_only_upload_folders(tmp_path: Path) -> None:
    from ui.uploads import discard

    kept = tmp_path / "clearway-upload-x" / "thua.gpkg"
    kept.parent.mkdir()
    kept.write_bytes(b"x")
    discard(kept)  # not in the system's temporary folder: not ours to remove
    assert kept.exists()

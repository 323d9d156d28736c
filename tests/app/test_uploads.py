"""Uploaded files are written where GDAL can read them, under names the uploader cannot steer."""

from __future__ import annotations

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

"""Vietnamese text in the encodings land offices still use, decoded to the right NFC strings."""

from __future__ import annotations

import unicodedata
from pathlib import Path

import geopandas as gpd
import pandas as pd
import pytest
import shapely
from hypothesis import given
from hypothesis import strategies as st

from geo.encodings import decode, detect_encoding, encode
from geo.layers import read_layer, text_samples

NAMES = ["Nguyễn Văn An", "Lê Thị Hồng", "Cát Văn", "Thanh Chương", "đất ở nông thôn", "Phạm Quỳnh"]
LOWER_NAMES = ["nguyễn văn an", "lê thị hồng", "cát văn", "thanh chương", "đất ở nông thôn"]


@pytest.mark.parametrize(
    ("raw", "encoding", "text"),
    [
        ("NghÖ An", "tcvn3", "Nghệ An"),
        ("Hµ Néi", "tcvn3", "Hà Nội"),
        ("B¶o Th¾ng", "tcvn3", "Bảo Thắng"),
        ("Xin chaøo caùc baïn", "vni", "Xin chào các bạn"),
        ("Nguyeãn Vaên An", "vni", "Nguyễn Văn An"),
        ("Tröôøng Sôn", "vni", "Trường Sơn"),
    ],
)
def test_known_legacy_strings_decode_to_unicode(raw: str, encoding: str, text: str) -> None:
    assert decode(raw.encode("latin-1"), encoding) == text


def test_cp1258_keeps_the_last_character_that_gdal_drops() -> None:
    assert decode(encode("Nguyễn Văn An", "cp1258"), "cp1258") == "Nguyễn Văn An"


@pytest.mark.parametrize("encoding", ["utf-8", "cp1258", "tcvn3", "vni"])
def test_the_encoding_of_vietnamese_names_is_detected(encoding: str) -> None:
    names = LOWER_NAMES if encoding == "tcvn3" else NAMES
    assert detect_encoding([encode(n, encoding) for n in names]) == encoding


def test_decoded_text_is_nfc() -> None:
    decomposed = unicodedata.normalize("NFD", "Nguyễn").encode("utf-8")
    assert decode(decomposed, "utf-8") == unicodedata.normalize("NFC", "Nguyễn")


syllables = st.sampled_from(
    [
        "nguyễn",
        "văn",
        "thị",
        "hồng",
        "cát",
        "chương",
        "đất",
        "ở",
        "quỳnh",
        "mường",
        "ướt",
        "ỵ",
        "an",
    ]
)


@given(st.lists(syllables, min_size=1, max_size=6))
def test_every_legacy_encoding_round_trips(words: list[str]) -> None:
    text = " ".join(words)
    for encoding in ("utf-8", "cp1258", "tcvn3", "vni"):
        assert decode(encode(text, encoding), encoding) == text


def write_legacy_shapefile(folder: Path, encoding: str, names: list[str]) -> Path:
    """A shapefile whose DBF holds ``names`` as bytes in ``encoding``, with no .cpg, as old files do."""
    frame = gpd.GeoDataFrame(
        {"CHU_SD": [encode(n, encoding).decode("latin-1") for n in names]},
        geometry=[
            shapely.box(597_900 + 50 * i, 2_065_290, 597_940 + 50 * i, 2_065_330)
            for i in range(len(names))
        ],
        crs=9208,
    )
    path = folder / f"thua_{encoding}.shp"
    frame.to_file(path, engine="pyogrio", encoding="ISO-8859-1")
    path.with_suffix(".cpg").unlink(missing_ok=True)
    return path


@pytest.mark.parametrize(("encoding", "names"), [("cp1258", NAMES), ("tcvn3", LOWER_NAMES)])
def test_a_legacy_dbf_is_detected_and_decoded(
    tmp_path: Path, encoding: str, names: list[str]
) -> None:
    layer = read_layer(write_legacy_shapefile(tmp_path, encoding, names))
    assert layer.encoding == encoding
    assert layer.frame.CHU_SD.tolist() == names
    assert any(encoding.upper() in note for note in layer.notes)


def test_the_user_can_override_the_detected_encoding(tmp_path: Path) -> None:
    path = write_legacy_shapefile(tmp_path, "tcvn3", LOWER_NAMES)
    layer = read_layer(path, encoding="vni")
    assert layer.encoding == "vni" and layer.notes == ()


def test_samples_for_the_preview_are_the_raw_non_ascii_strings(tmp_path: Path) -> None:
    path = write_legacy_shapefile(tmp_path, "tcvn3", LOWER_NAMES)
    samples = text_samples(path)
    assert [decode(s, "tcvn3") for s in samples] == [n for n in LOWER_NAMES if not n.isascii()]


def test_a_tcvn3_csv_of_towers_is_decoded(tmp_path: Path) -> None:
    path = tmp_path / "cot.csv"
    table = pd.DataFrame(
        {
            "ten": ["cột số 1", "cột góc"],
            "X": [2_065_297.7, 2_065_320.0],
            "Y": [597_910.3, 597_950.0],
        }
    )
    lines = ["ten,X,Y"] + [f"{t},{x},{y}" for t, x, y in table.itertuples(index=False)]
    path.write_bytes(b"\n".join(encode(line, "tcvn3") for line in lines))
    layer = read_layer(path, crs_epsg=9208)
    assert layer.frame.ten.tolist() == ["cột số 1", "cột góc"]
    assert layer.encoding == "tcvn3"

"""One table of file formats: every reader and check takes its suffixes from it, and a file is
known by its content, not by its name."""

from __future__ import annotations

from pathlib import Path

import pytest

from geo.errors import UnreadableLayer
from geo.formats import FORMATS, KNOWN_SUFFIXES, MAGIC, Role
from geo.sources import open_source
from ui.uploads import check_content


def test_each_suffix_is_in_the_table_once() -> None:
    suffixes = [f.suffix for f in FORMATS]
    assert len(suffixes) == len(set(suffixes))
    assert all(s == s.lower() and s.startswith(".") for s in suffixes)


@pytest.mark.parametrize("suffix", sorted(MAGIC))
def test_a_file_whose_first_bytes_are_not_its_formats_is_refused(suffix: str) -> None:
    with pytest.raises(UnreadableLayer, match="không phải tệp"):
        check_content(f"ban_do{suffix}", b"not what the name says" * 4)
    check_content(f"ban_do{suffix}", MAGIC[suffix][0] + b"\x00" * 64)  # its own start is taken


def test_a_format_not_in_the_table_is_refused_naming_those_that_are(tmp_path: Path) -> None:
    path = tmp_path / "thua_dat.txt"
    path.write_text("so_to;so_thua", encoding="utf-8")
    with pytest.raises(UnreadableLayer) as refused:
        open_source(path)
    assert all(s in str(refused.value) for s in KNOWN_SUFFIXES)
    assert ".pdf" not in str(refused.value)  # documents are not layers


def test_a_drawing_not_read_is_known_so_its_refusal_says_how_to_export_it(tmp_path: Path) -> None:
    (dwg,) = (f for f in FORMATS if f.role is Role.DRAWING_NOT_READ)
    path = tmp_path / f"ban_ve{dwg.suffix}"
    path.write_bytes(b"AC1032" + b"\x00" * 64)
    with pytest.raises(UnreadableLayer, match="DXF"):
        open_source(path)

"""Vietnam's provinces and communes since the 2025 reorganisation (two levels: province, commune),
from the ``vietnam-provinces`` package (names and codes of the General Statistics Office), and the
VN-2000 zone each province's land office uses.

Land records and people still name the communes and districts *before* 2025: ``former_place``
says which of today's communes such a name became (``geo.mergers``, from the list of mergers).
"""

from __future__ import annotations

import functools
import json
import unicodedata
from dataclasses import dataclass

_PREFIXES = ("Thành phố ", "Tỉnh ", "Phường ", "Xã ", "Đặc khu ", "Thị trấn ")


def plain(name: str) -> str:
    """A unit's name without its kind ("Xã Cát Ngạn" → "Cát Ngạn"), in Unicode NFC."""
    name = unicodedata.normalize("NFC", " ".join(name.split()))
    for prefix in _PREFIXES:
        if name.startswith(prefix):
            return name[len(prefix) :]
    return name


_ALPHABET = "aăâbcdđeêfghijklmnoôơpqrstuưvwxyz"
_TONES = {"\u0300": 1, "\u0301": 2, "\u0309": 3, "\u0303": 4, "\u0323": 5}  # huyền sắc hỏi ngã nặng


def vietnamese_order(name: str) -> tuple[list[int], list[int]]:
    """A sort key in Vietnamese alphabetical order (a ă â b c d đ e ê …, tones after letters),
    which Python's code-point order is not (it puts "Bạch" after "Bình")."""
    letters, tones = [], []
    for char in name.casefold():
        parts = unicodedata.normalize("NFD", char)
        base = unicodedata.normalize("NFC", "".join(c for c in parts if c not in _TONES))
        letters.append(
            _ALPHABET.index(base)
            if base in _ALPHABET
            else -1
            if base == " "
            else 100 + ord(base[0])
        )
        tones.append(next((_TONES[c] for c in parts if c in _TONES), 0))
    return letters, tones


@dataclass(frozen=True)
class Province:
    name: str  # as it is called, without "Tỉnh"/"Thành phố"
    full_name: str
    code: int
    communes: tuple[str, ...]  # communes and wards, without "Xã"/"Phường"
    zones: tuple[int, ...]  # VN-2000 TM-3 EPSG codes, most used first


@functools.cache
def provinces() -> tuple[Province, ...]:
    """The 34 provinces and centrally run cities, in the statistics office's order."""
    # Loaded when first asked (a project created, a place checked), not by every import of the
    # registry: geo.crs brings geopandas and pyproj, and a command that reads needs neither.
    from vietnam_provinces import NESTED_DIVISIONS_JSON_PATH

    from geo.crs import province_zones

    data = json.loads(NESTED_DIVISIONS_JSON_PATH.read_text(encoding="utf-8"))
    return tuple(
        Province(
            name=plain(p["name"]),
            full_name=p["name"],
            code=int(p["code"]),
            communes=tuple(sorted((plain(w["name"]) for w in p["wards"]), key=vietnamese_order)),
            zones=province_zones(p["name"]),
        )
        for p in data
    )


def find_province(name: str) -> Province | None:
    wanted = plain(name).casefold()
    return next((p for p in provinces() if p.name.casefold() == wanted), None)


def unknown_communes(province: Province, communes: list[str]) -> list[str]:
    """The names in ``communes`` that are not communes of ``province`` (kind words aside)."""
    known = {c.casefold() for c in province.communes}
    return [c for c in communes if plain(c).casefold() not in known]


@dataclass(frozen=True)
class FormerPlace:
    """A commune or district before 2025, and today's communes its land is in."""

    given: str  # as typed
    label: str  # as people write it: "xã Cát Văn (huyện Thanh Chương)", "huyện Thanh Chương"
    communes: tuple[str, ...]


def former_place(province: Province, name: str) -> FormerPlace | None:
    """What ``name`` was in ``province`` before 2025 (a commune first, else a district) and which
    of today's communes it became; None when it was neither."""
    from geo.mergers import Outcome, old_district, resolve_commune

    if not name.strip():
        return None
    commune = resolve_commune(name, province.name)
    if commune.outcome in (Outcome.MERGED, Outcome.SPLIT, Outcome.AMBIGUOUS):
        labels = " / ".join(dict.fromkeys(o.label for o in commune.old))
        return FormerPlace(name.strip(), labels, commune.communes)
    district = old_district(name, province.name)
    if district is None:
        return None
    return FormerPlace(name.strip(), district.label, district.communes)

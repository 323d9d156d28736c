"""Communes before the 2025 reorganisation, and which of today's communes each became.

Land-office files made before 1 July 2025 name the old commune ("Xã Cát Văn", "CAT VAN"), which
the mergers folded into a new one (Cát Văn is part of Cát Ngạn). The list of mergers is the
``vietnamadminunits`` package's (pinned; see README "Dependencies"): its ``converter_2025.json``
maps each old commune (province, district, commune) to its new commune, or, where an old commune
was split, to the several new ones; its parser data give the names and the statistics office's
codes. Only those JSON files are read: the package's own parser (geocoding, fuzzy addresses) is
not used. Today's communes are named as ``vietnam-provinces`` names them (the names projects use),
matched by name, since the two sources spell a few tones differently ("Hoà"/"Hòa").

The same old name exists in many provinces, and often twice in one (in two districts), so a name
is always resolved within a province, and within a district when one is known.
"""

from __future__ import annotations

import functools
import importlib.util
import json
import re
import unicodedata
from collections.abc import Callable
from dataclasses import dataclass
from enum import StrEnum
from pathlib import Path
from typing import Any

from geo.provinces import current_province

_TONES = frozenset("\u0300\u0301\u0303\u0309\u0323")  # huyền, sắc, ngã, hỏi, nặng
#: A unit's kind as land-office files write it: with its marks, and without (compared only where
#: the words are written without any, so "Phương Trung", "Xà Phiên" and "Quan Sơn" keep their
#: first word), longest first.
_KINDS = (
    ("thị trấn ", "thi tran ", "Thị trấn"), ("tt. ", "tt. ", "Thị trấn"), ("tt ", "tt ", "Thị trấn"),
    ("phường ", "phuong ", "Phường"), ("p. ", "p. ", "Phường"), ("xã ", "xa ", "Xã"),
    ("x. ", "x. ", "Xã"), ("huyện ", "huyen ", "Huyện"), ("thị xã ", "thi xa ", "Thị xã"),
    ("quận ", "quan ", "Quận"), ("thành phố ", "thanh pho ", "Thành phố"),
    ("tp. ", "tp. ", "Thành phố"), ("tp ", "tp ", "Thành phố"),
)  # fmt: skip
_COMMUNE_KINDS = frozenset({"Xã", "Phường", "Thị trấn"})


def _spaced(name: str) -> str:
    text = unicodedata.normalize("NFC", " ".join(str(name).split()))
    text = re.sub(r"[’‘`´]", "'", text)
    return re.sub(r"\s*[-‐‑–—]\s*", " - ", text)


def _folded(text: str) -> str:
    """No marks at all, no case: "Xã Cát Văn" → "xa cat van" (how files without diacritics spell)."""
    bare = unicodedata.normalize("NFD", text.casefold().replace("đ", "d"))
    return "".join(c for c in bare if not unicodedata.combining(c))


def split_kind(name: str) -> tuple[str | None, str]:
    """A unit's kind and its name without it: "XÃ CÁT VĂN" → ("Xã", "CÁT VĂN"), "TT.Dùng" →
    ("Thị trấn", "Dùng"), "xa cat van" → ("Xã", "cat van"), "Cát Văn" and "Phương Trung" →
    (None, the name). "XA PHIEN" gives ("Xã", "PHIEN"): ``resolve_commune`` tries it whole too."""
    text = re.sub(r"^(tt|p|x|tp)\.(?=\S)", r"\1. ", _spaced(name), flags=re.IGNORECASE)
    for marked, bare, kind in _KINDS:
        head = " ".join(text.split(" ")[: marked.count(" ")]) + " "
        rest = text[len(head) :].strip()
        if rest and (head.casefold() == marked or (head.isascii() and _folded(head) == bare)):
            return kind, rest
    return None, text


def _exact(name: str) -> str:
    return _spaced(name).casefold()


def _toneless(name: str) -> str:
    """Without tone marks but with the letters' own (ă â ê ô ơ ư đ): "Hoà" and "Hòa" agree."""
    bare = unicodedata.normalize("NFD", _exact(name))
    return unicodedata.normalize("NFC", "".join(c for c in bare if c not in _TONES))


def _plain_ascii(name: str) -> bool:
    return all(ord(c) < 128 for c in name)


@dataclass(frozen=True)
class OldCommune:
    """A commune, ward or township as it was before 1 July 2025."""

    province: str  # the old province, without "Tỉnh" ("Nghệ An")
    district: str  # without its kind ("Thanh Chương")
    district_kind: str  # "Huyện", "Thị xã", "Thành phố" or "Quận"
    name: str  # without its kind ("Cát Văn")
    kind: str  # "Xã", "Phường" or "Thị trấn"
    code: str  # the statistics office's five-digit code
    becomes: tuple[str, ...]  # today's communes it went into; the package's usual one first

    @property
    def split(self) -> bool:
        return len(self.becomes) > 1

    @property
    def label(self) -> str:
        """As people write it: "xã Cát Văn (huyện Thanh Chương)"."""
        return f"{self.kind.lower()} {self.name} ({self.district_kind.lower()} {self.district})"


class Outcome(StrEnum):
    MERGED = "merged"  # one old commune (or several of that name, all into one new commune)
    SPLIT = "split"  # an old commune divided between new ones: a person assigns
    AMBIGUOUS = "ambiguous"  # the name was several old communes that went different ways
    CURRENT = "current"  # the name is already one of today's communes
    UNKNOWN = "unknown"  # neither an old nor a current commune of the province


@dataclass(frozen=True)
class Resolution:
    given: str
    outcome: Outcome
    old: tuple[OldCommune, ...]  # the old communes the name may be
    communes: tuple[str, ...]  # today's communes it may now be (one when MERGED or CURRENT)

    @property
    def commune(self) -> str | None:
        """Today's commune, when the name says which without a person's choice."""
        return self.communes[0] if self.outcome in (Outcome.MERGED, Outcome.CURRENT) else None

    @property
    def old_code(self) -> str | None:
        codes = {o.code for o in self.old}
        return next(iter(codes)) if len(codes) == 1 else None


def _package_data() -> Path:
    spec = importlib.util.find_spec("vietnamadminunits")  # found, not imported: no parser loaded
    if spec is None or not spec.submodule_search_locations:
        raise ModuleNotFoundError("vietnamadminunits")
    return Path(next(iter(spec.submodule_search_locations))) / "data"


@functools.cache
def _data() -> tuple[dict[str, Any], dict[str, Any], dict[str, Any]]:
    folder = _package_data()
    return tuple(
        json.loads((folder / name).read_text(encoding="utf-8"))
        for name in ("converter_2025.json", "parser_legacy.json", "parser_from_2025.json")
    )


def _legacy_ward(legacy: dict[str, Any], province: str, district: str, ward: str) -> Any:
    for table in ("NO_ACCENTED", "ACCENTED", "SHORT_ACCENTED"):
        found = legacy[f"DICT_PROVINCE_DISTRICT_WARD_{table}"].get(province, {})
        found = found.get(district, {}).get(ward)
        if found:
            return found
    return None


def _new_ward(new: dict[str, Any], province: str, ward: str) -> Any:
    for table in ("NO_ACCENTED", "ACCENTED", "SHORT_ACCENTED"):
        found = new[f"DICT_PROVINCE_WARD_{table}"].get(province, {}).get(ward)
        if found:
            return found
    return None


def _today_name(name: str) -> str:
    """A commune's name as projects keep it (``projects.places.plain``): its kind dropped, its
    spelling (apostrophes, dashes) left as ``vietnam-provinces`` writes it."""
    name = unicodedata.normalize("NFC", " ".join(name.split()))
    for prefix in ("Phường ", "Xã ", "Đặc khu ", "Thị trấn "):
        if name.startswith(prefix):
            return name[len(prefix) :]
    return name


@functools.cache
def today_communes(province: str) -> tuple[str, ...]:
    """Today's communes of a province (today's or a former name), as ``vietnam-provinces`` names
    them, without "Xã"/"Phường"."""
    from vietnam_provinces import NESTED_DIVISIONS_JSON_PATH

    wanted = current_province(province)
    for p in json.loads(NESTED_DIVISIONS_JSON_PATH.read_text(encoding="utf-8")):
        if wanted is not None and current_province(p["name"]) == wanted:
            return tuple(_today_name(w["name"]) for w in p["wards"])
    return ()


def _named_today(province: str) -> Callable[[str], str]:
    """The package's name of a new commune → the name ``vietnam-provinces`` gives it."""
    communes = today_communes(province)
    exact = {_exact(c): c for c in communes}
    toneless: dict[str, list[str]] = {}
    for c in communes:
        toneless.setdefault(_toneless(c), []).append(c)

    def named(package_name: str) -> str:
        name = _today_name(_spaced(package_name))
        if _exact(name) in exact:
            return exact[_exact(name)]
        same = toneless.get(_toneless(name), [])
        return same[0] if len(same) == 1 else name

    return named


def _package_province(province: str) -> str | None:
    wanted = current_province(province)
    for key, record in _data()[2]["DICT_PROVINCE"].items():  # parser_from_2025.json
        if wanted is not None and current_province(record["provinceShort"]) == wanted:
            return str(key)
    return None


@functools.cache
def old_communes(province: str) -> tuple[OldCommune, ...]:
    """Every old commune whose land is now in ``province`` (today's or a former name)."""
    key = _package_province(province)
    if key is None:
        return ()
    converter, legacy, new = _data()
    named = _named_today(province)

    def today(ward_key: str) -> str:
        return named(_new_ward(new, key, ward_key)["ward"])

    targets: dict[str, list[str]] = {}
    for new_key, olds in converter["DICT_PROVINCE_WARD_NO_DIVIDED"].get(key, {}).items():
        for old in olds:
            targets.setdefault(old, []).append(today(new_key))
    for old, news in converter["DICT_PROVINCE_WARD_DIVIDED"].get(key, {}).items():
        ordered = sorted(news, key=lambda n: not n["isDefaultNewWard"])
        targets.setdefault(old, []).extend(today(n["newWardKey"]) for n in ordered)
    found = []
    for old, becomes in targets.items():
        old_province, district, ward = old.split("_")
        record = _legacy_ward(legacy, old_province, district, ward)
        if record is None:  # an island district without communes
            continue
        district_record = legacy["DICT_PROVINCE_DISTRICT"][old_province][district]
        found.append(
            OldCommune(
                province=legacy["DICT_PROVINCE"][old_province]["provinceShort"],
                district=re.sub(r"\s*\(.*\)\s*$", "", district_record["districtShort"]),
                district_kind=district_record["districtType"],
                name=_spaced(record["wardShort"]), kind=record["wardType"],
                code=record["wardCode"], becomes=tuple(dict.fromkeys(becomes)),
            )
        )  # fmt: skip
    return tuple(found)


@functools.cache
def _index(province: str) -> tuple[dict[str, list[OldCommune]], ...]:
    exact: dict[str, list[OldCommune]] = {}
    toneless: dict[str, list[OldCommune]] = {}
    folded: dict[str, list[OldCommune]] = {}
    for old in old_communes(province):
        exact.setdefault(_exact(old.name), []).append(old)
        toneless.setdefault(_toneless(old.name), []).append(old)
        folded.setdefault(_folded(old.name), []).append(old)
    return exact, toneless, folded


def _matching(name: str, index: tuple[dict[str, list[OldCommune]], ...]) -> list[OldCommune]:
    exact, toneless, folded = index
    if _plain_ascii(name):  # typed without diacritics: every old commune spelled so
        return folded.get(_folded(name), [])
    return exact.get(_exact(name)) or toneless.get(_toneless(name), [])


def _district_key(name: str) -> str:
    """An old district for comparing: "Huyện Kỳ Anh" and the package's "Kỳ Anh (Thị xã)" (the
    town, told from the district of the same name) both give "ky anh"."""
    return _folded(re.sub(r"\s*\(.*\)\s*$", "", split_kind(name)[1]))


def _in_districts(olds: list[OldCommune], districts: tuple[str, ...]) -> list[OldCommune]:
    wanted = {_district_key(d) for d in districts if d and d.strip()}
    inside = [o for o in olds if _district_key(o.district) in wanted]
    return inside or olds


def resolve_commune(
    name: str, province: str, *, districts: tuple[str, ...] = (), old_first: bool = True
) -> Resolution:
    """Which of today's communes of ``province`` the commune ``name`` is, or became.

    ``name`` may carry its kind ("Xã", "Phường", "Thị trấn", "TT.") or not, its diacritics or
    not, in any case. ``districts``: the old districts it lies in, when known (a project's). With
    ``old_first`` (a column of old communes) a name that was an old commune is taken as one even
    when a commune of today has it too; without it, today's commune is taken first."""
    kind, bare = split_kind(name)
    if (
        kind is not None
        and not _matching(bare, _index(province))
        and _current(bare, province) is None
    ):
        kind, bare = None, _spaced(name)  # "XA PHIEN" is Xà Phiên, not a Xã "Phiên"
    current = _current(bare, province)
    if current is not None and not old_first:
        return Resolution(name, Outcome.CURRENT, (), (current,))
    olds = _matching(bare, _index(province))
    if kind in _COMMUNE_KINDS:
        olds = [o for o in olds if o.kind == kind] or olds
    olds = _in_districts(olds, districts)
    if not olds:
        if current is not None:
            return Resolution(name, Outcome.CURRENT, (), (current,))
        return Resolution(name, Outcome.UNKNOWN, (), ())
    communes = tuple(dict.fromkeys(c for o in olds for c in o.becomes))
    if len(communes) == 1:
        return Resolution(name, Outcome.MERGED, tuple(olds), communes)
    outcome = Outcome.SPLIT if len(olds) == 1 else Outcome.AMBIGUOUS
    return Resolution(name, outcome, tuple(olds), communes)


def _current(name: str, province: str) -> str | None:
    communes = today_communes(province)
    if _plain_ascii(name):
        same = [c for c in communes if _folded(c) == _folded(name)]
    else:
        same = [c for c in communes if _exact(c) == _exact(name)] or [
            c for c in communes if _toneless(c) == _toneless(name)
        ]
    return same[0] if len(same) == 1 else None


@dataclass(frozen=True)
class OldDistrict:
    """A district (or town, city) before 2025, and today's communes its communes went into."""

    label: str  # "huyện Thanh Chương"; a town and a district of one name: both, with " / "
    communes: tuple[str, ...]  # in the order met


def old_district(name: str, province: str) -> OldDistrict | None:
    """The old district ``name`` (kind or not, diacritics or not) of ``province``, if there was one."""
    key = _district_key(name)
    olds = [o for o in old_communes(province) if _district_key(o.district) == key]
    if not olds:
        return None
    labels = dict.fromkeys(f"{o.district_kind.lower()} {o.district}" for o in olds)
    return OldDistrict(" / ".join(labels), tuple(dict.fromkeys(c for o in olds for c in o.becomes)))


def district_communes(name: str, province: str) -> tuple[str, ...]:
    """Today's communes that the old communes of the old district ``name`` (in ``province``)
    went into, in the order met; empty when no old district of the province has that name."""
    district = old_district(name, province)
    return district.communes if district else ()

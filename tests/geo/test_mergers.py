"""Old communes (before 1 July 2025) resolved to today's, from the pinned ``vietnamadminunits``
list of mergers: names as land-office files write them, within a province and its district."""

from __future__ import annotations

import unicodedata

import pytest

from geo.mergers import Outcome, district_communes, old_communes, resolve_commune, split_kind


@pytest.mark.parametrize(
    "written",
    ["Cát Văn", "Xã Cát Văn", "XÃ CÁT VĂN", "xã  cát văn", "Cat Van", "CAT VAN", "xa cat van",
     "X. Cát Văn", unicodedata.normalize("NFD", "Xã Cát Văn")],
)  # fmt: skip
def test_cat_van_is_now_part_of_cat_ngan_however_it_is_written(written: str) -> None:
    resolved = resolve_commune(written, "Nghệ An")

    assert resolved.outcome is Outcome.MERGED
    assert resolved.commune == "Cát Ngạn"
    assert resolved.old_code == "17716"
    assert [o.label for o in resolved.old] == ["xã Cát Văn (huyện Thanh Chương)"]


def test_a_commune_split_in_2025_is_left_for_a_person_with_the_communes_it_went_into() -> None:
    resolved = resolve_commune("Phường Đại Nài", "Hà Tĩnh")

    assert resolved.outcome is Outcome.SPLIT
    assert resolved.commune is None
    assert set(resolved.communes) == {"Thành Sen", "Hà Huy Tập"}


@pytest.mark.parametrize("written", ["Thị trấn Tây Đằng", "TT. Tây Đằng", "thi tran tay dang"])
def test_a_township_split_between_two_communes_is_found_without_diacritics(written: str) -> None:
    resolved = resolve_commune(written, "Hà Nội")

    assert resolved.outcome is Outcome.SPLIT
    assert resolved.communes == ("Minh Châu", "Quảng Oai")  # the package's usual one first


@pytest.mark.parametrize(
    ("province", "today"),
    [("Nghệ An", "Vinh Phú"), ("Hà Tĩnh", "Thành Sen"), ("Hà Giang", None)],
)
def test_the_same_old_name_is_resolved_in_the_projects_province(
    province: str, today: str | None
) -> None:
    assert resolve_commune("Phường Hà Huy Tập", province).commune == today


def test_a_name_held_by_two_old_communes_needs_the_district_or_a_person() -> None:
    both = resolve_commune("Minh Sơn", "Nghệ An")
    in_thanh_chuong = resolve_commune("Minh Sơn", "Nghệ An", districts=("Huyện Thanh Chương",))

    assert both.outcome is Outcome.AMBIGUOUS
    assert set(both.communes) == {"Cát Ngạn", "Thuần Trung"}
    assert {o.district for o in both.old} == {"Thanh Chương", "Đô Lương"}
    assert (in_thanh_chuong.outcome, in_thanh_chuong.commune) == (Outcome.MERGED, "Cát Ngạn")


def test_a_name_typed_without_tones_may_be_several_names_the_tones_tell_apart() -> None:
    """ "Tan Thanh" is Tân Thạnh and Tân Thành; written with its tones, one is found."""
    typed = resolve_commune("Tan Thanh", "Tây Ninh")
    township = resolve_commune("Thị trấn Tân Thạnh", "Tây Ninh")

    assert typed.outcome is Outcome.AMBIGUOUS
    assert {o.name for o in typed.old} == {"Tân Thạnh", "Tân Thành"}
    assert (township.outcome, township.commune) == (Outcome.MERGED, "Tân Thạnh")


def test_a_commune_of_today_is_taken_as_it_is() -> None:
    resolved = resolve_commune("XÃ CÁT NGẠN", "Nghệ An", old_first=False)

    assert (resolved.outcome, resolved.commune) == (Outcome.CURRENT, "Cát Ngạn")


def test_a_name_neither_old_nor_current_is_unknown() -> None:
    assert resolve_commune("Xã Không Có", "Nghệ An").outcome is Outcome.UNKNOWN


def test_an_old_district_names_the_communes_its_land_is_in_today() -> None:
    communes = district_communes("Huyện Thanh Chương", "Nghệ An")

    assert "Cát Ngạn" in communes and "Vinh Phú" not in communes
    assert district_communes("thanh chuong", "Nghệ An") == communes
    assert district_communes("Huyện Không Có", "Nghệ An") == ()


def test_every_old_commune_goes_to_a_commune_projects_can_name() -> None:
    """Today's names come from ``vietnam-provinces`` (the registry's), whatever the package spells."""
    from consultations.projects.places import find_province
    from geo.provinces import province_names

    for province in province_names():  # "Hoà"/"Hòa", "M’Drắk", "Đặc khu Vân Đồn" …
        today = set(find_province(province).communes)  # type: ignore[union-attr]
        olds = old_communes(province)
        assert olds and all(set(o.becomes) <= today for o in olds), province


@pytest.mark.parametrize(
    ("written", "province", "today"),
    [("Phương Trung", "Hà Nội", "Thanh Oai"), ("PHUONG TRUNG", "Hà Nội", "Thanh Oai"),
     ("Xà Phiên", "Cần Thơ", "Xà Phiên"), ("XA PHIEN", "Cần Thơ", "Xà Phiên"),
     ("QUAN LAN", "Quảng Ninh", "Vân Đồn")],
)  # fmt: skip
def test_a_name_whose_first_word_looks_like_a_kind_is_still_found(
    written: str, province: str, today: str
) -> None:
    assert resolve_commune(written, province).commune == today


@pytest.mark.parametrize(
    ("written", "kind", "name"),
    [("XÃ CÁT VĂN", "Xã", "CÁT VĂN"), ("TT.Dùng", "Thị trấn", "Dùng"),
     ("Phường 12", "Phường", "12"), ("Cát Văn", None, "Cát Văn"), ("Xã", None, "Xã"),
     ("xa cat van", "Xã", "cat van"), ("Phương Trung", None, "Phương Trung"),
     ("Xà Phiên", None, "Xà Phiên"), ("Huyện Thanh Chương", "Huyện", "Thanh Chương")],
)  # fmt: skip
def test_a_units_kind_is_read_off_its_name(written: str, kind: str | None, name: str) -> None:
    assert split_kind(written) == (kind, name)

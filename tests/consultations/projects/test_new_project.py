"""Creating a project of one's own: checked, placed in today's province and communes, once per key."""

from __future__ import annotations

import pytest

from consultations.core.access import Actor, Role, Scope, operator
from consultations.core.database import Store
from consultations.core.errors import DuplicateRecord, InvalidRecord, PermissionDenied
from consultations.core.records import NewProject, ProjectKind
from consultations.projects.places import find_province, provinces
from consultations.projects.service import create_project, list_projects, what_it_became

ADMIN = operator("t")


def line(**changes: object) -> NewProject:
    values: dict[str, object] = dict(
        slug="duong-day-110kv", name="Đường dây 110 kV", kind=ProjectKind.POWER_LINE,
        crs_epsg=9208, voltage_kv=110.0, conductor_half_spread_m=3.5, tower_side_m=8.0,
        province="Tỉnh Nghệ An", units=(("commune", "Xã Nam Đàn"), ("commune", "Vinh Hưng")),
    )  # fmt: skip
    values.update(changes)
    return NewProject(**values)  # type: ignore[arg-type]


def test_a_new_project_is_placed_in_its_province_and_communes(store: Store) -> None:
    project = create_project(store, line(), actor=ADMIN, key="k1")
    assert project.province == "Nghệ An"
    assert project.units == (
        ("province", "Nghệ An"),
        ("commune", "Nam Đàn"),
        ("commune", "Vinh Hưng"),
    )
    assert create_project(store, line(), actor=ADMIN, key="k1") == project  # a double tap
    assert [p.slug for p in list_projects(store)] == ["duong-day-110kv"]


@pytest.mark.parametrize(
    ("changes", "said"),
    [
        ({"slug": "Đường Dây"}, "Đường Dây"),
        ({"province": "Hà Tây"}, "Hà Tây"),
        ({"units": (("commune", "Cát Văn"),)}, "Cát Văn"),  # merged away in 2025
        ({"units": ()}, "chọn ít nhất một xã"),
        ({"crs_epsg": 4326}, "EPSG:4326"),
        ({"voltage_kv": None}, "điện áp"),
        ({"name": "  "}, "đặt tên"),
    ],
)
def test_bad_input_is_refused_in_a_sentence_and_saves_nothing(
    store: Store, changes: dict[str, object], said: str
) -> None:
    with pytest.raises(InvalidRecord, match=said):
        create_project(store, line(**changes), actor=ADMIN)
    assert list_projects(store) == []


@pytest.mark.parametrize(
    ("named", "said"),
    [
        ("Cát Văn", "“Cát Văn” là xã Cát Văn (huyện Thanh Chương) theo địa giới trước năm 2025: "
                    "nay đất thuộc Cát Ngạn."),
        ("Huyện Thanh Chương", "“Huyện Thanh Chương” là huyện Thanh Chương theo địa giới trước "
                               "năm 2025: nay đất thuộc Bích Hào, Cát Ngạn, "),
    ],
)  # fmt: skip
def test_an_old_commune_or_district_is_told_which_communes_it_became(
    store: Store, named: str, said: str
) -> None:
    with pytest.raises(InvalidRecord) as refused:
        create_project(store, line(units=(("commune", named),)), actor=ADMIN)
    assert said in str(refused.value)
    assert list_projects(store) == []


def test_the_new_project_page_looks_an_old_name_up() -> None:
    cat_van = what_it_became("Nghệ An", "XA CAT VAN", actor=ADMIN)
    assert cat_van is not None and cat_van.communes == ("Cát Ngạn",)
    assert what_it_became("Nghệ An", "Không Có", actor=ADMIN) is None
    with pytest.raises(PermissionDenied):
        what_it_became("Nghệ An", "Cát Văn", actor=Actor("x", Role.VIEWER, (Scope(1, None),)))


def test_a_short_name_is_used_once(store: Store) -> None:
    create_project(store, line(), actor=ADMIN)
    with pytest.raises(DuplicateRecord, match="duong-day-110kv"):
        create_project(store, line(name="Khác"), actor=ADMIN)


@pytest.mark.parametrize("role", [Role.CHAIR, Role.FIELD_OFFICER, Role.VIEWER])
def test_only_an_administrator_creates_a_project(store: Store, role: Role) -> None:
    with pytest.raises(PermissionDenied):
        create_project(store, line(), actor=Actor("x", role, (Scope(1, None),)))


def test_every_province_has_its_communes_and_a_vn2000_zone() -> None:
    assert len(provinces()) == 34
    assert all(p.communes and p.zones for p in provinces())
    hcm, lam_dong = find_province("Thành phố Hồ Chí Minh"), find_province("Lâm Đồng")
    assert hcm is not None and hcm.zones == (9210, 5899)  # two meridians since 2025
    assert lam_dong is not None and lam_dong.zones[0] == 9218


def test_communes_are_listed_in_vietnamese_alphabetical_order() -> None:
    from consultations.projects.places import vietnamese_order

    words = ["Bình", "Đông", "Bích", "An", "Bạch", "Ân", "Dương", "Bắc", "Ăn", "Anh Sơn"]
    assert sorted(words, key=vietnamese_order) == [
        "An", "Anh Sơn", "Ăn", "Ân", "Bạch", "Bắc", "Bích", "Bình", "Dương", "Đông"
    ]  # fmt: skip
    nghe_an = find_province("Nghệ An")
    assert nghe_an is not None
    assert list(nghe_an.communes) == sorted(nghe_an.communes, key=vietnamese_order)

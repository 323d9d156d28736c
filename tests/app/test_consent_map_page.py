"""The consent map page: figures as of a date, and filters that narrow the parcels shown."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest
from streamlit.testing.v1 import AppTest

from consultations.core.access import Actor, Role, Scope, operator
from consultations.core.database import Store
from consultations.core.scopes import project_household_communes
from consultations.projects.service import find_project
from consultations.reporting.maps import parcel_people, project_land
from translations import local_today

ROOT = Path(__file__).resolve().parents[2]


def test_the_map_page_shows_the_figures_as_of_the_chosen_date(
    database: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("DATABASE_URL", database)
    app = AppTest.from_file(str(ROOT / "app_pages" / "consent_map.py"), default_timeout=60)
    app.session_state["actor"] = Actor("chair", Role.CHAIR)  # signed in (ui/session.py)
    app.session_state["project_slug"] = "cat-van-220kv"
    app.run()
    assert not app.exception
    # a slider, not a date box: a date box sends a typed day only once the field loses focus
    as_of = next(s for s in app.slider if s.label == "Tính đến ngày")
    assert as_of.value == local_today()
    as_of.set_value(dt.date(2024, 4, 10)).run()
    metrics = {m.label: m.value for m in app.metric}
    assert (metrics["Đã đồng thuận (đã ký)"], metrics["Còn băn khoăn"]) == ("6", "9")
    assert "cần thêm 6 hộ đồng thuận để vượt ngưỡng" in app.get("progress")[0].proto.text
    assert not app.dataframe  # the list of affected parcels is made only once opened
    app.session_state["consent-map-parcels"] = True  # opened
    app.run()
    listed = app.dataframe[0].value  # the affected parcels and their areas, in the app
    assert len(listed) > 0 and (listed["Thu hồi (m²)"] != "0,0").any()
    assert listed["Tỷ lệ so với thửa"].str.endswith(" %").all()
    app.toggle[0].set_value(True).run()  # vulnerable households only
    assert not app.exception


def test_people_per_parcel_carry_village_vulnerability_and_open_concerns(demo_store: Store) -> None:
    project = find_project(demo_store, "hung-nguyen-vsip")
    people = parcel_people(demo_store, project, actor=operator("t")).rows
    assert people.vulnerable.sum() > 0
    assert people.concerns.map(len).sum() > 0
    assert set(people.village.dropna()) == {"Xóm 1", "Xóm 3", "Xóm 5", "Xóm 7"}


def test_people_per_parcel_are_only_those_the_reader_may_see(demo_store: Store) -> None:
    """A field officer's filters (vulnerable, concern) can only point at their own communes'
    households; a viewer gets parcels and villages, never a code, a name or a vulnerability."""
    project = find_project(demo_store, "hung-nguyen-vsip")
    everyone = parcel_people(demo_store, project, actor=operator("t")).rows
    officer = Actor("o", Role.FIELD_OFFICER, (Scope(project.id, "Hưng Nguyên Nam"),))
    theirs = parcel_people(demo_store, project, actor=officer).rows
    with demo_store.read() as conn:
        communes = project_household_communes(conn, project.id)
    expected = {h for h, c in communes.items() if "Hưng Nguyên Nam" in c}
    assert 0 < len(set(theirs.household_id)) < len(set(everyone.household_id))
    assert set(theirs.household_id) == expected & set(everyone.household_id)

    seen = parcel_people(demo_store, project, actor=Actor("v", Role.VIEWER)).rows
    assert len(seen) == len(everyone) and set(seen.village.dropna()) == set(
        everyone.village.dropna()
    )
    assert seen.code.isna().all() and seen.head_name.isna().all()
    assert not seen.vulnerable.any() and not seen.concerns.map(len).any()


def test_houses_under_the_220kv_corridor_may_stay_if_they_meet_the_conditions(
    demo_store: Store,
) -> None:
    land = project_land(demo_store, find_project(demo_store, "cat-van-220kv"))
    rules = land.houses.rule.dropna()
    assert len(rules) >= 5 and set(rules) <= {"may_stay_if_conditions", "recovered"}


def test_the_legend_counts_parcels_and_the_headline_households_and_each_says_so(
    database: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    import re

    monkeypatch.setenv("DATABASE_URL", database)
    app = AppTest.from_file(str(ROOT / "app_pages" / "consent_map.py"), default_timeout=60)
    app.session_state["actor"] = Actor("chair", Role.CHAIR)
    app.session_state["project_slug"] = "cat-van-220kv"
    app.run()
    assert not app.exception
    assert "Đếm theo hộ" in app.metric[0].proto.help  # the headline: households
    legend = next(m.value for m in app.markdown if m.value.startswith("Số thửa trên bản đồ"))
    shown = int(re.search(r"\((\d+) thửa\)", legend).group(1))  # type: ignore[union-attr]
    counts = [int(n) for n in re.findall(r": (\d+)(?: ·|$)", legend)]
    assert sum(counts) == shown == 69  # Cát Văn's affected parcels, against its 15 households

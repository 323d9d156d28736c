"""A household's record on the Households page (issue 30 items 1 and 9), run by AppTest on the
demo: one household added by hand with the register's fields, every field corrected with the change
on its timeline, and no form for those whose save would be refused (a chair, a closed project)."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from streamlit.testing.v1 import AppTest

from consultations.core.access import Actor, Role, operator
from consultations.core.database import Store
from consultations.households.store import households_of
from consultations.projects.service import close_project, find_project
from translations import _

ROOT = Path(__file__).resolve().parents[2]
SLUG = "cat-van-220kv"


@pytest.fixture
def url(demo_store: Store) -> Iterator[str]:
    from ui.store import _store_for

    address = demo_store.engine.url.render_as_string(hide_password=False)
    yield address
    _store_for(address).dispose()


def households_page(url: str, actor: Actor, monkeypatch: pytest.MonkeyPatch) -> AppTest:
    monkeypatch.setenv("DATABASE_URL", url)
    app = AppTest.from_file(str(ROOT / "app_pages" / "households.py"), default_timeout=60)
    app.session_state["project_slug"] = SLUG
    app.session_state["actor"] = actor
    app.run()
    assert not app.exception, app.exception
    return app


def field(elements: Any, form: str, label: str) -> Any:
    """The widget labelled ``label`` (through the catalogue) of the form whose key starts ``form``."""
    return next(e for e in elements if e.label == _(label) and str(e.key).startswith(form))


def press(app: AppTest, label: str) -> None:
    next(b for b in app.button if b.label == _(label)).click().run()
    assert not app.exception, app.exception


def refusals(app: AppTest) -> list[str]:
    return [e.value for e in app.error]


def household(store: Store, code: str) -> Any:
    project = find_project(store, SLUG)
    with store.read() as conn:
        return next((h for h in households_of(conn, project.id) if h.code == code), None)


def test_an_officer_adds_one_household_by_hand_and_it_opens(
    demo_store: Store, url: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    parcel = "/".join(  # a parcel of the project, as the list shows it
        households_page(url, operator("admin"), monkeypatch).dataframe[0].value.iloc[0]["Thửa"]
        .split(", ")[0].split("/")
    )  # fmt: skip
    app = households_page(url, Actor("admin", Role.ADMIN), monkeypatch)
    field(app.text_input, "add-", "Household code").input("CV80")
    field(app.text_input, "add-", "Head of household").input("Hồ Thị Mai")
    field(app.selectbox, "add-", "Sex of the head").set_value("F")
    field(app.text_input, "add-", "Members").input("4")
    field(app.text_input, "add-", "Phone").input("912345678")
    field(app.text_input, "add-", "ID number (CCCD)").input("040180000111")
    field(app.text_input, "add-", "Its parcels (sheet/parcel, separated by commas)").input(parcel)
    press(app, "Add the household")

    assert refusals(app) == [], refusals(app)
    added = household(demo_store, "CV80")
    assert (added.head_name, added.head_sex, added.members, added.phone) == (
        "Hồ Thị Mai", "F", 4, "0912345678"
    )  # fmt: skip
    assert any("CV80 · Hồ Thị Mai" in h.value for h in app.header)  # opened for what comes next


def test_a_correction_of_members_and_sex_is_on_the_timeline(
    demo_store: Store, url: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    target = household(demo_store, "CV03")
    app = households_page(url, Actor("admin", Role.ADMIN), monkeypatch)
    next(s for s in app.selectbox if s.label == _("Open a household")).set_value(target.id).run()
    field(app.text_input, "edit:", "Members").input("7")
    field(app.text_input, "edit:", "ID number (CCCD)").input("040180000222")
    press(app, "Save details")

    assert refusals(app) == [], refusals(app)
    after = household(demo_store, "CV03")
    assert (after.members, after.id_number, after.version) == (
        7,
        "040180000222",
        target.version + 1,
    )
    timeline = " ".join(app.dataframe[1].value.iloc[:, 2])
    assert f"{_('Members')}: {target.members or '-'} → 7" in timeline


def test_a_number_typed_wrong_is_refused_and_what_was_typed_stays(
    url: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    app = households_page(url, Actor("admin", Role.ADMIN), monkeypatch)
    field(app.text_input, "edit:", "Members").input("4,5")
    press(app, "Save details")
    assert any("4,5" in e for e in refusals(app)), refusals(app)
    assert field(app.text_input, "edit:", "Members").value == "4,5"


def test_a_chair_reads_the_household_without_forms_they_could_not_save(
    url: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    app = households_page(url, Actor("chu-tich", Role.CHAIR), monkeypatch)
    labels = {b.label for b in app.button}
    assert not labels & {_("Add the household"), _("Save details"), _("Save step")}
    assert any("Lãnh đạo (chủ tịch)" in i.value for i in app.info)  # why, in one sentence
    assert app.header  # the household's file is still there to read


def test_a_closed_project_offers_no_form(
    demo_store: Store, url: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    project = find_project(demo_store, SLUG)
    close_project(demo_store, project.id, actor=operator("admin"), reason="Bàn giao xong")
    app = households_page(url, Actor("admin", Role.ADMIN), monkeypatch)
    assert not {b.label for b in app.button} & {_("Add the household"), _("Save details")}
    assert any(project.name in i.value for i in app.info)

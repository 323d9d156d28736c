"""A denouncer's name, address and what they denounced, looked for on every page that could carry
them (the register and reception of the petitions page, the household's timeline, the consent
map's panel, the reports) and in every export (the petition figures, the monthly report, the
registers as CSV/XLSX, the shared map): absent for a chair of another project and for a field
officer of the commune who does not handle it; present for the handler and their superior."""

from __future__ import annotations

import datetime as dt
import io
from collections.abc import Callable
from dataclasses import replace
from pathlib import Path

import pandas as pd
import pytest
import streamlit_folium
from streamlit.testing.v1 import AppTest

from consultations.core.access import Actor, Role, Scope, operator
from consultations.core.database import Store, open_store
from consultations.core.errors import ConsultationError
from consultations.core.records import Channel, ConcernCategory, ParcelStatus
from consultations.petitions.figures import petition_figures
from consultations.petitions.model import FilerKind, PetitionKind, SessionKind
from consultations.petitions.service import NewPetition, record_petition
from consultations.petitions.sessions import CitizenHeard, ReceptionSession, record_session
from consultations.projects.service import find_project
from consultations.reporting.map_export import map_html
from consultations.reporting.maps import land_features, parcel_people
from consultations.reporting.monthly_report import report_bytes
from consultations.reporting.options import Audience
from consultations.reporting.project_export import export_project
from consultations.setup.demo import load_demo
from geo.compact import WGS84
from tests.app.test_every_page_as_every_role import page_text

ROOT = Path(__file__).resolve().parents[2]
SLUG, CODE = "hung-nguyen-vsip", "HN001"  # a household of the commune Hưng Nguyên
ADMIN = operator("t")
NAME, ADDRESS = "Hoàng Thị Tố Giác", "Xóm 9, Hưng Nguyên"
CONTENT, RAISED = "Cán bộ đo đạc nhận phong bì", "Tố cáo cán bộ đo đạc nhận phong bì"
LONE_NAME, LONE_CONTENT = "Lê Văn Mật Danh", "Chủ đầu tư chia lại đất công"  # tied to no project
SECRETS = (NAME, ADDRESS, CONTENT, RAISED, LONE_NAME, LONE_CONTENT)
HELD = dt.date(2026, 10, 20)


def _denounce(store: Store) -> None:
    project = find_project(store, SLUG)
    people = parcel_people(store, project, actor=ADMIN).rows
    household_id = int(people[people.code == CODE].household_id.iloc[0])
    session_id = record_session(store, ReceptionSession(
        body="UBND xã Hưng Nguyên", kind=SessionKind.REGULAR, citizens=1, held_on=HELD,
        project_id=project.id, heard=(CitizenHeard(raised=RAISED, name=NAME, household_id=household_id),)),
        actor=ADMIN)  # fmt: skip
    lone = NewPetition(body="UBND tỉnh Nghệ An", reference="TC-10/2026", received_on=HELD,
                       channel=Channel.CITIZEN_RECEPTION, filer_kind=FilerKind.ONE,
                       kind=PetitionKind.DENUNCIATION, category=ConcernCategory.OTHER,
                       content=LONE_CONTENT, filer_name=LONE_NAME)  # fmt: skip
    tied = replace(lone, reference="TC-9/2026", content=CONTENT, filer_name=NAME, filer_address=ADDRESS,
                   household_id=household_id, session_id=session_id, handler="thanh-tra")  # fmt: skip
    for petition in (tied, lone):
        record_petition(store, petition, actor=ADMIN)


@pytest.fixture(scope="module")
def denounced(tmp_path_factory: pytest.TempPathFactory) -> str:
    url = f"sqlite:///{tmp_path_factory.mktemp('denounced')}/app.sqlite"
    store = open_store(url)
    store.migrate()
    load_demo(store)
    _denounce(store)
    store.dispose()
    return url


def _readers(url: str) -> dict[str, Actor]:
    store = open_store(url)
    here, there = find_project(store, SLUG).id, find_project(store, "cat-van-220kv").id
    store.dispose()
    return {
        "chair of another project": Actor("hoa", Role.CHAIR, (Scope(there),)),
        "officer of the commune, not the handler": Actor("lan", Role.FIELD_OFFICER, (Scope(here, "Hưng Nguyên"),)),
        "handler": Actor("thanh-tra", Role.FIELD_OFFICER, (Scope(here, "Hưng Nguyên"),)),
        "superior": Actor("ct-hn", Role.CHAIR, (Scope(here),)),
    }  # fmt: skip


NOT_TO_KNOW = ("chair of another project", "officer of the commune, not the handler")


def _clicked_on_the_household(url: str) -> dict[str, object]:
    """What the map returns when its user clicks the household's parcel."""
    store = open_store(url)
    project = find_project(store, SLUG)
    people = parcel_people(store, project, actor=ADMIN).rows
    parcel_id = int(people[people.code == CODE].parcel_id.iloc[0])
    parcels = land_features(store, project).parcels
    store.dispose()
    point = parcels[parcels.id == parcel_id].representative_point().to_crs(WGS84).iloc[0]
    return {"last_clicked": {"lng": point.x, "lat": point.y}}


def everything(app: AppTest) -> str:
    """``page_text`` and every table's cells (a table's proto holds its data as Arrow bytes)."""
    return "\n".join([page_text(app), *(d.value.to_string() for d in app.dataframe)])


def _page(
    url: str, page: str, actor: Actor, monkeypatch: pytest.MonkeyPatch, **state: object
) -> AppTest:
    monkeypatch.setenv("DATABASE_URL", url)
    app = AppTest.from_file(str(ROOT / "app_pages" / page), default_timeout=120)
    app.session_state["project_slug"] = SLUG
    app.session_state["actor"] = actor
    for key, value in state.items():
        app.session_state[key] = value
    app.run()
    assert not app.exception, app.exception
    return app


PAGES: dict[str, tuple[str, dict[str, object]]] = {
    "register": ("petitions.py", {"petitions-section": "register"}),
    "reception": ("petitions.py", {"petitions-section": "sessions"}),
    "household timeline": ("households.py", {"household_query": CODE}),
    "consent map panel": ("consent_map.py", {}),
    "reports": ("reports.py", {}),
    "this week": ("week.py", {}),
}


@pytest.mark.parametrize("reader", NOT_TO_KNOW)
@pytest.mark.parametrize("page", list(PAGES))
def test_no_page_shows_a_denouncer_to_a_reader_not_to_know(
    denounced: str, monkeypatch: pytest.MonkeyPatch, page: str, reader: str
) -> None:
    monkeypatch.setattr(
        streamlit_folium, "st_folium", lambda *a, **k: _clicked_on_the_household(denounced)
    )
    file, state = PAGES[page]
    app = _page(denounced, file, _readers(denounced)[reader], monkeypatch, **state)
    text = everything(app)
    assert [s for s in SECRETS if s in text] == [], f"{page} shows a denouncer to the {reader}"
    if page == "register":  # nor the household code of the denunciation it hides
        for frame in (d.value for d in app.dataframe):
            rows = frame[frame.apply(lambda r: "TC-9/2026" in r.astype(str).to_list(), axis=1)]
            assert CODE not in rows.to_string()
    if page == "this week":  # its deadline is listed, never tied to the household that filed it
        rows = [t for t in (m.value.replace("\\", "") for m in app.markdown) if "TC-9/2026" in t]
        assert not [r for r in rows if CODE in r]
        assert rows or not reader.startswith("officer"), "the officer's week lists the petition"
    if page == "consent map panel" and reader.startswith("officer"):  # the panel did open
        assert any(CODE in str(e.label) for e in app.expander), "the click opened no household"


@pytest.mark.parametrize("reader", ["handler", "superior"])
@pytest.mark.parametrize(
    ("page", "shown"),
    [("register", (NAME,)), ("reception", (NAME, RAISED)),
     ("household timeline", ("TC-9/2026", RAISED))],
)  # fmt: skip
def test_the_handler_and_their_superior_read_the_denouncer(
    denounced: str, monkeypatch: pytest.MonkeyPatch, page: str, shown: tuple[str, ...], reader: str
) -> None:
    file, state = PAGES[page]
    text = everything(_page(denounced, file, _readers(denounced)[reader], monkeypatch, **state))
    assert [s for s in shown if s not in text] == [], (
        f"{page} hides the denouncer from the {reader}"
    )
    assert LONE_NAME not in text  # the project-less one is the province chair's, not theirs


def _exports(store: Store, actor: Actor, folder: Path) -> dict[str, Callable[[], str]]:
    project = find_project(store, SLUG)
    colours = dict.fromkeys(ParcelStatus, "#888888")

    def figures() -> str:
        book = petition_figures(store, actor=actor, start=dt.date(2026, 1, 1), end=HELD).xlsx()
        return " ".join(
            f.to_string() for f in pd.read_excel(io.BytesIO(book), sheet_name=None).values()
        )

    def report() -> str:
        book = report_bytes(store, project, HELD.strftime("%Y-%m"), "xlsx", actor=actor)
        return " ".join(
            f.to_string() for f in pd.read_excel(io.BytesIO(book), sheet_name=None).values()
        )

    def registers(fmt: str) -> Callable[[], str]:
        def written() -> str:
            out = folder / f"export.{fmt}"
            export_project(store, project, fmt, out, actor=actor)
            if fmt == "csv":
                return " ".join(p.read_text(encoding="utf-8-sig") for p in folder.glob("*.csv"))
            return " ".join(f.to_string() for f in pd.read_excel(out, sheet_name=None).values())

        return written

    return {
        "petition figures (XLSX)": figures, "monthly report (XLSX)": report,
        "registers (XLSX)": registers("xlsx"), "registers (CSV)": registers("csv"),
        "shared map": lambda: map_html(store, project, Audience.PUBLIC, colours, actor=actor),
        "shared map with names": lambda: map_html(store, project, Audience.INTERNAL, colours,
                                                  show_names=True, actor=actor),
    }  # fmt: skip


@pytest.mark.parametrize("reader", [*NOT_TO_KNOW, "handler", "superior"])
def test_no_export_carries_a_denouncer(denounced: str, reader: str, tmp_path: Path) -> None:
    store = open_store(denounced)
    made = 0
    for name, export in _exports(store, _readers(denounced)[reader], tmp_path).items():
        try:
            text = export()
        except ConsultationError:  # refused to this reader: nothing carried either
            continue
        made += 1
        assert [s for s in SECRETS if s in text] == [], (
            f"{name} carries a denouncer for the {reader}"
        )
    store.dispose()
    assert made >= (
        6 if reader == "superior" else 2
    )  # every reader makes the figures and the public map


def test_a_field_officer_of_another_project_opens_the_register_and_reception(
    denounced: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    store = open_store(denounced)
    cat_van = find_project(store, "cat-van-220kv").id
    store.dispose()
    officer = Actor(
        "cv", Role.FIELD_OFFICER, (Scope(cat_van, "Cát Văn"),)
    )  # Hưng Nguyên has petitions
    for section in ("register", "sessions"):
        app = _page(
            denounced, "petitions.py", officer, monkeypatch, **{"petitions-section": section}
        )
        assert [e.value for e in app.error] == [], section
        text = everything(app)
        assert [s for s in SECRETS if s in text] == []
    assert "01/TCD-2024" in everything(
        _page(denounced, "petitions.py", officer, monkeypatch, **{"petitions-section": "register"})
    )  # Cát Văn's own petitions are listed


def test_the_officer_not_handling_it_sees_the_denouncer_heard_as_protected(
    denounced: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    officer = _readers(denounced)["officer of the commune, not the handler"]
    app = _page(
        denounced, "petitions.py", officer, monkeypatch, **{"petitions-section": "sessions"}
    )
    heard = [d.value for d in app.dataframe if "Họ tên" in d.value.columns]
    assert heard and heard[0].iloc[:, 0].to_list() == ["(được bảo vệ)"]

"""Every page, rendered as every role on the project that spans two communes: a field officer of
one commune sees no household code, name or phone of the other anywhere on any page, a viewer and
a chair given another project see none at all, and a page a role may not use is refused by the
service, not only hidden."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from google.protobuf import text_format
from streamlit.testing.v1 import AppTest

from consultations.consent.store import consent_events_of
from consultations.core.access import Action, Actor, Role, Scope
from consultations.core.database import open_store
from consultations.core.scopes import project_household_communes
from consultations.households.store import households_of
from consultations.projects.service import find_project
from translations import local_today
from ui.pages import PAGE_ACTIONS

ROOT = Path(__file__).resolve().parents[2]
SLUG = "hung-nguyen-vsip"
HERE, THERE = "Hưng Nguyên", "Hưng Nguyên Nam"
PAGES = sorted(PAGE_ACTIONS)
ROLES = ["admin", "chair", "chair_elsewhere", "field_officer", "viewer"]
NOT_READING = ("viewer", "chair_elsewhere")  # may read no household of this project


def test_every_page_file_is_in_the_one_registry_once() -> None:
    from ui.pages import PAGES, PUBLIC_PAGE

    registry = (*PAGES, PUBLIC_PAGE)  # the public page: in the registry, outside every role's
    names = [page.name for page in registry]
    assert len(names) == len(set(names))
    assert set(names) == {p.stem for p in (ROOT / "app_pages").glob("*.py")}
    assert all(page.title() and page.icon.startswith(":material/") for page in registry)


def _people(url: str) -> tuple[int, set[str], set[str]]:
    """The project's id, every personal text of its households, and those only of THERE's."""
    store = open_store(url)
    project = find_project(store, SLUG)
    with store.read() as conn:
        communes = project_household_communes(conn, project.id)
        households = households_of(conn, project.id)
    store.dispose()

    def texts(h: object) -> set[str]:
        return {str(v) for v in (h.code, h.head_name, h.phone) if v}  # type: ignore[attr-defined]

    visible = set().union(*(texts(h) for h in households if HERE in communes.get(h.id, set())))
    theirs = set().union(*(texts(h) for h in households if communes.get(h.id) == {THERE}))
    everyone = set().union(*(texts(h) for h in households))
    return project.id, everyone, theirs - visible


def _actor(role: str, project_id: int) -> Actor:
    if role == "field_officer":
        return Actor("lan", Role.FIELD_OFFICER, (Scope(project_id, HERE),))
    if role == "chair_elsewhere":  # the chair of the demo's other project (ids 1 and 2)
        return Actor("hoa", Role.CHAIR, (Scope(next(i for i in (1, 2) if i != project_id)),))
    return Actor(role, Role(role))


def page_text(app: AppTest) -> str:
    """Everything the page sent to the browser, as text: widgets, tables, maps' scripts."""
    parts: list[str] = []

    def walk(node: object) -> None:
        for child in getattr(node, "children", {}).values():
            walk(child)
        if getattr(node, "type", "") == "arrow_data_frame":
            parts.append(node.value.to_string())  # type: ignore[attr-defined]
        proto = getattr(node, "proto", None)
        if proto is not None:
            parts.append(text_format.MessageToString(proto, as_utf8=True))

    walk(app._tree)
    return "\n".join(parts)


def run(page: str, url: str, actor: Actor, monkeypatch: pytest.MonkeyPatch) -> AppTest:
    monkeypatch.setenv("DATABASE_URL", url)
    app = AppTest.from_file(str(ROOT / "app_pages" / page), default_timeout=90)
    app.session_state["project_slug"] = SLUG
    app.session_state["actor"] = actor
    app.session_state["field-query"] = "HN"  # the field update page lists what it finds
    app.run()
    assert not app.exception, app.exception
    return app


@pytest.mark.parametrize("role", ROLES)
@pytest.mark.parametrize("page", PAGES)
def test_no_page_shows_a_household_its_reader_may_not_read(
    database: str, monkeypatch: pytest.MonkeyPatch, page: str, role: str
) -> None:
    project_id, everyone, theirs = _people(database)
    assert theirs, "the demo project should have households in two communes"
    actor = _actor(role, project_id)
    text = page_text(run(f"{page}.py", database, actor, monkeypatch))
    if role == "field_officer":
        leaked = sorted(t for t in theirs if re.search(rf"(?<!\w){re.escape(t)}(?!\w)", text))
        assert leaked == [], f"{page} shows {leaked[:5]} to a field officer of {HERE}"
    if role == "admin" and page in ("households", "meetings"):
        assert any(t in text for t in theirs), f"{page} shows an administrator no household"
    if role in NOT_READING:
        shown = sorted(t for t in everyone if re.search(rf"(?<!\w){re.escape(t)}(?!\w)", text))
        assert shown == [], f"{page} shows {shown[:5]} to a {role}"
    if not actor.may(PAGE_ACTIONS[page]) and PAGE_ACTIONS[page] is not Action.EDIT_RECORDS:
        assert "Vai trò của bạn" in text or "không cho phép" in text, (
            f"{page} opened for a {role} without the service refusing it"
        )


def test_a_chair_is_shown_no_form_on_field_update_and_the_service_refuses_a_save(
    database: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    from consultations.consent.service import record_consent
    from consultations.core.errors import PermissionDenied
    from consultations.core.records import ConsentStatus

    project_id, _everyone, _theirs = _people(database)
    chair = _actor("chair", project_id)
    app = run("field_update.py", database, chair, monkeypatch)
    assert not [b for b in app.button if b.label == "Lưu trạng thái"]
    assert any("cán bộ thực địa" in i.value for i in app.info)
    store = open_store(database)
    with store.read() as conn:
        household = households_of(conn, project_id)[0]
        before = len(consent_events_of(conn, project_id))
    with pytest.raises(PermissionDenied):  # hidden, and refused by the service as well
        record_consent(store, household.id, ConsentStatus.AGREED, local_today(), note="x",
                       seen_version=household.version, actor=chair)  # fmt: skip
    with store.read() as conn:
        assert len(consent_events_of(conn, project_id)) == before
    store.dispose()


def visible_text(app: AppTest) -> list[str]:
    """What a person reads on the page: headings, text, alerts, figures, tables, widget labels
    and options."""
    out: list[str] = []
    for kind in ("title", "header", "subheader", "markdown", "caption", "text", "info",
                 "warning", "error", "success"):  # fmt: skip
        out += [str(e.value) for e in getattr(app, kind)]
    for metric in app.metric:
        out += [metric.label, str(metric.value)]
    for frame in app.dataframe:
        out += [str(c) for c in frame.value.columns]
        out += [str(x) for x in frame.value.astype(str).to_numpy().ravel()]
    for choice in [*app.selectbox, *app.multiselect, *app.radio]:
        out += [choice.label, *(str(o) for o in choice.options)]
    for widget in [*app.text_input, *app.text_area, *app.button, *app.checkbox, *app.toggle,
                   *app.date_input, *app.number_input]:  # fmt: skip
        out.append(widget.label)
    out += [e.label for e in app.expander] + [t.label for t in app.tabs]
    return out


def _codes() -> set[str]:
    from consultations.concerns.service import ConcernStep
    from consultations.core.records import (
        Channel,
        CommitmentStatus,
        ConcernCategory,
        ConsentStatus,
        MeetingKind,
        ParcelStatus,
    )
    from consultations.documents.service import DOCUMENT_KINDS, METHODS
    from consultations.procedure.service import Step

    enums = (ConcernStep, Step, Channel, CommitmentStatus, ConcernCategory, ConsentStatus,
             MeetingKind, ParcelStatus, Role)  # fmt: skip
    return {str(v) for e in enums for v in e} | set(DOCUMENT_KINDS) | set(METHODS)


@pytest.mark.parametrize("role", ROLES)
@pytest.mark.parametrize("page", PAGES)
def test_every_page_reads_in_vietnamese_with_no_code_key_or_missing_value(
    database: str, monkeypatch: pytest.MonkeyPatch, page: str, role: str
) -> None:
    project_id, _everyone, _theirs = _people(database)
    app = run(f"{page}.py", database, _actor(role, project_id), monkeypatch)
    internal = re.compile(
        r"\b(None|nan|NaN|NaT|<NA>|empty)\b|\b[a-z]+_[a-z_]+\b|\b("
        + "|".join(re.escape(c) for c in sorted(_codes(), key=len, reverse=True))
        + r")\b"
    )
    found = sorted({m.group(0) for text in visible_text(app) for m in internal.finditer(text)})
    assert found == [], f"{page} as {role} shows {found}"


def test_a_viewer_cannot_filter_the_consent_map_by_vulnerability(
    database: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    project_id, _everyone, _theirs = _people(database)
    viewer = run("consent_map.py", database, _actor("viewer", project_id), monkeypatch)
    officer = run("consent_map.py", database, _actor("field_officer", project_id), monkeypatch)
    assert not [t for t in viewer.toggle if "dễ bị tổn thương" in t.label.lower()]
    assert [t for t in officer.toggle if "dễ bị tổn thương" in t.label.lower()]

"""Warming up: after a restart, the shapes, statuses and people of every project are prepared in
the background, so the first map opened does not wait for them."""

from __future__ import annotations

import datetime as dt
import threading

import pytest
import streamlit as st

from consultations.core.access import Actor, Role
from consultations.core.database import Store
from consultations.core.records import Project
from consultations.projects.service import list_projects
from consultations.reporting.maps import ParcelPeople, parcel_people
from consultations.reporting.state import ProjectState, project_state
from translations import local_today
from ui import cached, warmup
from ui.store import app_store


def test_every_project_is_prepared_in_the_caches_the_pages_use(
    database: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("DATABASE_URL", database)
    for thread in threading.enumerate():  # a page run earlier in this process started its own
        if thread.name == "clearway-warm-up":
            thread.join(timeout=300)
    st.cache_resource.clear()  # as after a restart (other tests share this process's caches)
    computed: list[str] = []
    people, state = parcel_people, project_state  # what ui.cached calls, before it is counted

    def counted_people(store: Store, project: Project, *, actor: Actor) -> ParcelPeople:
        computed.append(f"people {project.slug}")
        return people(store, project, actor=actor)

    def counted_state(store: Store, project: Project, as_of: dt.date | None) -> ProjectState:
        computed.append(f"state {project.slug}")
        return state(store, project, as_of)

    monkeypatch.setattr(cached, "parcel_people", counted_people)
    monkeypatch.setattr(cached, "project_state", counted_state)
    warmup._prepare()
    store = app_store()
    projects = list_projects(store)
    expected = sorted(f"{what} {p.slug}" for p in projects for what in ("people", "state"))
    assert sorted(computed) == expected  # each once, in the background

    for project in projects:  # what the consent map asks for today: no work left to do
        cached.cached_people(store, project, actor=Actor("chủ tịch", Role.CHAIR))
        cached.cached_land(store, project, local_today())
    assert sorted(computed) == expected

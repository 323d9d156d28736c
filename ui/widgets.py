"""Widgets shared by pages: the language switch and a project's headline figures."""

from __future__ import annotations

from typing import Any

import streamlit as st

from consultations.figures import AGREEMENT_THRESHOLD, HeadlineFigures
from consultations.projects import list_projects
from consultations.records import Project
from consultations.store import Store
from translations import LANGUAGES, _, set_language


def language_switch() -> None:
    choice = st.sidebar.selectbox(
        "Ngôn ngữ / Language",
        list(LANGUAGES),
        format_func=LANGUAGES.__getitem__,
        key="language",
    )
    set_language(choice)


def headline_metrics(figures: HeadlineFigures) -> None:
    columns = st.columns(5)
    columns[0].metric(_("Affected households"), figures.affected_households)
    columns[1].metric(_("Agreed (signed)"), figures.agreed)
    columns[2].metric(_("Has concerns"), figures.concerns)
    columns[3].metric(_("Refused"), figures.refused)
    columns[4].metric(_("Not contacted"), figures.not_contacted)
    share = figures.agreement_share
    st.progress(
        min(share, 1.0),
        text=_(
            "Agreement: {share:.0%} (threshold to recover before plan approval: over {t:.0%})"
        ).format(share=share, t=AGREEMENT_THRESHOLD),
    )


def project_picker(store: Store) -> Project:
    """The project the user works on, remembered across pages for the session."""
    projects = {p.slug: p for p in list_projects(store)}
    if not projects:
        st.info(_("No project yet. Load the demo projects with: python cli.py load-demo"))
        st.stop()
    slugs = list(projects)
    remembered = st.session_state.get("project_slug")
    chosen = st.selectbox(
        _("Project"),
        slugs,
        index=slugs.index(remembered) if remembered in projects else 0,
        format_func=lambda slug: projects[slug].name,
    )
    st.session_state.project_slug = chosen
    return projects[chosen or slugs[0]]


def date_columns(*names: str) -> dict[str, Any]:
    """Column settings that show dates as dd/mm/yyyy in st.dataframe."""
    return {name: st.column_config.DateColumn(name, format="DD/MM/YYYY") for name in names}


def pick_many(label: str, options: Any, default: Any = None, **kwargs: Any) -> list[Any]:
    """``st.multiselect`` with its hint in the user's language (Streamlit's own is in English)."""
    return st.multiselect(label, options, default, placeholder=_("Choose…"), **kwargs)

"""Widgets shared by pages: the language switch and a project's headline figures."""

from __future__ import annotations

import datetime as dt
import html
import re
from functools import partial
from typing import Any

import pandas as pd
import streamlit as st

from consultations.core.access import Action
from consultations.core.records import Project
from consultations.core.store import Store
from consultations.projects.service import list_projects
from consultations.reporting.figures import AGREEMENT_THRESHOLD, HeadlineFigures
from translations import LANGUAGES, _, format_date, format_datetime, format_number, set_language


def language_switch() -> None:
    choice = st.sidebar.selectbox(
        "Ngôn ngữ / Language",
        list(LANGUAGES),
        format_func=LANGUAGES.__getitem__,
        key="language",
    )
    set_language(choice)


def headline_metrics(figures: HeadlineFigures) -> None:
    # Every status has its figure, so the five add up to the households counted first.
    columns = st.columns(6)
    columns[0].metric(_("Affected households"), figures.affected_households, help=_(
        "Counted in households: each affected household once, by its latest status."
    ))  # fmt: skip  # a help mark, not a line: a line here moves the map below as it is drawn
    columns[1].metric(_("Agreed (signed)"), figures.agreed)
    columns[2].metric(_("Has concerns"), figures.concerns)
    columns[3].metric(_("Refused"), figures.refused)
    columns[4].metric(_("Informed"), figures.informed)
    columns[5].metric(_("Not contacted"), figures.not_contacted)
    share = figures.agreement_share
    text = _(
        "Agreement: {share:.0%} (threshold to recover before plan approval: over {t:.0%})"
    ).format(share=share, t=AGREEMENT_THRESHOLD)
    if figures.affected_households:
        text += " · " + (
            _("{n} more households must agree to pass it").format(n=figures.more_to_pass)
            if figures.more_to_pass
            else _("passed")
        )
    st.progress(min(share, 1.0), text=text)


def no_project_yet() -> None:
    """The empty state that leads to the next step: create a project, or ask who can."""
    from ui.session import current_actor  # here: ui.session itself uses these widgets

    st.info(_("No project yet."))
    if current_actor().may(Action.IMPORT):
        if st.button(_("Create a project"), icon=":material/add_location_alt:", type="primary"):
            st.switch_page("app_pages/new_project.py")
    else:
        st.caption(
            _("An administrator creates projects; ask yours to create one or to give you access.")
        )


def project_picker(store: Store) -> Project:
    """The project the user works on, remembered across pages for the session; the projects
    given to the user are listed first."""
    from ui.session import current_actor  # here: ui.session itself uses these widgets

    mine = current_actor().project_ids  # an officer's or a chair's own projects come first
    listed = sorted(list_projects(store), key=lambda p: p.id not in mine)
    projects = {p.slug: p for p in listed}
    if not projects:
        no_project_yet()
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


def _cell(value: Any) -> Any:
    """A cell as people read it: nothing for a missing value, dates as dd/mm/yyyy, yes/no."""
    if value is None or value is pd.NA or value is pd.NaT or (isinstance(value, float) and value != value):  # fmt: skip
        return ""
    if isinstance(value, dt.datetime):
        return format_datetime(value)
    if isinstance(value, dt.date):
        return format_date(value)
    if isinstance(value, bool):
        return _("yes") if value else _("no")
    return value


def table(data: Any, **kwargs: Any) -> None:
    """``st.dataframe`` without "None", "nan" or "<NA>": missing values are blank, dates are
    dd/mm/yyyy in Vietnam's time, booleans yes/no; numbers stay numbers. A table with no rows is
    a sentence, not Streamlit's grid saying "empty"."""
    frame = data if isinstance(data, pd.DataFrame) else pd.DataFrame(data)
    # Streamlit would draw a grid saying "empty", in English, with no way to change that word.
    if frame.empty:
        st.caption(_("Nothing yet."))
        return
    shown = frame.copy()
    for column in shown.columns:
        series = shown[column]
        if pd.api.types.is_numeric_dtype(series) and not pd.api.types.is_bool_dtype(series):
            if series.isna().any():  # written out, or Arrow refuses a mix of numbers and blanks
                shown[column] = series.map(
                    lambda v: (
                        "" if pd.isna(v) else format_number(v, 0 if float(v).is_integer() else 2)
                    )
                ).astype(str)
            continue
        cells = series.map(_cell)
        shown[column] = cells.astype(str) if cells.map(type).nunique() > 1 else cells
    kwargs.pop("column_config", None)  # dates are already written out
    st.dataframe(shown, **kwargs)


def evidence_files(store: Store, files: list[Any], actor: Any) -> None:
    """Each stored file as a button: a click opens it (written to the audit log), then it can be
    downloaded. Nothing is read, or logged, for a file nobody asked to open."""
    from consultations.documents.evidence import open_file
    from ui.forms import attempt

    for ref in files:
        opened_key = f"_opened:{ref.id}"
        label = f"{ref.title} ({format_date(ref.issued_on)})" if ref.issued_on else ref.title
        if opened_key not in st.session_state:
            if st.button(_("Open {file}").format(file=label), key=f"open:{ref.id}"):
                opened = attempt(partial(open_file, store, int(ref.id), actor=actor))
                if opened is not None:
                    st.session_state[opened_key] = opened
                    st.rerun()
            continue
        opened = st.session_state[opened_key]
        st.download_button(
            _("Download {file}").format(file=opened.file_name), opened.content,
            file_name=opened.file_name, mime=opened.media_type, key=f"download:{ref.id}",
        )  # fmt: skip
        if opened.media_type.startswith("image/"):
            st.image(opened.content, caption=opened.file_name, width=320)


_MARKDOWN = re.compile(r"([\\`*_{}\[\]()#+\-.!|<>~$:])")


def plain(text: object) -> str:
    """User text (a name, a village, a file name, an error naming them) for a place where
    Streamlit reads Markdown: every mark is escaped, so ``[x](http://…)`` or ``![i](…)`` shows as
    those characters and never becomes a link or an image."""
    return _MARKDOWN.sub(r"\\\1", str(text))


def keep_choice(key: str, options: Any) -> None:
    """Forget a choice another page left under ``key`` (to open a record here) that is not among
    ``options`` (another project's, or one no longer listed), so the box starts on its first."""
    if key in st.session_state and st.session_state[key] not in list(options):
        del st.session_state[key]


def parcel_legend(statuses: pd.Series, categories: dict[str, Any]) -> None:
    """The legend under a consent map: how many parcels each colour stands for, saying they are
    parcels (the headline above a map counts households)."""
    counts = statuses.value_counts()
    st.markdown(
        _("Parcels on the map by parcel status ({n}):").format(n=len(statuses)) + " "
        + " · ".join(f"<span style='color:{c.colour};text-shadow:0 0 1px #000'>■</span> "
                     f"{html.escape(c.label)}: {int(counts.get(k, 0))}" for k, c in categories.items()),
        unsafe_allow_html=True,
    )  # fmt: skip

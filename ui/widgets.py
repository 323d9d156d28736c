"""Widgets shared by pages: the language switch and a project's headline figures."""

from __future__ import annotations

import streamlit as st

from consultations.figures import AGREEMENT_THRESHOLD, HeadlineFigures
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

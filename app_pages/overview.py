"""Overview for chairs: every project of the province, then one project's dashboard on any date.

Its sections live in ui/overview/; this file is their table of contents."""

import streamlit as st

from consultations.core.numbers import NumberRule, read_number
from consultations.projects.service import list_projects
from consultations.reporting.options import BACKLOG_DAYS
from translations import _, local_today
from ui.cached import cached_dashboards
from ui.errors import shown_errors
from ui.frame import page_frame
from ui.numbers import number_field
from ui.overview.project import project_figures, project_header
from ui.overview.province import chosen_board, province_section
from ui.overview.share import shared_map_section
from ui.overview.tabs import dashboard_tabs
from ui.widgets import no_project_yet

store, actor = page_frame(_("Overview"), project=False)
with shown_errors():
    projects = list_projects(store)
if not projects:
    no_project_yet()
    st.stop()

left, right = st.columns(2)
as_of = left.date_input(
    _("Situation as of"), local_today(), format="DD/MM/YYYY", key="overview_as_of"
)
backlog_rule = NumberRule(_("Backlog: days without progress"), 7, 365, _("days"), whole=True)
backlog_text = number_field(backlog_rule, key="backlog_days", value=BACKLOG_DAYS, where=right)
with shown_errors():
    backlog_days = read_number(backlog_text, backlog_rule)
with shown_errors():
    boards = cached_dashboards(store, as_of, int(backlog_days), actor=actor)

province_section(store, boards, actor=actor)
st.divider()
board = chosen_board(boards, actor)
project_header(store, board, as_of, actor=actor)
project_figures(store, board, as_of, actor=actor)
dashboard_tabs(store, board, as_of, actor=actor)
shared_map_section(store, board.project, as_of, actor=actor)

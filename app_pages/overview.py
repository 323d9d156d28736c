"""Overview for chairs: every project of the province, then one project's dashboard on any date."""

import datetime as dt

import altair as alt
import pandas as pd
import streamlit as st
from streamlit_folium import st_folium

from consultations.compensation.money import vnd
from consultations.compensation.payments import (
    accounts,
    asked_and_offered,
    by_commune,
    compensation_totals,
)
from consultations.core.access import Action, Actor
from consultations.core.labels import parcel_labels
from consultations.core.numbers import NumberRule, read_number
from consultations.core.records import ConcernCategory, ConsentStatus
from consultations.petitions.figures import petition_figures
from consultations.procedure.service import DeadlineState
from consultations.projects.service import list_projects
from consultations.reporting.columns import labelled
from consultations.reporting.figures import AGREEMENT_THRESHOLD
from consultations.reporting.map_export import map_html
from consultations.reporting.options import BACKLOG_DAYS, Audience
from consultations.reporting.palette import STATUS_COLOURS, status_categories
from consultations.reporting.service import Dashboard
from consultations.setup.progress import setup_progress
from geo.maps import outlines_map, project_map, use_local_leaflet
from translations import _, format_date, format_number, local_today
from ui.cached import cached_dashboards, cached_features, cached_land, cached_outlines
from ui.errors import shown_errors
from ui.frame import page_frame
from ui.numbers import number_field
from ui.store import LEAFLET_URL
from ui.widgets import date_columns, headline_metrics, no_project_yet, parcel_legend, plain, table

PETITIONS_SINCE = dt.date(1990, 1, 1)  # all of a project's petitions up to the day shown


def opening_board(boards: list[Dashboard], actor: Actor) -> int:
    """Which project's figures open: the one the user last worked on, else their own (a chair or
    an officer given projects), else the first."""
    remembered = st.session_state.get("project_slug")
    slugs = [b.project.slug for b in boards]
    if remembered in slugs:
        return slugs.index(remembered)
    return next((i for i, b in enumerate(boards) if b.project.id in actor.project_ids), 0)


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

st.subheader(_("All projects"))
with shown_errors():
    ready = {b.project.slug: setup_progress(store, b.project, actor=actor).ready for b in boards}
rows = [
    {
        _("Project"): b.project.name
        + (" · " + _("closed") if b.project.closed else "")
        + ("" if ready[b.project.slug] else " · " + _("being set up")),
        _("Kind"): b.project.kind.label,
        _("Affected households"): b.figures.affected_households,
        _("Agreed (signed)"): b.figures.agreed,
        _("Agreement share"): f"{b.figures.agreement_share:.0%}",
        _("Above 75 %"): "✔" if b.figures.above_threshold else "✘",
        _("Towers ready to build"): f"{b.towers_ready}/{len(b.towers)}" if b.towers else "-",
        _("Open concerns"): b.grievances.open,
        _("Overdue commitments"): b.overdue_total,
        _("Households stuck (backlog)"): len(b.backlog),
    }
    for b in boards
]
table(rows, hide_index=True, width="stretch")
outlines = cached_outlines(store)
shares = {b.project.slug: b.figures for b in boards}
fmap = outlines_map(
    outlines.assign(
        colour=["#009e73" if shares[s].above_threshold else "#e69f00" for s in outlines.slug],
        label=[
            f"{n}: {shares[s].agreement_share:.0%}"
            for n, s in zip(outlines.name, outlines.slug, strict=True)
        ],
    ),
    "colour",
    ["label"],
)
use_local_leaflet(fmap, LEAFLET_URL)
st_folium(fmap, height=320, use_container_width=True, returned_objects=[], key="province-map")

st.divider()
names = {b.project.name: b for b in boards}
board = names[st.selectbox(_("Project"), list(names), index=opening_board(boards, actor))]
chosen = board.project
st.subheader(plain(chosen.name))
st.caption(
    _("Issuing authority: {authority} · Cut-off date: {date} · {meetings} meetings held").format(
        authority=plain(chosen.issuing_authority or "-"),
        date=format_date(chosen.cutoff_on) if chosen.cutoff_on else _("not set"),
        meetings=board.meetings_held,
    )
)
if chosen.closed:
    st.warning(_("Closed on {date}: its records can be read and exported, not changed.").format(
        date=format_date(chosen.closed_at.date() if chosen.closed_at else None)))  # fmt: skip
setup = setup_progress(store, chosen, actor=actor)
if not setup.ready:
    step = setup.next_step
    st.info(_("Being set up ({done} of {total} steps done); next: {step}.").format(
        done=setup.done_count, total=setup.required_count, step=step.label if step else "-"))  # fmt: skip
if actor.may(Action.IMPORT) and st.button(_("Project set-up"), icon=":material/tune:",
                                          help=_("Steps, settings, field officers, closing")):  # fmt: skip
    st.session_state.project_slug = chosen.slug
    st.switch_page("app_pages/project_setup.py")
if chosen.cutoff_on and as_of < chosen.cutoff_on:
    st.info(
        _("{date} is before the project's inventory cut-off date ({cutoff}): no household is "
          "counted yet.").format(date=format_date(as_of), cutoff=format_date(chosen.cutoff_on))
    )  # fmt: skip
headline_metrics(board.figures)
figures = st.columns(4)
figures[0].metric(
    _("Affected parcels fully agreed"), f"{board.parcels_agreed}/{board.parcels_affected}"
)
area = board.area
figures[1].metric(
    _("Permanent recovery agreed"),
    f"{format_number(area.permanent_agreed_m2 / 1e4, 2)} / {format_number(area.permanent_m2 / 1e4, 2)} ha",
)
if area.restricted_m2:
    figures[2].metric(
        _("Restricted corridor agreed"),
        f"{format_number(area.restricted_agreed_m2 / 1e4, 2)} / {format_number(area.restricted_m2 / 1e4, 2)} ha",
    )
if board.towers:
    figures[3].metric(_("Towers ready to build"), f"{board.towers_ready}/{len(board.towers)}")
g = board.grievances
st.caption(
    _("Concerns: {received} received, {on_time} answered within 30 days, {resolved} resolved "
      "({rate:.0%}), {escalated} escalated, {open} open.").format(
        received=g.received, on_time=g.answered_on_time, resolved=g.resolved,
        rate=g.resolution_rate, escalated=g.escalated, open=g.open)
)  # fmt: skip
with shown_errors():
    tied = petition_figures(
        store, actor=actor, start=PETITIONS_SINCE, end=as_of, project_id=chosen.id
    )
with shown_errors():
    money = compensation_totals(store, chosen.id, actor=actor, today=as_of)
if money.estimated_vnd:
    st.caption(
        _("Compensation: {estimated} estimated, {approved} approved, {paid} paid, {left} outstanding; "
          "{late} households late for payment.").format(
            estimated=vnd(money.estimated_vnd), approved=vnd(money.approved_vnd), paid=vnd(money.paid_vnd),
            left=vnd(money.outstanding_vnd), late=money.households_late)
    )  # fmt: skip
    if actor.may_in(Action.READ_PERSONAL, chosen.id):
        with st.expander(_("Compensation by commune")), shown_errors():
            communes = dict(
                zip(board.people.get("id", []), board.people.get("commune", []), strict=True)
            )
            table(by_commune(accounts(store, chosen.id, actor=actor, today=as_of), communes,
                             asked_and_offered(store, chosen.id, actor=actor)), hide_index=True, width="stretch")  # fmt: skip
if tied.received:
    st.caption(
        _("Petitions tied to the project: {received} received, {open} not yet settled; {same} of "
          "them the same matter as a concern above (one matter, counted once).").format(
            received=tied.received, open=tied.undecided, same=tied.same_matter)
    )  # fmt: skip

tabs = st.tabs([_("Map"), _("Progress"), _("By village"), _("Stuck"), _("Concerns and promises"),
                _("Vulnerable households")])  # fmt: skip
with tabs[0]:
    land = cached_land(store, chosen, as_of)
    encoded = cached_features(store, chosen)[1]
    categories = status_categories()
    fmap = project_map(
        land.parcels.assign(parcel_label=parcel_labels(land.parcels)),
        category_column="status", categories=categories, label_column="parcel_label",
        corridors=land.corridors, foundations=land.towers, houses=land.houses, encoded_parcels=encoded,
    )  # fmt: skip
    use_local_leaflet(fmap, LEAFLET_URL)
    st_folium(
        fmap, height=520, use_container_width=True, returned_objects=[], key=f"map-{chosen.slug}"
    )
    parcel_legend(land.parcels.loc[land.parcels.affected, "status"], categories)
    if board.towers:
        waiting = [t.label for t in board.towers if not t.ready]
        st.caption(_("Towers still waiting: {towers}").format(towers=", ".join(waiting) or "-"))
with tabs[1]:
    if board.progress.empty:
        st.info(_("No consent recorded yet."))
    else:
        series = board.progress.assign(day=pd.to_datetime(board.progress.day))
        target = AGREEMENT_THRESHOLD * board.figures.affected_households
        line = alt.Chart(series).mark_line(interpolate="step-after", point=True).encode(
            x=alt.X("day:T", title=_("Date"), axis=alt.Axis(format="%d/%m/%Y")),
            y=alt.Y("agreed:Q", title=_("Agreed (signed)")),
        )  # fmt: skip
        rule = (
            alt.Chart(pd.DataFrame({"y": [target]}))
            .mark_rule(strokeDash=[6, 3], color="#d55e00")
            .encode(y="y:Q")
        )
        meetings = alt.Chart(pd.DataFrame({"day": pd.to_datetime(board.meeting_days)})).mark_rule(
            color="#999999").encode(x="day:T")  # fmt: skip
        st.altair_chart(line + rule + meetings, width="stretch")
        st.caption(_("Grey lines: meetings held. Dashed line: the 75 % threshold."))
    funnel = board.funnel.rename(columns={"label": _("Stage"), "households": _("Households")})
    st.markdown("**" + _("Procedure stages reached") + "**")
    if board.funnel.households.sum():
        st.bar_chart(funnel, x=_("Stage"), y=_("Households"), horizontal=True, sort=False)
    else:
        st.info(_("No procedure step recorded yet (the Households page records them)."))
with tabs[2]:
    table(
        labelled(board.by_village.assign(share=[f"{s:.0%}" for s in board.by_village.share]), "by_village"),
        hide_index=True, width="stretch",
    )  # fmt: skip
NAMES_HIDDEN = _("Your role shows these figures, not the households behind them.")
with tabs[3]:
    if not actor.may_in(Action.READ_PERSONAL, chosen.id):
        st.info(NAMES_HIDDEN)
    st.caption(
        _("Households not agreed with no progress for {days} days or more.").format(
            days=board.backlog_days
        )
    )
    table(
        labelled(board.backlog.assign(status=[ConsentStatus(s).label for s in board.backlog.status]), "backlog"),
        hide_index=True, width="stretch", column_config=date_columns(_("Last progress")),
    )  # fmt: skip
with tabs[4]:
    st.markdown("**" + _("Open concerns by category") + "**")
    table(
        labelled(board.concerns.assign(category=[ConcernCategory(c).label for c in board.concerns.category]),
                 "concerns"),
        hide_index=True, width="stretch",
    )  # fmt: skip
    st.markdown("**" + _("Overdue commitments") + "**")
    overdue = board.overdue_commitments
    if len(overdue) < board.overdue_total:
        st.caption(_("{n} overdue in all; only those of the households you may read are listed.").format(
            n=board.overdue_total))  # fmt: skip
    table(
        labelled(overdue, "overdue_commitments"),
        hide_index=True, width="stretch", column_config=date_columns(_("Due")),
    )  # fmt: skip
    st.markdown("**" + _("Procedure deadlines near or late") + "**")
    table(
        labelled(board.deadlines.assign(state=[_("late") if s == DeadlineState.LATE else _("near") for s in board.deadlines.state]),
                 "deadlines"),
        hide_index=True, width="stretch", column_config=date_columns(_("Deadline")),
    )  # fmt: skip
with tabs[5]:
    if not actor.may_in(Action.READ_PERSONAL, chosen.id):
        st.info(NAMES_HIDDEN)
    vulnerable = board.vulnerable
    table(
        labelled(vulnerable.assign(status=[ConsentStatus(s).label for s in vulnerable.status]), "vulnerable"),
        hide_index=True, width="stretch",
    )  # fmt: skip

with st.expander(_("Map to share at a meeting (one HTML file, works offline)")):
    audience = st.radio(
        _("Audience"), list(Audience) if actor.may_in(Action.EXPORT_INTERNAL, chosen.id) else [Audience.PUBLIC], horizontal=True,
        format_func=lambda a: _("Residents (public)") if a is Audience.PUBLIC else _("Officials (internal)"),
    )  # fmt: skip
    show_names = actor.may_in(Action.EXPORT_INTERNAL, chosen.id) and st.checkbox(
        _("Show land users' names"), False
    )
    if st.button(_("Prepare the map")):
        with shown_errors():
            html_map = map_html(store, chosen, Audience(str(audience)), STATUS_COLOURS, as_of=as_of,
                                show_names=show_names, actor=actor)  # fmt: skip
        st.download_button(
            _("Download the map"), html_map, file_name=f"{chosen.slug}-{as_of:%Y%m%d}-{audience}.html",
            mime="text/html",
        )  # fmt: skip

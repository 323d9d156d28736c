"""The Overview's chosen project: what it is and where its set-up stands, then its figures on
the day shown (consent, land, towers, concerns, compensation, petitions)."""

from __future__ import annotations

import datetime as dt

import streamlit as st

from consultations.compensation.money import vnd
from consultations.compensation.payments import (
    accounts,
    asked_and_offered,
    by_commune,
    compensation_totals,
)
from consultations.core.access import Action, Actor
from consultations.core.store import Store
from consultations.petitions.figures import petition_figures
from consultations.reporting.service import Dashboard
from consultations.setup.progress import setup_progress
from translations import _, format_date, format_number
from ui.errors import shown_errors
from ui.widgets import headline_metrics, plain, table

PETITIONS_SINCE = dt.date(1990, 1, 1)  # all of a project's petitions up to the day shown


def project_header(store: Store, board: Dashboard, as_of: dt.date, *, actor: Actor) -> None:
    """Its name, authority and cut-off, closed or being set up, and its headline figures."""
    chosen = board.project
    st.subheader(plain(chosen.name))
    st.caption(
        _(
            "Issuing authority: {authority} · Cut-off date: {date} · {meetings} meetings held"
        ).format(
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


def project_figures(store: Store, board: Dashboard, as_of: dt.date, *, actor: Actor) -> None:
    """Its land, towers, concerns, compensation and petitions on the day shown."""
    chosen = board.project
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

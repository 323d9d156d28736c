"""The "Further handling" part of the petition register: what was done to a petition after it was
entered (its steps and the deadlines after each), and one form per step. Shown to those who record
petitions; tying a petition to a backlog case to the steering committee (chairs, administrators).
A denouncer stays hidden: a petition is named by its number and kind only."""

from __future__ import annotations

import datetime as dt

import pandas as pd
import streamlit as st

from consultations.core.access import Actor, Role
from consultations.core.store import Store
from consultations.petitions.backlog import backlog_list
from consultations.petitions.handling import (
    Answer,
    BacklogLink,
    Difficulty,
    Eligibility,
    Extension,
    PetitionStep,
    Step,
    StepKind,
    Transfer,
    handle_petition,
    petition_steps,
)
from consultations.petitions.model import Competence, Complexity, Outcome
from consultations.petitions.service import Petition
from translations import _, format_date, format_datetime, local_today
from ui.commands import submission_key
from ui.errors import shown_errors
from ui.forms import RecordForm, attempt
from ui.widgets import keep_choice, plain, table


def complexity_label(complexity: Complexity) -> str:
    return {Complexity.NORMAL: _("Not complicated"), Complexity.COMPLICATED: _("Complicated"),
            Complexity.VERY_COMPLICATED: _("Especially complicated")}[complexity]  # fmt: skip


def _day(day: dt.date | None) -> str:
    return format_date(day) if day else "-"


def _state(entry: Petition) -> str:
    eligible = _("eligible for handling") if entry.eligible else _("not eligible for handling")
    parts = [eligible, entry.competence.label, complexity_label(entry.complexity)]
    if entry.remote:
        parts.append(_("remote area"))
    if entry.extensions:
        parts.append(_("extended {n} times").format(n=entry.extensions))
    if entry.transferred_to:
        parts.append(_("to {body} on {day}").format(body=plain(entry.transferred_to),
                                                    day=_day(entry.transferred_on)))  # fmt: skip
    parts.append(_("accept by {day}").format(day=_day(entry.accept_by)))
    parts.append(_("resolve by {day}").format(day=_day(entry.resolve_by)))
    return "; ".join(parts)


def _what(step: PetitionStep) -> str:
    """A step's details in words."""
    d = step.details
    if step.step is StepKind.ELIGIBILITY:
        return (
            _("Eligible")
            if d["eligible"]
            else _("Not eligible: {reason}").format(reason=d["reason"])
        )
    if step.step is StepKind.TRANSFER:
        return f"{Competence(d['competence']).label}: {d['to']}"
    if step.step is StepKind.DIFFICULTY:
        remote = _("remote area") if d["remote"] else _("not a remote area")
        return f"{complexity_label(Complexity(d['complexity']))}, {remote}"
    if step.step is StepKind.EXTENSION:
        return _("By decision {number}").format(number=d["decision"])
    if step.step is StepKind.OUTCOME:
        return Outcome(d["outcome"]).label
    return _("Backlog case no. {id}").format(id=d["case_id"])


def _steps_table(steps: list[PetitionStep]) -> None:
    rows = [{_("Day"): s.taken_on, _("Step"): s.step.label, _("What"): _what(s),
             _("Accept by"): s.accept_by, _("Resolve by"): s.resolve_by,
             _("Recorded by"): f"{s.recorded_by} · {format_datetime(s.recorded_at)}"}
            for s in steps]  # fmt: skip
    table(pd.DataFrame(rows), hide_index=True, width="stretch")


def _step_kinds(entry: Petition, actor: Actor) -> list[StepKind]:
    if entry.decided_on is not None:
        kinds = [StepKind.OUTCOME]
    else:
        kinds = [StepKind.ELIGIBILITY, StepKind.TRANSFER, StepKind.DIFFICULTY, StepKind.EXTENSION]
    if actor.role in (Role.ADMIN, Role.CHAIR):
        kinds.append(StepKind.BACKLOG)
    return kinds


def _fields(
    store: Store, actor: Actor, entry: Petition, kind: StepKind, form: RecordForm
) -> Step | None:
    """The form's fields for ``kind``; the step they make (None: nothing to make it from)."""
    today = local_today()
    if kind is StepKind.ELIGIBILITY:
        eligible = st.radio(_("Eligible for handling"), [True, False], index=0 if entry.eligible else 1,
                            format_func=lambda e: _("Yes") if e else _("No"), key=form.key("eligible"),
                            horizontal=True)  # fmt: skip
        reason = st.text_input(_("Why not (if not eligible)"), key=form.key("reason"))
        return Eligibility(bool(eligible), reason)
    if kind is StepKind.TRANSFER:
        ways = [Competence.TRANSFERRED, Competence.GUIDED]
        way = st.radio(_("What was done"), ways, format_func=lambda c: c.label, key=form.key("way"))
        to = st.text_input(_("The body it went to"), key=form.key("to"))
        on = st.date_input(_("On"), today, format="DD/MM/YYYY", key=form.key("on"))
        return Transfer(Competence(str(way)), to, on)
    if kind is StepKind.DIFFICULTY:
        levels = list(Complexity)
        level = st.selectbox(_("Complexity"), levels, index=levels.index(entry.complexity),
                             format_func=complexity_label, key=form.key("complexity"))  # fmt: skip
        remote = st.checkbox(_("Remote area"), value=entry.remote, key=form.key("remote"))
        return Difficulty(Complexity(str(level)), remote)
    if kind is StepKind.EXTENSION:
        on = st.date_input(_("Extended on"), today, format="DD/MM/YYYY", key=form.key("on"))
        decision = st.text_input(_("Decision extending it (number)"), key=form.key("decision"))
        return Extension(on, decision)
    if kind is StepKind.OUTCOME:
        outcome = st.selectbox(_("The person's answer"), list(Outcome), format_func=lambda o: o.label,
                               key=form.key("outcome"))  # fmt: skip
        known = st.date_input(_("Known on"), today, format="DD/MM/YYYY", key=form.key("on"))
        return Answer(Outcome(str(outcome)), known)
    with shown_errors():
        cases = {
            c.id: c
            for c in backlog_list(store, actor=actor, body=entry.body)
            if c.removed_on is None
        }
    if not cases:
        st.info(_("No case of this body is on the backlog list."))
        return None
    case_id = st.selectbox(_("Backlog case"), list(cases), key=form.key("case"),
                           format_func=lambda c: f"{cases[c].title} · {format_date(cases[c].listed_on)}")  # fmt: skip
    return BacklogLink(int(case_id))


def handling_section(store: Store, actor: Actor, entries: list[Petition]) -> None:
    """The steps taken on one petition, and the form of the next."""
    if not entries:
        return
    st.subheader(_("Further handling"))
    by_id = {e.id: e for e in entries}
    keep_choice("handle-petition", by_id)
    chosen = st.selectbox(_("Petition to handle further"), list(by_id), key="handle-petition",
                          format_func=lambda i: f"{by_id[i].reference} · {by_id[i].kind.label}")  # fmt: skip
    entry = by_id[chosen]
    st.caption(_state(entry))
    with shown_errors():
        steps = petition_steps(store, entry.id, actor=actor)
    if steps:
        _steps_table(steps)
    kinds = _step_kinds(entry, actor)
    kind = st.segmented_control(_("Step"), kinds, format_func=lambda k: k.label,
                                key=f"handle-step:{entry.id}", default=kinds[0]) or kinds[0]  # fmt: skip
    form = RecordForm(f"handle-{kind}", entry.id, version=entry.version, record="petition")
    seen = form.seen
    with st.form(form.id):
        step = _fields(store, actor, entry, StepKind(kind), form)
        if st.form_submit_button(_("Record the step"), type="primary", width="stretch") and step:
            done = attempt(lambda: handle_petition(store, entry.id, step, seen_version=seen, actor=actor,
                           key=submission_key(form.id, entry.id, seen, repr(step))))  # fmt: skip
            if done is not None:
                form.saved(_("Petition {ref}: {step} recorded.").format(
                    ref=entry.reference, step=StepKind(kind).label))  # fmt: skip
    form.stale_warning()

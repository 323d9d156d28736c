"""Households: search, then one household's file: details, parcels, timeline, concerns, deadlines."""

from typing import Literal

import pandas as pd
import streamlit as st

from consultations.core.records import ConsentStatus
from consultations.documents.evidence import files_of_household
from consultations.fieldwork.service import flagged_households
from consultations.households.register_template import register_template
from consultations.households.service import (
    HouseholdHit,
    add_household,
    edit_household,
    households_seen_by,
    search_households,
    vulnerability_label,
)
from consultations.procedure.service import Step, record_step
from consultations.reporting.household_file import export_household_file
from consultations.reporting.household_progress import (
    STATUS_ORDER,
    household_progress,
)
from consultations.reporting.timeline import household_file
from consultations.setup.service import prepare_households, save_households
from geo.formats import TABLE_SUFFIXES
from translations import _, format_date, local_today
from ui.commands import submission_key
from ui.contacts import messages_section
from ui.corrections import consent_correction
from ui.editing import may_record
from ui.errors import shown_errors
from ui.forms import RecordForm, attempt
from ui.frame import page_frame
from ui.household_form import changed_fields, household_fields, personal_details
from ui.uploads import discard, save_uploads
from ui.widgets import date_columns, evidence_files, pick_many, plain, table

#: A status badge's colour: green agreed, red refused, orange concerns, grey otherwise.
BADGE: dict[ConsentStatus, Literal["green", "red", "orange", "blue", "gray"]] = {
    ConsentStatus.AGREED: "green", ConsentStatus.REFUSED: "red", ConsentStatus.CONCERNS: "orange",
    ConsentStatus.INFORMED: "blue", ConsentStatus.NOT_CONTACTED: "gray",
}  # fmt: skip


store, actor, project = page_frame(_("Households"))
if "_added_household" in st.session_state:  # before the search box exists, as Streamlit requires
    st.session_state["household_query"] = st.session_state.pop("_added_household")
query = st.text_input(
    _("Search: name (accents optional), household code, or sheet/parcel like 12/45"),
    key="household_query",  # other pages open a household here by setting it (the consent map)
)
with shown_errors():
    hits = search_households(store, project.id, query, limit=2000, actor=actor)
    flagged = flagged_households(store, project, actor=actor)
    progress = household_progress(store, project, actor=actor)
if flagged:
    codes = sorted(
        h.code for h in households_seen_by(store, project.id, actor=actor) if h.id in flagged
    )
    st.warning(
        _("Recorded offline with two statuses for one day, not yet reviewed: {codes}. See Field "
          "package → Conflicts to review.").format(codes=plain(", ".join(codes)))
    )  # fmt: skip
statuses = pick_many(_("Status"), list(ConsentStatus), format_func=lambda s: s.label,
                     key="household-statuses")  # fmt: skip
idle = st.selectbox(
    _("No progress for"), [None, 30, 60, 90, 180], key="household-idle",
    format_func=lambda n: _("any time") if n is None else _("{n} days or more").format(n=n),
    help=_("Households not yet agreed, counted from the later of the project's start and their "
           "last progress, as the Overview's backlog counts them."),
)  # fmt: skip
order = st.radio(_("Sort by"), ["code", "status", "village"], horizontal=True, key="household-sort",
                 format_func={"code": _("Code"), "status": _("Status"), "village": _("Village")}.__getitem__)  # fmt: skip
hits = [h for h in hits if h.household.id in progress
        and (not statuses or progress[h.household.id].status in statuses)
        and (idle is None or progress[h.household.id].stuck(idle))]  # fmt: skip


def sort_key(hit: HouseholdHit) -> tuple[object, ...]:
    household = hit.household
    if order == "status":  # the usual path of a consultation, then the code
        return (STATUS_ORDER[progress[household.id].status], household.code)
    return (household.village or "", household.code) if order == "village" else (household.code,)


hits.sort(key=sort_key)
st.caption(_("{n} households").format(n=len(hits)))
listing = pd.DataFrame(
    [{_("Code"): h.household.code, _("Head of household"): h.household.head_name,
      _("Village"): h.household.village, _("Status"): progress[h.household.id].status.label,
      _("Last progress"): progress[h.household.id].last_progress,
      _("Days without progress"): progress[h.household.id].idle_days,
      _("Parcels"): ", ".join(h.parcels), _("Affected"): h.household.affected} for h in hits]
)  # fmt: skip
if hits:
    table(listing, hide_index=True, width="stretch", column_config=date_columns(_("Last progress")))
else:
    st.info(_("No household matches the search and the filters."))
recorder = may_record(actor, project)
if recorder:
    add_form = RecordForm("add-household", project.id)
    with st.expander(_("Add a household")), st.form(add_form.id):
        code = st.text_input(_("Household code"), key=add_form.key("code"))
        new = household_fields(add_form)
        parcels = st.text_input(
            _("Its parcels (sheet/parcel, separated by commas)"), key=add_form.key("parcels"),
            placeholder=_("e.g. 12/45, 12/46"),
        )  # fmt: skip
        if st.form_submit_button(_("Add the household")):
            labels = tuple(p for p in parcels.split(",") if p.strip())
            added_id = attempt(lambda: add_household(
                store, project.id, code, new, parcels=labels, actor=actor,
                key=submission_key("household-add", project.id, code, new, labels),
            ))  # fmt: skip
            if added_id is not None:
                st.session_state["_added_household"] = code.strip()  # searched for, so opened
                add_form.saved(_("Added household {code}.").format(code=code.strip()))
    with st.expander(_("Add households from a register")):
        st.download_button(
            _("Download an empty register to fill in (XLSX)"), register_template(),
            file_name="so_ho_gia_dinh.xlsx", key="register-template",
        )  # fmt: skip
        register = st.file_uploader(
            _(
                "Register: XLSX with sheets “Hộ” and “Thửa”, or one CSV row per household and parcel"
            ),
        )
        if register is not None and st.button(_("Add these households")):
            upload = register

            def add_households() -> int:
                path = save_uploads([upload], TABLE_SUFFIXES)
                try:
                    prepared = prepare_households(store, project, path, actor=actor)
                finally:
                    discard(path)  # read once (added or refused): the upload's folder goes
                return save_households(store, prepared, actor=actor,
                                       key=submission_key("households-import", project.id, upload))  # fmt: skip

            added = attempt(add_households)
            if added is not None:
                st.success(
                    _("{n} households added to {project}.").format(n=added, project=project.name)
                )
if not hits:
    st.stop()
options = {h.household.id: f"{h.household.code} · {h.household.head_name}" for h in hits}
chosen = st.selectbox(_("Open a household"), list(options), format_func=options.__getitem__)
today = local_today()
with shown_errors():
    record = household_file(store, int(chosen or next(iter(options))), today, actor=actor)
household = record.household
st.header(plain(f"{household.code} · {household.head_name}"))
if household.id in progress:
    st.badge(progress[household.id].status.label, color=BADGE[progress[household.id].status])
if not household.affected:
    st.warning(_("No longer affected by the project; its history is kept."))
st.write(
    _("Village: {village} · members: {members} · parcels: {parcels}").format(
        village=plain(household.village or "-"),
        members=household.members or "-",
        parcels=plain(", ".join(record.parcels) or "-"),
    )
)
st.write(personal_details(household))
if household.vulnerability:
    st.write(
        _("Vulnerability: {list}").format(
            list=", ".join(vulnerability_label(v) for v in household.vulnerability)
        )
    )

st.subheader(_("Household file to print"))
st.caption(_("One A4 document for a visit or the steering committee: status, parcels, timeline, "
             "commitments and money. Making it is logged."))  # fmt: skip
printed = f"household-file-{household.id}"
if st.button(_("Prepare the household file"), key=f"make-{printed}"):
    with shown_errors():  # logged once per format, when it is made
        st.session_state[printed] = {fmt: export_household_file(store, household.id, fmt, actor=actor)
                                     for fmt in ("html", "docx")}  # fmt: skip
if printed in st.session_state:
    left, right = st.columns(2)
    left.download_button(_("Household file (printable HTML)"), st.session_state[printed]["html"],
                         file_name=f"ho-so-{household.code}.html", mime="text/html",
                         key=f"get-{printed}-html", width="stretch")  # fmt: skip
    right.download_button(_("Household file (DOCX)"), st.session_state[printed]["docx"],
                          file_name=f"ho-so-{household.code}.docx", key=f"get-{printed}-docx",
                          mime="application/vnd.openxmlformats-officedocument.wordprocessingml.document",
                          width="stretch")  # fmt: skip

st.subheader(_("Timeline"))
table(
    record.timeline.rename(columns={"on": _("Date"), "kind": _("Kind"), "what": _("What"), "by": _("By")}),
    hide_index=True, width="stretch", column_config=date_columns(_("Date")),
)  # fmt: skip
if recorder:  # the status the user just recorded in error, beside the history that shows it
    consent_correction(store, actor, household)
with shown_errors():
    evidence = files_of_household(store, household.id, actor=actor)
if evidence:
    st.caption(_("Signed papers and receipts"))
    evidence_files(store, evidence, actor)

st.subheader(_("Procedure deadlines"))
if record.deadlines:
    table(
        pd.DataFrame([{_("Step"): d.to_step.label, _("Date"): d.date, _("Kind"): d.kind_label, _("State"): d.state.label}
                      for d in record.deadlines]),
        hide_index=True, column_config=date_columns(_("Date")),
    )  # fmt: skip
messages_section(store, household, actor, recorder=recorder)
if not recorder:  # a chair or a viewer reads the file; the sentence above says why no form
    st.stop()
LAND_TYPES = {
    "agricultural": _("Agricultural land"),
    "non_agricultural": _("Non-agricultural land"),
}
step_form = RecordForm("step", household.id)
with st.expander(_("Record a procedure step")), st.form(step_form.id):
    step = st.selectbox(_("Step"), list(Step), format_func=lambda s: s.label,
                        key=step_form.key("step"))  # fmt: skip
    on = st.date_input(_("Date"), today, format="DD/MM/YYYY", key=step_form.key("on"))
    land_type = st.radio(_("Land (for a notice)"), list(LAND_TYPES), format_func=LAND_TYPES.__getitem__,
                         horizontal=True, key=step_form.key("land"))  # fmt: skip
    outcome = st.text_input(_("Outcome (signed, refused, for, against, …)"),
                            key=step_form.key("outcome"))  # fmt: skip
    late = st.text_input(_("Why entered late (if more than a week ago)"), key=step_form.key("late"))
    if st.form_submit_button(_("Save step")):
        step_id = attempt(lambda: record_step(
            store, household.id, Step(str(step)), on, actor=actor, land_type=land_type,
            outcome=outcome or None, late_reason=late or None,
            key=submission_key("step", household.id, step, on, land_type, outcome, late),
        ))  # fmt: skip
        if step_id is not None:
            step_form.saved(_("Saved: {step} on {date} for {code}.").format(
                step=Step(str(step)).label, date=format_date(on), code=household.code))  # fmt: skip

edit_form = RecordForm("edit", household.id, version=household.version, record="household")
seen = edit_form.seen
with st.expander(_("Edit details")), st.form(edit_form.id):
    typed = household_fields(edit_form, household)
    if st.form_submit_button(_("Save details")):
        changes = changed_fields(household, typed)
        if not changes:
            st.info(_("Nothing was changed, so nothing was saved."))
        else:
            version = attempt(lambda: edit_household(
                store, household.id, seen, changes, actor=actor,
                key=submission_key("household-edit", household.id, seen, changes),
            ))  # fmt: skip
            if version is not None:
                edit_form.saved(_("Saved the details of {code}.").format(code=household.code))
edit_form.stale_warning(_("Someone recorded a change to this household since you opened it."))

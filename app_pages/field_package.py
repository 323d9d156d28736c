"""Field package: take one's communes offline to QField, bring the package back, review conflicts."""

import datetime as dt

import streamlit as st

from consultations.accounts.staffing import project_staff
from consultations.core.access import Action, Actor, Role
from consultations.core.feed import feed_counters
from consultations.core.store import Store
from consultations.fieldwork.service import (
    Clash,
    FieldImport,
    PreparedPackage,
    field_rows,
    open_clashes,
    prepare_field_package,
    resolve_clash,
)
from consultations.jobs.model import Job, JobKind
from consultations.jobs.service import queue_field_package, queue_field_return
from geo.formats import PACKAGE_SUFFIXES
from translations import _, format_date, format_number
from ui.commands import submission_key
from ui.errors import shown_errors
from ui.forms import RecordForm, attempt
from ui.frame import page_frame
from ui.jobs import file_done, job_panel
from ui.uploads import discard, save_uploads
from ui.widgets import plain

store, actor, project = page_frame(_("Field package (offline)"))
st.caption(
    _("Where there is no signal: take your communes' affected parcels and households to QField, "
      "record consent and concerns with photos offline, and bring the package back here. Nothing "
      "recorded offline overwrites what the office recorded: conflicts are listed for a person to "
      "look at.")
)  # fmt: skip
if actor.role is Role.FIELD_OFFICER and not actor.may_in(Action.READ_PERSONAL, project.id):
    st.info(_("You have no communes in this project: choose one of your projects above, or ask an "
              "administrator to assign you."))  # fmt: skip
    st.stop()
editor = actor.may_in(Action.EDIT_RECORDS, project.id)
# A chair may bring back an officer's package (the officer stays its recorder) and review it.
chair = actor.role is Role.CHAIR and actor.may_in(Action.READ_PERSONAL, project.id)
SECTIONS = {"take": _("Take offline"), "bring": _("Bring back"), "review": _("Conflicts to review")}
steps = list(SECTIONS) if editor else ["bring", "review"] if chair else ["review"]
if not editor:  # packages are taken offline by field officers
    st.info(_("Taking a package offline is for field officers; here you bring back an officer's "
              "package or review what came back.") if chair else
            _("Taking a package offline and bringing it back is for field officers; here you "
              "review what came back."))  # fmt: skip
# A choice that survives the page's reruns (tabs go back to the first after every save).
default = "take" if editor else "review"
section = (
    st.segmented_control(_("Step"), steps, format_func=SECTIONS.__getitem__, default=default,
                         key="field-section", label_visibility="collapsed")
    if len(steps) > 1
    else default
) or default  # fmt: skip


def listed(title: str, lines: list[str]) -> None:
    if lines:
        st.warning(title)
        st.markdown("\n".join(f"- {plain(line)}" for line in lines))


def show_preview(preview: FieldImport) -> None:
    st.write(
        _("From {user}: {events} consent events and {concerns} concerns to add; {dups} rows "
          "already imported (skipped).").format(
            user=plain(preview.user), events=preview.new_events, concerns=preview.new_concerns,
            dups=preview.duplicates)
    )  # fmt: skip
    listed(_("Recorded offline against an older state"), preview.stale)
    listed(_("Two statuses for one household on one day"), preview.clashes)
    listed(_("Edits to read-only layers (ignored, never applied)"), preview.ignored_edits)
    listed(_("Photos named in the package but missing from it"), preview.missing_photos)


def take_offline() -> None:
    steps = [
        _("Prepare the package and download it."),
        _("Copy the zip to the phone (cable, Zalo, e-mail or any file transfer), unzip it and open "
          "**clearway.qgs** in QField."),
        _("Add rows to “Consent recorded in the field” and “Concerns recorded in the field”; "
          "photos go in DCIM."),
        _("Zip the folder again and bring it back on the next tab."),
    ]  # fmt: skip
    st.markdown("\n".join(f"{n}. {step}" for n, step in enumerate(steps, start=1)))
    owner: str | None = None
    if actor.may(Action.MANAGE_USERS):  # an administrator prepares one for a field officer
        with shown_errors():
            officers = [o.username for o in project_staff(store, project.id, actor=actor).assigned()
                        if o.active]  # fmt: skip
        chosen = st.selectbox(_("Package for"), [None, *officers],
                              format_func=lambda o: _("myself (every household)") if o is None else o)  # fmt: skip
        owner = chosen
    if st.button(_("Prepare the package"), type="primary", width="stretch"):
        # The worker makes it (cli.py worker); a second click within the minute is the same.
        attempt(lambda: queue_field_package(
            store, project, actor=actor, owner=owner,
            key=submission_key("field-package", project.id, owner, f"{dt.datetime.now():%Y%m%d%H%M}"),
        ))  # fmt: skip
    job_panel(store, actor, kinds=(JobKind.FIELD_PACKAGE,), done=package_done,
              project_id=project.id)  # fmt: skip


def package_done(store: Store, job: Job, actor: Actor) -> None:
    facts = job.result or {}
    file_done(store, job, actor, _("Download the package"),
              _("Package ready: {households} households, {parcels} affected parcels.").format(
                  households=format_number(facts.get("households", 0)),
                  parcels=format_number(facts.get("parcels", 0))))  # fmt: skip


def prepared_package(upload: st.runtime.uploaded_file_manager.UploadedFile) -> PreparedPackage:
    """The upload read, checked and planned once; read again only for another file or user, or
    once its project's records moved (the plan would be refused: the new preview is shown)."""
    kept = st.session_state.get("field-return:prepared")
    if kept is not None:
        seen, prepared = kept
        fresh = (upload.file_id, actor.username, feed_counters(store, prepared.project.id).data)
        if isinstance(prepared, PreparedPackage) and seen == fresh:
            return prepared
    path = save_uploads([upload], PACKAGE_SUFFIXES)
    try:
        prepared = prepare_field_package(store, path, actor=actor, name=upload.name)
    finally:
        discard(path)  # read once: the prepared package holds all saving needs
    counters = feed_counters(store, prepared.project.id).data
    st.session_state["field-return:prepared"] = (
        (upload.file_id, actor.username, counters),
        prepared,
    )
    return prepared


def bring_back(upload: st.runtime.uploaded_file_manager.UploadedFile) -> None:
    with shown_errors():
        prepared = prepared_package(upload)
    preview = prepared.report
    show_preview(preview)
    returning = RecordForm("field-return", upload.file_id)
    with st.form(returning.id):
        confirmed = bool(preview.missing_photos) and st.checkbox(
            _("Save without the missing photos (those rows are marked)")
        )
        if not st.form_submit_button(_("Save what the field recorded"), type="primary",
                                     width="stretch"):  # fmt: skip
            return
        # The worker saves exactly what was previewed (cli.py worker): this server stays free for
        # everyone else meanwhile.
        queued = attempt(lambda: queue_field_return(
            store, prepared, actor=actor, photos_missing_confirmed=confirmed,
            key=submission_key("field-return", upload, confirmed)))  # fmt: skip
    if queued is not None:
        st.session_state.field_return_job = (queued, upload.file_id)
        st.rerun()  # the panel above follows it


def field_return_done(_store: Store, job: Job, _actor: Actor) -> None:
    report = FieldImport(**(job.result or {}))
    st.success(_("Saved: {events} consent events and {concerns} concerns; {dups} rows were "
                 "already here.").format(events=report.new_events, concerns=report.new_concerns,
                                         dups=report.duplicates))  # fmt: skip
    listed(_("Recorded offline against an older state"), report.stale)
    listed(_("Two statuses for one household on one day"), report.clashes)


def bring_back_tab() -> None:
    upload = st.file_uploader(_("The package brought back from the field (.zip)"),
                              type=[s.lstrip(".") for s in PACKAGE_SUFFIXES], key="field-return")  # fmt: skip
    asked, for_file = st.session_state.get("field_return_job", (None, None))
    job_panel(store, actor, (asked if upload is not None and upload.file_id == for_file else None)
              if upload is not None else 0, kinds=(JobKind.FIELD_RETURN,), done=field_return_done)  # fmt: skip
    if upload is not None:
        bring_back(upload)


if section == "take":
    take_offline()
elif section == "bring":
    bring_back_tab()


def review_form(clash: Clash) -> None:
    st.warning(_("{household}: different statuses recorded for {day}.").format(
        household=plain(clash.household), day=format_date(clash.day)))  # fmt: skip
    st.markdown("\n".join(
        f"- “{plain(e.status.label)}” ({plain(e.recorded_by)}, {e.recorded_at}, "
        + (_("in the field") if e.from_field else _("at the office")) + ")"
        for e in clash.entries))  # fmt: skip
    sides = list(dict.fromkeys(e.status for e in clash.entries))
    review = RecordForm("field-review", clash.household_id, clash.day, clash.rows)
    with st.form(review.id):
        stands = st.radio(_("Which status stands for this day?"), sides,
                          format_func=lambda s: s.label, key=review.key("stands"))  # fmt: skip
        if not st.form_submit_button(_("Choose: this status stands"), width="stretch"):
            return
        done = attempt(lambda: resolve_clash(
            store, project, clash.household_id, clash.day, stands, actor=actor,
            seen_clashes=clash.rows,
            key=submission_key("field-review", clash.household_id, clash.day, clash.rows)))  # fmt: skip
    if done is not None:
        review.saved(_("Recorded: “{status}” stands.").format(status=stands.label))


if section == "review":
    with shown_errors():
        clashes = open_clashes(store, project, actor=actor)
        rows = field_rows(store, project, actor=actor)
    if not clashes and not any(r.conflict == "stale" for r in rows):
        st.info(_("Nothing left to review."))
    for clash in clashes:
        review_form(clash)
    stale = [r for r in rows if r.conflict == "stale"]
    if stale:
        st.subheader(_("Recorded offline against an older state"))
        st.markdown("\n".join(
            f"- **{plain(r.household)}**, {r.day}: “{plain(r.what)}” ({plain(r.user)}). "
            + _("Since the export: {office}").format(office=plain(r.office))
            for r in stale))  # fmt: skip

"""Reports: the monthly steering-committee report, meeting minutes, and the project's data for QGIS/Excel."""

import datetime as dt
from functools import partial

import streamlit as st

from consultations.jobs.model import JobKind
from consultations.jobs.service import queue_monthly_report, queue_project_data
from consultations.meetings.minutes import meeting_minutes, minutes_docx, minutes_html
from consultations.meetings.service import project_meetings
from consultations.reporting.monthly_report import FORMATS
from consultations.reporting.options import BACKLOG_DAYS
from translations import _, format_date, format_month, local_today
from ui.commands import submission_key
from ui.errors import shown_errors
from ui.forms import attempt
from ui.frame import page_frame
from ui.jobs import file_done, job_panel

store, actor, project = page_frame(_("Reports"), saves=False)
today = local_today()

st.subheader(_("Monthly steering-committee report"))
start = project.cutoff_on or today.replace(day=1)
months: list[dt.date] = []  # first days, shown as people write a month (12/2026)
month = today.replace(day=1)
while month >= start.replace(day=1) and len(months) < 120:
    months.append(month)
    month = (month - dt.timedelta(days=1)).replace(day=1)
picked = st.selectbox(_("Month"), months or [today.replace(day=1)], format_func=format_month)
chosen_month = f"{picked or today:%Y-%m}"  # as the service and the command line take it
backlog_days = int(st.session_state.get("backlog_days", BACKLOG_DAYS))
st.caption(
    _("Backlog: no progress for {days} days (a setting on the Overview page).").format(
        days=backlog_days
    )
)


def queue_report(fmt: str) -> int:
    """The worker builds it (cli.py worker): this server stays free for everyone else meanwhile.
    A second click within the minute is the same request; a later one, a new report."""
    return queue_monthly_report(
        store, project, chosen_month, fmt, actor=actor, backlog_days=backlog_days,
        key=submission_key("monthly-report", project.id, chosen_month, fmt, backlog_days,
                           f"{dt.datetime.now():%Y%m%d%H%M}"),
    )  # fmt: skip


columns = st.columns(2)
for column, fmt in zip(columns, FORMATS, strict=True):
    if column.button(_("Prepare the report ({fmt})").format(fmt=fmt.upper()), key=f"report-{fmt}"):
        attempt(partial(queue_report, fmt))
job_panel(store, actor, kinds=(JobKind.MONTHLY_REPORT,), done=file_done,
          project_id=project.id)  # fmt: skip

st.subheader(_("Meeting minutes"))
with shown_errors():
    meetings = project_meetings(store, project.id, actor=actor)
if not meetings:
    st.info(_("No meeting recorded yet."))
else:
    labels = {
        m.id: f"{format_date(m.held_at.date())} · {m.kind.label} · {m.place}" for m in meetings
    }
    meeting_id = st.selectbox(_("Meeting"), list(labels), format_func=labels.__getitem__)
    with shown_errors():
        minutes = meeting_minutes(store, int(meeting_id), actor=actor)
        columns = st.columns(2)
        columns[0].download_button(_("Minutes (printable HTML)"), minutes_html(minutes),
                                   file_name=f"bien-ban-{meeting_id}.html", mime="text/html")  # fmt: skip
        columns[1].download_button(
            _("Minutes (DOCX)"), minutes_docx(minutes), file_name=f"bien-ban-{meeting_id}.docx",
            mime="application/vnd.openxmlformats-officedocument.wordprocessingml.document",
        )  # fmt: skip

st.subheader(_("Data for QGIS and Excel"))
st.caption(_("Internal: the registers carry ID numbers and phones. Every export is logged."))
fmt = st.radio(_("Format"), ["gpkg", "xlsx", "csv"], horizontal=True,
               format_func={"gpkg": _("GeoPackage (parcels, for QGIS)"), "xlsx": _("Excel workbook (all registers)"),
                            "csv": _("CSV (households)")}.__getitem__)  # fmt: skip
if st.button(_("Prepare the export")):  # the worker writes it (cli.py worker)
    attempt(lambda: queue_project_data(
        store, project, str(fmt), actor=actor,
        key=submission_key("project-data", project.id, fmt, f"{dt.datetime.now():%Y%m%d%H%M}"),
    ))  # fmt: skip
job_panel(store, actor, kinds=(JobKind.PROJECT_DATA,), project_id=project.id,
          done=lambda s, job, a: file_done(s, job, a, _("Download ({rows} rows)").format(
              rows=(job.result or {}).get("rows", 0))))  # fmt: skip

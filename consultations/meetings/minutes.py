"""Meeting minutes (biên bản) pre-filled from a meeting's record: printable HTML and DOCX.

The minutes are for the meeting's own file and its signatories: they name attendees and what they
asked, but never ID numbers, phones, birth dates or vulnerability (they are not in the record used).
"""

from __future__ import annotations

import datetime as dt
import html
import io
from dataclasses import dataclass

import docx
import pandas as pd
from docx.enum.text import WD_ALIGN_PARAGRAPH

from consultations.core.access import Action, Actor, require
from consultations.core.database import Store
from consultations.core.records import ConcernCategory, MeetingKind, Project
from consultations.meetings.store import attendance_of, meeting_by_id, meeting_records, poll_tallies
from consultations.projects.service import project_in
from translations import _, format_date, format_time, local_time


@dataclass(frozen=True)
class Minutes:
    project: Project
    kind: str
    held_at: dt.datetime
    place: str
    chair: str
    officials: str
    summary: str
    attendees: pd.DataFrame  # attendee_name, sex, role, household_code
    concerns: pd.DataFrame  # category, text, answer, answered_by, household_code
    commitments: pd.DataFrame  # text, promised_by, due_on
    polls: pd.DataFrame  # question, label, votes

    @property
    def women(self) -> int:
        return int((self.attendees.sex == "F").sum()) if len(self.attendees) else 0


def meeting_minutes(store: Store, meeting_id: int, *, actor: Actor) -> Minutes:
    """The minutes of one meeting; they name who came, so only for roles with internal reports."""
    require(actor, Action.EXPORT_INTERNAL)
    with store.read() as conn:
        meeting = meeting_by_id(conn, meeting_id)
        require(actor, Action.EXPORT_INTERNAL, project_id=int(meeting["project_id"]))
        project = project_in(conn, meeting["project_id"])
        attendees = attendance_of(conn, meeting_id)
        concerns, commitments = meeting_records(conn, meeting_id)
        polls = poll_tallies(conn, meeting_id)
    chair = ", ".join(x for x in (meeting["chair_name"], meeting["chair_title"]) if x)
    return Minutes(
        project=project, kind=MeetingKind(meeting["kind"]).label, held_at=meeting["held_at"],
        place=meeting["place"] or "", chair=chair, officials=meeting["officials"] or "",
        summary=meeting["summary"] or "", attendees=attendees, concerns=concerns,
        commitments=commitments, polls=polls,
    )  # fmt: skip


def _sections(m: Minutes) -> list[tuple[str, list[str]]]:
    """The minutes as headed lists of paragraphs, shared by HTML and DOCX."""
    when = local_time(m.held_at)  # stored in UTC; the meeting was held in Vietnam's time
    opening = [
        _("Time: {time}, {date}.").format(time=format_time(when), date=format_date(when.date())),
        _("Place: {place}.").format(place=m.place or "-"),
        _("Chaired by: {chair}.").format(chair=m.chair or "-"),
        _("Officials present: {names}.").format(names=m.officials or "-"),
        _("Residents present: {n}, of whom {women} women.").format(
            n=len(m.attendees), women=m.women
        ),
    ]
    attendees = [
        f"{i}. {a.attendee_name}"
        + (f" ({a.household_code})" if isinstance(a.household_code, str) else "")
        for i, a in enumerate(m.attendees.itertuples(), start=1)
    ]
    asked = [
        _("{who} asked ({category}): {text}").format(
            who=c.household_code if isinstance(c.household_code, str) else _("A resident"),
            category=ConcernCategory(c.category).label, text=c.text)
        + ("  " + _("Answer ({by}): {answer}").format(by=c.answered_by or "-", answer=c.answer)
           if isinstance(c.answer, str) and c.answer else "  " + _("Not answered at the meeting."))
        for c in m.concerns.itertuples()
    ]  # fmt: skip
    promised = [
        _("{who} will {text} (by {due}).").format(
            who=k.promised_by, text=k.text, due=format_date(k.due_on) if k.due_on else "-")
        for k in m.commitments.itertuples()
    ]  # fmt: skip
    polls = [f"{p.question}: {p.label} — {int(p.votes)}" for p in m.polls.itertuples()]
    return [
        ("", opening),
        (_("Attendance"), attendees or [_("None recorded.")]),
        (_("Content"), [m.summary or "-"]),
        (_("Questions and answers"), asked or [_("None recorded.")]),
        (_("Commitments"), promised or [_("None recorded.")]),
        *([(_("Votes"), polls)] if polls else []),
        ("", [_("The meeting closed the same day. These minutes were read to those present, who agreed "
                "with their content.")]),
    ]  # fmt: skip


HEADER = ("CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM", "Độc lập - Tự do - Hạnh phúc")


def _title(m: Minutes) -> tuple[str, str]:
    return _("MINUTES"), _("{kind} — {project}").format(kind=m.kind, project=m.project.name)


def _signatures() -> list[str]:
    return [_("Chair"), _("Secretary"), _("Residents' representative")]


def minutes_html(m: Minutes) -> str:
    title, subtitle = _title(m)
    parts = [
        "<!DOCTYPE html><html lang='vi'><head><meta charset='utf-8'>",
        "<meta http-equiv='Content-Security-Policy' content=\"default-src 'none'; style-src 'unsafe-inline'\">",
        f"<title>{html.escape(title)} {html.escape(subtitle)}</title><style>",
        "body{font-family:'Times New Roman','DejaVu Serif',serif;margin:24px;font-size:15px}"
        ".c{text-align:center} h1{font-size:18px;margin:18px 0 0} h2{font-size:15px}"
        ".sign{display:flex;justify-content:space-between;margin-top:40px;text-align:center}"
        "@page{size:A4;margin:20mm} @media print{body{margin:0}}",
        "</style></head><body>",
        f"<div class='c'><strong>{html.escape(HEADER[0])}</strong><br><u>{html.escape(HEADER[1])}</u></div>",
        f"<h1 class='c'>{html.escape(title)}</h1><p class='c'><strong>{html.escape(subtitle)}</strong></p>",
    ]  # fmt: skip
    for heading, paragraphs in _sections(m):
        if heading:
            parts.append(f"<h2>{html.escape(heading)}</h2>")
        parts += [f"<p>{html.escape(p)}</p>" for p in paragraphs]
    parts.append("<div class='sign'>" + "".join(
        f"<div><strong>{html.escape(s)}</strong><br><em>{html.escape(_('(sign, full name)'))}</em></div>"
        for s in _signatures()) + "</div></body></html>")  # fmt: skip
    return "\n".join(parts)


def minutes_docx(m: Minutes) -> bytes:
    document = docx.Document()
    title, subtitle = _title(m)
    for text, bold in (
        (HEADER[0], True),
        (HEADER[1], False),
        ("", False),
        (title, True),
        (subtitle, True),
    ):
        paragraph = document.add_paragraph()
        paragraph.alignment = WD_ALIGN_PARAGRAPH.CENTER
        paragraph.add_run(text).bold = bold
    for heading, paragraphs in _sections(m):
        if heading:
            document.add_heading(heading, level=2)
        for text in paragraphs:
            document.add_paragraph(text)
    table = document.add_table(rows=2, cols=3)
    for i, who in enumerate(_signatures()):
        table.cell(0, i).paragraphs[0].add_run(who).bold = True
        table.cell(1, i).paragraphs[0].add_run(_("(sign, full name)")).italic = True
    buffer = io.BytesIO()
    document.save(buffer)
    return buffer.getvalue()

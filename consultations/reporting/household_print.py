"""A household's file (``household_file.PrintedFile``) on paper: printable HTML and DOCX.

Both are written from the same headed sections, so they hold the same text. The HTML opens
offline and prints on A4: its style is inline, it loads nothing (its Content-Security-Policy
forbids any request), and every value in it is escaped.
"""

from __future__ import annotations

import html
import io
from dataclasses import dataclass, field
from decimal import Decimal
from typing import TYPE_CHECKING

import docx
from docx.enum.text import WD_ALIGN_PARAGRAPH

from consultations.compensation.money import vnd
from consultations.core.corrections import correction_mark
from consultations.core.numbers import shown
from consultations.households.service import vulnerability_label
from translations import _, format_date

if TYPE_CHECKING:
    from consultations.reporting.household_file import PrintedFile

HEADER = ("CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM", "Độc lập - Tự do - Hạnh phúc")


@dataclass(frozen=True)
class Section:
    heading: str
    paragraphs: list[str] = field(default_factory=list)
    columns: list[str] = field(default_factory=list)
    rows: list[list[str]] = field(default_factory=list)


def _m2(value: float) -> str:
    return shown(Decimal(f"{value:.1f}"), places=1)


def _household(f: PrintedFile) -> Section:
    h = f.household
    lines = [
        _("Code: {code}").format(code=h.code),
        _("Head of household: {name}").format(name=h.head_name),
        _("Village: {village}").format(village=h.village or "-"),
        _("Status: {status}").format(status=f.status.label)
        + (" " + _("(since {date})").format(date=format_date(f.status_since)) if f.status_since else ""),
    ]  # fmt: skip
    if not h.affected:
        lines.append(_("No longer affected by the project; its history is kept."))
    if f.personal:
        sex = {"M": _("Male"), "F": _("Female")}.get(h.head_sex or "", "-")
        lines += [
            _("Sex: {sex} · members: {members}").format(sex=sex, members=h.members or "-"),
            _("ID number: {number}").format(number=h.id_number or "-"),
            _("Phone: {phone}").format(phone=h.phone or "-"),
            _("Vulnerability: {list}").format(
                list=", ".join(vulnerability_label(v) for v in h.vulnerability) or "-"
            ),
        ]
        if h.notes:
            lines.append(_("Notes: {notes}").format(notes=h.notes))
    else:
        lines.append(_("Personal data (name, ID number, phone, vulnerability, texts of concerns, "
                       "promises and petitions) is left out: your role may not read it here."))  # fmt: skip
    return Section(_("Household"), lines)


def _parcels(f: PrintedFile) -> Section:
    columns = [_("Parcel"), _("Commune"), _("Land use"), _("Area (m²)"),
               _("Permanent recovery (m²)"), _("Restricted corridor (m²)")]  # fmt: skip
    rows = [[p.label, p.commune or "-", p.land_use_codes or "-", _m2(p.area_m2), _m2(p.permanent_m2),
             _m2(p.restricted_m2)] for p in f.parcels]  # fmt: skip
    if rows:
        rows.append([_("Total"), "", "", _m2(sum(p.area_m2 for p in f.parcels)),
                     _m2(sum(p.permanent_m2 for p in f.parcels)),
                     _m2(sum(p.restricted_m2 for p in f.parcels))])  # fmt: skip
    lines = [
        _("Parcels linked (sheet/parcel): {list}").format(list=", ".join(f.parcel_labels) or "-")
    ]
    if not rows:
        lines.append(_("None of its parcels is affected by the project."))
    return Section(_("Parcels and areas"), lines, columns if rows else [], rows)


def _timeline(f: PrintedFile) -> Section:
    rows = [[format_date(e.on), e.kind, e.what, e.by] for e in f.timeline]
    return Section(_("Timeline"), [] if rows else [_("None recorded.")],
                   [_("Date"), _("Kind"), _("What"), _("By")] if rows else [], rows)  # fmt: skip


def _promises(f: PrintedFile) -> Section:
    rows = [[p.text if p.text is not None else _("(withheld)"), p.promised_by or "-",
             format_date(p.due_on) or "-", format_date(p.done_on) or "-", p.status.label]
            for p in f.promises]  # fmt: skip
    columns = [_("Promise"), _("Promised by"), _("Due"), _("Done"), _("Status")]
    return Section(_("Commitments"), [] if rows else [_("None recorded.")],
                   columns if rows else [], rows)  # fmt: skip


def _money(f: PrintedFile) -> Section:
    a = f.account
    if a is None:
        lines = [_("This household is in no compensation plan yet.")]
    else:
        lines = [
            _("Estimated in the newest plan: {amount}").format(amount=vnd(a.estimated_vnd)),
            _("Approved: {amount}").format(amount=vnd(a.approved_vnd))
            + (" " + _("(on {date})").format(date=format_date(a.approved_on)) if a.approved_on else ""),
            _("Paid: {amount}").format(amount=vnd(a.paid_vnd)),
            _("Outstanding: {amount}").format(amount=vnd(a.outstanding_vnd)),
        ]  # fmt: skip
        if a.pay_by:
            lines.append(_("To be paid by {date}").format(date=format_date(a.pay_by))
                         + (" — " + _("late") if a.late else ""))  # fmt: skip
    rows = [[format_date(p.paid_on), p.kind.label, vnd(p.amount_vnd) + correction_mark(p.corrected, None),
             p.method.label, p.receipt or "-"] for p in f.payments]  # fmt: skip
    columns = [_("Day"), _("Kind"), _("Amount"), _("Method"), _("Receipt")]
    return Section(_("Compensation and payments"), lines, columns if rows else [], rows)


def sections(f: PrintedFile) -> list[Section]:
    """The file as headed sections, shared by HTML and DOCX."""
    return [_household(f), _parcels(f), _timeline(f), _promises(f), _money(f)]


def _title(f: PrintedFile) -> tuple[str, str, str]:
    return (
        _("HOUSEHOLD FILE"),
        _("{code} — {project}").format(code=f.household.code, project=f.project.name),
        _("Printed on {date} by {reader}.").format(date=format_date(f.today), reader=f.reader),
    )


STYLE = (
    "body{font-family:'Times New Roman','DejaVu Serif',serif;margin:24px;font-size:13px}"
    ".c{text-align:center} h1{font-size:18px;margin:16px 0 0} h2{font-size:14px;margin:14px 0 4px}"
    "p{margin:2px 0} table{border-collapse:collapse;width:100%;margin:4px 0}"
    "th,td{border:1px solid #444;padding:2px 4px;text-align:left;vertical-align:top}"
    "th{background:#eee} td:first-child{white-space:nowrap} tr{page-break-inside:avoid} h2{page-break-after:avoid}"
    ".sign{margin:28px 0 0 auto;width:40%;text-align:center;page-break-inside:avoid}"
    "@page{size:A4;margin:15mm} @media print{body{margin:0}}"
)


def file_html(f: PrintedFile) -> str:
    title, subtitle, printed = (html.escape(t) for t in _title(f))
    parts = [
        "<!DOCTYPE html><html lang='vi'><head><meta charset='utf-8'>",
        "<meta http-equiv='Content-Security-Policy' content=\"default-src 'none'; style-src 'unsafe-inline'\">",
        f"<title>{title} {subtitle}</title><style>{STYLE}</style></head><body>",
        f"<div class='c'><strong>{html.escape(HEADER[0])}</strong><br><u>{html.escape(HEADER[1])}</u></div>",
        f"<h1 class='c'>{title}</h1><p class='c'><strong>{subtitle}</strong></p><p class='c'><em>{printed}</em></p>",
    ]  # fmt: skip
    for s in sections(f):
        parts.append(f"<section><h2>{html.escape(s.heading)}</h2>")
        parts += [f"<p>{html.escape(p)}</p>" for p in s.paragraphs]
        if s.columns:
            parts.append("<table><thead><tr>" + "".join(f"<th>{html.escape(c)}</th>" for c in s.columns)
                         + "</tr></thead><tbody>")  # fmt: skip
            parts += ["<tr>" + "".join(f"<td>{html.escape(v)}</td>" for v in row) + "</tr>"
                      for row in s.rows]  # fmt: skip
            parts.append("</tbody></table>")
        parts.append("</section>")
    parts.append(f"<div class='sign'><strong>{html.escape(_('Prepared by'))}</strong><br>"
                 f"<em>{html.escape(_('(sign, full name)'))}</em></div></body></html>")  # fmt: skip
    return "\n".join(parts)


def file_docx(f: PrintedFile) -> bytes:
    document = docx.Document()
    title, subtitle, printed = _title(f)
    for text, bold in ((HEADER[0], True), (HEADER[1], False), ("", False), (title, True),
                       (subtitle, True), (printed, False)):  # fmt: skip
        paragraph = document.add_paragraph()
        paragraph.alignment = WD_ALIGN_PARAGRAPH.CENTER
        paragraph.add_run(text).bold = bold
    for s in sections(f):
        document.add_heading(s.heading, level=2)
        for text in s.paragraphs:
            document.add_paragraph(text)
        if s.columns:
            table = document.add_table(rows=1, cols=len(s.columns))
            table.style = "Table Grid"
            for cell, text in zip(table.rows[0].cells, s.columns, strict=True):
                cell.paragraphs[0].add_run(text).bold = True
            for row in s.rows:
                for cell, text in zip(table.add_row().cells, row, strict=True):
                    cell.text = text
    for text, italic in ((_("Prepared by"), False), (_("(sign, full name)"), True)):
        paragraph = document.add_paragraph()
        paragraph.alignment = WD_ALIGN_PARAGRAPH.RIGHT
        run = paragraph.add_run(text)
        run.bold, run.italic = not italic, italic
    section = document.sections[0]  # A4, as the HTML prints
    section.page_width, section.page_height = docx.shared.Mm(210), docx.shared.Mm(297)
    buffer = io.BytesIO()
    document.save(buffer)
    return buffer.getvalue()

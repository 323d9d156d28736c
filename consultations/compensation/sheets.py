"""The papers a commune needs: a household's calculation sheet (XLSX and DOCX, in the layout of a
"bảng tính chi tiết bồi thường, hỗ trợ": each line's quantity, unit price, coefficient, amount
and reason, subtotals by section, the total in figures and in words, the signatures), the list
posted at the commune (code, head, village and amounts only: never an ID number, phone or birth
date) and the annex table of the approval decision."""

from __future__ import annotations

import io
from dataclasses import dataclass

import docx
import pandas as pd
from docx.enum.section import WD_ORIENT
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.shared import Mm
from openpyxl.drawing.image import Image as XLImage
from openpyxl.utils import get_column_letter

from consultations.compensation import store as _store
from consultations.compensation.calculation import number
from consultations.compensation.model import Plan, PlanLine, Section
from consultations.compensation.money import in_words, vnd
from consultations.compensation.roles import approver
from consultations.compensation.service import plan_from, plan_lines_in
from consultations.core.access import (
    Action,
    Actor,
    readable_households,
    require,
    require_household,
)
from consultations.core.audit import write_audit
from consultations.core.database import Store
from consultations.core.errors import InvalidRecord, NotFound
from consultations.core.qr import public_address, qr_on_paper, qr_png
from consultations.core.records import Household, Project
from consultations.core.spreadsheets import fit_columns, inert, inert_cell
from consultations.households.service import household_in, households_in
from translations import _, format_date, local_today

NATION = ("CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM", "Độc lập - Tự do - Hạnh phúc")


@dataclass(frozen=True)
class Sheet:
    project: Project
    plan: Plan
    household: Household
    lines: list[PlanLine]

    @property
    def total_vnd(self) -> int:
        return sum(line.amount_vnd for line in self.lines)

    def subtotals(self) -> list[tuple[Section, int]]:
        return [(s, sum(x.amount_vnd for x in self.lines if x.section is s)) for s in Section
                if any(x.section is s for x in self.lines)]  # fmt: skip

    def title(self) -> str:
        return _("DETAILED CALCULATION OF COMPENSATION AND SUPPORT")

    def heading(self) -> list[str]:
        state = self.plan.state.label + (
            f" · {self.plan.decision} ({format_date(self.plan.approved_on)})" if self.plan.decision else "")  # fmt: skip
        return [
            _("Project: {name}").format(name=self.project.name),
            _("Plan: {title} · {state}").format(title=self.plan.title, state=state),
            _("Household: {code} · {head} · {village}").format(
                code=self.household.code, head=self.household.head_name, village=self.household.village or "-"),
        ]  # fmt: skip

    def table(self) -> pd.DataFrame:
        rows = []
        for section, subtotal in self.subtotals():
            rows.append({_("Item"): section.label, _("Quantity"): "", _("Unit"): "", _("Unit price (đ)"): "",
                         _("Coefficient"): "", _("Amount (đ)"): subtotal, _("Reason"): ""})  # fmt: skip
            rows += [{_("Item"): x.label, _("Quantity"): number(x.quantity), _("Unit"): x.unit,
                      _("Unit price (đ)"): x.unit_price_vnd, _("Coefficient"): number(x.coefficient),
                      _("Amount (đ)"): x.amount_vnd, _("Reason"): x.reason}
                     for x in self.lines if x.section is section]  # fmt: skip
        rows.append({_("Item"): _("Total"), _("Amount (đ)"): self.total_vnd})
        return pd.DataFrame(rows).fillna("")


def household_sheet(
    store: Store, project: Project, plan_id: int, household_id: int, *, actor: Actor
) -> Sheet:
    """One household's lines in a plan, as its calculation sheet (read by those who read people)."""
    with store.read() as conn:
        require_household(conn, actor, Action.READ_PERSONAL, household_id, project.id)
        row = _store.plan_row(conn, plan_id)
        if row is None or row["project_id"] != project.id:
            raise NotFound(_("There is no such plan in this project."))
        lines = plan_lines_in(conn, plan_id, household_id)
        household = household_in(conn, household_id)
    if not lines:
        raise InvalidRecord(_("This household is not in that plan."))
    return Sheet(project, plan_from(row), household, lines)


def sheet_xlsx(sheet: Sheet) -> bytes:
    buffer = io.BytesIO()
    with pd.ExcelWriter(buffer, engine="openpyxl") as book:
        name = _("Calculation")[:31]
        inert(sheet.table()).to_excel(book, sheet_name=name, index=False, startrow=6)
        cells = book.sheets[name]
        fit_columns(cells, sheet.table())
        cells.page_setup.orientation = "landscape"
        cells.page_setup.paperSize = cells.PAPERSIZE_A4
        for row, text in enumerate([*NATION, sheet.title(), *sheet.heading()], start=1):
            cells.cell(row=row, column=1, value=inert_cell(text))
        last = 8 + len(sheet.table())
        cells.cell(
            row=last + 1,
            column=1,
            value=_("In words: {words}").format(words=in_words(sheet.total_vnd)),
        )
    return buffer.getvalue()


def sheet_docx(sheet: Sheet) -> bytes:
    document = docx.Document()
    section = document.sections[0]  # A4, landscape: the reasons need the width
    section.orientation = WD_ORIENT.LANDSCAPE
    section.page_width, section.page_height = Mm(297), Mm(210)
    section.left_margin = section.right_margin = Mm(15)
    for text, bold in ((NATION[0], True), (NATION[1], False), ("", False), (sheet.title(), True)):
        paragraph = document.add_paragraph()
        paragraph.alignment = WD_ALIGN_PARAGRAPH.CENTER
        paragraph.add_run(text).bold = bold
    for text in sheet.heading():
        document.add_paragraph(text)
    frame = sheet.table()
    table = document.add_table(rows=1, cols=len(frame.columns))
    table.style = "Table Grid"
    for i, column in enumerate(frame.columns):
        table.rows[0].cells[i].paragraphs[0].add_run(str(column)).bold = True
    for record in frame.itertuples(index=False):
        cells = table.add_row().cells
        for i, value in enumerate(record):
            cells[i].text = vnd(value).removesuffix(" đ") if isinstance(value, int) else str(value)
    document.add_paragraph(_("Total: {total}. In words: {words}.").format(
        total=vnd(sheet.total_vnd), words=in_words(sheet.total_vnd)))  # fmt: skip
    signatures = document.add_table(rows=2, cols=3)
    for i, who in enumerate(
        (_("The household"), _("The inventory team"), _("The site-clearance council"))
    ):
        signatures.cell(0, i).paragraphs[0].add_run(who).bold = True
        signatures.cell(1, i).paragraphs[0].add_run(_("(sign, full name)")).italic = True
    buffer = io.BytesIO()
    document.save(buffer)
    return buffer.getvalue()


def sheet_plan(store: Store, project: Project, code: str, *, actor: Actor) -> tuple[int, int]:
    """The household with ``code`` and the plan its sheet comes from: the newest approved plan
    that includes it, else the newest plan that does."""
    require(actor, Action.READ_PERSONAL, project_id=project.id)
    with store.read() as conn:
        found = [
            h
            for h in households_in(conn, project.id)
            if h.code.casefold() == code.strip().casefold()
        ]
        if not found:
            raise NotFound(_("There is no household {code} in this project.").format(code=code))
        plans = _store.plan_rows(conn, project.id)
        mine = {
            r["plan_id"] for r in _store.plan_line_rows(conn, [p["id"] for p in plans], found[0].id)
        }
    candidates = [p for p in plans if p["id"] in mine]
    if not candidates:
        raise InvalidRecord(
            _("Household {code} is in no compensation plan yet.").format(code=found[0].code)
        )
    fixed = [p for p in candidates if p["state"] in ("approved", "superseded")]
    return found[0].id, max(p["id"] for p in (fixed or candidates))


def household_plans(
    store: Store, project: Project, household_id: int, *, actor: Actor
) -> list[Plan]:
    """The plans that include the household, oldest first (a draft's lines can be read before it
    is posted)."""
    with store.read() as conn:
        require_household(conn, actor, Action.READ_PERSONAL, household_id, project.id)
        rows = _store.plan_rows(conn, project.id)
        mine = {
            r["plan_id"] for r in _store.plan_line_rows(conn, [p["id"] for p in rows], household_id)
        }
    return [plan_from(r) for r in rows if r["id"] in mine]


def write_sheet(
    store: Store, project: Project, plan_id: int, household_id: int, out_name: str, *, actor: Actor
) -> bytes:
    """The sheet as ``.xlsx`` or ``.docx`` bytes; the export is in the audit log."""
    fmt = out_name.rsplit(".", 1)[-1].lower()
    if fmt not in ("xlsx", "docx"):
        raise InvalidRecord(
            _("Write the sheet to .xlsx or .docx, not “{name}”.").format(name=out_name)
        )
    sheet = household_sheet(store, project, plan_id, household_id, actor=actor)
    data = sheet_xlsx(sheet) if fmt == "xlsx" else sheet_docx(sheet)
    with store.begin() as conn:
        write_audit(conn, actor=str(actor), action="export", entity="compensation_sheet", entity_id=plan_id,
                    project_id=project.id, after={"household_id": household_id, "format": fmt})  # fmt: skip
    return data


def posted_list(store: Store, project: Project, plan_id: int, *, actor: Actor) -> pd.DataFrame:
    """The list posted at the commune: each household's code, head, village and amounts by section.
    Nothing private: no ID number, phone, birth date or vulnerability. A field officer's list holds
    the households of their communes only (it is posted at a commune)."""
    with store.read() as conn:
        readable = readable_households(conn, actor, project.id)
        row = _store.plan_row(conn, plan_id)
        if row is None or row["project_id"] != project.id:
            raise NotFound(_("There is no such plan in this project."))
        lines = [x for x in plan_lines_in(conn, plan_id)
                 if readable is None or x.household_id in readable]  # fmt: skip
        people = {h.id: h for h in households_in(conn, project.id)}
    rows = []
    for household_id in sorted({x.household_id for x in lines}, key=lambda h: people[h].code):
        own = [x for x in lines if x.household_id == household_id]
        person = people[household_id]
        rows.append({_("Code"): person.code, _("Head of household"): person.head_name,
                     _("Village"): person.village or "",
                     **{s.label: sum(x.amount_vnd for x in own if x.section is s) for s in Section},
                     _("Total (đ)"): sum(x.amount_vnd for x in own)})  # fmt: skip
    return pd.DataFrame(rows)


def annex_xlsx(store: Store, project: Project, plan_id: int, *, actor: Actor) -> bytes:
    """The approval decision's annex: the posted list with its total, and every line with its
    reason; for an approved plan (a chair's or administrator's export)."""
    approver(actor, project.id)
    listed = posted_list(store, project, plan_id, actor=actor)
    with store.read() as conn:
        lines = plan_lines_in(conn, plan_id)
        people = {h.id: h.code for h in households_in(conn, project.id)}
    detail = pd.DataFrame([{_("Code"): people[x.household_id], _("Item"): x.label, _("Quantity"): number(x.quantity),
                            _("Unit"): x.unit, _("Unit price (đ)"): x.unit_price_vnd,
                            _("Coefficient"): number(x.coefficient), _("Amount (đ)"): x.amount_vnd,
                            _("Reason"): x.reason} for x in lines])  # fmt: skip
    buffer = io.BytesIO()
    with pd.ExcelWriter(buffer, engine="openpyxl") as book:
        for name, frame in ((_("Annex I")[:31], listed), (_("Annex II")[:31], detail)):
            inert(frame).to_excel(book, sheet_name=name, index=False)
            fit_columns(book.sheets[name], frame)
    with store.begin() as conn:
        write_audit(conn, actor=str(actor), action="export", entity="compensation_plan", entity_id=plan_id,
                    project_id=project.id, after={"what": "annex", "day": local_today().isoformat()})  # fmt: skip
    return buffer.getvalue()


def posted_list_xlsx(store: Store, project: Project, plan_id: int, *, actor: Actor) -> bytes:
    """The list to post at the commune as a workbook: the project and plan above, a total row."""
    listed = posted_list(store, project, plan_id, actor=actor)
    with store.read() as conn:
        row = _store.plan_row(conn, plan_id)
    if row is None:  # posted_list has said so already; for the type checker
        raise NotFound(_("There is no such plan in this project."))
    plan = plan_from(row)
    total: dict[str, object] = {column: "" for column in listed.columns}
    if len(listed):
        total[listed.columns[0]] = _("Total")
        for column in listed.columns[3:]:
            total[column] = int(listed[column].sum())
    frame = pd.concat([listed, pd.DataFrame([total])], ignore_index=True) if len(listed) else listed
    buffer = io.BytesIO()
    with pd.ExcelWriter(buffer, engine="openpyxl") as book:
        name = _("Posted list")[:31]
        inert(frame).to_excel(book, sheet_name=name, index=False, startrow=3)
        cells = book.sheets[name]
        fit_columns(cells, frame)
        for number, text in enumerate((project.name, _("Plan: {title} · {state}").format(
                title=plan.title, state=plan.state.label), _("Posted from {start} to {end}.").format(
                start=format_date(plan.posted_from), end=format_date(plan.posted_to))), start=1):  # fmt: skip
            cells.cell(row=number, column=1, value=inert_cell(text))
        # The QR code of the project's public page, beside the heading: who reads the list on the
        # commune's board follows the project (and their own matter) from it.
        caption = qr_on_paper(project.slug)[1]
        corner = f"{get_column_letter(len(listed.columns) + 2)}1"
        cells[corner] = inert_cell(caption)
        qr = XLImage(io.BytesIO(qr_png(public_address(project.slug), scale=3)))
        cells.add_image(qr, f"{get_column_letter(len(listed.columns) + 2)}2")
    return buffer.getvalue()

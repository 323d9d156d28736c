"""The monthly steering-committee report: where we are at the month's end, what changed since the
month before, what is stuck, what was promised and not done. As XLSX (one sheet per table) or as
one printable HTML page (A4, every text escaped).
"""

from __future__ import annotations

import datetime as dt
import html
import io
import re
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

import pandas as pd

from consultations.compensation.model import Account
from consultations.compensation.money import vnd
from consultations.compensation.payments import (
    Asked,
    Totals,
    accounts,
    asked_and_offered,
    by_commune,
    totals_of,
)
from consultations.core.access import Action, Actor, require
from consultations.core.commands import log_reading
from consultations.core.database import Store
from consultations.core.errors import InvalidRecord
from consultations.core.events import Entity
from consultations.core.records import ConcernCategory, ConsentStatus, Project
from consultations.core.spreadsheets import figures_as_numbers, inert
from consultations.petitions.figures import PetitionFigures, petition_figures
from consultations.reporting.columns import labelled
from consultations.reporting.figures import AGREEMENT_THRESHOLD
from consultations.reporting.options import BACKLOG_DAYS
from consultations.reporting.service import Dashboard, project_dashboard
from translations import _, format_date, format_month, local_today

FORMATS = ("xlsx", "html")
#: Each format's media type, for a download.
REPORT_TYPES = {
    "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    "html": "text/html",
}
_NOT_IN_SHEET_NAMES = re.compile(r"[\[\]:*?/\\]")  # Excel refuses these in a sheet's name


@dataclass(frozen=True)
class MonthlyReport:
    project: Project
    month: dt.date  # its first day
    now: Dashboard  # at the month's last day (or today, in the current month)
    before: Dashboard  # at the previous month's last day
    petitions: PetitionFigures | None = None  # the month's reception and petitions of the project
    money: Totals | None = None  # compensation at the month's end
    asked: tuple[Asked, ...] = ()  # price concerns naming an amount, received by the month's end
    owed: tuple[Account, ...] = ()  # each household's money at the month's end


def month_start(text: str) -> dt.date:
    """``YYYY-MM`` → the month's first day; anything else is refused in plain words."""
    match = re.fullmatch(r"(\d{4})-(\d{2})", text.strip())
    if not match or not 1 <= int(match.group(2)) <= 12:
        raise InvalidRecord(
            _("Give the month as YYYY-MM, for example 2024-04, not “{text}”.").format(text=text)
        )
    return dt.date(int(match.group(1)), int(match.group(2)), 1)


def monthly_report(
    store: Store, project: Project, month: str, *, actor: Actor, backlog_days: int = BACKLOG_DAYS,
    today: dt.date | None = None,
) -> MonthlyReport:  # fmt: skip
    first = month_start(month)
    today = today or local_today()
    if first > today:
        raise InvalidRecord(_("{month} has not begun yet.").format(month=month))
    following = (first + dt.timedelta(days=32)).replace(day=1)
    end = min(following - dt.timedelta(days=1), today)
    previous_end = first - dt.timedelta(days=1)
    # Read once: the month's totals are those of its accounts (report readers read every household).
    owed = tuple(accounts(store, project.id, actor=actor, today=end))
    return MonthlyReport(
        project=project,
        month=first,
        now=project_dashboard(store, project, end, backlog_days, actor=actor),
        before=project_dashboard(store, project, previous_end, backlog_days, actor=actor),
        petitions=petition_figures(store, actor=actor, start=first, end=end, project_id=project.id),
        money=totals_of(owed),
        asked=tuple(
            a for a in asked_and_offered(store, project.id, actor=actor) if a.received_on <= end
        ),
        owed=owed,
    )


def _share(value: float) -> str:
    return f"{value:.0%}"


def headline_table(report: MonthlyReport) -> pd.DataFrame:
    """The figures at both dates and the change."""
    b, n = report.before, report.now
    rows: list[tuple[str, float, float, bool]] = [
        (_("Affected households"), b.figures.affected_households, n.figures.affected_households, False),
        (_("Agreed (signed)"), b.figures.agreed, n.figures.agreed, False),
        (_("Agreement share"), b.figures.agreement_share, n.figures.agreement_share, True),
        (_("Has concerns"), b.figures.concerns, n.figures.concerns, False),
        (_("Refused"), b.figures.refused, n.figures.refused, False),
        (_("Informed"), b.figures.informed, n.figures.informed, False),
        (_("Not contacted"), b.figures.not_contacted, n.figures.not_contacted, False),
        (_("Affected parcels fully agreed"), b.parcels_agreed, n.parcels_agreed, False),
        (_("Towers ready to build"), b.towers_ready, n.towers_ready, False),
        (_("Open concerns"), b.grievances.open, n.grievances.open, False),
        (_("Concerns resolved"), b.grievances.resolved, n.grievances.resolved, False),
        (_("Overdue commitments"), b.overdue_total, n.overdue_total, False),
        (_("Meetings held"), b.meetings_held, n.meetings_held, False),
        (_("Households stuck (backlog)"), len(b.backlog), len(n.backlog), False),
    ]  # fmt: skip
    return pd.DataFrame(
        [
            {_("Figure"): label,
             format_date(report.before.as_of): _share(before) if share else int(before),
             format_date(report.now.as_of): _share(now) if share else int(now),
             _("Change"): f"{(now - before) * 100:+.0f} %" if share else f"{int(now - before):+d}"}
            for label, before, now, share in rows
        ]
    )  # fmt: skip


def report_tables(report: MonthlyReport) -> dict[str, pd.DataFrame]:
    """Every table of the report, titled, in order (the same for XLSX and HTML)."""
    now = report.now
    backlog = labelled(now.backlog.assign(
        status=[ConsentStatus(s).label for s in now.backlog.status],
        last_progress=[format_date(d) if isinstance(d, dt.date) else _("never") for d in now.backlog.last_progress],
        idle_days=now.backlog.idle_days.astype("Int64"),
    ), "backlog")  # fmt: skip
    overdue = now.overdue_commitments
    commitments = labelled(
        overdue.assign(due_on=[format_date(d) for d in overdue.get("due_on", [])]),
        "overdue_commitments",
    )
    concerns = labelled(
        now.concerns.assign(category=[ConcernCategory(c).label for c in now.concerns.category]),
        "concerns",
    )
    villages = labelled(now.by_village.assign(
        share=[_share(s) for s in now.by_village.share],
        above_threshold=[_("yes") if a else _("no") for a in now.by_village.above_threshold],
    ), "by_village")  # fmt: skip
    towers = pd.DataFrame({
        _("Tower"): [t.label for t in now.towers], _("Parcels under it"): [t.parcels for t in now.towers],
        _("Agreed"): [t.clear for t in now.towers],
        _("Ready to build"): [_("yes") if t.ready else _("no") for t in now.towers],
    })  # fmt: skip
    tables = {
        _("Headline figures"): headline_table(report),
        _("By commune and village"): villages,
        _("Backlog: no progress for {days} days").format(days=now.backlog_days): backlog,
        _("Overdue commitments"): commitments,
        _("Open concerns by category"): concerns,
    }
    if len(towers):
        tables[_("Towers")] = towers
    if report.money is not None and report.money.estimated_vnd:
        tables[_("Compensation at the month's end")] = money_table(report.money)
        communes = dict(zip(now.people.get("id", []), now.people.get("commune", []), strict=True))
        tables[_("Compensation by commune")] = by_commune(
            list(report.owed), communes, list(report.asked)
        )
    if report.asked:
        tables[_("Price concerns: asked and offered")] = pd.DataFrame({
            _("Code"): [a.household_code for a in report.asked], _("Received"): [format_date(a.received_on) for a in report.asked],
            _("For"): [a.part for a in report.asked], _("Asked"): [vnd(a.asked_vnd) for a in report.asked],
            _("Offered"): [vnd(a.offered_vnd) for a in report.asked],
            _("Difference"): [vnd(a.asked_vnd - a.offered_vnd) for a in report.asked],
            _("Open"): [_("yes") if a.open else _("no") for a in report.asked],
        })  # fmt: skip
    if report.petitions is not None and (report.petitions.received or report.petitions.sessions):
        tables[_("Citizen reception and petitions this month")] = petitions_table(report.petitions)
    return tables


def money_table(money: Totals) -> pd.DataFrame:
    rows = [(_("Estimated"), vnd(money.estimated_vnd)), (_("Approved"), vnd(money.approved_vnd)),
            (_("Paid"), vnd(money.paid_vnd)), (_("Outstanding"), vnd(money.outstanding_vnd)),
            (_("Households late for payment"), str(money.households_late))]  # fmt: skip
    return pd.DataFrame({_("Figure"): [r[0] for r in rows], _("Value"): [r[1] for r in rows]})


def petitions_table(figures: PetitionFigures) -> pd.DataFrame:
    """The month's reception sessions and petitions tied to the project, as provinces count them."""
    rows = figures.lines(backlog=False)  # the backlog list is a body's, not a project's
    return pd.DataFrame({_("Figure"): [r[0] for r in rows], _("Value"): [r[1] for r in rows]})


def report_title(report: MonthlyReport) -> str:
    return _("Monthly report {month}: {project}").format(
        month=format_month(report.month), project=report.project.name
    )


def report_xlsx(report: MonthlyReport) -> bytes:
    buffer = io.BytesIO()
    with pd.ExcelWriter(buffer, engine="openpyxl") as book:
        for number, (title, table) in enumerate(report_tables(report).items(), start=1):
            sheet = f"{number}. {_NOT_IN_SHEET_NAMES.sub(' ', title)}"[:31]
            inert(table).to_excel(book, sheet_name=sheet, index=False, startrow=1)
            book.sheets[sheet].cell(row=1, column=1, value=title)
            figures_as_numbers(
                book.sheets[sheet], header_row=2, text_headers=frozenset({_("Code")})
            )
    return buffer.getvalue()


_STYLE = """
body { font-family: "Times New Roman", "DejaVu Serif", serif; margin: 24px; color: #111; }
h1 { font-size: 20px; } h2 { font-size: 16px; margin-top: 22px; }
table { border-collapse: collapse; width: 100%; font-size: 13px; }
th, td { border: 1px solid #777; padding: 3px 6px; text-align: left; }
th { background: #eee; } .meta { color: #444; } .line { font-weight: bold; }
@page { size: A4; margin: 15mm; }
@media print { body { margin: 0; } h2 { break-after: avoid; } tr { break-inside: avoid; } }
"""


def report_html(report: MonthlyReport) -> str:
    now = report.now
    line = (_("Above the {share} line of Resolution 254/2025") if now.figures.above_threshold
            else _("Below the {share} line of Resolution 254/2025")).format(share="75 %")  # fmt: skip
    parts = [
        "<!DOCTYPE html><html lang='vi'><head><meta charset='utf-8'>",
        "<meta http-equiv='Content-Security-Policy' content=\"default-src 'none'; style-src 'unsafe-inline'\">",
        f"<title>{html.escape(report_title(report))}</title><style>{_STYLE}</style></head><body>",
        f"<h1>{html.escape(report_title(report))}</h1>",
        "<p class='meta'>" + html.escape(
            _("Situation on {now}, compared with {before}. Issuing authority: {authority}.").format(
                now=format_date(now.as_of), before=format_date(report.before.as_of),
                authority=report.project.issuing_authority or "-")) + "</p>",
        f"<p class='line'>{html.escape(line)}: {html.escape(_share(now.figures.agreement_share))}"
        f" ({AGREEMENT_THRESHOLD:.0%})</p>",
    ]  # fmt: skip
    for title, table in report_tables(report).items():
        parts.append(f"<h2>{html.escape(title)}</h2>")
        if table.empty:
            parts.append(f"<p>{html.escape(_('None.'))}</p>")
        else:
            parts.append(table.to_html(index=False, escape=True, na_rep="", border=0))
    parts.append("</body></html>")
    return "\n".join(parts)


def report_bytes(
    store: Store, project: Project, month: str, fmt: str, *, actor: Actor,
    backlog_days: int = BACKLOG_DAYS, progress: Callable[[float, str], None] | None = None,
) -> bytes:  # fmt: skip
    """The report as a file's content (``xlsx`` or ``html``); the export is logged. ``progress``
    hears how far it is (the worker's: it may stop the work before anything is logged)."""
    require(actor, Action.EXPORT_INTERNAL, project_id=project.id)
    if fmt not in FORMATS:
        raise InvalidRecord(_("Write the report to .xlsx or .html, not “{name}”.").format(name=fmt))
    report = monthly_report(store, project, month, actor=actor, backlog_days=backlog_days)
    if progress is not None:
        progress(0.6, _("Writing the file…"))
    data = report_xlsx(report) if fmt == "xlsx" else report_html(report).encode("utf-8")
    log_reading(
        store,
        Entity.REPORT,
        None,
        "export",
        actor=actor,
        project_id=project.id,
        after={"format": fmt, "month": month},
    )
    return data


def write_report(
    store: Store, project: Project, month: str, out: Path, *, actor: Actor,
    backlog_days: int = BACKLOG_DAYS,
) -> Path:  # fmt: skip
    fmt = out.suffix.lower().lstrip(".")
    out.write_bytes(
        report_bytes(store, project, month, fmt, actor=actor, backlog_days=backlog_days)
    )
    return out

"""The figures a province reports on citizen reception and petitions, for any period and body.

- sessions, citizens received: reception sessions held in the period (and those scheduled in it,
  with how many were kept);
- received, eligible: petitions received in the period, and those eligible for handling;
- to settle: eligible complaints and denunciations that are this body's to settle; settled: those
  of them decided by the period's end; resolution rate = settled / to settle; on-time rate = settled
  by their deadline / settled;
- by kind and by category: petitions received;
- backlog: cases on the steering committee's list during the period, and those taken off in it;
- the province's breakdowns: sessions held by kind (regular, periodic, unscheduled), delegations
  (petitions filed by a group, "đoàn đông người"), cases against letters (petitions tied to the
  same concern on record are one case), transferred and guided, carried over from the previous
  period (eligible, ours to settle, received before it and not decided before it) and how many of
  those were settled in it; and the same figures for the same period of the year before.

``rows()`` gives the figures typed (counts as integers, rates as fractions); the workbook writes
them as numbers, rates as cells formatted as percents.
"""

from __future__ import annotations

import datetime as dt
import io
from collections import Counter
from dataclasses import asdict, dataclass, field, replace
from typing import Any

import pandas as pd

from consultations.core.access import Action, Actor, require
from consultations.core.database import Store
from consultations.core.errors import InvalidRecord
from consultations.core.records import ConcernCategory
from consultations.core.spreadsheets import fit_columns, inert, inert_cell
from consultations.petitions import store as _store
from consultations.petitions.model import (
    FIRST_YEAR,
    Competence,
    Complexity,
    FilerKind,
    PetitionKind,
    SessionKind,
    due,
)
from translations import _, format_date, format_number

SETTLED_KINDS = (PetitionKind.COMPLAINT, PetitionKind.DENUNCIATION)


@dataclass(frozen=True)
class PetitionFigures:
    start: dt.date
    end: dt.date
    body: str | None
    sessions: int
    sessions_scheduled: int
    sessions_kept: int
    citizens_received: int
    received: int
    eligible: int
    to_settle: int
    settled: int
    resolution_rate: float | None  # percent, one decimal
    on_time_rate: float | None
    backlog_listed: int
    backlog_resolved: int
    undecided: int = 0  # eligible, ours to settle, not decided by the period's end
    same_matter: int = 0  # received, tied to a concern already on record: one matter, not two
    by_kind: dict[str, int] = field(default_factory=dict)
    by_category: dict[str, int] = field(default_factory=dict)
    sessions_by_kind: dict[str, int] = field(default_factory=dict)  # held, by SessionKind
    delegations: int = 0
    cases: int = 0
    transferred: int = 0
    guided: int = 0
    carried_over: int = 0
    carried_over_settled: int = 0
    last_year: PetitionFigures | None = None  # the same period a year before

    def rows(self) -> list[FigureRow]:
        """Every figure typed, beside the same figure a year before."""
        before = self.last_year.rows() if self.last_year is not None else None
        counts: list[tuple[str, int | float | None, bool]] = [
            (_("Reception sessions held"), self.sessions, False),
            *((_("Sessions held: {kind}").format(kind=kind.label),
               self.sessions_by_kind.get(str(kind), 0), False) for kind in SessionKind),
            (_("Scheduled sessions"), self.sessions_scheduled, False),
            (_("Scheduled sessions kept"), self.sessions_kept, False),
            (_("Citizens received"), self.citizens_received, False),
            (_("Delegations (groups of many people)"), self.delegations, False),
            (_("Petitions received"), self.received, False),
            (_("Cases (petitions on the same matter counted once)"), self.cases, False),
            (_("Eligible for handling"), self.eligible, False),
            (_("Transferred to another body"), self.transferred, False),
            (_("Petitioner guided to the right body"), self.guided, False),
            (_("Carried over from the previous period"), self.carried_over, False),
            (_("Carried over and settled in the period"), self.carried_over_settled, False),
            (_("Complaints and denunciations to settle"), self.to_settle, False),
            (_("Settled"), self.settled, False),
            (_("Resolution rate"), _fraction(self.resolution_rate), True),
            (_("Settled on time"), _fraction(self.on_time_rate), True),
            (_("Not yet settled"), self.undecided, False),
            (_("Backlog cases listed"), self.backlog_listed, False),
            (_("Backlog cases resolved"), self.backlog_resolved, False),
        ]  # fmt: skip
        return [
            FigureRow(label, value, before[i].value if before else None, percent)
            for i, (label, value, percent) in enumerate(counts)
        ]

    def lines(self, *, backlog: bool = True) -> list[tuple[str, str]]:
        """The figures as a report lists them: label and value, rates as Vietnamese percents."""
        rows = [
            (_("Reception sessions held"), str(self.sessions)),
            (_("Scheduled sessions kept"), f"{self.sessions_kept} / {self.sessions_scheduled}"),
            (_("Citizens received"), str(self.citizens_received)),
            (_("Petitions received"), str(self.received)),
            (_("Eligible for handling"), str(self.eligible)),
            (_("Complaints and denunciations to settle"), str(self.to_settle)),
            (_("Settled"), str(self.settled)),
            (_("Resolution rate"), _percent(self.resolution_rate)),
            (_("Settled on time"), _percent(self.on_time_rate)),
            (_("Not yet settled"), str(self.undecided)),
            (_("The same matter as a concern on record (counted once)"), str(self.same_matter)),
        ]
        if backlog:
            rows.append((_("Backlog cases listed / resolved"),
                         f"{self.backlog_listed} / {self.backlog_resolved}"))  # fmt: skip
        return rows

    def tables(self) -> dict[str, pd.DataFrame]:
        """The figures as the province's tables: the figures, by kind, by what they are about."""
        rows = self.rows()
        kinds = {PetitionKind(k).label: n for k, n in self.by_kind.items()}
        topics = {ConcernCategory(c).label: n for c, n in self.by_category.items()}
        return {
            _("Figures"): pd.DataFrame({_("Figure"): [r.label for r in rows],
                                        _("Value"): [r.value for r in rows],
                                        _("Same period last year"): [r.last_year for r in rows]}),
            _("By kind"): pd.DataFrame({_("Kind"): list(kinds), _("Petitions received"): list(kinds.values())}),
            _("By subject"): pd.DataFrame({_("About"): list(topics),
                                           _("Petitions received"): list(topics.values())}),
        }  # fmt: skip

    def title(self) -> str:
        return _("Citizen reception and petitions, {start} to {end}: {body}").format(
            start=format_date(self.start),
            end=format_date(self.end),
            body=self.body or _("All bodies"),
        )

    def xlsx(self) -> bytes:
        """The figures as a workbook: one sheet per table, the title and period above each."""
        buffer = io.BytesIO()
        with pd.ExcelWriter(buffer, engine="openpyxl") as book:
            for title, table in self.tables().items():
                inert(table).to_excel(book, sheet_name=title[:31], index=False, startrow=2)
                fit_columns(book.sheets[title[:31]], table)
                book.sheets[title[:31]].cell(row=1, column=1, value=inert_cell(self.title()))
                book.sheets[title[:31]].cell(row=2, column=1, value=title)
            figures = book.sheets[_("Figures")[:31]]
            for number, row in enumerate(self.rows(), start=4):  # below the title and the header
                if row.percent:
                    figures.cell(row=number, column=2).number_format = PERCENT
                    figures.cell(row=number, column=3).number_format = PERCENT
        return buffer.getvalue()

    def as_json(self) -> dict[str, Any]:
        data = asdict(self)
        data["start"], data["end"] = self.start.isoformat(), self.end.isoformat()
        if self.last_year is not None:
            data["last_year"] = self.last_year.as_json()
        return data


PERCENT = "0.0%"


@dataclass(frozen=True)
class FigureRow:
    """One figure: a count, or a rate as a fraction (0.901 for 90.1 %); None where there is none."""

    label: str
    value: int | float | None
    last_year: int | float | None
    percent: bool = False

    def text(self, value: int | float | None) -> str:
        if value is None:
            return "-"
        return _percent(100 * value) if self.percent else format_number(value)


def _fraction(rate: float | None) -> float | None:
    return None if rate is None else round(rate / 100, 3)


def _percent(rate: float | None) -> str:
    return "-" if rate is None else f"{format_number(rate, 1)} %"


def _rate(part: int, whole: int) -> float | None:
    return round(100 * part / whole, 1) if whole else None


def petition_figures(
    store: Store, *, actor: Actor, start: dt.date, end: dt.date, body: str | None = None,
    project_id: int | None = None,
) -> PetitionFigures:  # fmt: skip
    """Counts only, no names: every role that reads figures may see them. With ``project_id``:
    only what is tied to that project (the backlog list is a body's, not a project's)."""
    require(actor, Action.READ_FIGURES)
    if start > end:
        raise InvalidRecord(_("The period's first day is after its last day."))
    with store.read() as conn:
        # Everything received up to the period's end: the period's, what it carried over, and
        # the same period a year before.
        petitions = _store.petition_rows(
            conn, body=body, received=(dt.date(FIRST_YEAR, 1, 1), end), project_id=project_id
        )
        sessions = _store.session_rows(conn, body, project_id)
        cases = [] if project_id is not None else _store.case_rows(conn, body)
    before = (_a_year_before(start), _a_year_before(end))
    return replace(
        _figures(petitions, sessions, cases, start, end, body),
        last_year=_figures(petitions, sessions, cases, *before, body),
    )


def _a_year_before(day: dt.date) -> dt.date:
    return day.replace(year=day.year - 1, day=28 if (day.month, day.day) == (2, 29) else day.day)


def _figures(
    every: list[dict[str, Any]], sessions: list[dict[str, Any]], cases: list[dict[str, Any]],
    start: dt.date, end: dt.date, body: str | None,
) -> PetitionFigures:  # fmt: skip
    petitions = [p for p in every if start <= p["received_on"] <= end]
    held = [s for s in sessions if s["held_on"] is not None and start <= s["held_on"] <= end]
    scheduled = [
        s for s in sessions if s["planned_on"] is not None and start <= s["planned_on"] <= end
    ]
    eligible = [p for p in petitions if p["eligible"]]
    to_settle = [p for p in eligible if _to_settle(p)]
    settled = [p for p in to_settle if p["decided_on"] is not None and p["decided_on"] <= end]
    on_time = [
        p for p in settled
        if (deadline := due(PetitionKind(p["kind"]), "resolve", p["accepted_on"],
                            complexity=Complexity(p["complexity"]), remote=p["remote"],
                            extensions=p.get("extensions"))) is None
        or p["decided_on"] <= deadline
    ]  # fmt: skip
    carried = [p for p in every if p["received_on"] < start and p["eligible"] and _to_settle(p)
               and (p["decided_on"] is None or p["decided_on"] >= start)]  # fmt: skip
    listed = [
        c
        for c in cases
        if c["listed_on"] <= end and (c["removed_on"] is None or c["removed_on"] >= start)
    ]
    matters = {p["concern_id"] for p in petitions if p["concern_id"] is not None}
    return PetitionFigures(
        start=start, end=end, body=body, sessions=len(held), sessions_scheduled=len(scheduled),
        sessions_kept=sum(1 for s in scheduled if s["held_on"] is not None),
        citizens_received=sum(int(s["citizens"]) for s in held), received=len(petitions),
        eligible=len(eligible), to_settle=len(to_settle), settled=len(settled),
        resolution_rate=_rate(len(settled), len(to_settle)),
        on_time_rate=_rate(len(on_time), len(settled)), backlog_listed=len(listed),
        backlog_resolved=sum(1 for c in listed if c["removed_on"] is not None and c["removed_on"] <= end),
        undecided=sum(1 for p in eligible if p["competence"] == Competence.OWN
                      and (p["decided_on"] is None or p["decided_on"] > end)),
        same_matter=sum(1 for p in petitions if p["concern_id"] is not None),
        by_kind=dict(Counter(p["kind"] for p in petitions)),
        by_category=dict(Counter(p["category"] for p in petitions)),
        sessions_by_kind=dict(Counter(s["kind"] for s in held)),
        delegations=sum(1 for p in petitions if p["filer_kind"] == FilerKind.GROUP),
        cases=sum(1 for p in petitions if p["concern_id"] is None) + len(matters),
        transferred=sum(1 for p in petitions if p["competence"] == Competence.TRANSFERRED),
        guided=sum(1 for p in petitions if p["competence"] == Competence.GUIDED),
        carried_over=len(carried),
        carried_over_settled=sum(1 for p in carried if p["decided_on"] is not None
                                 and p["decided_on"] <= end),
    )  # fmt: skip


def _to_settle(p: dict[str, Any]) -> bool:
    return p["competence"] == Competence.OWN and p["kind"] in SETTLED_KINDS

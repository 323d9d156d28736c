"""The figures a province reports on citizen reception and petitions, for any period and body.

- sessions, citizens received: reception sessions held in the period (and those scheduled in it,
  with how many were kept);
- received, eligible: petitions received in the period, and those eligible for handling;
- to settle: eligible complaints and denunciations that are this body's to settle; settled: those
  of them decided by the period's end; resolution rate = settled / to settle; on-time rate = settled
  by their deadline / settled;
- by kind and by category: petitions received;
- backlog: cases on the steering committee's list during the period, and those taken off in it.
"""

from __future__ import annotations

import datetime as dt
import io
from collections import Counter
from dataclasses import asdict, dataclass, field
from typing import Any

import pandas as pd

from consultations.core.access import Action, Actor, require
from consultations.core.database import Store
from consultations.core.errors import InvalidRecord
from consultations.core.records import ConcernCategory
from consultations.core.spreadsheets import fit_columns, inert, inert_cell
from consultations.petitions import store as _store
from consultations.petitions.model import Competence, Complexity, PetitionKind, due
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
        rows = self.lines()
        kinds = {PetitionKind(k).label: n for k, n in self.by_kind.items()}
        topics = {ConcernCategory(c).label: n for c, n in self.by_category.items()}
        return {
            _("Figures"): pd.DataFrame({_("Figure"): [r[0] for r in rows],
                                        _("Value"): [int(r[1]) if r[1].isdigit() else r[1] for r in rows]}),
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
        return buffer.getvalue()

    def as_json(self) -> dict[str, Any]:
        data = asdict(self)
        data["start"], data["end"] = self.start.isoformat(), self.end.isoformat()
        return data


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
        petitions = _store.petition_rows(
            conn, body=body, received=(start, end), project_id=project_id
        )
        sessions = _store.session_rows(conn, body, project_id)
        cases = [] if project_id is not None else _store.case_rows(conn, body)
    held = [s for s in sessions if s["held_on"] is not None and start <= s["held_on"] <= end]
    scheduled = [
        s for s in sessions if s["planned_on"] is not None and start <= s["planned_on"] <= end
    ]
    eligible = [p for p in petitions if p["eligible"]]
    to_settle = [p for p in eligible
                 if p["competence"] == Competence.OWN and p["kind"] in SETTLED_KINDS]  # fmt: skip
    settled = [p for p in to_settle if p["decided_on"] is not None and p["decided_on"] <= end]
    on_time = [
        p for p in settled
        if (deadline := due(PetitionKind(p["kind"]), "resolve", p["accepted_on"],
                            complexity=Complexity(p["complexity"]), remote=p["remote"])) is None
        or p["decided_on"] <= deadline
    ]  # fmt: skip
    listed = [
        c
        for c in cases
        if c["listed_on"] <= end and (c["removed_on"] is None or c["removed_on"] >= start)
    ]
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
    )  # fmt: skip

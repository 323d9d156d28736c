"""Petitions' kinds and the legal deadlines, as data: ``deadlines.csv`` (the day counts, their units
and sources) and ``holidays.csv`` (the public holidays that working days skip).

A complaint is accepted within 10 days of receipt and resolved within 30 days of acceptance (45 for
a complicated case; 45 and 60 in remote areas); a denunciation is accepted within 7 working days and
resolved within 30 days, extended once or twice by 30 for complicated cases. A petition transferred
to another body, or guided there, runs no clock here. Recommendations and reflections have no day
count in the table: their dates are kept, never flagged.
"""

from __future__ import annotations

import csv
import datetime as dt
from dataclasses import dataclass
from enum import StrEnum
from functools import cache
from pathlib import Path
from typing import Any

from consultations.core.errors import InvalidRecord
from translations import _

HERE = Path(__file__).parent
NEAR_DAYS = 5  # a deadline this close (or closer) is flagged "near"


class PetitionKind(StrEnum):
    COMPLAINT = "complaint"
    DENUNCIATION = "denunciation"
    RECOMMENDATION = "recommendation"

    @property
    def label(self) -> str:
        return {PetitionKind.COMPLAINT: _("Complaint"), PetitionKind.DENUNCIATION: _("Denunciation"),
                PetitionKind.RECOMMENDATION: _("Recommendation or reflection")}[self]  # fmt: skip


class FilerKind(StrEnum):
    ONE = "one"
    SEVERAL = "several"
    GROUP = "group"

    @property
    def label(self) -> str:
        return {FilerKind.ONE: _("One person"), FilerKind.SEVERAL: _("Several people"),
                FilerKind.GROUP: _("A group (delegation)")}[self]  # fmt: skip


class Competence(StrEnum):
    OWN = "own"
    TRANSFERRED = "transferred"
    GUIDED = "guided"

    @property
    def label(self) -> str:
        return {Competence.OWN: _("Ours to settle"), Competence.TRANSFERRED: _("Transferred to another body"),
                Competence.GUIDED: _("Petitioner guided to the right body")}[self]  # fmt: skip


class Outcome(StrEnum):
    ACCEPTED = "accepted"
    SECOND_LEVEL = "second_level"
    COURT = "court"

    @property
    def label(self) -> str:
        return {Outcome.ACCEPTED: _("Accepted the decision"),
                Outcome.SECOND_LEVEL: _("Complained a second time"),
                Outcome.COURT: _("Went to court")}[self]  # fmt: skip


class SessionKind(StrEnum):
    SCHEDULED = "scheduled"
    REGULAR = "regular"
    UNSCHEDULED = "unscheduled"

    @property
    def label(self) -> str:
        return {SessionKind.SCHEDULED: _("Scheduled session of the chair"),
                SessionKind.REGULAR: _("Regular reception at the office"),
                SessionKind.UNSCHEDULED: _("Unscheduled, for an urgent matter")}[self]  # fmt: skip


class Complexity(StrEnum):
    NORMAL = "normal"
    COMPLICATED = "complicated"
    VERY_COMPLICATED = "very_complicated"


@dataclass(frozen=True)
class Rule:
    kind: str
    step: str
    unit: str
    days: int
    complicated_days: int | None
    remote_days: int | None
    remote_complicated_days: int | None
    extension_days: int | None
    max_extensions: int
    source: str


def _number(text: str) -> int | None:
    return int(text) if text.strip() else None


@cache
def rules() -> dict[tuple[str, str], Rule]:
    with (HERE / "deadlines.csv").open(encoding="utf-8") as handle:
        rows = list(csv.DictReader(handle))
    return {
        (r["kind"], r["step"]): Rule(
            r["kind"],
            r["step"],
            r["unit"],
            int(r["days"]),
            _number(r["complicated_days"]),
            _number(r["remote_days"]),
            _number(r["remote_complicated_days"]),
            _number(r["extension_days"]),
            _number(r["max_extensions"]) or 0,
            r["source"],
        )
        for r in rows
    }


@cache
def holidays() -> frozenset[dt.date]:
    with (HERE / "holidays.csv").open(encoding="utf-8") as handle:
        return frozenset(dt.date.fromisoformat(r["date"]) for r in csv.DictReader(handle))


@cache
def _years_with_lunar_new_year() -> frozenset[int]:
    with (HERE / "holidays.csv").open(encoding="utf-8") as handle:
        return frozenset(dt.date.fromisoformat(r["date"]).year for r in csv.DictReader(handle)
                         if r["name"].startswith("Tết Nguyên đán"))  # fmt: skip


def uncovered_years(days: list[dt.date]) -> list[int]:
    """The years of ``days`` whose Lunar New Year holidays the table does not hold yet (the
    Government sets them each year): working-day deadlines there may come a few days later."""
    return sorted({d.year for d in days} - _years_with_lunar_new_year())


def working(day: dt.date) -> bool:
    return day.weekday() < 5 and day not in holidays()


def add_days(start: dt.date, days: int, unit: str) -> dt.date:
    """``days`` after ``start`` (the day of receipt or acceptance is not counted); working days skip
    Saturdays, Sundays and public holidays. A period in calendar days whose last day is a weekend
    or a holiday ends on the next working day (Civil Code 2015 Art. 148(5))."""
    day, left = start, days
    if unit == "calendar":
        day += dt.timedelta(days=days)
        while not working(day):
            day += dt.timedelta(days=1)
        return day
    while left:
        day += dt.timedelta(days=1)
        if working(day):
            left -= 1
    return day


#: The years a register's day may fall in: before it, or after next year, is a typing slip.
FIRST_YEAR = 1990


def refuse_implausible(days: dict[str, dt.date | None], today: dt.date) -> None:
    """Refuse a day no register holds (01/01/0001, a year typed as 2205), named by its step."""
    for step, day in days.items():
        if day is not None and not FIRST_YEAR <= day.year <= today.year + 1:
            raise InvalidRecord(
                _("The day {step}, {day}, is not a day a register holds: write it as 31/12/2025.")
                .format(step=step, day=f"{day.day:02d}/{day.month:02d}/{day.year:04d}")
            )  # fmt: skip


def allowed_extensions(kind: PetitionKind, complexity: Complexity) -> int:
    """How many times the time to resolve may be extended: once for a complicated denunciation,
    up to the table's maximum for an especially complicated one, never for a normal case or a
    kind whose law has no extension (a complaint's complicated case has its longer time instead)."""
    rule = rules().get((str(kind), "resolve"))
    if rule is None or not rule.extension_days or complexity is Complexity.NORMAL:
        return 0
    return min(
        1 if complexity is Complexity.COMPLICATED else rule.max_extensions, rule.max_extensions
    )


def due(
    kind: PetitionKind,
    step: str,
    start: dt.date | None,
    *,
    complexity: Complexity = Complexity.NORMAL,
    remote: bool = False,
    extensions: int | None = None,
) -> dt.date | None:
    """When ``step`` ("accept" from receipt, "resolve" from acceptance) falls due, or None (no rule,
    or the clock has not started). ``extensions``: those granted by decision (None: not recorded,
    as many as the complexity allows, as a register that does not say them is read)."""
    rule = rules().get((str(kind), step))
    if rule is None or start is None:
        return None
    complicated = complexity is not Complexity.NORMAL
    days = rule.days
    if remote and complicated and rule.remote_complicated_days:
        days = rule.remote_complicated_days
    elif remote and rule.remote_days:
        days = rule.remote_days
    elif complicated and rule.complicated_days:
        days = rule.complicated_days
    if rule.extension_days:
        allowed = allowed_extensions(kind, complexity)
        granted = allowed if extensions is None else min(extensions, allowed)
        days += rule.extension_days * granted
    return add_days(start, days, rule.unit)


def deadlines(row: dict[str, Any]) -> tuple[dt.date | None, dt.date | None]:
    """A stored petition's days to accept and to resolve by: running only while it is eligible and
    ours to settle; the time to resolve from acceptance, longer for a complicated or remote case
    and by each extension granted."""
    if row["competence"] != Competence.OWN or not row["eligible"]:
        return None, None
    kind = PetitionKind(row["kind"])
    resolve_by = due(kind, "resolve", row["accepted_on"], complexity=Complexity(row["complexity"]),
                     remote=bool(row["remote"]), extensions=row.get("extensions"))  # fmt: skip
    return due(kind, "accept", row["received_on"]), resolve_by


def flag(deadline: dt.date | None, done_on: dt.date | None, today: dt.date) -> str | None:
    """ "late", "near" or None for a deadline and the day its step was done (if it was)."""
    if deadline is None:
        return None
    if done_on is not None:
        return "late" if done_on > deadline else None
    if today > deadline:
        return "late"
    return "near" if (deadline - today).days <= NEAR_DAYS else None

"""Correcting one's last entry: who may, until when, and which entries still count.

A consent status or a payment entered in error may be corrected by the person who recorded it,
on their latest entry for that household, within ``CORRECTION_MINUTES`` of recording it (the
store's clock, shown in Vietnam's time). The correction is a new row naming the row it corrects
(``corrects_id``) and why; the corrected row stays in the history and stops counting. After the
window a mistake is put right as before: a new entry with its reason.
"""

from __future__ import annotations

import datetime as dt
import os
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from typing import TypeVar

from consultations.core.errors import InvalidRecord, PermissionDenied
from translations import _, format_time

#: How long after recording an entry its recorder may still correct it (a setting).
CORRECTION_MINUTES = int(os.environ.get("CLEARWAY_CORRECTION_MINUTES", "30"))

T = TypeVar("T")


@dataclass(frozen=True)
class Entry:
    """What decides whether an entry may be corrected: who recorded it and when."""

    id: int
    recorded_by: str
    recorded_at: dt.datetime


def _aware(moment: dt.datetime) -> dt.datetime:
    # SQLite gives stored times back without their zone: they are UTC.
    return moment.replace(tzinfo=dt.UTC) if moment.tzinfo is None else moment


def correctable_until(entry: Entry) -> dt.datetime:
    """The moment the window to correct ``entry`` closes."""
    return _aware(entry.recorded_at) + dt.timedelta(minutes=CORRECTION_MINUTES)


def may_correct(entry: Entry | None, latest: Entry | None, *, actor: str, now: dt.datetime) -> bool:
    """Whether ``actor`` may still correct ``entry``, ``latest`` being their newest entry on it."""
    try:
        check_correction(entry, latest, actor=actor, reason="-", now=now)
    except (InvalidRecord, PermissionDenied):
        return False
    return True


def check_correction(
    entry: Entry | None, latest: Entry | None, *, actor: str, reason: str, now: dt.datetime
) -> None:
    """Refuse, with what to do instead, a correction that ``actor`` may not make of ``entry``
    (``latest``: the newest entry ``actor`` recorded on the same household, None if none)."""
    instead = _("Record a new entry with its reason instead.")
    if entry is None or entry.recorded_by != actor:
        raise PermissionDenied(
            _("Only the person who recorded this entry can correct it.") + " " + instead
        )
    if latest is None or latest.id != entry.id:
        raise InvalidRecord(
            _("Only your latest entry for this household can be corrected.") + " " + instead
        )
    if _aware(now) > correctable_until(entry):
        raise InvalidRecord(
            _("The {minutes} minutes to correct this entry ended at {time}.").format(
                minutes=CORRECTION_MINUTES, time=format_time(correctable_until(entry))
            )
            + " "
            + instead
        )
    if not reason.strip():
        raise InvalidRecord(_("Say why the entry is corrected."))


def standing(rows: Iterable[T], id_of: Callable[[T], int | None],
             corrects_of: Callable[[T], int | None]) -> list[T]:  # fmt: skip
    """The rows that still count: all but those another row corrects."""
    rows = list(rows)
    corrected = {corrects_of(r) for r in rows} - {None}
    return [r for r in rows if id_of(r) not in corrected]


def correction_mark(corrected: bool, reason: str | None) -> str:
    """What the history says of an entry corrected by its recorder, or of the correction (with
    its reason; ``""``: without it)."""
    if corrected:
        return " · " + _("(corrected by the next entry, no longer counted)")
    if reason == "":  # a public copy: the reason is left out with the other texts
        return " · " + _("(correction of the entry above)")
    if reason is not None:
        return " · " + _("(correction of the entry above: {reason})").format(reason=reason)
    return ""

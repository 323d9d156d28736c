"""A commitment as a reader sees it: what was promised, by whom, by when, and how late."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from consultations.core.records import CommitmentStatus


@dataclass(frozen=True)
class Commitment:
    id: int
    household_id: int | None  # None: promised to the whole project
    meeting_id: int | None
    meeting_held_at: dt.datetime | None
    meeting_place: str | None
    text: str
    promised_by: str
    due_on: dt.date | None
    done_on: dt.date | None
    status: CommitmentStatus
    version: int
    # on the day it was read (``with_overdue``):
    overdue: bool  # open past its due day
    days_late: int

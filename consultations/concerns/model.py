"""A concern as a reader sees it: what was raised, by whom, each step's day, and its age."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from consultations.core.records import Channel, ConcernCategory


@dataclass(frozen=True)
class Concern:
    id: int
    household_id: int | None  # None: raised about the whole project
    household_code: str | None
    head_name: str | None
    category: ConcernCategory
    channel: Channel
    text: str
    received_on: dt.date
    acknowledged_on: dt.date | None
    answered_on: dt.date | None
    answer: str | None
    answered_by: str | None
    resolved_on: dt.date | None
    escalated_on: dt.date | None
    meeting_id: int | None
    version: int
    asked_vnd: int | None  # a price concern: the amount the household asks (whole đồng)
    asked_for: (
        str | None
    )  # … for which part of its plan (land, structure, crop, support; None: all)
    # on the day it was read (``with_ageing``):
    open: bool  # neither resolved nor escalated
    age_days: int  # to resolution or escalation, or to that day
    ack_overdue: bool  # open, not acknowledged, older than the days good practice allows
    overdue: bool  # open past the legal days to resolve

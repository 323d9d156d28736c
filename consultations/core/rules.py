"""Rules every dated record obeys, and the file a user attaches to one."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from consultations.core.errors import InvalidRecord
from translations import _, format_date

LATE_ENTRY_DAYS = 7


@dataclass(frozen=True)
class Attachment:
    file_name: str
    content: bytes
    media_type: str | None = None


def check_event_date(happened_on: dt.date, late_reason: str | None, today: dt.date) -> None:
    if happened_on > today:
        raise InvalidRecord(
            _("{date} is in the future; record what has happened.").format(
                date=format_date(happened_on)
            )
        )
    if (today - happened_on).days > LATE_ENTRY_DAYS and not (late_reason or "").strip():
        raise InvalidRecord(
            _(
                "This happened more than {days} days ago ({date}); say why it is entered late."
            ).format(days=LATE_ENTRY_DAYS, date=format_date(happened_on))
        )

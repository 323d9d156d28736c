"""Vietnam's clock and number format, whatever the server's clock: every time shown or printed is
Asia/Ho_Chi_Minh, numbers use Vietnamese separators."""

from __future__ import annotations

import datetime as dt
import os
import time
from collections.abc import Iterator

import pytest

from consultations.accounts.service import create_user, sign_in
from consultations.core.access import Role, operator
from consultations.core.database import Store
from consultations.core.errors import SignInFailed
from consultations.core.records import MeetingKind
from consultations.meetings.minutes import meeting_minutes, minutes_docx, minutes_html
from consultations.meetings.service import MeetingRecord, log_meeting
from consultations.projects.service import find_project
from translations import LOCAL_TZ, format_datetime, format_month, format_number


@pytest.fixture(params=["UTC", "America/New_York"])
def server_clock(request: pytest.FixtureRequest) -> Iterator[str]:
    """The process clock set to a zone other than Vietnam's, as on most servers."""
    before = os.environ.get("TZ")
    os.environ["TZ"] = request.param
    time.tzset()
    yield str(request.param)
    if before is None:
        os.environ.pop("TZ")
    else:
        os.environ["TZ"] = before
    time.tzset()


@pytest.mark.parametrize(("value", "decimals", "shown"), [
    (7409, 0, "7.409"), (10.05, 2, "10,05"), (1234567.891, 1, "1.234.567,9"), (0, 0, "0"),
])  # fmt: skip
def test_numbers_use_vietnamese_separators(value: float, decimals: int, shown: str) -> None:
    assert format_number(value, decimals) == shown


def test_months_are_written_month_slash_year() -> None:
    assert format_month(dt.date(2026, 11, 1)) == "11/2026"


def test_a_stored_utc_time_is_shown_in_vietnam_time(server_clock: str) -> None:
    assert format_datetime(dt.datetime(2024, 4, 20, 1, 0, tzinfo=dt.UTC)) == "20/04/2024 08:00"
    assert format_datetime(dt.datetime(2024, 4, 20, 1, 0)) == "20/04/2024 08:00"  # SQLite: naive


def test_minutes_print_the_hour_the_meeting_was_held(demo_store: Store, server_clock: str) -> None:
    import docx  # python-docx

    project = find_project(demo_store, "cat-van-220kv")
    held = dt.datetime(2024, 5, 2, 8, 0, tzinfo=LOCAL_TZ)
    meeting = log_meeting(demo_store, project.id, MeetingRecord(
        kind=MeetingKind.DIALOGUE, held_at=held, place="Nhà văn hoá", chair_name="Chủ tịch xã",
    ), actor=operator("t"))  # fmt: skip
    minutes = meeting_minutes(demo_store, meeting, actor=operator("t"))
    assert "08:00" in minutes_html(minutes) and "01:00" not in minutes_html(minutes)
    import io

    text = "\n".join(p.text for p in docx.Document(io.BytesIO(minutes_docx(minutes))).paragraphs)
    assert "08:00" in text


def test_the_lockout_message_gives_vietnam_time(store: Store, server_clock: str) -> None:
    create_user(store, "lan", "mot-mat-khau-dai", Role.VIEWER, actor=operator("t"))
    for _attempt in range(5):
        with pytest.raises(SignInFailed):
            sign_in(store, "lan", "sai-mat-khau")
    now = dt.datetime.now(dt.UTC)
    with pytest.raises(SignInFailed) as refused:
        sign_in(store, "lan", "mot-mat-khau-dai")
    unlock = (now + dt.timedelta(minutes=15)).astimezone(LOCAL_TZ)
    assert unlock.strftime("%d/%m/%Y") in str(refused.value)
    assert f"{unlock:%H}:" in str(
        refused.value
    ) or f"{unlock - dt.timedelta(minutes=1):%H}:" in str(refused.value)

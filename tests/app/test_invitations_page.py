"""On the Meetings page an officer invites households to a meeting by message: only those who
agreed to be contacted get one, a double tap sends once, and a chair is offered no form."""

from __future__ import annotations

import datetime as dt

import pytest

from consultations.compensation.money import vnd
from consultations.compensation.payments import accounts
from consultations.core.access import Actor, Role
from consultations.core.database import open_store
from consultations.households.service import households_seen_by
from consultations.outbox.model import ContactChannel
from consultations.outbox.service import household_messages, record_contact_consent
from consultations.projects.service import find_project
from tests.app.test_correct_last_entry_page import page

ADMIN = Actor("admin", Role.ADMIN)


def test_an_invitation_reaches_only_the_households_that_agreed_to_messages(
    database: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    store = open_store(database)
    project = find_project(store, "cat-van-220kv")
    first, second = households_seen_by(store, project.id, actor=ADMIN)[:2]
    record_contact_consent(store, ContactChannel.EMAIL, household_id=first.id,
                           address="ho.cv01@example.vn", given=True, on=dt.date(2026, 1, 5),
                           actor=ADMIN)  # fmt: skip

    app = page("meetings.py", database, ADMIN, monkeypatch)
    for _tap in range(2):  # the same invitation sent twice (a double tap, a retry): sent once
        place = (t for t in app.text_input if t.label == "Địa điểm" and "invitation" in str(t.key))
        next(place).input("Nhà văn hóa thôn 2")
        next(b for b in app.button if b.label == "Gửi giấy mời").click().run()
        assert not app.exception and not app.error, [e.value for e in app.error]
        assert any("1 tin nhắn đang chờ gửi tới" in s.value for s in app.success)

    sent = household_messages(store, first.id, actor=ADMIN)
    assert len(sent) == 1 and "Nhà văn hóa thôn 2" in sent[0].body
    assert household_messages(store, second.id, actor=ADMIN) == []  # no consent: no message
    store.dispose()


def test_a_chair_is_offered_no_invitation_form(
    database: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    app = page("meetings.py", database, Actor("chair", Role.CHAIR), monkeypatch)
    assert not [b for b in app.button if b.label == "Gửi giấy mời"]


def test_households_owed_money_are_told_it_is_ready_without_the_amount(
    database: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    store = open_store(database)
    project = find_project(store, "cat-van-220kv")
    owed = [a for a in accounts(store, project.id, actor=ADMIN) if a.outstanding_vnd > 0]
    assert owed, "the demo's Cát Văn households are still owed money"
    record_contact_consent(store, ContactChannel.SMS, household_id=owed[0].household_id,
                           address="0912345678", given=True, on=dt.date(2026, 1, 5),
                           actor=ADMIN)  # fmt: skip

    app = page("compensation.py", database, ADMIN, monkeypatch,
               **{"compensation-section": "households"})  # fmt: skip
    place = (t for t in app.text_input if t.label == "Địa điểm" and "payment-notice" in str(t.key))
    next(place).input("Trụ sở UBND xã")
    next(b for b in app.button if b.label == "Gửi thông báo").click().run()
    assert not app.exception and not app.error, [e.value for e in app.error]
    assert any("1 tin nhắn đang chờ gửi tới" in s.value for s in app.success)
    (sms,) = household_messages(store, owed[0].household_id, actor=ADMIN)
    amount = owed[0].outstanding_vnd
    assert "Trụ sở UBND xã" in sms.body or "Tru so UBND xa" in sms.body  # SMS may drop diacritics
    assert str(amount) not in sms.body and vnd(amount).removesuffix(" đ") not in sms.body
    store.dispose()

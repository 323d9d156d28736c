"""Messages that reach people: written in the same transaction as what they tell of, only by the
channels the person agreed to, delivered to a real SMTP server and to local stand-ins of the SMS
and Zalo providers that check the documented requests and answer with the documented errors."""

from __future__ import annotations

import datetime as dt
import re

import pytest

from consultations.concerns.service import raise_concern
from consultations.core.access import Actor, Role, operator
from consultations.core.database import Store
from consultations.core.errors import PermissionDenied
from consultations.core.records import Channel, ConcernCategory, Household
from consultations.households.service import households_seen_by
from consultations.outbox.channels import (
    EmailChannel,
    EsmsChannel,
    ZaloChannel,
    channels_from_settings,
)
from consultations.outbox.model import ContactChannel, MessageState
from consultations.outbox.service import deliver_outbox, household_messages, record_contact_consent
from consultations.outbox.templates import GSM_LIMIT, UNICODE_LIMIT, fit_sms, is_gsm
from consultations.petitions.model import FilerKind, PetitionKind
from consultations.petitions.service import NewPetition, record_petition
from consultations.projects.service import find_project
from tests.consultations.outbox.servers import esms, http_server, smtp_server, zns
from translations import local_today

ADMIN = operator("t")
T = local_today()


def a_household(store: Store) -> Household:
    project = find_project(store, "cat-van-220kv")
    return households_seen_by(store, project.id, actor=ADMIN)[0]


def consent(store: Store, household: Household, channel: ContactChannel, address: str,
            given: bool = True) -> None:  # fmt: skip
    record_contact_consent(store, channel, household_id=household.id, address=address,
                           given=given, on=T, actor=ADMIN)  # fmt: skip


def a_petition(
    store: Store, household: Household, kind: PetitionKind = PetitionKind.COMPLAINT
) -> int:
    return record_petition(store, NewPetition(
        body="UBND xã Cát Văn", reference=f"{kind}/2026", received_on=T,
        channel=Channel.CITIZEN_RECEPTION, filer_kind=FilerKind.ONE, kind=kind,
        category=ConcernCategory.COMPENSATION_PRICE, content="Giá đền bù 150.000.000 đ là thấp",
        filer_name=household.head_name, project_id=household.project_id,
        household_id=household.id), actor=ADMIN)  # fmt: skip


def test_an_acknowledgement_reaches_the_inbox_right_after_the_petition_is_recorded(
    demo_store: Store,
) -> None:
    household = a_household(demo_store)
    consent(demo_store, household, ContactChannel.EMAIL, "dan@example.vn")
    with smtp_server() as (inbox, port):
        a_petition(demo_store, household)
        (queued,) = household_messages(demo_store, household.id, actor=ADMIN)
        assert queued.state is MessageState.PENDING  # written with the petition
        report = deliver_outbox(demo_store, {ContactChannel.EMAIL: EmailChannel("127.0.0.1", port, "xa@example.vn")},
                                actor=ADMIN)  # fmt: skip
    assert report.sent == 1 and len(inbox.messages) == 1
    mail = inbox.messages[0]
    text = mail["Subject"] + mail.get_content()
    assert mail["To"] == "dan@example.vn" and "DT-" in mail["Subject"] and "/public" in text
    assert household.head_name not in text and "150" not in text and "tố cáo" not in text
    (sent,) = household_messages(demo_store, household.id, actor=ADMIN)
    assert sent.state is MessageState.SENT and sent.sent_at is not None


def test_nobody_is_messaged_without_consent_or_after_withdrawing_it(demo_store: Store) -> None:
    household = a_household(demo_store)
    a_petition(demo_store, household)
    assert household_messages(demo_store, household.id, actor=ADMIN) == []
    consent(demo_store, household, ContactChannel.SMS, "0912345678")
    consent(demo_store, household, ContactChannel.SMS, "0912345678", given=False)
    raise_concern(demo_store, household.project_id, household_id=household.id, actor=ADMIN,
                  category=ConcernCategory.OTHER, channel=Channel.HOUSEHOLD_VISIT, text="x", received_on=T)  # fmt: skip
    assert household_messages(demo_store, household.id, actor=ADMIN) == []


def test_a_denunciation_is_acknowledged_as_a_petition_without_naming_its_kind(
    demo_store: Store,
) -> None:
    household = a_household(demo_store)
    consent(demo_store, household, ContactChannel.EMAIL, "dan@example.vn")
    a_petition(demo_store, household, PetitionKind.DENUNCIATION)
    (message,) = household_messages(demo_store, household.id, actor=ADMIN)
    assert (
        "đơn thư" in message.body
        and "tố cáo" not in (message.body + (message.subject or "")).lower()
    )


def test_an_sms_refused_for_a_while_is_retried_with_backoff(demo_store: Store) -> None:
    household = a_household(demo_store)
    consent(demo_store, household, ContactChannel.SMS, "0912345678")
    a_petition(demo_store, household)
    now = dt.datetime.now(dt.UTC)
    with http_server(esms(["99"])) as (url, seen):
        sms = {ContactChannel.SMS: EsmsChannel(url, "key", "secret", "UBND-XA")}
        assert deliver_outbox(demo_store, sms, actor=ADMIN, now=now).retrying == 1
        assert (
            deliver_outbox(demo_store, sms, actor=ADMIN, now=now + dt.timedelta(seconds=30)).sent
            == 0
        )
        assert (
            deliver_outbox(demo_store, sms, actor=ADMIN, now=now + dt.timedelta(minutes=2)).sent
            == 1
        )
    assert len(seen) == 2 and seen[0]["body"]["Phone"] == "0912345678"
    content = seen[1]["body"]["Content"]
    assert len(content) <= (GSM_LIMIT if is_gsm(content) else UNICODE_LIMIT)
    (message,) = household_messages(demo_store, household.id, actor=ADMIN)
    assert (message.state, message.attempts) == (MessageState.SENT, 2)


def test_wrong_sms_keys_are_given_up_at_once(demo_store: Store) -> None:
    household = a_household(demo_store)
    consent(demo_store, household, ContactChannel.SMS, "0912345678")
    a_petition(demo_store, household)
    with http_server(esms([])) as (url, _seen):
        report = deliver_outbox(demo_store, {ContactChannel.SMS: EsmsChannel(url, "key", "wrong", "UBND-XA")},
                                actor=ADMIN)  # fmt: skip
    assert report.failed == 1
    (message,) = household_messages(demo_store, household.id, actor=ADMIN)
    assert message.state is MessageState.FAILED and "101" in (message.last_error or "")


def test_a_zalo_message_is_sent_as_the_approved_template_with_its_data(demo_store: Store) -> None:
    household = a_household(demo_store)
    consent(demo_store, household, ContactChannel.ZALO, "0912 345 678")
    a_petition(demo_store, household)
    with http_server(zns([-133])) as (url, seen):  # outside the template's hours: later
        zalo = {ContactChannel.ZALO: ZaloChannel(url, "token", {"acknowledged": "tpl-1"})}
        assert deliver_outbox(demo_store, zalo, actor=ADMIN).retrying == 1
        later = dt.datetime.now(dt.UTC) + dt.timedelta(minutes=2)
        assert deliver_outbox(demo_store, zalo, actor=ADMIN, now=later).sent == 1
    body = seen[-1]["body"]
    assert body["phone"] == "84912345678" and body["template_id"] == "tpl-1"
    assert set(body["template_data"]) == {"reference", "date", "what"}
    assert body["template_data"]["reference"].startswith("DT-")


def test_a_wrong_zalo_token_is_given_up(demo_store: Store) -> None:
    household = a_household(demo_store)
    consent(demo_store, household, ContactChannel.ZALO, "0912345678")
    a_petition(demo_store, household)
    with http_server(zns([])) as (url, _seen):
        zalo = {ContactChannel.ZALO: ZaloChannel(url, "expired", {"acknowledged": "tpl-1"})}
        assert deliver_outbox(demo_store, zalo, actor=ADMIN).failed == 1


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Đã tiếp nhận đơn DT-7K3QHM", "Đã tiếp nhận đơn DT-7K3QHM"),  # 27 with diacritics: fits 70
        ("Đã tiếp nhận đơn thư số DT-7K3QHM. Theo dõi tại http://xa.gov.vn/public bằng mã tra cứu",
         "Da tiep nhan don thu so DT-7K3QHM. Theo doi tai http://xa.gov.vn/public bang ma tra cuu"),
        ("a " * 100, ("a " * 78).rstrip() + "..."),
    ],
)  # fmt: skip
def test_sms_text_knows_its_limits(text: str, expected: str) -> None:
    fitted = fit_sms(text)
    assert fitted == expected
    assert len(fitted) <= (GSM_LIMIT if is_gsm(fitted) else UNICODE_LIMIT)


def test_a_viewer_cannot_record_consent_and_channels_come_from_settings(demo_store: Store) -> None:
    household = a_household(demo_store)
    with pytest.raises(PermissionDenied):
        record_contact_consent(demo_store, ContactChannel.EMAIL, household_id=household.id,
                               address="a@b.vn", given=True, on=T, actor=Actor("v", Role.VIEWER))  # fmt: skip
    configured = channels_from_settings({"CLEARWAY_SMTP_HOST": "mail", "CLEARWAY_ZALO_URL": "https://z",
                                         "CLEARWAY_ZALO_TEMPLATE_ACKNOWLEDGED": "1"})  # fmt: skip
    assert set(configured) == {ContactChannel.EMAIL, ContactChannel.ZALO}


def test_an_invitation_and_a_payment_notice_go_only_to_those_who_agreed_and_name_no_amount(
    demo_store: Store,
) -> None:
    from consultations.outbox.notices import announce_payment, invite

    project = find_project(demo_store, "cat-van-220kv")
    first, second = households_seen_by(demo_store, project.id, actor=ADMIN)[:2]
    consent(demo_store, first, ContactChannel.SMS, "0912345678")
    written = invite(demo_store, project.id, what="đối thoại", at=dt.datetime(2026, 12, 20, 8, 0),
                     place="Nhà văn hóa thôn 3", project_name=project.name,
                     household_ids=[first.id, second.id], actor=ADMIN)  # fmt: skip
    assert written == 1 and household_messages(demo_store, second.id, actor=ADMIN) == []
    announce_payment(demo_store, project.id, from_date=dt.date(2026, 12, 22), place="UBND xã",
                     project_name=project.name, household_ids=[first.id], actor=ADMIN)  # fmt: skip
    payment, invitation = household_messages(demo_store, first.id, actor=ADMIN)
    assert "20/12/2026" in invitation.body and "08:00" in invitation.body
    assert len(invitation.body) <= (GSM_LIMIT if is_gsm(invitation.body) else UNICODE_LIMIT)
    assert "22/12/2026" in payment.body and not re.search(r"\d{1,3}(\.\d{3})+", payment.body)
    with pytest.raises(PermissionDenied):
        invite(demo_store, project.id, what="x", at=dt.datetime(2026, 12, 20, 8), place="y",
               project_name="p", household_ids=[first.id], actor=Actor("v", Role.VIEWER))  # fmt: skip

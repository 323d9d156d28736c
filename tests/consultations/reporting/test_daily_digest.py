"""Officials reminded: a daily digest to each officer and chair who agreed to be contacted, of
what falls due in their scope, with household codes and never a name or a concern's text."""

from __future__ import annotations

import datetime as dt

from consultations.accounts.service import create_user
from consultations.concerns.service import raise_concern
from consultations.core.access import Role, Scope, operator
from consultations.core.database import Store
from consultations.core.records import Channel, ConcernCategory
from consultations.households.service import households_seen_by
from consultations.outbox.channels import EmailChannel
from consultations.outbox.model import ContactChannel
from consultations.outbox.service import deliver_outbox, record_contact_consent
from consultations.projects.service import find_project
from consultations.reporting.digest import send_daily_digest
from tests.consultations.outbox.servers import smtp_server
from translations import local_today

ADMIN = operator("t")
T = local_today()


def test_an_officer_who_agreed_gets_a_digest_by_email_and_one_who_did_not_gets_none(
    demo_store: Store,
) -> None:
    project = find_project(demo_store, "cat-van-220kv")
    household = households_seen_by(demo_store, project.id, actor=ADMIN)[0]
    for name in ("lan", "minh"):
        create_user(demo_store, name, "một mật khẩu đủ dài 2026", Role.FIELD_OFFICER, actor=ADMIN,
                    scopes=[Scope(project.id, None)])  # fmt: skip
    record_contact_consent(demo_store, ContactChannel.EMAIL, username="lan", address="lan@xa.vn",
                           given=True, on=T, actor=ADMIN)  # fmt: skip
    raise_concern(demo_store, project.id, household_id=household.id, category=ConcernCategory.OTHER,
                  channel=Channel.HOUSEHOLD_VISIT, text="Nhà ông Tư bị nứt",
                  received_on=T - dt.timedelta(days=4), actor=ADMIN)  # fmt: skip
    assert (
        send_daily_digest(demo_store, actor=ADMIN, today=T) == 1
    )  # lan only: minh gave no consent
    with smtp_server() as (inbox, port):
        deliver_outbox(demo_store, {ContactChannel.EMAIL: EmailChannel("127.0.0.1", port, "x@xa.vn")},
                       actor=ADMIN)  # fmt: skip
    (mail,) = inbox.messages
    text = mail.get_content()
    assert (
        mail["To"] == "lan@xa.vn"
        and household.code in text
        and "Xác nhận đã tiếp nhận ý kiến" in text
    )
    assert household.head_name not in text and "ông Tư" not in text


def test_a_household_is_told_when_its_concern_reaches_a_deadline_today(demo_store: Store) -> None:
    from consultations.concerns.receipts import concern_reference_in
    from consultations.outbox.service import household_messages
    from consultations.reporting.digest import send_deadline_notices

    project = find_project(demo_store, "cat-van-220kv")
    household = households_seen_by(demo_store, project.id, actor=ADMIN)[0]
    record_contact_consent(demo_store, ContactChannel.EMAIL, household_id=household.id,
                           address="dan@example.vn", given=True, on=T, actor=ADMIN)  # fmt: skip
    concern_id = raise_concern(demo_store, project.id, household_id=household.id, actor=ADMIN,
                               category=ConcernCategory.OTHER, channel=Channel.HOUSEHOLD_VISIT,
                               text="x", received_on=T - dt.timedelta(days=5))  # fmt: skip
    assert send_deadline_notices(demo_store, actor=ADMIN, today=T) == 1
    deadline, _acknowledged = household_messages(demo_store, household.id, actor=ADMIN)
    with demo_store.read() as conn:
        reference = concern_reference_in(conn, concern_id)
    assert reference and reference in (deadline.subject or "") and "xác nhận" in deadline.body

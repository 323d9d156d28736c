"""The outbox's records: channels, templates, a message's state, a contact consent."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from enum import StrEnum

from translations import _


class ContactChannel(StrEnum):
    EMAIL = "email"
    SMS = "sms"
    ZALO = "zalo"

    @property
    def label(self) -> str:
        return {ContactChannel.EMAIL: _("E-mail"), ContactChannel.SMS: _("SMS"),
                ContactChannel.ZALO: _("Zalo")}[self]  # fmt: skip


class Template(StrEnum):
    """What a message tells (its Vietnamese texts are in ``templates.toml``)."""

    ACKNOWLEDGED = "acknowledged"  # a concern or petition received, with its reference
    INVITATION = "invitation"  # a meeting or reception day
    DEADLINE = "deadline"  # a deadline of the person's matter reached
    PAYMENT_READY = "payment_ready"  # compensation ready to collect (never the amount)
    DIGEST = "digest"  # an official's daily list of what falls due


class MessageState(StrEnum):
    PENDING = "pending"  # waiting for its (next) try
    SENT = "sent"  # the provider accepted it
    FAILED = "failed"  # given up: a permanent refusal, or too many tries

    @property
    def label(self) -> str:
        return {MessageState.PENDING: _("Waiting to be sent"), MessageState.SENT: _("Sent"),
                MessageState.FAILED: _("Not delivered")}[self]  # fmt: skip


@dataclass(frozen=True)
class OutboxMessage:
    id: int
    household_id: int | None
    username: str | None
    channel: ContactChannel
    address: str
    template: Template
    subject: str | None
    body: str
    params: str  # JSON
    state: MessageState
    attempts: int
    next_attempt_at: dt.datetime
    last_error: str | None
    created_at: dt.datetime
    sent_at: dt.datetime | None


@dataclass(frozen=True)
class ContactConsent:
    channel: ContactChannel
    address: str | None
    given: bool
    on_date: dt.date

"""The channels a message goes out by, each an adapter configured in settings (environment):

| channel | provider and request | settings |
|---|---|---|
| e-mail | SMTP (``smtplib``), STARTTLS when asked | ``CLEARWAY_SMTP_HOST``, ``_PORT``, ``_USER``, ``_PASSWORD``, ``_FROM``, ``_STARTTLS`` |
| SMS | eSMS.vn brandname, ``POST …/SendMultipleMessage_V4_post_json/`` (JSON: ``ApiKey``, ``SecretKey``, ``Phone``, ``Content``, ``Brandname``, ``SmsType`` "2", ``IsUnicode``, ``RequestId``); ``CodeResult`` "100" is accepted | ``CLEARWAY_SMS_URL``, ``_API_KEY``, ``_SECRET_KEY``, ``_BRANDNAME`` |
| Zalo | ZNS, ``POST https://business.openapi.zalo.me/message/template`` with header ``access_token`` (JSON: ``phone`` as 84…, ``template_id``, ``template_data``, ``tracking_id``); ``error`` 0 is accepted | ``CLEARWAY_ZALO_URL``, ``_ACCESS_TOKEN``, ``CLEARWAY_ZALO_TEMPLATE_<NAME>`` |

``SendFailed(permanent=True)`` is a refusal no retry can mend (a wrong number, a recipient without
Zalo); anything else (the network, a 5xx, a provider's "try later") is retried with backoff.
"""

from __future__ import annotations

import json
import os
import smtplib
import urllib.error
import urllib.request
from dataclasses import dataclass
from email.message import EmailMessage
from typing import Any, Protocol

from consultations.outbox.model import ContactChannel, OutboxMessage, Template
from consultations.outbox.templates import is_gsm, zalo_data

TIMEOUT_S = 20


class SendFailed(Exception):
    """A channel could not send a message; ``permanent``: trying again would not help."""

    def __init__(self, reason: str, *, permanent: bool = False) -> None:
        super().__init__(reason)
        self.permanent = permanent


class Channel(Protocol):
    def send(self, message: OutboxMessage) -> str | None:
        """Send ``message``; the provider's id for it, if any. Raises ``SendFailed``."""
        ...


@dataclass(frozen=True)
class EmailChannel:
    host: str
    port: int
    sender: str
    user: str | None = None
    password: str | None = None
    starttls: bool = False

    def send(self, message: OutboxMessage) -> str | None:
        mail = EmailMessage()
        mail["From"], mail["To"] = self.sender, message.address
        mail["Subject"] = message.subject or ""
        mail["Message-ID"] = f"<outbox-{message.id}@clearway>"
        mail.set_content(message.body)
        try:
            with smtplib.SMTP(self.host, self.port, timeout=TIMEOUT_S) as smtp:
                if self.starttls:
                    smtp.starttls()
                if self.user:
                    smtp.login(self.user, self.password or "")
                smtp.send_message(mail)
        except smtplib.SMTPRecipientsRefused as error:
            raise SendFailed(f"recipient refused: {error.recipients}", permanent=True) from error
        except (smtplib.SMTPException, OSError) as error:
            raise SendFailed(f"smtp: {error}") from error
        return str(mail["Message-ID"])


def _post(url: str, payload: dict[str, Any], headers: dict[str, str]) -> dict[str, Any]:
    request = urllib.request.Request(
        url, data=json.dumps(payload).encode(), method="POST",
        headers={"Content-Type": "application/json", **headers},
    )  # fmt: skip
    try:
        with urllib.request.urlopen(request, timeout=TIMEOUT_S) as response:
            answer: dict[str, Any] = json.loads(response.read().decode() or "{}")
            return answer
    except urllib.error.HTTPError as error:
        raise SendFailed(
            f"http {error.code}", permanent=400 <= error.code < 500 and error.code != 429
        ) from error
    except (urllib.error.URLError, OSError, ValueError) as error:
        raise SendFailed(f"http: {error}") from error


def international(phone: str) -> str:
    """A Vietnamese number as 84…: "0912 345 678" → "84912345678"."""
    digits = "".join(ch for ch in phone if ch.isdigit())
    return "84" + digits[1:] if digits.startswith("0") else digits


#: eSMS's answers that no retry mends (their table of error codes) [B]: 101 wrong keys,
#: 102 account locked, 104 brandname not registered, 118 wrong message type, 119 brandname
#: advertising needs more numbers, 131 content too long. The rest (99, 103 balance…) are retried.
ESMS_PERMANENT = {"101", "102", "104", "118", "119", "131"}


@dataclass(frozen=True)
class EsmsChannel:
    url: str
    api_key: str
    secret_key: str
    brandname: str

    def send(self, message: OutboxMessage) -> str | None:
        answer = _post(self.url, {
            "ApiKey": self.api_key, "SecretKey": self.secret_key, "Phone": message.address,
            "Content": message.body, "Brandname": self.brandname, "SmsType": "2",
            "IsUnicode": "0" if is_gsm(message.body) else "1", "RequestId": f"outbox-{message.id}",
        }, {})  # fmt: skip
        code = str(answer.get("CodeResult", ""))
        if code != "100":
            reason = f"esms {code}: {answer.get('ErrorMessage', '')}"
            raise SendFailed(reason, permanent=code in ESMS_PERMANENT)
        return str(answer.get("SMSID") or "") or None


#: ZNS answers that no retry mends [B]: -108 invalid phone, -118 no Zalo account for it,
#: -124 access token invalid, -131 template not approved, -133 outside the template's hours.
ZALO_PERMANENT = {-108, -118, -124, -131}


@dataclass(frozen=True)
class ZaloChannel:
    url: str
    access_token: str
    template_ids: dict[str, str]  # our template → the approved ZNS template's id

    def send(self, message: OutboxMessage) -> str | None:
        template = Template(message.template)
        if str(template) not in self.template_ids:
            raise SendFailed(f"no ZNS template configured for {template}", permanent=True)
        answer = _post(self.url, {
            "phone": international(message.address), "template_id": self.template_ids[str(template)],
            "template_data": zalo_data(template, json.loads(message.params)),
            "tracking_id": f"outbox-{message.id}",
        }, {"access_token": self.access_token})  # fmt: skip
        error = int(answer.get("error", -1))
        if error != 0:
            raise SendFailed(
                f"zns {error}: {answer.get('message', '')}", permanent=error in ZALO_PERMANENT
            )
        return str((answer.get("data") or {}).get("msg_id") or "") or None


def channels_from_settings(env: dict[str, str] | None = None) -> dict[ContactChannel, Channel]:
    """The channels configured in the environment; one not configured is left out (its messages
    wait until it is)."""
    e = dict(os.environ if env is None else env)
    found: dict[ContactChannel, Channel] = {}
    if e.get("CLEARWAY_SMTP_HOST"):
        found[ContactChannel.EMAIL] = EmailChannel(
            e["CLEARWAY_SMTP_HOST"], int(e.get("CLEARWAY_SMTP_PORT", "25")),
            e.get("CLEARWAY_SMTP_FROM", "clearway@localhost"), e.get("CLEARWAY_SMTP_USER"),
            e.get("CLEARWAY_SMTP_PASSWORD"), e.get("CLEARWAY_SMTP_STARTTLS", "") == "1",
        )  # fmt: skip
    if e.get("CLEARWAY_SMS_URL"):
        found[ContactChannel.SMS] = EsmsChannel(
            e["CLEARWAY_SMS_URL"], e.get("CLEARWAY_SMS_API_KEY", ""),
            e.get("CLEARWAY_SMS_SECRET_KEY", ""), e.get("CLEARWAY_SMS_BRANDNAME", ""),
        )  # fmt: skip
    if e.get("CLEARWAY_ZALO_URL"):
        prefix = "CLEARWAY_ZALO_TEMPLATE_"
        found[ContactChannel.ZALO] = ZaloChannel(
            e["CLEARWAY_ZALO_URL"], e.get("CLEARWAY_ZALO_ACCESS_TOKEN", ""),
            {k[len(prefix):].lower(): v for k, v in e.items() if k.startswith(prefix)},
        )  # fmt: skip
    return found

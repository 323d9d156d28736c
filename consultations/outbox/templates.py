"""A message rendered from its template, and SMS text that knows its limits.

An SMS with any character outside the GSM 7-bit alphabet (Vietnamese diacritics, "đ") is sent as
UCS-2: **70 characters** in one message; without them, **160**. A text that does not fit with
its diacritics is sent without them if that fits, else cut at a word with "…" (the reference and
the address come first in every template, so what is cut is the least needed).
"""

from __future__ import annotations

import tomllib
import unicodedata
from functools import cache
from pathlib import Path
from typing import Any

from consultations.outbox.model import ContactChannel, Template

UNICODE_LIMIT, GSM_LIMIT = 70, 160
#: The GSM 03.38 basic alphabet (without its escape table): what fits 160 to a message.
GSM = set(
    "@£$¥èéùìòÇ\nØø\rÅåΔ_ΦΓΛΩΠΨΣΘΞÆæßÉ !\"#¤%&'()*+,-./0123456789:;<=>?¡ABCDEFGHIJKLMNOPQRSTUVWXYZ"
    "ÄÖÑÜ§¿abcdefghijklmnopqrstuvwxyzäöñüà"
)


@cache
def _templates() -> dict[str, dict[str, Any]]:
    return tomllib.loads((Path(__file__).parent / "templates.toml").read_text(encoding="utf-8"))


def is_gsm(text: str) -> bool:
    return all(ch in GSM for ch in text)


def without_diacritics(text: str) -> str:
    """Vietnamese without its marks: "Đã tiếp nhận" → "Da tiep nhan"."""
    folded = unicodedata.normalize("NFD", text.replace("Đ", "D").replace("đ", "d"))
    return "".join(ch for ch in folded if unicodedata.category(ch) != "Mn")


def sms_limit(text: str) -> int:
    return GSM_LIMIT if is_gsm(text) else UNICODE_LIMIT


def fit_sms(text: str) -> str:
    """``text`` as one SMS: as it is if it fits, else without diacritics, else cut at a word."""
    if len(text) <= sms_limit(text):
        return text
    plain = without_diacritics(text)
    if is_gsm(plain) and len(plain) <= GSM_LIMIT:
        return plain
    limit = sms_limit(plain)
    cut = plain[: limit - 3].rsplit(" ", 1)[0]
    return cut + "..."


def render(
    template: Template, channel: ContactChannel, params: dict[str, str]
) -> tuple[str | None, str]:
    """The subject (e-mail only) and body of ``template`` for ``channel``."""
    texts = _templates()[str(template)]
    if channel is ContactChannel.SMS:
        return None, fit_sms(texts["sms"].format(**params))
    subject = texts["subject"].format(**params)
    return subject, texts["body"].format(**params)


def zalo_data(template: Template, params: dict[str, str]) -> dict[str, str]:
    """The ZNS template's data: the parameters it was approved with, each at most 30 characters
    (the ZNS limit of a custom label) [B]."""
    return {name: params[name][:30] for name in _templates()[str(template)]["zalo"]}


def word(name: str) -> str:
    """How a matter is named in messages ("concern" → "ý kiến", "petition" → "đơn thư")."""
    return str(_templates()["words"][name])

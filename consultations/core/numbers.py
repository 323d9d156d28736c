"""Numbers as Vietnamese people type them, read one way everywhere: forms, the command line, files.

A dot groups thousands and a comma marks decimals ("1.234.567", "1.234,5", "4,5"); digits alone
("1234567") and spaces between groups ("1 234 567") are read too, and so is the English way when it
cannot be mistaken ("1,234,567", "1,234.5"). A lone dot that does not group three digits is a
decimal point ("4.5"), since a decimal typed on an English keyboard is common and cannot be a
thousands group. What cannot be read is refused in a sentence, never guessed.

Every field has a ``NumberRule``: its label, its plausible bounds, whether it is whole and whether it
is money. ``read_number`` applies it, ``shown`` writes a number back the Vietnamese way and
``read_back`` says what was read (money also in words), so a person sees "150.000.000 đ (Một trăm
năm mươi triệu đồng)" before it is saved.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from decimal import Decimal, InvalidOperation

from consultations.core.errors import InvalidRecord
from consultations.core.words import in_words
from translations import _

#: A household's whole compensation, or one payment, cannot be more than this (10 000 tỷ đồng).
MAX_VND = 10**13

_GROUPED_DOTS = re.compile(r"\d{1,3}(\.\d{3})+")
_GROUPED_COMMAS = re.compile(r"\d{1,3}(,\d{3}){2,}")
_UNITS = re.compile(r"(đồng|đ|vnđ|vnd|m²|m2|m|kv|%)$", re.IGNORECASE)


def parse_number(text: str) -> Decimal:
    """The number in ``text`` typed the Vietnamese way; ``ValueError`` when it is not one."""
    raw = str(text).strip().replace("\u00a0", " ").replace("\u202f", " ")
    raw = _UNITS.sub("", raw).strip()
    sign = ""
    if raw[:1] in "-−":
        sign, raw = "-", raw[1:].strip()
    if re.fullmatch(r"\d{1,3}( \d{3})+([.,]\d+)?", raw):
        raw = raw.replace(" ", "")
    if not raw or not re.fullmatch(r"[\d.,]+", raw) or not raw[0].isdigit():
        raise ValueError(text)
    if "." in raw and "," in raw:
        decimal_mark = "," if raw.rfind(",") > raw.rfind(".") else "."
        group_mark = "." if decimal_mark == "," else ","
        whole, _mark, fraction = raw.rpartition(decimal_mark)
        if group_mark in fraction or not re.fullmatch(rf"\d{{1,3}}(\{group_mark}\d{{3}})*", whole):
            raise ValueError(text)
        digits = whole.replace(group_mark, "") + "." + fraction
    elif "." in raw:
        if _GROUPED_DOTS.fullmatch(raw):
            digits = raw.replace(".", "")
        elif raw.count(".") == 1:
            digits = raw
        else:
            raise ValueError(text)
    elif "," in raw:
        if _GROUPED_COMMAS.fullmatch(raw):
            digits = raw.replace(",", "")
        elif raw.count(",") == 1:
            digits = raw.replace(",", ".")
        else:
            raise ValueError(text)
    else:
        digits = raw
    if digits.endswith(".") or digits.startswith("."):
        raise ValueError(text)
    try:
        number = Decimal(sign + digits)
    except InvalidOperation as error:
        raise ValueError(text) from error
    return number


def shown(number: Decimal | int, *, places: int | None = None) -> str:
    """``number`` written the Vietnamese way: 1.234.567,5 (no trailing zeros unless ``places``)."""
    value = Decimal(number)
    if places is not None:
        value = value.quantize(Decimal(1).scaleb(-places))
    text = format(value if places is not None else value.normalize(), "f")
    sign = "-" if text.startswith("-") else ""
    whole, _dot, fraction = text.lstrip("-").partition(".")
    grouped = f"{int(whole):,}".replace(",", ".")
    return sign + grouped + ("," + fraction if fraction else "")


@dataclass(frozen=True)
class NumberRule:
    """What a field holds: its label (already in the user's language), its bounds, its unit."""

    label: str
    low: Decimal | int
    high: Decimal | int
    unit: str = ""
    whole: bool = False
    money: bool = False

    def within(self) -> str:
        unit = f" {self.unit or ('đ' if self.money else '')}".rstrip()
        return _("from {low} to {high}{unit}").format(
            low=shown(self.low), high=shown(self.high), unit=unit
        )


def read_number(text: str | None, rule: NumberRule) -> Decimal:
    """The number typed in the field ``rule`` describes, or a sentence saying what to fix."""
    if text is None or not str(text).strip():
        raise InvalidRecord(_("Type a number in “{field}”.").format(field=rule.label))
    try:
        number = parse_number(text)
    except ValueError:
        raise InvalidRecord(
            _(
                "“{text}” in “{field}” is not a number. Type it as Vietnamese write numbers: "
                "1.234.567 for a large number, 4,5 for four and a half."
            ).format(text=str(text).strip(), field=rule.label)
        ) from None
    if (rule.whole or rule.money) and number != number.to_integral_value():
        raise InvalidRecord(
            _("“{field}” takes a whole number; {value} was read.").format(
                field=rule.label, value=shown(number)
            )
        )
    if not Decimal(rule.low) <= number <= Decimal(rule.high):
        raise InvalidRecord(
            _("“{field}” was read as {value}, which is not plausible: it must be {within}.").format(
                field=rule.label, value=read_back(number, rule), within=rule.within()
            )
        )
    return number


def read_optional(text: str | None, rule: NumberRule) -> Decimal | None:
    """Like ``read_number``, but an empty field is ``None``."""
    if text is None or not str(text).strip():
        return None
    return read_number(text, rule)


def read_back(number: Decimal, rule: NumberRule) -> str:
    """What was read, as a person checks it: "150.000.000 đ (Một trăm năm mươi triệu đồng)"."""
    if rule.money:
        return f"{shown(number)} đ ({in_words(int(number))})"
    unit = f" {rule.unit}" if rule.unit else ""
    return f"{shown(number)}{unit}"

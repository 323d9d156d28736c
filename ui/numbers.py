"""The one number field: a text box that reads numbers as Vietnamese people type them.

A browser's number box drops what it does not understand ("150.000.000" became 150, "3,5" became
35), so every number a person types goes through ``number_field``: a text box whose value is read
by ``consultations.core.numbers`` when the form is saved, with what was read shown under it (money
also in words) and a sentence when it cannot be read. The page reads the value inside its save
(``read_number(text, rule)``), so a refusal keeps what was typed.
"""

from __future__ import annotations

from decimal import Decimal
from typing import Any

import streamlit as st

from consultations.core.errors import InvalidRecord
from consultations.core.numbers import NumberRule, read_back, read_number, read_optional, shown
from translations import _
from ui.widgets import plain


def number_field(
    rule: NumberRule,
    *,
    key: str,
    value: Decimal | int | float | None = None,
    placeholder: str | None = None,
    help: str | None = None,
    where: Any = st,
    disabled: bool = False,
) -> str:
    """A number typed the Vietnamese way ("1.234.567", "4,5"), returned as typed; under it, what it
    reads as, or why it cannot be read."""
    start = "" if value is None else shown(Decimal(str(value)))
    text: str = where.text_input(
        rule.label,
        value=start,
        key=key,
        placeholder=placeholder or _("e.g. {example}").format(example=_example(rule)),
        help=help,
        disabled=disabled,
    )
    if text.strip():
        try:
            where.caption(
                _("Read as: {value}").format(value=read_back(read_number(text, rule), rule))
            )
        except InvalidRecord as error:
            where.caption("⚠️ " + plain(str(error)))
    return text


def _example(rule: NumberRule) -> str:
    if rule.money:
        return "150.000.000"
    if rule.whole:
        return shown(max(Decimal(rule.low), min(Decimal(rule.high), Decimal(12))))
    return "4,5"


def read_float(text: str | None, rule: NumberRule) -> float | None:
    """What a measurement field holds, for a save (``None`` when left empty); a sentence if it
    cannot be read or is out of its bounds."""
    number = read_optional(text, rule)
    return None if number is None else float(number)

"""Money as the law and the treasury count it: whole đồng, exact decimals, never floats.

``amount`` is quantity × unit price × coefficient rounded once, at the end, half up to the đồng
(68.5 m² × 52 000 000 đ × 1 = 3 562 000 000 đ). ``in_words`` writes an amount as a calculation
sheet and a payment voucher do: "Ba tỷ năm trăm sáu mươi hai triệu đồng".
"""

from __future__ import annotations

from decimal import ROUND_HALF_UP, Decimal, InvalidOperation

from consultations.core.numbers import parse_number
from consultations.core.words import in_words

__all__ = ["ONE_DONG", "amount", "dong", "exact", "in_words", "plain", "stored", "vnd"]

ONE_DONG = Decimal(1)


def exact(value: object) -> Decimal:
    """A quantity, price or coefficient typed by a person or read from their file, as an exact
    decimal, read as Vietnamese write numbers ("68,5", "1.200", "420.000", "1.234,5"; see
    ``core/numbers.py``); a float is taken by its shortest written form (68.5, not 68.4999…)."""
    if isinstance(value, Decimal):
        return value
    number = parse_number(str(value))
    if not number.is_finite():
        raise ValueError(str(value))
    return number


def stored(value: object) -> Decimal:
    """A decimal as this program stored it ("1.234" is one and a fraction, never a thousand)."""
    if isinstance(value, Decimal):
        return value
    try:
        return Decimal(str(value))
    except InvalidOperation as error:
        raise ValueError(str(value)) from error


def dong(value: Decimal) -> int:
    """Rounded half up to the whole đồng."""
    return int(value.quantize(ONE_DONG, rounding=ROUND_HALF_UP))


def amount(quantity: Decimal, unit_price_vnd: int, coefficient: Decimal = ONE_DONG) -> int:
    """quantity × unit price × coefficient, rounded once to the đồng."""
    return dong(quantity * Decimal(unit_price_vnd) * coefficient)


def plain(number: Decimal) -> str:
    """A decimal without trailing zeros or exponent: 68.50 → "68.5", 1E+2 → "100"."""
    text = format(number.normalize(), "f")
    return text


def vnd(value: int) -> str:
    """An amount as Vietnamese write it: 3.562.000.000 đ."""
    return f"{value:,}".replace(",", ".") + " đ"

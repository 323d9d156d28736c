"""Money as the law and the treasury count it: whole đồng, exact decimals, never floats.

``amount`` is quantity × unit price × coefficient rounded once, at the end, half up to the đồng
(68.5 m² × 52 000 000 đ × 1 = 3 562 000 000 đ). ``in_words`` writes an amount as a calculation
sheet and a payment voucher do: "Ba tỷ năm trăm sáu mươi hai triệu đồng".
"""

from __future__ import annotations

import re
from decimal import ROUND_HALF_UP, Decimal, InvalidOperation

from translations import _

ONE_DONG = Decimal(1)


def exact(value: object) -> Decimal:
    """A quantity, price or coefficient as an exact decimal: "68,5" and "68.5" are 68.5; dots that
    group thousands, as Vietnamese write them ("1.200", "420.000"), are read as such; a float is
    taken by its shortest written form (68.5, not 68.4999…)."""
    if isinstance(value, Decimal):
        return value
    text = str(value).strip().replace("\u00a0", "").replace(" ", "")
    if re.fullmatch(r"-?\d{1,3}(\.\d{3})+", text):  # 1.200 and 420.000 as Vietnamese write them
        text = text.replace(".", "")
    if "," in text and "." in text:  # 1.234,5 (Vietnamese) or 1,234.5
        text = (
            text.replace(".", "").replace(",", ".")
            if text.rfind(",") > text.rfind(".")
            else text.replace(",", "")
        )
    else:
        text = text.replace(",", ".")
    try:
        number = Decimal(text)
    except InvalidOperation as error:
        raise ValueError(str(value)) from error
    if not number.is_finite():
        raise ValueError(str(value))
    return number


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


_DIGITS = ("không", "một", "hai", "ba", "bốn", "năm", "sáu", "bảy", "tám", "chín")
_GROUPS = ("", "nghìn", "triệu", "tỷ")


def _three(n: int, full: bool) -> list[str]:
    """Words for 0 < n < 1000; ``full``: a group after a larger one ("không trăm linh năm")."""
    hundreds, tens, units = n // 100, n // 10 % 10, n % 10
    words: list[str] = []
    if hundreds or full:
        words += [_DIGITS[hundreds], "trăm"]
    if tens == 0:
        if units and (hundreds or full):
            words.append("linh")
    elif tens == 1:
        words.append("mười")
    else:
        words += [_DIGITS[tens], "mươi"]
    if units:
        if units == 5 and tens:
            words.append("lăm")
        elif units == 1 and tens > 1:
            words.append("mốt")
        else:
            words.append(_DIGITS[units])
    return words


def _words(n: int) -> list[str]:
    if n >= 10**9:  # tỷ repeats: 1 000 tỷ is "một nghìn tỷ"
        high, low = divmod(n, 10**9)
        rest = _words_below_billion(low, full=True) if low else []
        return [*_words(high), "tỷ", *rest]
    return _words_below_billion(n, full=False)


def _words_below_billion(n: int, *, full: bool) -> list[str]:
    groups = [n // 10**6 % 1000, n // 1000 % 1000, n % 1000]
    words: list[str] = []
    for index, group in enumerate(groups):
        if group == 0:
            continue
        words += _three(group, full=full or bool(words))
        name = _GROUPS[2 - index]
        if name:
            words.append(name)
    return words


def in_words(vnd: int) -> str:
    """An amount in Vietnamese words, capitalised, ending in "đồng"; negative as "Âm …"."""
    if vnd == 0:
        return _("Zero đồng")
    words = _words(abs(vnd))
    text = " ".join(words) + " đồng"
    text = ("âm " + text) if vnd < 0 else text
    return text[0].upper() + text[1:]


def vnd(value: int) -> str:
    """An amount as Vietnamese write it: 3.562.000.000 đ."""
    return f"{value:,}".replace(",", ".") + " đ"

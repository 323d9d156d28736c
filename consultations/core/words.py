"""Amounts in Vietnamese words, as a calculation sheet, a payment voucher and a form read them back:
"Ba tỷ năm trăm sáu mươi hai triệu đồng"."""

from __future__ import annotations

from translations import _

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

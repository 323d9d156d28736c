"""The household register's cells as field teams fill them in Excel.

Coded columns take their Vietnamese labels, accents optional ("Nữ", "nu", "Chủ sử dụng") as well
as the codes, and give the codes the store keeps ("F", ``land_user``): a meeting then counts its
women. Phone and ID numbers keep their leading 0 where Excel made them numbers. A date before 1900
or a birth date after today is a typing slip (01/01/0001), refused. Each reader raises
``ValueError`` with the cause in words; the register groups the causes with their rows.
"""

from __future__ import annotations

import datetime as dt
import unicodedata
from typing import Any

from consultations.core.records import ParcelRole
from translations import _

#: The labels the register's template offers, in the register's language (its headers are
#: Vietnamese whatever the app's language), and the other ways teams write them (folded).
SEX_LABELS = {"M": "Nam", "F": "Nữ"}
SEX_WORDS: dict[str, tuple[str, ...]] = {
    "M": ("nam", "m", "male", "trai"),
    "F": ("nu", "f", "female", "gai"),
}
ROLE_LABELS = {
    ParcelRole.LAND_USER: "Chủ sử dụng",
    ParcelRole.CO_USER: "Đồng sử dụng",
    ParcelRole.TENANT: "Người thuê",
    ParcelRole.OCCUPANT: "Người đang sử dụng",
}
ROLE_WORDS: dict[ParcelRole, tuple[str, ...]] = {
    ParcelRole.LAND_USER: ("chu su dung", "chu su dung dat", "nguoi su dung dat", "chu"),
    ParcelRole.CO_USER: ("dong su dung", "dong chu su dung", "dong so huu"),
    ParcelRole.TENANT: ("thue", "nguoi thue", "thue dat", "ben thue"),
    ParcelRole.OCCUPANT: ("dang su dung", "nguoi su dung thuc te", "chiem dung"),
}
VULNERABILITY_LABELS = {
    "poor": "Hộ nghèo", "near_poor": "Hộ cận nghèo",
    "elderly_alone": "Người cao tuổi sống một mình", "disabled": "Người khuyết tật",
    "female_headed": "Phụ nữ làm chủ hộ", "ethnic_minority": "Dân tộc thiểu số",
    "policy_family": "Gia đình chính sách",
}  # fmt: skip
#: The oldest date a register may hold: anything before is a slip (01/01/0001), not history.
EARLIEST = dt.date(1900, 1, 1)


def fold(text: str) -> str:
    """Lower case without diacritics: "Nguyễn Văn Đức" → "nguyen van duc"."""
    text = text.lower().replace("đ", "d")
    plain = unicodedata.normalize("NFD", text)
    return "".join(c for c in plain if not unicodedata.combining(c))


def _coded(value: Any, labels: dict[Any, str], words: dict[Any, tuple[str, ...]]) -> Any:
    folded = " ".join(fold(str(value)).replace("_", " ").split())
    for code, known in words.items():
        if folded in (*known, fold(labels[code]), fold(str(code)).replace("_", " ")):
            return code
    raise ValueError(_("write one of: {labels}").format(labels=", ".join(labels.values())))


def sex_code(value: Any) -> str | None:
    """ "Nữ", "nu", "F" → "F"; "Nam", "M" → "M"; an empty cell → None."""
    if value is None or not str(value).strip():
        return None
    return str(_coded(value, SEX_LABELS, SEX_WORDS))


def role_code(value: Any) -> ParcelRole:
    """ "Chủ sử dụng", "chu su dung", ``land_user`` → ``ParcelRole.LAND_USER``; empty: the land user."""
    if value is None or not str(value).strip():
        return ParcelRole.LAND_USER
    return ParcelRole(_coded(value, ROLE_LABELS, ROLE_WORDS))


def text(value: Any) -> str | None:
    """A cell as text; a number cell (Excel's 912345678, or 912345678.0) as its digits."""
    if value is None:
        return None
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    result = str(value).strip()
    return result or None


def phone_text(value: Any) -> str | None:
    """A phone number with its leading 0: Vietnamese numbers have 10 digits (11 for a landline
    with its area code), so 9 or 10 digits without the 0 are a number Excel stripped."""
    digits = text(value)
    if digits and digits.isdigit() and len(digits) in (9, 10) and not digits.startswith("0"):
        return "0" + digits
    return digits


def id_number_text(value: Any) -> str | None:
    """An ID card number with its leading 0: a citizen ID (CCCD) has 12 digits and starts with
    its province's code (001…096), so 11 digits are one whose 0 Excel stripped."""
    digits = text(value)
    if digits and digits.isdigit() and len(digits) == 11:
        return "0" + digits
    return digits


def plausible_date(day: dt.date | None, today: dt.date, *, birth: bool = False) -> dt.date | None:
    """``day``, unless it is before 1900, or (a birth date) after today."""
    if day is None:
        return None
    if day < EARLIEST:
        raise ValueError(_("a date before 1900: check the year"))
    if birth and day > today:
        raise ValueError(_("a birth date in the future"))
    return day


def shown_date(day: dt.date) -> str:
    """dd/mm/yyyy, the year in four digits even for year 1 (which ``strftime`` writes as "1")."""
    return f"{day.day:02d}/{day.month:02d}/{day.year:04d}"

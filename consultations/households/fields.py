"""A household's fields as people write them: vulnerability codes and their words, the sex of
its head, and the checks on what is typed by hand (members, phone, ID number)."""

from __future__ import annotations

from typing import Any

from consultations.core.errors import InvalidRecord
from consultations.core.labels import value_text
from consultations.core.numbers import NumberRule
from consultations.households.register_cells import fold, id_number_text, phone_text
from translations import _

VULNERABILITIES = (
    "poor", "near_poor", "elderly_alone", "disabled", "female_headed", "ethnic_minority",
    "policy_family",
)  # fmt: skip


# How field teams write them in registers (compared without diacritics), for each code.
_VULNERABILITY_WORDS = {
    "poor": ("ho ngheo", "ngheo"),
    "near_poor": ("ho can ngheo", "can ngheo"),
    "elderly_alone": ("nguoi cao tuoi song mot minh", "cao tuoi neo don"),
    "disabled": ("nguoi khuyet tat", "khuyet tat"),
    "female_headed": ("phu nu lam chu ho", "nu chu ho"),
    "ethnic_minority": ("dan toc thieu so",),
    "policy_family": ("gia dinh chinh sach", "ho chinh sach"),
}


def vulnerability_code(text: str) -> str | None:
    """The code for a vulnerability written as a code or in Vietnamese words, else None."""
    folded = fold(text).strip()
    if folded in VULNERABILITIES:
        return folded
    return next((code for code, words in _VULNERABILITY_WORDS.items() if folded in words), None)


def vulnerability_label(code: str) -> str:
    return {
        "poor": _("Poor household"),
        "near_poor": _("Near-poor household"),
        "elderly_alone": _("Elderly person living alone"),
        "disabled": _("Person with a disability"),
        "female_headed": _("Female-headed household"),
        "ethnic_minority": _("Ethnic minority"),
        "policy_family": _("Policy family"),
    }.get(code, code)


def members_rule() -> NumberRule:
    """How many people a household has, as typed in its form."""
    return NumberRule(_("Members"), 1, 100, whole=True)


def checked_phone(value: Any) -> str | None:
    phone = phone_text(value)
    if phone is None:
        return None
    digits = "".join(c for c in phone if c.isdigit())
    if set(phone) - set("0123456789 +.-()") or not 8 <= len(digits) <= 15:
        raise InvalidRecord(
            _("“{phone}” is not a phone number: type its digits, such as 0912 345 678.").format(
                phone=phone
            )
        )
    return phone


def checked_id_number(value: Any) -> str | None:
    number = id_number_text(str(value).replace(" ", "") if value is not None else None)
    if number is not None and not (number.isdigit() and len(number) in (9, 12)):
        raise InvalidRecord(
            _("“{number}” is not an ID number: a citizen ID card (CCCD) has 12 digits, an "
              "older ID card (CMND) 9.").format(number=number)
        )  # fmt: skip
    return number


def sex_label(code: str | None) -> str:
    return {"M": _("Male"), "F": _("Female")}.get(code or "", code or "-")


def field_text(field: str, value: Any) -> str:
    """A household field's value as people read it, for its history."""
    if field == "head_sex":
        return sex_label(value)
    if field == "vulnerability":
        return ", ".join(vulnerability_label(v) for v in value or ()) or "-"
    return value_text(value)

"""A household's fields in a form, the register's own (code, head, sex, birth date, members, phone,
ID number, village, vulnerability, parcels): one set of widgets for adding a household and for
correcting one, so the two cannot drift from each other or from the register's template."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from typing import Any

import streamlit as st

from consultations.core.numbers import shown
from consultations.core.records import Household
from consultations.households.service import (
    VULNERABILITIES,
    members_rule,
    sex_label,
    vulnerability_label,
)
from translations import _, format_date, local_today
from ui.forms import RecordForm
from ui.numbers import number_field
from ui.widgets import pick_many, plain

EARLIEST_BIRTH = dt.date(1900, 1, 1)


def as_shown(household: Household) -> dict[str, Any]:
    """A household's fields as its form shows them, to compare with what was typed."""
    return {
        "head_name": household.head_name, "head_sex": household.head_sex,
        "birth_date": household.birth_date,
        "members": "" if household.members is None else shown(Decimal(household.members)),
        "phone": household.phone, "id_number": household.id_number, "village": household.village,
        "vulnerability": list(household.vulnerability), "notes": household.notes,
    }  # fmt: skip


def household_fields(form: RecordForm, household: Household | None = None) -> dict[str, Any]:
    """The household's fields, each filled from ``household`` (empty for a new one); what was
    typed, as the household's door takes it (members as typed: the door reads the number)."""
    start = as_shown(household) if household else {}
    typed: dict[str, Any] = {
        "head_name": st.text_input(_("Head of household"), start.get("head_name") or "",
                                   key=form.key("head")),
    }  # fmt: skip
    sexes = [None, "M", "F"]
    sex = start.get("head_sex")
    typed["head_sex"] = st.selectbox(
        _("Sex of the head"), sexes, index=sexes.index(sex) if sex in sexes else 0,
        format_func=lambda c: "-" if c is None else sex_label(c), key=form.key("sex"),
        placeholder=_("Choose…"),  # Streamlit's own hint is in English
    )  # fmt: skip
    typed["birth_date"] = st.date_input(
        _("Birth date of the head"), start.get("birth_date"), min_value=EARLIEST_BIRTH,
        max_value=local_today(), format="DD/MM/YYYY", key=form.key("born"),
    )  # fmt: skip
    typed["members"] = number_field(members_rule(), key=form.key("members"),
                                    value=household.members if household else None)  # fmt: skip
    typed["phone"] = st.text_input(_("Phone"), start.get("phone") or "", key=form.key("phone"))
    typed["id_number"] = st.text_input(
        _("ID number (CCCD)"), start.get("id_number") or "", key=form.key("id"),
        help=_("12 digits of a citizen ID card, or 9 of an older ID card."),
    )  # fmt: skip
    typed["village"] = st.text_input(_("Village"), start.get("village") or "",
                                     key=form.key("village"))  # fmt: skip
    typed["vulnerability"] = list(
        pick_many(_("Vulnerability"), VULNERABILITIES, start.get("vulnerability") or [],
                  format_func=vulnerability_label, key=form.key("vulnerable"))
    )  # fmt: skip
    typed["notes"] = st.text_area(_("Notes"), start.get("notes") or "", key=form.key("notes"))
    # An empty box is "nothing recorded", as the store keeps it.
    return {k: (v.strip() or None) if isinstance(v, str) else v for k, v in typed.items()}


def changed_fields(household: Household, typed: dict[str, Any]) -> dict[str, Any]:
    """Only what the user changed: a correction never rewrites a field nobody touched."""
    before = {k: v if isinstance(v, list) else v or None for k, v in as_shown(household).items()}
    return {k: v for k, v in typed.items() if v != before[k]}


def personal_details(household: Household) -> str:
    """Sex, birth date, phone and ID number of the head, as one line (for readers of personal
    data only: the household's file is refused to others)."""
    return _("Sex: {sex} · born: {born} · phone: {phone} · ID number: {id}").format(
        sex=sex_label(household.head_sex),
        born=format_date(household.birth_date) if household.birth_date else "-",
        phone=plain(household.phone or "-"),
        id=plain(household.id_number or "-"),
    )

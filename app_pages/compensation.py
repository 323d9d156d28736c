"""Compensation and payments: the project's totals, what each household is owed and why (its sheet),
what was approved and paid, who is late; the inventory, the plans and the price tables."""

import pandas as pd
import streamlit as st

from consultations.compensation.model import Account
from consultations.compensation.money import in_words, vnd
from consultations.compensation.payments import accounts, compensation_totals, payments_of
from consultations.compensation.service import plans
from consultations.compensation.sheets import (
    household_plans,
    household_sheet,
    sheet_plan,
    write_sheet,
)
from consultations.core.access import Action, Role
from consultations.core.corrections import correction_mark
from translations import _, format_date
from ui.compensation import payment_form, plans_section, prices_section
from ui.corrections import payment_correction
from ui.errors import shown_errors
from ui.frame import page_frame
from ui.inventory import inventory_section
from ui.notices import payment_notice_section
from ui.widgets import keep_choice, table

store, actor, project = page_frame(_("Compensation and payments"))
reader = actor.may_in(Action.READ_PERSONAL, project.id)
SECTIONS = {"totals": _("Totals"), "households": _("Households"), "inventory": _("Inventory"),
            "plans": _("Plans"), "prices": _("Price tables")}  # fmt: skip
shown = [s for s in SECTIONS if reader or s in ("totals", "plans", "prices")]
start = "inventory" if actor.role is Role.FIELD_OFFICER and "inventory" in shown else "totals"
if st.session_state.get("compensation-section") not in (None, *shown):
    del st.session_state[
        "compensation-section"
    ]  # a section of another project the user may not see
section = st.segmented_control(
    _("Section"), shown, format_func=SECTIONS.__getitem__, default=start, key="compensation-section",
    label_visibility="collapsed",
) or start  # fmt: skip


def totals_section() -> None:
    with shown_errors():
        money = compensation_totals(store, project.id, actor=actor)
    first, second, third = st.columns(3)
    first.metric(_("Estimated"), vnd(money.estimated_vnd))
    first.metric(_("Approved"), vnd(money.approved_vnd))
    second.metric(_("Paid"), vnd(money.paid_vnd))
    second.metric(_("Outstanding"), vnd(money.outstanding_vnd))
    third.metric(_("Households late for payment"), money.households_late,
                 help=_("Still owed money 30 days after their plan was approved (Land Law 2024 Art. 94)."))  # fmt: skip
    if not money.estimated_vnd:
        st.info(_("No plan yet: the price tables, the project's terms and the inventory come first, "
                  "then a plan is drafted on the Plans section."))  # fmt: skip


def late_label(account: Account) -> str:
    return _("late") if account.late else ""


def households_section() -> None:
    with shown_errors():
        owed = accounts(store, project.id, actor=actor)
    if not owed:
        st.info(_("No household is in a plan yet."))
        return
    late = sum(1 for a in owed if a.late)
    if late:
        st.warning(
            _("{n} households are still owed money past the payment deadline.").format(n=late)
        )
    table(pd.DataFrame([{_("Code"): a.household_code, _("Head of household"): a.head_name,
                         _("Approved"): vnd(a.approved_vnd), _("Paid"): vnd(a.paid_vnd),
                         _("Outstanding"): vnd(a.outstanding_vnd), _("Pay by"): a.pay_by,
                         _("Deadline"): late_label(a)} for a in owed]),
          hide_index=True, width="stretch")  # fmt: skip
    if actor.may_in(Action.IMPORT, project.id):
        payment_notice_section(store, actor, project, owed)
    names = {a.household_id: f"{a.household_code} · {a.head_name or ''}" for a in owed}
    keep_choice("payment-household", names)  # "This week" opens a household here by setting it
    chosen = st.selectbox(
        _("Household"), list(names), format_func=names.__getitem__, key="payment-household"
    )
    account = next(a for a in owed if a.household_id == chosen)
    with shown_errors():
        _household, plan_id = sheet_plan(store, project, account.household_code, actor=actor)
        own = household_plans(store, project, account.household_id, actor=actor)
    if (
        len(own) > 1
    ):  # a draft or a supplement beside the approved plan: the user picks which to read
        titles = {p.id: f"{p.title} · {p.state.label}" for p in own}
        plan_id = int(st.selectbox(_("Plan"), list(titles), format_func=titles.__getitem__,
                                   index=list(titles).index(plan_id)) or plan_id)  # fmt: skip
    with shown_errors():
        sheet = household_sheet(store, project, plan_id, account.household_id, actor=actor)
    st.subheader(_("What the household is owed, and why"))
    for line in sheet.heading()[1:]:
        st.caption(line)
    # Amounts as Vietnamese write them (1.152.000); the downloaded sheet keeps them as numbers.
    shown_sheet = sheet.table().map(
        lambda v: vnd(v).removesuffix(" đ") if isinstance(v, int) else v
    )
    table(shown_sheet, hide_index=True, width="stretch")
    st.markdown(
        _("**Total: {total}** ({words})").format(
            total=vnd(sheet.total_vnd), words=in_words(sheet.total_vnd)
        )
    )
    left, right = st.columns(2)
    for column, fmt in ((left, "xlsx"), (right, "docx")):
        key = f"sheet-{project.id}-{plan_id}-{account.household_id}-{fmt}"
        if column.button(
            _("Prepare the sheet ({fmt})").format(fmt=fmt.upper()),
            key=f"make-{key}",
            width="stretch",
        ):
            with shown_errors():  # the export is logged once, when it is made
                st.session_state[key] = write_sheet(store, project, plan_id, account.household_id,
                                                    f"x.{fmt}", actor=actor)  # fmt: skip
        if key in st.session_state:
            column.download_button(_("Download ({fmt})").format(fmt=fmt.upper()), st.session_state[key],
                                   key=f"get-{key}", width="stretch",
                                   file_name=f"bang-tinh-{account.household_code}.{fmt}")  # fmt: skip
    st.subheader(_("Payments"))
    with shown_errors():
        paid = payments_of(store, project.id, account.household_id, actor=actor)
    table(pd.DataFrame([{_("Day"): p.paid_on, _("Kind"): p.kind.label, _("Amount"): vnd(p.amount_vnd),
                         _("Method"): p.method.label, _("Receipt"): p.receipt, _("Recorded by"): p.recorded_by,
                         _("Note"): correction_mark(p.corrected, p.correction_reason if p.corrects_id else None)[3:]}
                        for p in paid]), hide_index=True, width="stretch")  # fmt: skip
    st.caption(_("Approved {approved} on {day}; paid {paid}; outstanding {left}.").format(
        approved=vnd(account.approved_vnd), day=format_date(account.approved_on), paid=vnd(account.paid_vnd),
        left=vnd(account.outstanding_vnd)))  # fmt: skip
    if actor.may_in(Action.IMPORT, project.id) and account.approved_on is not None:
        payment_form(store, actor, project, account)
        payment_correction(store, actor, project, account)  # the entry just made in error
    elif account.approved_on is not None:  # followed here, paid by the land fund's cashier
        st.info(_("Payments are recorded by the project's administrators (the land fund's "
                  "cashier), from the treasury's vouchers. What is owed and paid is shown above; "
                  "tell them when the household is ready to be paid."))  # fmt: skip


if section == "totals":
    totals_section()
elif section == "households":
    households_section()
elif section == "inventory":
    inventory_section(store, actor, project)
elif section == "plans":
    with shown_errors():
        found = plans(store, project.id, actor=actor)
    plans_section(store, actor, project, found)
else:
    prices_section(store, actor)

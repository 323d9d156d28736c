"""The Compensation page's forms: the inventory (a field officer's, on a phone), payments, the
plans' steps and the price tables' import with its preview."""

from __future__ import annotations

from collections.abc import Callable
from decimal import Decimal

import pandas as pd
import streamlit as st

from consultations.compensation.calculation import number
from consultations.compensation.entries import Payment
from consultations.compensation.model import (
    Account,
    Method,
    PaymentKind,
    Plan,
    PlanState,
    TableKind,
    Terms,
    coefficient_rule,
    count_rule,
    ledger_rule,
    multiple_rule,
    relocation_rule,
    rice_price_rule,
)
from consultations.compensation.money import in_words, vnd
from consultations.compensation.payments import check_payment, record_payment
from consultations.compensation.prices import (
    PriceVersion,
    prepare_prices,
    price_tables,
    price_version_lines,
    save_prices,
)
from consultations.compensation.service import (
    approve_plan,
    draft_plan,
    post_plan,
    recompute_draft,
    record_comments,
)
from consultations.compensation.sheets import annex_xlsx, posted_list_xlsx
from consultations.compensation.terms import project_terms, set_terms
from consultations.core.access import Action, Actor, Role
from consultations.core.errors import InvalidRecord
from consultations.core.numbers import read_number, read_optional
from consultations.core.records import Project
from consultations.core.store import Store
from consultations.households.service import households_seen_by
from geo.formats import TABLE_SUFFIXES
from translations import _, format_date, local_today
from ui.commands import submission_key
from ui.errors import shown_errors
from ui.forms import RecordForm, attempt
from ui.numbers import number_field
from ui.uploads import discard, save_uploads
from ui.widgets import pick_many, table


def payment_form(store: Store, actor: Actor, project: Project, account: Account) -> None:
    """A payment in two steps: checked and read back in words, then saved by a second click under one
    idempotency key (a double click of the confirm records once)."""
    paying = RecordForm("payment", account.household_id)
    pending_at = f"payment-to-confirm:{account.household_id}"
    with st.form(paying.id):
        st.markdown("**" + _("Record a payment") + "**")
        kinds = [PaymentKind.PAYMENT, PaymentKind.ADVANCE, PaymentKind.DEPOSIT, PaymentKind.CORRECTION]  # fmt: skip
        kind = PaymentKind(str(st.selectbox(_("Kind"), kinds, format_func=lambda k: k.label)))
        paid_on = st.date_input(_("Day paid"), local_today(), format="DD/MM/YYYY")
        # No amount is filled in for the user: a payment is typed from its voucher, never assumed.
        amount = number_field(ledger_rule(), key=paying.key("amount"),
                              help=_("Outstanding: {left}.").format(left=vnd(account.outstanding_vnd)))  # fmt: skip
        method = Method(str(st.selectbox(_("Method"), list(Method), format_func=lambda m: m.label)))
        receipt = st.text_input(_("Receipt or voucher number"))
        checked = st.form_submit_button(_("Save the payment"), type="primary", width="stretch")
    if checked:

        def read() -> Payment:
            vnd_paid = int(read_number(amount, ledger_rule()))
            check_payment(kind, paid_on, vnd_paid, receipt, local_today())
            return Payment(
                account.household_id, kind, paid_on, vnd_paid, method, receipt.strip(), str(actor)
            )

        st.session_state[pending_at] = attempt(read)
    pending: Payment | None = st.session_state.get(pending_at)
    if pending is None:
        return
    st.info(_("You are paying {amount} ({words}) to household {code} · {name}: {kind}, {method}, receipt "
              "{receipt}, on {day}.").format(amount=vnd(pending.amount_vnd), words=in_words(abs(pending.amount_vnd)),
              code=account.household_code, name=account.head_name or "", kind=pending.kind.label,
              method=pending.method.label, receipt=pending.receipt or "-", day=format_date(pending.paid_on)))  # fmt: skip
    key = submission_key("payment", pending.household_id, pending.kind, pending.paid_on, pending.amount_vnd,
                         pending.method, pending.receipt)  # fmt: skip
    confirm, change = st.columns(2)
    if confirm.button(_("Confirm: record this payment"), type="primary", width="stretch",
                      key=f"{pending_at}:confirm"):  # fmt: skip
        done = attempt(lambda: record_payment(store, project.id, pending.household_id, kind=pending.kind,
                       paid_on=pending.paid_on, amount_vnd=pending.amount_vnd, method=pending.method,
                       receipt=pending.receipt, actor=actor, key=key))  # fmt: skip
        if done is not None:
            st.session_state.pop(pending_at, None)
            message = _("Payment of {amount} saved.").format(amount=vnd(pending.amount_vnd))
            paying.saved(message)
    if change.button(_("Not yet: change it"), width="stretch", key=f"{pending_at}:change"):
        st.session_state.pop(pending_at, None)
        st.rerun()


def _per_commune(text: str) -> tuple[tuple[str, Decimal], ...]:
    """ "Cát Văn = 1,2" a line → (("Cát Văn", 1.2),); a line that is not so is named."""
    pairs = []
    for line in (x.strip() for x in text.splitlines() if x.strip()):
        commune, _sep, k = line.partition("=")
        if not (commune.strip() and k.strip()):
            raise InvalidRecord(
                _("Write each commune's K as “Commune = K”, not “{line}”.").format(line=line)
            )
        label = _("Coefficient K of {commune}").format(commune=commune.strip())
        pairs.append((commune.strip(), read_number(k.strip(), coefficient_rule(label))))
    return tuple(pairs)


def _terms_form(store: Store, actor: Actor, project: Project) -> None:
    with shown_errors():
        terms = project_terms(store, project.id, actor=actor)
    with st.expander(
        _("The project's terms: coefficient K and local values"), expanded=terms is None
    ):
        setting = RecordForm("terms", project.id, version=terms.version if terms else 0)
        version = setting.seen
        fresh = setting.id
        with st.form(fresh):
            k = number_field(
                coefficient_rule(), key=setting.key("k"), value=terms.coefficient if terms else 1
            )
            k_decision = st.text_input(
                _("Decision setting K"), value=terms.coefficient_decision if terms else ""
            )
            rice = number_field(
                rice_price_rule(),
                key=f"{fresh}:rice",
                value=terms.rice_price_vnd if terms else None,
            )
            multiple = number_field(multiple_rule(), key=f"{fresh}:multiple",
                                    value=terms.job_support_multiple if terms else None)  # fmt: skip
            areas = st.text_area(_("K set per commune, if the province did (one a line: Cát Văn = 1,2)"),
                                 value="\n".join(f"{c} = {number(k)}" for c, k in terms.by_commune) if terms else "")  # fmt: skip
            moving = number_field(relocation_rule(), key=f"{fresh}:moving",
                                  value=terms.relocation_support_vnd if terms else None)  # fmt: skip
            decision = st.text_input(
                _("Decision setting these values"), value=terms.terms_decision if terms else ""
            )
            if st.form_submit_button(_("Save the terms"), width="stretch"):
                done = attempt(lambda: set_terms(store, project.id, Terms(
                    read_number(k, coefficient_rule()), k_decision, int(read_number(rice, rice_price_rule())),
                    read_number(multiple, multiple_rule()), decision, version,
                    int(read_optional(moving, relocation_rule()) or 0) or None, _per_commune(areas)), actor=actor,
                    key=submission_key("terms", project.id, version, k, k_decision, rice, multiple, moving, areas, decision)))  # fmt: skip
                if done is not None:
                    setting.saved(_("Terms saved."))
        setting.stale_warning()


def plans_section(store: Store, actor: Actor, project: Project, found: list[Plan]) -> None:
    council = actor.may_in(Action.IMPORT, project.id)
    table(pd.DataFrame([{_("Plan"): p.title, _("State"): p.state.label, _("Total"): vnd(p.total_vnd),
                         _("Households"): p.households, _("Posted"): p.posted_from, _("Until"): p.posted_to,
                         _("Decision"): p.decision, _("Approved on"): p.approved_on} for p in found]),
          hide_index=True, width="stretch")  # fmt: skip
    if council:
        _terms_form(store, actor, project)
        approved = [p for p in found if p.state is PlanState.APPROVED]
        drafting = RecordForm("plan", project.id)
        fresh = drafting.id
        with st.form(fresh):
            if approved:  # its amounts stay: what changed goes in a supplementary plan
                st.markdown(
                    "**"
                    + _("Draft a supplementary plan to {title}").format(title=approved[-1].title)
                    + "**"
                )
                with shown_errors():
                    people = {
                        h.id: f"{h.code} · {h.head_name}"
                        for h in households_seen_by(store, project.id, actor=actor)
                    }
                covered = pick_many(_("Households whose inventory changed"), list(people),
                                    format_func=people.__getitem__)  # fmt: skip
            title = st.text_input(_("Title of the plan"), value=_("Supplementary plan") if approved else
                                  _("Compensation, support and resettlement plan"))  # fmt: skip
            if st.form_submit_button(_("Draft it from the inventory"), width="stretch"):
                done = attempt(lambda: draft_plan(
                    store, project.id, title, actor=actor, supplements_id=approved[-1].id if approved else None,
                    households=set(covered) if approved else None,
                    key=submission_key(fresh, title, sorted(covered) if approved else None)))  # fmt: skip
                if done is not None:
                    drafting.saved(_("Plan drafted."))
    if not found:
        return
    names = {p.id: f"{p.title} · {p.state.label}" for p in found}
    chosen = st.selectbox(
        _("Plan"), list(names), format_func=names.__getitem__, index=len(found) - 1
    )
    plan = next(p for p in found if p.id == chosen)
    stepping = RecordForm("plan-step", plan.id, version=plan.version, record="plan")
    version = stepping.seen
    _plan_step(store, actor, project, plan, version, council)
    stepping.stale_warning()
    if actor.may_in(Action.READ_PERSONAL, project.id):
        with shown_errors():
            listed = posted_list_xlsx(store, project, plan.id, actor=actor)
        st.download_button(_("The list to post at the commune (XLSX)"), listed,
                           file_name=f"danh-sach-niem-yet-{plan.id}.xlsx")  # fmt: skip
    if plan.state is PlanState.APPROVED and actor.role in (Role.ADMIN, Role.CHAIR):
        if st.button(_("Prepare the annex of the approval decision (XLSX)")):
            with shown_errors():
                st.session_state[f"annex-{plan.id}"] = annex_xlsx(
                    store, project, plan.id, actor=actor
                )
        if f"annex-{plan.id}" in st.session_state:
            st.download_button(_("Download the annex"), st.session_state[f"annex-{plan.id}"],
                               file_name=f"phu-luc-{plan.id}.xlsx")  # fmt: skip


def _done(pressed: bool, run: Callable[[], int], message: str, name: str, plan: Plan) -> None:
    """A plan's step: run when its button was pressed; on success, a fresh page that says so."""
    if pressed and attempt(run) is not None:  # the next step starts from this one
        RecordForm(name, plan.id, version=plan.version, record="plan").saved(message)


def _plan_step(
    store: Store, actor: Actor, project: Project, plan: Plan, version: int, council: bool
) -> None:
    key = partial_key(plan, version)
    if plan.state is PlanState.DRAFT and council:
        with st.form(RecordForm("post", plan.id).id):
            posted = st.date_input(
                _("Posted at the commune from"), local_today(), format="DD/MM/YYYY"
            )
            again, post = st.columns(2)
            _done(again.form_submit_button(_("Compute again from the inventory"), width="stretch"),
                  lambda: recompute_draft(store, project.id, plan.id, key=key("again"), seen_version=version, actor=actor),
                  _("Plan computed again."), "post", plan)  # fmt: skip
            _done(post.form_submit_button(_("Post it for comments"), type="primary", width="stretch"),
                  lambda: post_plan(store, project.id, plan.id, posted_from=posted, key=key("post", posted), seen_version=version, actor=actor),
                  _("Plan posted."), "post", plan)  # fmt: skip
    elif plan.state is PlanState.POSTED:
        st.caption(_("Posted from {start} to {end}.").format(start=format_date(plan.posted_from),
                                                            end=format_date(plan.posted_to)))  # fmt: skip
        counts = plan.comments or (0, 0, 0)
        if council:
            commenting = RecordForm("comments", plan.id)
            with st.form(commenting.id):
                columns = st.columns(3)
                rules = [count_rule(label) for label in (_("Agree"), _("Disagree"), _("Other"))]
                typed = [number_field(rule, key=commenting.key(str(n)), value=value, where=column)
                         for n, (column, rule, value) in enumerate(zip(columns, rules, counts, strict=True))]  # fmt: skip

                def comments() -> int:
                    n_for, n_against, n_other = (
                        int(read_number(t, r)) for t, r in zip(typed, rules, strict=True)
                    )
                    return record_comments(store, project.id, plan.id, agree=n_for, disagree=n_against, other=n_other,
                                           key=key("comments", n_for, n_against, n_other), seen_version=version, actor=actor)  # fmt: skip

                _done(st.form_submit_button(_("Save the comments gathered"), width="stretch"), comments,
                      _("Comments saved."), "comments", plan)  # fmt: skip
        if actor.role in (Role.ADMIN, Role.CHAIR):
            with st.form(RecordForm("approve", plan.id).id):
                decision = st.text_input(_("Approval decision (number)"))
                day = st.date_input(_("Approved on"), local_today(), format="DD/MM/YYYY")
                signer = st.text_input(_("Signed by"))
                _done(st.form_submit_button(_("Approve: the amounts are then fixed"), type="primary", width="stretch"),
                      lambda: approve_plan(store, project.id, plan.id, decision=decision, approved_on=day, signer=signer,
                                           key=key("approve", decision, day, signer), seen_version=version, actor=actor),
                      _("Plan approved."), "approve", plan)  # fmt: skip
    elif plan.state is PlanState.APPROVED:
        st.caption(_("Approved by {decision} on {day}, signed by {signer}. Its amounts no longer change; a "
                     "correction is a supplementary plan.").format(decision=plan.decision,
                     day=format_date(plan.approved_on), signer=plan.signer))  # fmt: skip


def partial_key(plan: Plan, version: int) -> Callable[..., str]:
    """The idempotency key of a step of ``plan`` as the user saw it."""

    def key(*values: object) -> str:
        return submission_key("plan-step", plan.id, version, *values)

    return key


def prices_section(store: Store, actor: Actor) -> None:
    with shown_errors():
        tables = price_tables(store, actor=actor)
    table(pd.DataFrame([{_("Kind"): t.kind.label, _("Province"): t.province, _("Decision"): t.decision,
                         _("From"): t.valid_from, _("Until"): t.valid_to, _("Items"): t.items,
                         _("Used by an approved plan"): _("yes") if t.used_by_approved_plan else "",
                         _("Source (SHA-256)"): f"{t.source_name} · {t.source_sha256[:12]}…"} for t in tables]),
          hide_index=True, width="stretch")  # fmt: skip
    if not actor.may(Action.IMPORT):
        return
    st.subheader(_("Import a price table"))
    st.caption(_("Columns: Mã, Tên, Đơn vị, Đơn giá (whole đồng). A table is never changed: a correction "
                 "is a new version, and plans keep the version they used."))  # fmt: skip
    pricing = RecordForm("prices")
    upload = st.file_uploader(
        _("Price table (XLSX or CSV)"), type=["xlsx", "csv"], key=pricing.key("upload")
    )  # a fresh one after each save
    with st.form(pricing.id):
        kind = TableKind(
            str(st.selectbox(_("Kind"), list(TableKind), format_func=lambda k: k.label))
        )
        province = st.text_input(_("Province"))
        decision = st.text_input(_("Issuing decision"))
        start = st.date_input(_("In force from"), local_today(), format="DD/MM/YYYY")
        checked = st.form_submit_button(_("Check it"), width="stretch")
    if checked and upload is None:
        st.warning(_("Choose the price table's file first."))
    if checked and upload is not None:

        def check() -> PriceVersion:
            path = save_uploads([upload], TABLE_SUFFIXES)
            try:
                return prepare_prices(store, path, province=province, kind=kind, decision=decision,
                                      valid_from=start, actor=actor)  # fmt: skip
            finally:
                discard(path)

        st.session_state["prices-preview"] = attempt(check)
    version = st.session_state.get("prices-preview")
    if version is not None:
        for line in price_version_lines(version):
            st.markdown(f"- {line}")
        table(pd.DataFrame([{_("Code"): i["code"], _("Item"): i["name"], _("Unit"): i["unit"],
                             _("Unit price (đ)"): vnd(i["unit_price_vnd"])} for i in version.items]),
              hide_index=True, width="stretch")  # fmt: skip
        if st.button(_("Save this version"), type="primary"):
            done = attempt(lambda: save_prices(store, version, actor=actor,
                                                 key=submission_key("prices", version.source_sha256, version.decision)))  # fmt: skip
            if done is not None:
                st.session_state.pop("prices-preview", None)
                pricing.saved(_("Price table saved: {n} items.").format(n=len(version.items)))

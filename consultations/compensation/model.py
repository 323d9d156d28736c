"""Compensation's records and its rules as data.

The support rules (life stabilisation by the share of farmland recovered, job-change support, the
restricted use of land under a power line) are parameters in ``support_rules.csv``, each citing
its legal source; a province's prices are imported tables (``prices``); a project's coefficient K
and local values are its terms. Nothing here is a price.
"""

from __future__ import annotations

import csv
import datetime as dt
from dataclasses import dataclass
from decimal import Decimal
from enum import StrEnum
from functools import cache
from pathlib import Path

from consultations.core.errors import InvalidRecord
from consultations.core.numbers import MAX_VND, NumberRule, read_number, shown
from translations import _

HERE = Path(__file__).parent

#: Land types that are farmland (Land Law 2024 Art. 9(2)): rice, other annual crops, perennial
#: crops, production/protection/special-use forest, aquaculture, salt making, other farmland.
FARMLAND = frozenset(
    {"LUC", "LUK", "LUN", "BHK", "NHK", "CLN", "RSX", "RPH", "RDD", "NTS", "LMU", "NKH"}
)
#: Residential land (Art. 9(3)): rural and urban.
RESIDENTIAL = frozenset({"ONT", "ODT"})


class TableKind(StrEnum):
    LAND = "land"
    STRUCTURE = "structure"
    CROP = "crop"

    @property
    def label(self) -> str:
        return {TableKind.LAND: _("Land"), TableKind.STRUCTURE: _("Structures"),
                TableKind.CROP: _("Crops and trees")}[self]  # fmt: skip


class LineKind(StrEnum):
    LAND = "land"  # recovered: compensated at the land price × K
    CORRIDOR = "corridor"  # kept, but restricted under a power line: a share of the land price
    STRUCTURE = "structure"
    CROP = "crop"

    @property
    def label(self) -> str:
        return {LineKind.LAND: _("Land recovered"), LineKind.CORRIDOR: _("Land restricted under the line"),
                LineKind.STRUCTURE: _("Structures"), LineKind.CROP: _("Crops and trees")}[self]  # fmt: skip

    @property
    def table(self) -> TableKind:
        return (
            TableKind.LAND if self in (LineKind.LAND, LineKind.CORRIDOR) else TableKind(self.value)
        )


class Section(StrEnum):
    LAND = "land"
    STRUCTURE = "structure"
    CROP = "crop"
    SUPPORT = "support"

    @property
    def label(self) -> str:
        return {Section.LAND: _("Compensation for land"), Section.STRUCTURE: _("Compensation for structures"),
                Section.CROP: _("Compensation for crops and trees"), Section.SUPPORT: _("Support")}[self]  # fmt: skip


class PlanState(StrEnum):
    DRAFT = "draft"
    POSTED = "posted"
    APPROVED = "approved"
    SUPERSEDED = "superseded"

    @property
    def label(self) -> str:
        return {PlanState.DRAFT: _("Draft"), PlanState.POSTED: _("Posted for comments"),
                PlanState.APPROVED: _("Approved"), PlanState.SUPERSEDED: _("Superseded")}[self]  # fmt: skip


class PaymentKind(StrEnum):
    ADVANCE = "advance"
    PAYMENT = "payment"
    DEPOSIT = "deposit"  # to the State treasury, when the household does not receive it
    CORRECTION = "correction"

    @property
    def label(self) -> str:
        return {PaymentKind.ADVANCE: _("Advance"), PaymentKind.PAYMENT: _("Payment"),
                PaymentKind.DEPOSIT: _("Deposited at the State treasury"),
                PaymentKind.CORRECTION: _("Correction")}[self]  # fmt: skip


class Method(StrEnum):
    CASH = "cash"
    TRANSFER = "transfer"
    TREASURY = "treasury"

    @property
    def label(self) -> str:
        return {Method.CASH: _("Cash"), Method.TRANSFER: _("Bank transfer"),
                Method.TREASURY: _("State treasury")}[self]  # fmt: skip


def land_type(code: str) -> str:
    """The land type of a land price item's code: "LUC-VT1" → "LUC"."""
    return code.split("-")[0].strip().upper()


@dataclass(frozen=True)
class Rule:
    rule: str
    parameter: str
    value: Decimal
    source: str


@cache
def support_rules() -> dict[tuple[str, str], Rule]:
    with (HERE / "support_rules.csv").open(encoding="utf-8") as handle:
        return {(r["rule"], r["parameter"]): Rule(r["rule"], r["parameter"], Decimal(r["value"]), r["source"])
                for r in csv.DictReader(handle)}  # fmt: skip


def rule(name: str, parameter: str) -> Rule:
    return support_rules()[(name, parameter)]


@dataclass(frozen=True)
class PriceTable:
    id: int
    province: str
    kind: TableKind
    decision: str
    valid_from: dt.date
    valid_to: dt.date | None
    source_name: str
    source_sha256: str
    supersedes_id: int | None
    items: int
    used_by_approved_plan: bool


@dataclass(frozen=True)
class Terms:
    """A project's coefficient K and the local values its support rules need."""

    coefficient: Decimal
    coefficient_decision: str
    rice_price_vnd: int
    job_support_multiple: Decimal
    terms_decision: str
    version: int = 0
    relocation_support_vnd: int | None = None  # for a household that must move; None: none
    by_commune: tuple[tuple[str, Decimal], ...] = ()  # K where the province set one per commune

    def k_for(self, commune: str | None) -> Decimal:
        """The coefficient for land in ``commune``: its own where the province set one, else the
        project's."""
        return dict(self.by_commune).get(commune or "", self.coefficient)


@dataclass(frozen=True)
class InventoryLine:
    household_id: int
    kind: LineKind
    item_code: str
    quantity: Decimal
    parcel_id: int | None = None
    description: str | None = None
    minutes: str | None = None
    refused_to_sign: bool = False
    replaces_id: int | None = None
    id: int | None = None


@dataclass(frozen=True)
class HouseholdFacts:
    household_id: int
    farmland_m2: Decimal
    farming_members: int
    relocating: bool
    version: int = 0


@dataclass(frozen=True)
class PlanLine:
    household_id: int
    section: Section
    label: str
    quantity: Decimal
    unit: str
    unit_price_vnd: int
    coefficient: Decimal
    amount_vnd: int
    reason: str


@dataclass(frozen=True)
class Plan:
    id: int
    project_id: int
    title: str
    state: PlanState
    supplements_id: int | None
    fingerprint: str
    posted_from: dt.date | None
    posted_to: dt.date | None
    comments: tuple[int, int, int] | None  # for, against, other
    decision: str | None
    approved_on: dt.date | None
    signer: str | None
    total_vnd: int
    households: int
    version: int


@dataclass(frozen=True)
class Account:
    """One household's money: what the latest approved plan owes it, what was paid, what is left."""

    household_id: int
    household_code: str
    head_name: str | None
    estimated_vnd: int  # in the newest plan, approved or not
    approved_vnd: int
    paid_vnd: int
    approved_on: dt.date | None
    pay_by: dt.date | None
    late: bool

    @property
    def outstanding_vnd(self) -> int:
        return self.approved_vnd - self.paid_vnd


# -- what a real plan can hold ---------------------------------------------------------------------
# Bounds per field, the same for the forms, the command line and imports (the service checks them):
# wide enough for any real project, narrow enough that a slip of the keyboard (1e20 m², K = 1e30,
# 1,5 đ) is refused instead of stored. See docs/security.md, "Round 3: money paid once".

#: The smallest payment: a voucher is never for less than a thousand đồng.
MIN_PAYMENT_VND = 1_000
#: A price table's unit price (per m², tree or unit): 100 tỷ đồng is beyond any real item.
MAX_UNIT_PRICE_VND = 10**11
#: An inventory quantity (m², trees, m² of floor, units): 1 000 ha.
MAX_QUANTITY = 10**7


def payment_rule() -> NumberRule:
    """A payment, advance or deposit: at least 1.000 đ (and, the ledger says, at most what is left)."""
    return NumberRule(_("Amount paid (đ)"), MIN_PAYMENT_VND, MAX_VND, money=True)


def ledger_rule() -> NumberRule:
    """The payment form's amount: a correction may be negative (the ledger checks the rest)."""
    return NumberRule(_("Amount paid (đ)"), -MAX_VND, MAX_VND, money=True)


def correction_rule() -> NumberRule:
    """A correction, taken without its sign (it may undo a few đồng typed too many)."""
    return NumberRule(_("Amount of the correction (đ)"), 1, MAX_VND, money=True)


def quantity_rule(label: str | None = None) -> NumberRule:
    return NumberRule(label or _("Quantity (m², trees, …)"), 0, MAX_QUANTITY)


def coefficient_rule(label: str | None = None) -> NumberRule:
    return NumberRule(label or _("Coefficient K"), Decimal("0.1"), 10)


def unit_price_rule() -> NumberRule:
    return NumberRule(_("Unit price (đ)"), 0, MAX_UNIT_PRICE_VND, money=True)


def rice_price_rule() -> NumberRule:
    return NumberRule(_("Price of a kilogram of rice (đ)"), 1_000, 1_000_000, money=True)


def relocation_rule() -> NumberRule:
    return NumberRule(_("Support for a household that must move (đ)"), 0, 10**10, money=True)


def multiple_rule() -> NumberRule:
    return NumberRule(_("Job-change support multiple (at most 5)"), 0, 5)


def farmland_rule() -> NumberRule:
    return NumberRule(_("Farmland in use (m²)"), 0, MAX_QUANTITY, unit="m²")


def members_rule() -> NumberRule:
    return NumberRule(_("Members who farm it directly"), 0, 100, whole=True)


def count_rule(label: str) -> NumberRule:
    """A count of comments gathered while a plan was posted."""
    return NumberRule(label, 0, 100_000, whole=True)


def plausible(lines: list[PlanLine]) -> None:
    """Inputs are bounded when typed; their product may still pass what a plan (and the database's
    integers) can hold: a sentence, never a crash of every draft."""
    for entry in lines:
        if abs(entry.amount_vnd) > MAX_VND:
            raise InvalidRecord(_("A line of the plan ({label}) comes to {amount}, more than any real plan "
                                  "holds: check its quantity and the price table.").format(
                label=entry.label, amount=shown(entry.amount_vnd) + " đ"))  # fmt: skip


def bounded(value: Decimal | int, rule: NumberRule) -> Decimal:
    """``value`` if ``rule`` holds it; else the sentence a form gives for the same number typed."""
    number = Decimal(value)
    if not number.is_finite():
        raise InvalidRecord(_("“{field}” is not a number.").format(field=rule.label))
    return read_number(shown(number), rule)

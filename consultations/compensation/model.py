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

"""The demo projects' money: illustrative price tables (``data/compensation``, not a province's),
the project's terms, an inventory for every affected household (its land from the overlay, crops
on the recovered land, a few structures), a plan drafted, posted, commented and approved, and some
payments (a few households left unpaid, so that the late list shows)."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from pathlib import Path

from consultations.compensation.inventory import record_lines, set_facts
from consultations.compensation.model import (
    HouseholdFacts,
    InventoryLine,
    LineKind,
    Method,
    PaymentKind,
    Section,
    Terms,
)
from consultations.compensation.model import TableKind as Kind
from consultations.compensation.payments import accounts, record_payment
from consultations.compensation.prices import prepare_prices, save_prices, tables_in
from consultations.compensation.service import approve_plan, draft_plan, post_plan, record_comments
from consultations.compensation.terms import set_terms
from consultations.concerns.service import raise_concern
from consultations.core.access import operator
from consultations.core.database import Store
from consultations.core.records import Channel, ConcernCategory, Project
from consultations.households.service import parcel_households_in
from consultations.land.areas import parcel_areas_in

DATA = Path(__file__).resolve().parents[2] / "data" / "compensation"
DECISION = "QĐ minh họa 01/2024 (không có giá trị pháp lý)"
ACTOR = operator("demo")
TABLES = {Kind.LAND: "gia_dat_minh_hoa.csv", Kind.STRUCTURE: "gia_vat_kien_truc_minh_hoa.csv",
          Kind.CROP: "gia_cay_trong_minh_hoa.csv"}  # fmt: skip
LAND_CODES = ("ONT", "LUC", "BHK", "CLN", "RSX", "NTS")
#: Per project: inventory minutes day, posting day, approval day, payment day.
DAYS = {
    "cat-van-220kv": (dt.date(2024, 4, 22), dt.date(2024, 5, 2), dt.date(2024, 6, 5), dt.date(2024, 6, 20)),
    "hung-nguyen-vsip": (dt.date(2026, 10, 5), dt.date(2026, 10, 15), dt.date(2026, 11, 20), dt.date(2026, 11, 27)),
}  # fmt: skip


def _tables(store: Store) -> None:
    with store.read() as conn:
        if any(t.decision == DECISION for t in tables_in(conn)):
            return
    for kind, name in TABLES.items():
        version = prepare_prices(store, DATA / name, province="Nghệ An (minh họa)", kind=kind, decision=DECISION,
                                 valid_from=dt.date(2024, 1, 1), actor=ACTOR)  # fmt: skip
        save_prices(store, version, actor=ACTOR)


def _code(land_use: str | None) -> str:
    for part in (land_use or "").replace("+", " ").split():
        if part.upper() in LAND_CODES:
            return f"{part.upper()}-VT1"
    return "LUC-VT1"


def load_compensation(store: Store, project: Project) -> None:
    """Everything money-related of one demo project (its days in ``DAYS``)."""
    if project.slug not in DAYS:
        return
    surveyed, posted, approved, paid = DAYS[project.slug]
    _tables(store)
    set_terms(store, project.id, Terms(Decimal("1.1"), "QĐ minh họa 02/2024 (không có giá trị pháp lý)", 15_000,
                                       Decimal(3), "QĐ minh họa 03/2024 (không có giá trị pháp lý)",
                                       relocation_support_vnd=20_000_000), actor=ACTOR)  # fmt: skip
    with store.read() as conn:
        areas = parcel_areas_in(conn, project.id)
        owners = parcel_households_in(conn, project.id)
    minutes = f"Biên bản kiểm đếm ngày {surveyed:%d/%m/%Y}"
    farmed: dict[int, Decimal] = {}
    lines: list[InventoryLine] = []
    for number, (parcel_id, area) in enumerate(sorted(areas.items())):
        for household_id in owners.get(parcel_id, [])[:1]:
            refused = number % 11 == 5  # one household in eleven refused to sign the minutes

            def add(
                kind: LineKind,
                code: str,
                quantity: Decimal = Decimal(0),
                parcel: int | None = None,
                description: str | None = None,
                household: int = household_id,
                no: bool = refused,
            ) -> None:
                lines.append(InventoryLine(household, kind, code, quantity, parcel, description,
                                           None if no else minutes, no))  # fmt: skip

            code = _code(area.land_use_codes)
            recovered = Decimal(str(round(area.permanent_m2, 1)))
            if recovered > 0:
                add(LineKind.LAND, code, parcel=parcel_id)  # the overlay's permanent area
                add(LineKind.CROP, "LUA", recovered, description=area.label)
                farmed[household_id] = farmed.get(household_id, Decimal(0)) + recovered
            if area.restricted_m2 > 0 and project.kind == "power_line":
                add(LineKind.CORRIDOR, code, parcel=parcel_id)  # the overlay's restricted area
            if number % 4 == 0:
                add(LineKind.STRUCTURE, "TUONG", Decimal("12.5"), description="Tường rào")
    record_lines(store, project.id, lines, actor=ACTOR)
    for index, household_id in enumerate(sorted(farmed)):
        # Farmland in use: what was recovered plus the household's other fields (a third to several times).
        farmland = (
            farmed[household_id] * Decimal(2 + index % 4)
            if index % 5
            else farmed[household_id] * Decimal("1.2")
        )
        set_facts(store, project.id, HouseholdFacts(household_id, farmland.quantize(Decimal("0.1")), 2 + index % 3,
                                                    relocating=project.kind != "power_line" and index % 6 == 0),
                  actor=ACTOR)  # fmt: skip
    plan_id = draft_plan(store, project.id, "Phương án bồi thường, hỗ trợ đợt 1", actor=ACTOR)
    post_plan(store, project.id, plan_id, posted_from=posted, seen_version=1, actor=ACTOR)
    record_comments(store, project.id, plan_id, agree=len(farmed) - 2, disagree=1, other=1, seen_version=2,
                    actor=ACTOR)  # fmt: skip
    approve_plan(store, project.id, plan_id, decision="Quyết định phê duyệt minh họa số 01/QĐ-UBND",
                 approved_on=approved, signer="Chủ tịch UBND huyện (minh họa)", seen_version=3, actor=ACTOR,
                 today=approved)  # fmt: skip
    owed = accounts(store, project.id, actor=ACTOR, today=paid)
    asking = max(owed, key=lambda a: a.approved_vnd)  # the largest account asks for more
    raise_concern(store, project.id, household_id=asking.household_id, category=ConcernCategory.COMPENSATION_PRICE,
                  channel=Channel.MEETING, text="Đề nghị nâng đơn giá bồi thường đất cho sát giá thị trường",
                  received_on=approved + dt.timedelta(days=3), actor=ACTOR, today=approved + dt.timedelta(days=3),
                  asked_vnd=asking.approved_vnd * 13 // 10, asked_for=str(Section.LAND))  # fmt: skip
    for index, account in enumerate(owed):
        if index % 5 == 4:
            continue  # left unpaid: late once 30 days have passed
        kind, amount = (PaymentKind.ADVANCE, account.approved_vnd // 2) if index % 5 == 3 else (
            PaymentKind.PAYMENT, account.approved_vnd)  # fmt: skip
        record_payment(store, project.id, account.household_id, kind=kind, paid_on=paid, amount_vnd=amount,
                       method=Method.TRANSFER, receipt=f"PC-{paid:%Y}-{index + 1:03d}", actor=ACTOR, today=paid)  # fmt: skip

"""Compensation: exact money, support rules at their boundaries, a plan's life (approved amounts never
change), payments and who is late, the papers (no private data on the posted list), and who may do
what."""

from __future__ import annotations

import datetime as dt
import io
from decimal import Decimal
from functools import partial
from pathlib import Path

import docx
import pandas as pd
import pytest
from hypothesis import given
from hypothesis import strategies as st

from consultations.compensation.calculation import (
    PriceItem,
    compensation_lines,
    stabilisation_months,
)
from consultations.compensation.inventory import inventory, record_line
from consultations.compensation.model import (
    InventoryLine,
    LineKind,
    Method,
    PaymentKind,
    PlanState,
    Section,
    TableKind,
    Terms,
)
from consultations.compensation.money import amount, exact, in_words
from consultations.compensation.payments import (
    accounts,
    asked_and_offered,
    compensation_totals,
    record_payment,
)
from consultations.compensation.prices import prepare_prices, price_tables, save_prices
from consultations.compensation.service import (
    approve_plan,
    draft_plan,
    plans,
    post_plan,
    recompute_draft,
    record_comments,
    verify_plan,
)
from consultations.compensation.sheets import (
    household_plans,
    household_sheet,
    posted_list,
    posted_list_xlsx,
    sheet_docx,
    sheet_xlsx,
)
from consultations.concerns.service import raise_concern
from consultations.core.access import Actor, Role, Scope, operator
from consultations.core.database import Store
from consultations.core.errors import InvalidRecord, PermissionDenied, StaleEdit
from consultations.core.records import Channel, ConcernCategory
from consultations.households.service import households_seen_by
from consultations.projects.service import find_project
from consultations.reporting.monthly_report import monthly_report, report_tables
from consultations.reporting.timeline import household_file
from translations import local_today

ADMIN = operator("t")
CAT_VAN = "cat-van-220kv"


def test_money_is_exact_whole_dong() -> None:
    assert amount(exact("68.5"), 52_000_000, exact("1")) == 3_562_000_000
    assert amount(exact("68,5"), 52_000_000, exact("1.1")) == 3_918_200_000
    assert amount(exact("0.3"), 3, exact("1")) == 1  # 0.9 rounds half up to 1, not 0.8999…
    assert amount(exact("0.5"), 1) == 1 and amount(exact("0.49"), 1) == 0
    # Dots grouping thousands, as Vietnamese write them: 420.000 đ is not 420 đ.
    assert (exact("420.000"), exact("1.200"), exact("1.234,5")) == (
        Decimal(420_000),
        Decimal(1_200),
        Decimal("1234.5"),
    )
    with pytest.raises(ValueError):
        exact("mười")


@pytest.mark.parametrize(
    ("vnd", "words"),
    [
        (3_562_000_000, "Ba tỷ năm trăm sáu mươi hai triệu đồng"),
        (1_000_005, "Một triệu không trăm linh năm đồng"),
        (1_005_000, "Một triệu không trăm linh năm nghìn đồng"),
        (2_000_010_000, "Hai tỷ không trăm mười nghìn đồng"),
        (105, "Một trăm linh năm đồng"),
        (15, "Mười lăm đồng"),
        (21, "Hai mươi mốt đồng"),
        (45_000, "Bốn mươi lăm nghìn đồng"),
        (1_000_000_000_005, "Một nghìn tỷ không trăm linh năm đồng"),
        (0, "Không đồng"),
    ],
)
def test_amounts_are_written_in_vietnamese_words_with_their_zeros(vnd: int, words: str) -> None:
    assert in_words(vnd) == words


@pytest.mark.parametrize(
    ("share", "relocating", "months"),
    [("29.99", False, 0), ("30", False, 6), ("30", True, 12), ("70", False, 6), ("70.01", False, 12),
     ("70.01", True, 24), ("100", False, 12)],
)  # fmt: skip
def test_life_stabilisation_at_its_boundaries(share: str, relocating: bool, months: int) -> None:
    assert stabilisation_months(Decimal(share), relocating) == months


@given(st.decimals(min_value=0, max_value=100, places=2), st.booleans())
def test_life_stabilisation_follows_the_bands_of_its_table(
    share: Decimal, relocating: bool
) -> None:
    months = stabilisation_months(share, relocating)
    if share < 30:
        assert months == 0
    elif share <= 70:
        assert months == (12 if relocating else 6)
    else:
        assert months == (24 if relocating else 12)


def test_the_demo_plan_is_approved_reproducible_and_partly_paid(demo_store: Store) -> None:
    project = find_project(demo_store, CAT_VAN)
    (plan,) = plans(demo_store, project.id, actor=ADMIN)
    assert plan.state is PlanState.APPROVED and plan.decision and plan.households == 15
    assert verify_plan(demo_store, project.id, plan.id, actor=ADMIN)  # same inputs, same amounts
    owed = accounts(demo_store, project.id, actor=ADMIN, today=dt.date(2026, 12, 6))
    assert sum(a.approved_vnd for a in owed) == plan.total_vnd
    late = [a for a in owed if a.late]
    assert late and all(a.outstanding_vnd > 0 and a.pay_by == dt.date(2024, 7, 5) for a in late)
    totals = compensation_totals(demo_store, project.id, actor=Actor("xem", Role.VIEWER))
    assert totals.as_status()["payments_late"] == len(late)
    assert totals.paid_vnd == sum(a.paid_vnd for a in owed) < totals.approved_vnd


def test_an_approved_plan_refuses_change_and_a_new_price_version_leaves_it_as_it_was(
    demo_store: Store, tmp_path: Path
) -> None:
    project = find_project(demo_store, CAT_VAN)
    (plan,) = plans(demo_store, project.id, actor=ADMIN)
    with pytest.raises(InvalidRecord, match="đã phê duyệt"):
        recompute_draft(demo_store, project.id, plan.id, seen_version=plan.version, actor=ADMIN)
    with pytest.raises(InvalidRecord, match="đã phê duyệt"):
        post_plan(demo_store, project.id, plan.id, posted_from=dt.date(2025, 1, 1), seen_version=plan.version,
                  actor=ADMIN)  # fmt: skip
    land = next(t for t in price_tables(demo_store, actor=ADMIN) if t.kind is TableKind.LAND)
    assert land.used_by_approved_plan
    dearer = tmp_path / "gia_dat_2025.csv"
    dearer.write_text("Mã,Tên,Đơn vị,Đơn giá\nONT-VT1,Đất ở,m²,9000000\nLUC-VT1,Đất lúa,m²,130000\n"
                      "CLN-VT1,Cây lâu năm,m²,140000\n", encoding="utf-8")  # fmt: skip
    version = prepare_prices(demo_store, dearer, province=land.province, kind=TableKind.LAND,
                             decision="QĐ sửa đổi (minh họa)", valid_from=dt.date(2025, 1, 1), actor=ADMIN)  # fmt: skip
    assert version.supersedes == land and ("ONT-VT1", 4_500_000, 9_000_000) in version.changed
    save_prices(demo_store, version, actor=ADMIN)
    (same,) = plans(demo_store, project.id, actor=ADMIN)
    assert same.total_vnd == plan.total_vnd and verify_plan(
        demo_store, project.id, plan.id, actor=ADMIN
    )


def test_a_supplementary_plan_goes_through_posting_and_supersedes_the_first(
    demo_store: Store,
) -> None:
    project = find_project(demo_store, CAT_VAN)
    (first,) = plans(demo_store, project.id, actor=ADMIN)
    household = next(a for a in accounts(demo_store, project.id, actor=ADMIN))
    lines, _facts = inventory(
        demo_store, project.id, actor=ADMIN, household_id=household.household_id
    )
    assert lines and all(x.household_id == household.household_id for x in lines)
    record_line(demo_store, project.id, InventoryLine(household.household_id, LineKind.STRUCTURE, "GIENG",
                Decimal(1), description="Giếng khoan bỏ sót", minutes="BB bổ sung 01/07/2024"), actor=ADMIN)  # fmt: skip
    draft = partial(draft_plan, demo_store, project.id, "Phương án bổ sung", actor=ADMIN, supplements_id=first.id,
                    households={household.household_id}, key="bo-sung-1")  # fmt: skip
    plan_id = draft()
    assert draft() == plan_id  # a double tap drafts once
    post_plan(
        demo_store,
        project.id,
        plan_id,
        posted_from=dt.date(2024, 7, 2),
        seen_version=1,
        actor=ADMIN,
    )
    chair = Actor("ct", Role.CHAIR)
    with pytest.raises(InvalidRecord, match="ghi nhận trước các ý kiến"):
        approve_plan(demo_store, project.id, plan_id, decision="QĐ 2", approved_on=dt.date(2024, 8, 5),
                     signer="Chủ tịch", seen_version=2, actor=chair)  # fmt: skip
    record_comments(
        demo_store, project.id, plan_id, agree=1, disagree=0, other=0, seen_version=2, actor=ADMIN
    )
    with pytest.raises(InvalidRecord, match="niêm yết"):  # before the 30 days of posting have run
        approve_plan(demo_store, project.id, plan_id, decision="QĐ 2", approved_on=dt.date(2024, 7, 20),
                     signer="Chủ tịch", seen_version=3, actor=chair)  # fmt: skip
    with pytest.raises(StaleEdit):
        approve_plan(demo_store, project.id, plan_id, decision="QĐ 2", approved_on=dt.date(2024, 8, 5),
                     signer="Chủ tịch", seen_version=2, actor=chair)  # fmt: skip
    approve_plan(demo_store, project.id, plan_id, decision="QĐ 2", approved_on=dt.date(2024, 8, 5),
                 signer="Chủ tịch", seen_version=3, actor=chair)  # fmt: skip
    states = {p.id: p.state for p in plans(demo_store, project.id, actor=ADMIN)}
    assert states == {first.id: PlanState.SUPERSEDED, plan_id: PlanState.APPROVED}
    after = next(
        a
        for a in accounts(demo_store, project.id, actor=ADMIN)
        if a.household_id == household.household_id
    )
    assert (
        after.approved_vnd == household.approved_vnd + 4_000_000
        and after.approved_on == dt.date(2024, 8, 5)
    )
    assert after.pay_by == dt.date(2024, 7, 5)  # the clock runs from the first approval
    both = household_plans(demo_store, project, household.household_id, actor=ADMIN)
    assert [p.state for p in both] == [PlanState.SUPERSEDED, PlanState.APPROVED]
    with pytest.raises(
        InvalidRecord, match="phương án bổ sung"
    ):  # a whole new plan would rewrite it
        draft_plan(demo_store, project.id, "Phương án mới", actor=ADMIN)


def test_payments_are_an_append_only_ledger_that_never_pays_more_than_approved(
    demo_store: Store,
) -> None:
    project = find_project(demo_store, CAT_VAN)
    owed = next(a for a in accounts(demo_store, project.id, actor=ADMIN) if a.late)
    pay = partial(record_payment, demo_store, project.id, owed.household_id, kind=PaymentKind.PAYMENT,
                  paid_on=dt.date(2024, 8, 1), method=Method.CASH, receipt="PC-99", actor=ADMIN)  # fmt: skip
    with pytest.raises(InvalidRecord, match="nhiều hơn"):
        pay(amount_vnd=owed.outstanding_vnd + 1)
    with pytest.raises(InvalidRecord, match="tương lai"):
        pay(amount_vnd=1, paid_on=local_today() + dt.timedelta(days=1))
    assert pay(amount_vnd=owed.outstanding_vnd, key="tra-1") == pay(
        amount_vnd=owed.outstanding_vnd, key="tra-1"
    )
    settled = next(
        a
        for a in accounts(demo_store, project.id, actor=ADMIN)
        if a.household_id == owed.household_id
    )
    assert settled.outstanding_vnd == 0 and not settled.late
    record_payment(demo_store, project.id, owed.household_id, kind=PaymentKind.CORRECTION, paid_on=dt.date(2024, 8, 2),
                   amount_vnd=-1000, method=Method.CASH, receipt=None, actor=ADMIN)  # fmt: skip
    again = next(
        a
        for a in accounts(demo_store, project.id, actor=ADMIN)
        if a.household_id == owed.household_id
    )
    assert again.outstanding_vnd == 1000 and again.late


def test_the_sheet_adds_up_and_the_posted_list_carries_nothing_private(demo_store: Store) -> None:
    project = find_project(demo_store, CAT_VAN)
    (plan,) = plans(demo_store, project.id, actor=ADMIN)
    people = households_seen_by(demo_store, project.id, actor=ADMIN)
    account = accounts(demo_store, project.id, actor=ADMIN)[0]
    sheet = household_sheet(demo_store, project, plan.id, account.household_id, actor=ADMIN)
    assert sheet.total_vnd == account.approved_vnd == sum(v for _, v in sheet.subtotals())
    assert all(" = " in line.reason for line in sheet.lines)
    book = pd.read_excel(io.BytesIO(sheet_xlsx(sheet)), header=None)
    assert in_words(sheet.total_vnd) in " ".join(map(str, book.to_numpy().ravel()))
    text = "\n".join(p.text for p in docx.Document(io.BytesIO(sheet_docx(sheet))).paragraphs)
    assert in_words(sheet.total_vnd) in text
    listed = posted_list(demo_store, project, plan.id, actor=ADMIN)
    shown = " ".join(map(str, [*listed.to_numpy().ravel(), *listed.columns]))
    private = [v for h in people for v in (h.phone, h.id_number) if isinstance(v, str) and v]
    assert private and not [v for v in private if v in shown]
    assert listed["Tổng cộng (đ)"].sum() == plan.total_vnd
    posted = pd.read_excel(
        io.BytesIO(posted_list_xlsx(demo_store, project, plan.id, actor=ADMIN)), header=3
    )
    assert (
        posted.iloc[-1]["Mã"] == "Tổng cộng" and posted.iloc[-1]["Tổng cộng (đ)"] == plan.total_vnd
    )
    assert not [v for v in private if v in " ".join(map(str, posted.to_numpy().ravel()))]


def test_who_may_do_what(demo_store: Store, tmp_path: Path) -> None:
    project = find_project(demo_store, CAT_VAN)
    officer = Actor("lan", Role.FIELD_OFFICER, (Scope(project.id, "Cát Văn"),))
    elsewhere = Actor("khac", Role.FIELD_OFFICER, (Scope(project.id, "Thanh Hà"),))
    chair, viewer = Actor("ct", Role.CHAIR), Actor("xem", Role.VIEWER)
    household = households_seen_by(demo_store, project.id, actor=ADMIN)[0]
    line = InventoryLine(
        household.id, LineKind.CROP, "CAM", Decimal(3), description="Cam", minutes="BB 01"
    )
    assert record_line(demo_store, project.id, line, actor=officer)  # their commune: yes
    with pytest.raises(PermissionDenied):
        record_line(demo_store, project.id, line, actor=elsewhere)
    with pytest.raises(PermissionDenied):
        record_line(demo_store, project.id, line, actor=chair)
    with pytest.raises(InvalidRecord, match="biên bản"):  # neither minutes nor a refusal to sign
        record_line(
            demo_store,
            project.id,
            InventoryLine(household.id, LineKind.CROP, "CAM", Decimal(3)),
            actor=officer,
        )
    for who in (officer, chair, viewer):
        with pytest.raises(PermissionDenied):
            draft_plan(demo_store, project.id, "x", actor=who)
    for who in (officer, viewer):
        with pytest.raises(PermissionDenied):
            approve_plan(demo_store, project.id, 1, decision="x", approved_on=dt.date(2024, 1, 1), signer="x",
                         seen_version=1, actor=who)  # fmt: skip
    prices = tmp_path / "gia.csv"
    prices.write_text("Mã,Tên,Đơn vị,Đơn giá\nA,B,m²,1\n", encoding="utf-8")
    for who in (officer, chair, viewer):
        with pytest.raises(PermissionDenied):
            prepare_prices(demo_store, prices, province="P", kind=TableKind.CROP, decision="D",
                           valid_from=dt.date(2025, 1, 1), actor=who)  # fmt: skip
    with pytest.raises(PermissionDenied):  # totals only
        accounts(demo_store, project.id, actor=viewer)
    assert compensation_totals(demo_store, project.id, actor=viewer).approved_vnd > 0
    mine = accounts(demo_store, project.id, actor=elsewhere)
    assert mine == []  # another commune's households are not theirs to read


def test_the_money_shows_in_the_households_timeline_and_the_monthly_report(
    demo_store: Store,
) -> None:
    project = find_project(demo_store, CAT_VAN)
    paid = next(
        a for a in accounts(demo_store, project.id, actor=ADMIN) if a.paid_vnd == a.approved_vnd
    )
    timeline = household_file(
        demo_store, paid.household_id, dt.date(2026, 12, 6), actor=ADMIN
    ).timeline
    approved = timeline[timeline.kind == "Bồi thường đã duyệt"]
    assert (
        list(approved.on) == [dt.date(2024, 6, 5)]
        and "Quyết định phê duyệt" in approved.what.iloc[0]
    )
    assert list(timeline[timeline.kind == "Khoản chi trả"].on) == [dt.date(2024, 6, 20)]
    june = report_tables(monthly_report(demo_store, project, "2024-06", actor=ADMIN))
    money = dict(june["Bồi thường, hỗ trợ đến cuối tháng"].to_numpy())
    assert money["Hộ chậm chi trả"] == "0"  # due on 05/07/2024: not late yet at the end of June
    july = report_tables(monthly_report(demo_store, project, "2024-07", actor=ADMIN))
    assert int(dict(july["Bồi thường, hỗ trợ đến cuối tháng"].to_numpy())["Hộ chậm chi trả"]) > 0


def test_a_price_concern_names_what_is_asked_and_the_report_sets_it_beside_the_offer(
    demo_store: Store,
) -> None:
    project = find_project(demo_store, CAT_VAN)
    household = households_seen_by(demo_store, project.id, actor=ADMIN)[0]
    with pytest.raises(InvalidRecord, match="giá bồi thường"):
        raise_concern(demo_store, project.id, household_id=household.id, category=ConcernCategory.RESETTLEMENT,
                      channel=Channel.MEETING, text="x", received_on=dt.date(2024, 6, 9), actor=ADMIN,
                      asked_vnd=1_000_000)  # fmt: skip
    (asked,) = asked_and_offered(
        demo_store, project.id, actor=ADMIN
    )  # the demo's: land, 08/06/2024
    biggest = max(accounts(demo_store, project.id, actor=ADMIN), key=lambda a: a.approved_vnd)
    sheet = household_sheet(demo_store, project, plans(demo_store, project.id, actor=ADMIN)[0].id,
                            biggest.household_id, actor=ADMIN)  # fmt: skip
    land = dict(sheet.subtotals())[Section.LAND]
    assert (asked.household_id, asked.offered_vnd, asked.part) == (
        biggest.household_id,
        land,
        "Bồi thường về đất",
    )
    assert asked.asked_vnd == biggest.approved_vnd * 13 // 10 and asked.open
    june = report_tables(monthly_report(demo_store, project, "2024-06", actor=ADMIN))
    row = june["Ý kiến về giá: hộ đề nghị và phương án đưa ra"].iloc[0]
    assert row["Mã"] == asked.household_code and row[
        "Hộ đề nghị"
    ] == f"{asked.asked_vnd:,} đ".replace(",", ".")
    may = report_tables(monthly_report(demo_store, project, "2024-05", actor=ADMIN))
    assert "Ý kiến về giá: hộ đề nghị và phương án đưa ra" not in may


def test_a_parcels_land_is_priced_once_and_only_as_what_the_overlay_found(
    demo_store: Store,
) -> None:
    project = find_project(demo_store, CAT_VAN)
    lines, _facts = inventory(demo_store, project.id, actor=ADMIN)
    land = next(x for x in lines if x.kind is LineKind.LAND)
    again = InventoryLine(land.household_id, LineKind.LAND, land.item_code, Decimal(0), land.parcel_id,
                          minutes="BB 2")  # fmt: skip
    with pytest.raises(InvalidRecord, match="đã có một dòng cùng loại"):
        record_line(demo_store, project.id, again, actor=ADMIN)
    corrected = record_line(demo_store, project.id, InventoryLine(
        land.household_id, LineKind.LAND, land.item_code, Decimal("10.5"), land.parcel_id, minutes="BB sửa",
        replaces_id=land.id), actor=ADMIN)  # fmt: skip
    after, _facts = inventory(demo_store, project.id, actor=ADMIN, household_id=land.household_id)
    assert [
        x.quantity for x in after if x.parcel_id == land.parcel_id and x.kind is LineKind.LAND
    ] == [Decimal("10.5")] and corrected
    with pytest.raises(InvalidRecord, match="lớn hơn cả thửa đất"):  # a typing slip: 1.200 for 12
        record_line(demo_store, project.id, InventoryLine(
            land.household_id, LineKind.LAND, land.item_code, Decimal(1_000_000), land.parcel_id,
            minutes="BB sửa 2", replaces_id=corrected), actor=ADMIN)  # fmt: skip
    corridor = next(x for x in lines if x.kind is LineKind.CORRIDOR)
    restricted_only = next(
        x.parcel_id for x in lines if x.kind is LineKind.CORRIDOR
        and not any(y.parcel_id == x.parcel_id and y.kind is LineKind.LAND for y in lines)
    )  # fmt: skip
    with pytest.raises(InvalidRecord, match="chỉ bị hạn chế sử dụng"):
        record_line(demo_store, project.id, InventoryLine(corridor.household_id, LineKind.LAND, "LUC-VT1",
                    Decimal(0), restricted_only, minutes="BB 3"), actor=ADMIN)  # fmt: skip


def test_a_household_that_must_move_gets_the_relocation_support_of_the_projects_terms(
    demo_store: Store,
) -> None:
    project = find_project(demo_store, "hung-nguyen-vsip")
    (plan,) = plans(demo_store, project.id, actor=ADMIN)
    _lines, facts = inventory(demo_store, project.id, actor=ADMIN)
    moving = [f.household_id for f in facts.values() if f.relocating]
    staying = [f.household_id for f in facts.values() if not f.relocating]
    assert moving and staying
    for household_id, expected in ((moving[0], [20_000_000]), (staying[0], [])):
        sheet = household_sheet(demo_store, project, plan.id, household_id, actor=ADMIN)
        assert [
            x.amount_vnd for x in sheet.lines if x.label == "Hỗ trợ di chuyển chỗ ở"
        ] == expected


def test_the_monthly_report_gives_the_money_by_commune(demo_store: Store) -> None:
    project = find_project(demo_store, CAT_VAN)
    july = report_tables(monthly_report(demo_store, project, "2024-07", actor=ADMIN))
    (row,) = july["Bồi thường theo xã"].to_dict("records")
    late = sum(
        a.late for a in accounts(demo_store, project.id, actor=ADMIN, today=dt.date(2024, 7, 31))
    )
    assert (
        row["Xã"],
        row["Hộ gia đình"],
        row["Hộ chậm chi trả"],
        row["Ý kiến về giá chưa giải quyết"],
    ) == ("Cát Văn", 15, late, 1)


def test_a_coefficient_set_for_a_commune_prices_that_communes_land_and_no_other() -> None:
    terms = Terms(
        Decimal("1.1"),
        "QĐ K",
        15_000,
        Decimal(3),
        "QĐ hỗ trợ",
        by_commune=(("Cát Văn", Decimal("1.5")),),
    )
    item = PriceItem(1, TableKind.LAND, "ONT-VT1", "Đất ở", "m²", 1_000_000, "QĐ giá")
    lines = [InventoryLine(7, LineKind.LAND, "ONT-VT1", Decimal(10), parcel_id=1, minutes="BB"),
             InventoryLine(7, LineKind.LAND, "ONT-VT1", Decimal(10), parcel_id=2, minutes="BB")]  # fmt: skip
    priced = compensation_lines(
        lines, {(TableKind.LAND, "ONT-VT1"): item}, terms, {1: "Cát Văn", 2: "Thanh Hà"}
    )
    assert [x.amount_vnd for x in priced] == [15_000_000, 11_000_000]
    assert "xã Cát Văn" in priced[0].reason and "Cát Văn" not in priced[1].reason

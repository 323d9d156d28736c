"""Money is paid once and never past what was approved, on both databases (issue 27, round 3):
payments at once from separate processes, a receipt used twice, bounds on every number of a plan,
and the command line's `compensation pay` and `compensation import-payments`."""

from __future__ import annotations

import datetime as dt
import multiprocessing
import queue
import sys
import time
import traceback
import types
from collections.abc import Callable
from decimal import Decimal
from functools import partial
from multiprocessing.synchronize import Barrier
from pathlib import Path
from typing import Any

import pytest

import cli
from consultations.compensation.inventory import record_line
from consultations.compensation.model import (
    Account,
    InventoryLine,
    LineKind,
    Method,
    PaymentKind,
    TableKind,
    Terms,
    payment_rule,
)
from consultations.compensation.payment_lists import import_payments
from consultations.compensation.payments import accounts, payments_of, record_payment
from consultations.compensation.prices import prepare_prices
from consultations.compensation.service import plans, record_comments
from consultations.compensation.terms import project_terms, set_terms
from consultations.core.access import operator
from consultations.core.database import Store, open_store
from consultations.core.errors import ConsultationError, InvalidRecord
from consultations.core.numbers import read_number
from consultations.projects.service import find_project

ADMIN = operator("t")
CAT_VAN = "cat-van-220kv"
PAID_ON = dt.date(2024, 8, 1)


def owed(store: Store, count: int = 1) -> tuple[int, list[Account]]:
    """The demo project and ``count`` of its households still owed at least 10.000 đ."""
    project = find_project(store, CAT_VAN)
    found = [a for a in accounts(store, project.id, actor=ADMIN) if a.outstanding_vnd >= 10_000]
    assert len(found) >= count
    return project.id, found[:count]


def account(store: Store, project_id: int, household_id: int) -> Account:
    return next(
        a for a in accounts(store, project_id, actor=ADMIN) if a.household_id == household_id
    )


def _pay_in_a_process(
    url: str,
    project_id: int,
    household_id: int,
    amount: int,
    receipt: str,
    start: Barrier,
    out: Any,
) -> None:
    """One cashier's save, in a process of its own with its own store and connection. Whatever
    happens is put on ``out``: a crash is reported with its traceback, never left to a timeout."""
    try:
        store = open_store(url)
        start.wait(timeout=200)
        try:
            record_payment(store, project_id, household_id, kind=PaymentKind.PAYMENT, paid_on=PAID_ON,
                           amount_vnd=amount, method=Method.CASH, receipt=receipt, actor=ADMIN)  # fmt: skip
            out.put(("paid", receipt))
        except ConsultationError as error:  # a sentence; anything else is a bug and fails the test
            out.put(("refused", str(error)))
        finally:
            store.dispose()
    except BaseException:
        out.put(("crashed", traceback.format_exc()))
        raise


def at_once(
    store: Store, project_id: int, payments: list[tuple[int, int, str]]
) -> list[tuple[str, str]]:
    """Each (household, amount, receipt) saved by its own process, all released at one moment."""
    spawn = multiprocessing.get_context("forkserver")
    # The server imports this module (so the app) once; each cashier is a fork of it, a fresh
    # process with no connection of its parent's, started in a fraction of an import's time.
    spawn.set_forkserver_preload([__name__])
    start, out = spawn.Barrier(len(payments)), spawn.Queue()
    workers = [spawn.Process(target=_pay_in_a_process, args=(store.url, project_id, household, amount, receipt, start, out))
               for household, amount, receipt in payments]  # fmt: skip
    # An AppTest run earlier in this process leaves a page as ``__main__``; the fork server runs
    # ``__main__`` again as it starts, so it is given an empty one to run.
    main = sys.modules["__main__"]
    sys.modules["__main__"] = types.ModuleType("__main__")
    try:
        for worker in workers:
            worker.start()
    finally:
        sys.modules["__main__"] = main
    results: list[tuple[str, str]] = []
    deadline = time.monotonic() + 240
    while len(results) < len(workers) and time.monotonic() < deadline:
        try:
            results.append(out.get(timeout=5))
        except queue.Empty:
            if not any(worker.is_alive() for worker in workers) and out.empty():
                break
    for worker in workers:
        worker.join(timeout=60)
    crashed = [text for outcome, text in results if outcome == "crashed"]
    assert crashed == []
    assert len(results) == len(workers), [worker.exitcode for worker in workers]
    assert [worker.exitcode for worker in workers] == [0] * len(workers)
    return results


def test_eight_payments_of_sixty_percent_at_once_pay_once_and_refuse_seven_with_a_sentence(
    demo_store: Store,
) -> None:
    project_id, (mine,) = owed(demo_store)
    sixty = mine.outstanding_vnd * 6 // 10 // 1000 * 1000
    results = at_once(
        demo_store, project_id, [(mine.household_id, sixty, f"PC-8-{i}") for i in range(8)]
    )
    assert sorted(r[0] for r in results) == ["paid"] + ["refused"] * 7
    assert all("nhiều hơn" in text for outcome, text in results if outcome == "refused")
    after = account(demo_store, project_id, mine.household_id)
    assert after.paid_vnd == mine.paid_vnd + sixty <= after.approved_vnd
    ledger = payments_of(demo_store, project_id, mine.household_id, actor=ADMIN)
    assert [p.amount_vnd for p in ledger if (p.receipt or "").startswith("PC-8-")] == [sixty]


def test_one_receipt_saved_for_two_households_at_once_is_recorded_once_and_the_other_told_why(
    demo_store: Store,
) -> None:
    project_id, (first, second) = owed(demo_store, 2)
    results = at_once(demo_store, project_id, [(first.household_id, 1000, "PC-TWICE"),
                                               (second.household_id, 1000, "PC-TWICE")])  # fmt: skip
    assert sorted(r[0] for r in results) == ["paid", "refused"]
    refused = next(text for outcome, text in results if outcome == "refused")
    assert "PC-TWICE" in refused and "1.000 đ" in refused
    paid = sum(
        account(demo_store, project_id, a.household_id).paid_vnd - a.paid_vnd
        for a in (first, second)
    )
    assert paid == 1000


def test_a_receipt_used_again_is_refused_naming_the_first_payment(demo_store: Store) -> None:
    project_id, (first, second) = owed(demo_store, 2)
    pay = partial(record_payment, demo_store, project_id, kind=PaymentKind.PAYMENT, paid_on=PAID_ON,
                  method=Method.CASH, actor=ADMIN, amount_vnd=2_000_000)  # fmt: skip
    pay(first.household_id, receipt="PC-77")
    for household in (first, second):  # the same tab twice, or another household by a slip
        with pytest.raises(InvalidRecord) as refused:
            pay(household.household_id, receipt=" PC-77 ")
        assert "PC-77" in str(refused.value) and first.household_code in str(refused.value)
        assert "2.000.000 đ" in str(refused.value) and "01/08/2024" in str(refused.value)
    assert account(demo_store, project_id, second.household_id).paid_vnd == second.paid_vnd


@pytest.mark.parametrize(
    ("kind", "amount", "refusal"),
    [
        (PaymentKind.PAYMENT, 999, "từ 1.000 đến"),  # a voucher is never for less
        (PaymentKind.ADVANCE, 1, "từ 1.000 đến"),
        (PaymentKind.PAYMENT, 10**13 + 1, "không hợp lý"),
        (PaymentKind.CORRECTION, -(10**14), "không hợp lý"),
    ],
)
def test_a_payment_out_of_its_bounds_is_refused_by_the_service(
    demo_store: Store, kind: PaymentKind, amount: int, refusal: str
) -> None:
    project_id, (mine,) = owed(demo_store)
    with pytest.raises(InvalidRecord, match=refusal):
        record_payment(demo_store, project_id, mine.household_id, kind=kind, paid_on=PAID_ON, amount_vnd=amount,
                       method=Method.CASH, receipt="PC-B", actor=ADMIN)  # fmt: skip
    assert account(demo_store, project_id, mine.household_id).paid_vnd == mine.paid_vnd


def test_a_payment_of_one_and_a_half_dong_is_not_read() -> None:
    with pytest.raises(InvalidRecord, match="số nguyên"):
        read_number("1,5", payment_rule())
    assert read_number("150.000.000", payment_rule()) == 150_000_000


def test_a_quantity_of_1e20_a_coefficient_of_1e30_and_a_rice_price_of_15_dong_are_refused(
    demo_store: Store,
) -> None:
    project = find_project(demo_store, CAT_VAN)
    _pid, (mine,) = owed(demo_store)
    with pytest.raises(InvalidRecord, match="không hợp lý"):
        record_line(demo_store, project.id, InventoryLine(mine.household_id, LineKind.CROP, "CAY-01",
                    Decimal("1e20"), minutes="BB 1"), actor=ADMIN)  # fmt: skip
    terms = project_terms(demo_store, project.id, actor=ADMIN)
    assert terms is not None
    for wrong in [
        Terms(Decimal("1e30"), "QĐ", 15_000, Decimal(3), "QĐ", terms.version),
        Terms(Decimal("1.1"), "QĐ", 15_000, Decimal(3), "QĐ", terms.version, by_commune=(("Cát Văn", Decimal("0.01")),)),
        Terms(Decimal("1.1"), "QĐ", 15, Decimal(3), "QĐ", terms.version),  # 15.000 read as 15
        Terms(Decimal("1.1"), "QĐ", 15_000, Decimal(3), "QĐ", terms.version, relocation_support_vnd=10**15),
    ]:  # fmt: skip
        with pytest.raises(InvalidRecord, match="không hợp lý"):
            set_terms(demo_store, project.id, wrong, actor=ADMIN)
    assert project_terms(demo_store, project.id, actor=ADMIN) == terms
    (plan,) = plans(demo_store, project.id, actor=ADMIN)
    with pytest.raises(InvalidRecord, match="không hợp lý"):
        record_comments(demo_store, project.id, plan.id, agree=10**9, disagree=0, other=0,
                        seen_version=plan.version, actor=ADMIN)  # fmt: skip


def test_a_unit_price_beyond_any_real_item_is_refused_naming_its_row(
    store: Store, tmp_path: Path
) -> None:
    table = tmp_path / "gia.csv"
    table.write_text("Mã,Tên,Đơn vị,Đơn giá\nCAY-01,Cây bạch đàn,cây,120.000\nCAY-02,Cây keo,cây,1e15\n"
                     "CAY-03,Cây xoan,cây,1.000.000.000.000\n", encoding="utf-8")  # fmt: skip
    with pytest.raises(InvalidRecord) as refused:
        prepare_prices(store, table, province="Nghệ An", kind=TableKind.CROP, decision="QĐ 1",
                       valid_from=dt.date(2024, 1, 1), actor=ADMIN)  # fmt: skip
    assert "Dòng 3" in str(refused.value) and "Dòng 4" in str(refused.value)
    assert "Dòng 2" not in str(refused.value)


# -- the command line: the same door ---------------------------------------------------------------


Command = Callable[..., tuple[int, str]]


@pytest.fixture
def command(
    demo_store: Store, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> Command:
    """``python cli.py compensation ARGS`` over the demo store: its exit code and what it said. (The
    command's own store, opened and left to the process's end by a real run, is the test's here,
    so that it is closed after the test.)"""
    monkeypatch.setattr(cli, "_store", lambda: demo_store)

    def run(*args: str) -> tuple[int, str]:
        code = cli.main(["compensation", *args])
        captured = capsys.readouterr()
        return code, captured.out + captured.err

    return run


def test_compensation_pay_records_a_payment_typed_the_vietnamese_way_and_refuses_its_receipt_again(
    demo_store: Store, command: Command
) -> None:
    project_id, (mine,) = owed(demo_store)
    pay = ("pay", "--project", CAT_VAN, "--household", mine.household_code.lower(), "--receipt", "PC-CLI",
           "--paid-on", "01/08/2024", "--method", "cash")  # fmt: skip
    code, said = command(*pay, "--amount", "1,5")
    assert code == 2 and "số nguyên" in said
    code, said = command(*pay, "--amount", "5.000")
    assert code == 0 and "5.000 đ (Năm nghìn đồng)" in said and mine.household_code in said
    assert account(demo_store, project_id, mine.household_id).paid_vnd == mine.paid_vnd + 5000
    code, said = command(*pay, "--amount", "5.000")
    assert code == 2 and "PC-CLI" in said and "5.000 đ" in said
    assert account(demo_store, project_id, mine.household_id).paid_vnd == mine.paid_vnd + 5000
    code, said = command(*pay[:4], "KHONG-CO", *pay[5:], "--amount", "5.000")
    assert code == 2 and "KHONG-CO" in said


def payment_list(folder: Path, rows: list[str], name: str = "chi-tra.csv") -> Path:
    path = folder / name
    path.write_text(
        "Mã hộ,Số tiền,Số chứng từ,Ngày chi,Hình thức\n" + "\n".join(rows) + "\n", encoding="utf-8"
    )
    return path


def test_import_payments_with_one_bad_row_changes_nothing_and_names_the_row(
    demo_store: Store, command: Command, tmp_path: Path
) -> None:
    project_id, (first, second) = owed(demo_store, 2)
    for bad, named in [
        (f'{second.household_code},"1,5",KB-2,01/08/2024,transfer', "Dòng 3"),  # 1,5 đ
        (
            f"{second.household_code},{second.outstanding_vnd + 1000},KB-2,01/08/2024,transfer",
            "Dòng 3",
        ),  # too much
        (
            f"{second.household_code},5.000,KB-1,01/08/2024,transfer",
            "Dòng 3",
        ),  # its receipt twice in the file
        ("HO-KHONG-CO,5.000,KB-2,01/08/2024,transfer", "Dòng 3"),
        (f"{second.household_code},5.000,KB-2,32/08/2024,transfer", "Dòng 3"),
    ]:
        path = payment_list(tmp_path, [f"{first.household_code},5.000,KB-1,01/08/2024,cash", bad])
        code, said = command("import-payments", str(path), "--project", CAT_VAN)
        assert code == 2 and named in said and "Dòng 2" not in said, bad
        assert [account(demo_store, project_id, a.household_id).paid_vnd for a in (first, second)] == [
            first.paid_vnd, second.paid_vnd]  # fmt: skip


def test_import_payments_records_a_good_list_once_even_imported_twice(
    demo_store: Store, command: Command, tmp_path: Path
) -> None:
    project_id, (first, second) = owed(demo_store, 2)
    path = payment_list(tmp_path, [f"{first.household_code},5.000,KB-1,01/08/2024,cash",
                                   f"{second.household_code},\"1.234.000\",KB-2,2024-08-02,Chuyển khoản",
                                   f"{second.household_code},1000,KB-3,02/08/2024,"])  # fmt: skip
    for _time in range(2):
        code, said = command("import-payments", str(path), "--project", CAT_VAN)
        assert code == 0 and "3" in said
    assert account(demo_store, project_id, first.household_id).paid_vnd == first.paid_vnd + 5000
    assert (
        account(demo_store, project_id, second.household_id).paid_vnd == second.paid_vnd + 1_235_000
    )
    assert import_payments(demo_store, project_id, path, actor=ADMIN) == 3  # the door, once more
    mine = payments_of(demo_store, project_id, second.household_id, actor=ADMIN)
    assert [(p.receipt, p.method) for p in mine[-2:]] == [
        ("KB-2", Method.TRANSFER),
        ("KB-3", Method.TRANSFER),
    ]

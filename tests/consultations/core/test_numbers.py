"""Numbers are read as Vietnamese people type them, shown back the same way, and bounded per field."""

from __future__ import annotations

from decimal import Decimal

import pytest
from hypothesis import given
from hypothesis import strategies as st

from consultations.core.errors import InvalidRecord
from consultations.core.numbers import (
    MAX_VND,
    NumberRule,
    parse_number,
    read_back,
    read_number,
    read_optional,
    shown,
)
from consultations.projects.model import power_line_problems

MONEY = NumberRule("Số tiền đã chi (đ)", 1000, MAX_VND, money=True)
METRES = NumberRule("Từ tim tuyến đến dây dẫn ngoài cùng (m)", 0, 40, "m")


@pytest.mark.parametrize(
    ("typed", "read"),
    [
        ("1.234.567", "1234567"),
        ("1.234,5", "1234.5"),
        ("4,5", "4.5"),
        ("3,5", "3.5"),
        ("1234567", "1234567"),
        ("150.000.000", "150000000"),
        ("15.000", "15000"),
        ("2.000.000", "2000000"),
        ("1 234 567", "1234567"),
        ("1\u00a0234\u00a0567", "1234567"),
        ("150.000.000 đ", "150000000"),
        ("0,5", "0.5"),
        ("4.5", "4.5"),  # a lone dot that groups no three digits is a decimal point
        ("1,234,567", "1234567"),  # the English way, where it cannot be mistaken
        ("1,234.5", "1234.5"),
    ],
)
def test_a_number_is_read_as_vietnamese_type_it(typed: str, read: str) -> None:
    assert parse_number(typed) == Decimal(read)


@pytest.mark.parametrize(
    "typed", ["abc", "1..2", "1.2.3", "12.34.567", ".5", "5.", "1,2,3", "", "1.234,5,6"]
)
def test_what_is_not_a_number_is_refused_not_guessed(typed: str) -> None:
    with pytest.raises(ValueError):
        parse_number(typed)


@given(st.decimals(min_value=0, max_value=10**12, places=2, allow_nan=False))
def test_what_is_shown_reads_back_as_the_same_number(number: Decimal) -> None:
    assert parse_number(shown(number)) == number


def test_money_is_read_back_in_figures_and_words() -> None:
    assert read_back(read_number("150.000.000", MONEY), MONEY) == (
        "150.000.000 đ (Một trăm năm mươi triệu đồng)"
    )


@pytest.mark.parametrize(
    ("typed", "sentence"),
    [
        ("2", "không hợp lý"),  # a payment of 2 đ: "2.000.000" with its groups lost
        ("1,5", "chỉ nhận số nguyên"),
        ("mười triệu", "không phải là một số"),
        ("20.000.000.000.000", "không hợp lý"),
        ("", "Hãy nhập một số"),
    ],
)
def test_money_out_of_its_bounds_is_refused_in_a_sentence_naming_the_field(
    typed: str, sentence: str
) -> None:
    with pytest.raises(InvalidRecord, match=sentence) as refused:
        read_number(typed, MONEY)
    assert "Số tiền đã chi (đ)" in str(refused.value)


def test_an_empty_optional_field_is_none_and_a_filled_one_is_read() -> None:
    assert read_optional("  ", METRES) is None
    assert read_optional("4,5", METRES) == Decimal("4.5")


def test_a_half_spread_of_45_m_on_110_kv_is_refused_as_a_lost_comma() -> None:
    (problem,) = power_line_problems(110, 45, 8)
    assert "45 m" in problem and "110 kV" in problem and "4,5" in problem
    assert power_line_problems(110, 4.5, 8) == []
    assert power_line_problems(500, 12, 12) == []

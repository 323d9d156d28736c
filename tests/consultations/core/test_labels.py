"""A parcel is named one way everywhere, "sheet/parcel", with "?" for a number not recorded."""

from __future__ import annotations

import math
import re
from pathlib import Path

import pandas as pd
import pytest

from consultations.core.labels import parcel_label, parcel_labels, parcel_labels_with_codes

ROOT = Path(__file__).resolve().parents[3]


@pytest.mark.parametrize(
    ("sheet", "parcel", "said"),
    [
        ("12", "345", "12/345"),
        (12, 345, "12/345"),
        (12.0, 345.0, "12/345"),
        (None, "7", "?/7"),
        (math.nan, "7", "?/7"),
        ("  ", pd.NA, "?/?"),
        ("nan", "None", "?/?"),  # what a file read as text makes of missing numbers
    ],
)
def test_a_parcel_is_sheet_slash_parcel_and_never_nan(
    sheet: object, parcel: object, said: str
) -> None:
    assert parcel_label(sheet, parcel) == said


def test_a_frame_of_parcels_is_labelled_row_by_row_keeping_its_index() -> None:
    frame = pd.DataFrame({"sheet_no": ["3", None, "5"], "parcel_no": ["10", "11", math.nan]},
                         index=[7, 8, 9])  # fmt: skip
    assert parcel_labels(frame).to_dict() == {7: "3/10", 8: "?/11", 9: "5/?"}


def test_a_map_names_a_parcel_with_its_identification_code_when_it_has_one() -> None:
    frame = pd.DataFrame({"sheet_no": ["3", "3", "3"], "parcel_no": ["10", "11", "12"],
                          "parcel_code": ["40101001", None, " "]}, index=[7, 8, 9])  # fmt: skip
    assert parcel_labels_with_codes(frame).to_dict() == {
        7: "3/10 · mã 40101001",
        8: "3/11",
        9: "3/12",
    }
    assert parcel_labels_with_codes(frame.drop(columns="parcel_code")).to_dict() == {
        7: "3/10",
        8: "3/11",
        9: "3/12",
    }


def test_no_module_joins_sheet_and_parcel_numbers_by_hand() -> None:
    """Joining them by hand is how "nan/nan" reached a map label and an import note."""
    by_hand = re.compile(r"sheet_no[^\n]*\+ \"/\" \+|sheet_no[^}\n]*\}/\{|sheet\]\.iloc\[i\]\}/\{")
    offenders = [
        str(path.relative_to(ROOT))
        for folder in ("consultations", "ui", "app_pages")
        for path in (ROOT / folder).rglob("*.py")
        if by_hand.search(path.read_text(encoding="utf-8"))
    ]
    assert offenders == []


def test_every_kind_of_record_and_every_action_of_the_audit_log_has_its_words() -> None:
    """The audit log never shows a code: each kind of record and each action it can hold is named
    in the reader's language."""
    from consultations.core.events import Entity
    from consultations.core.labels import action_label, entity_label

    code = "\n".join(p.read_text(encoding="utf-8") for p in (ROOT / "consultations").rglob("*.py"))
    actions = set(re.findall(r'\baction="([a-z_]+)"', code)) | {"reopen", "new_version", "settings"}
    assert len(actions) > 15
    unnamed = [a for a in sorted(actions) if action_label(a) == a.replace("_", " ")]
    unnamed += [e.value for e in Entity if entity_label(e.value) == e.value.replace("_", " ")]
    assert unnamed == []


@pytest.mark.parametrize(("stored", "shown"), [
    ("2024-05-01", "01/05/2024"), ("0911111111", "0911111111"), ("20240501", "20240501"),
])  # fmt: skip
def test_a_stored_iso_date_reads_day_first_and_a_phone_number_stays_a_number(
    stored: str, shown: str
) -> None:
    from consultations.core.labels import value_text

    assert value_text(stored) == shown

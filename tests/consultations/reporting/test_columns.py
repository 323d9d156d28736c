"""The dashboard's tables labelled once, for the Overview and the monthly report alike."""

from __future__ import annotations

import pandas as pd

from consultations.reporting.columns import column_labels, labelled


def test_a_table_shows_its_columns_in_order_under_their_labels_and_leaves_ids_out() -> None:
    backlog = pd.DataFrame(
        {"idle_days": [40], "household_id": [7], "code": ["HN-01"], "head_name": ["Lê Văn A"],
         "village": ["Xóm 1"], "status": ["informed"], "last_progress": [None]}
    )  # fmt: skip
    shown = labelled(backlog, "backlog")
    assert list(shown.columns) == ["Mã", "Chủ hộ", "Thôn", "Trạng thái", "Tiến triển gần nhất",
                                   "Số ngày không tiến triển"]  # fmt: skip
    assert shown.iloc[0].tolist()[:2] == ["HN-01", "Lê Văn A"] and shown.iloc[0, -1] == 40


def test_an_empty_table_read_before_any_row_still_has_its_labelled_columns() -> None:
    shown = labelled(pd.DataFrame(), "overdue_commitments")
    assert shown.empty
    assert list(shown.columns) == list(column_labels("overdue_commitments").values())

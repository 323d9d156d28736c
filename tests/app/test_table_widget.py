"""The one table helper (ui/widgets.py ``table``): no English and no codes of missing values."""

from __future__ import annotations

from streamlit.testing.v1 import AppTest


def _tables() -> None:
    import pandas as pd

    from ui.widgets import table

    table(pd.DataFrame({"Tên": pd.Series([], dtype=object)}))
    table(pd.DataFrame({"Tên": pd.Series(["An", pd.NA, None], dtype=object),
                        "Ghi chú": pd.Series(["x", pd.NA, None], dtype="string"),
                        "Số": pd.Series([1, None, 3], dtype="Int64")}))  # fmt: skip


def test_an_empty_table_is_a_sentence_and_missing_values_are_blank() -> None:
    app = AppTest.from_function(_tables)
    app.run()
    assert not app.exception, app.exception
    assert [c.value for c in app.caption] == ["Chưa có gì."]
    assert len(app.dataframe) == 1  # the empty one is not drawn as Streamlit's "empty" grid
    shown = app.dataframe[0].value
    cells = {str(v) for column in shown.columns for v in shown[column]}
    assert not cells & {"<NA>", "None", "nan", "NaN"}, cells


def test_every_table_of_the_app_goes_through_the_one_helper() -> None:
    """``st.dataframe`` called elsewhere would show "empty", "None" or "<NA>" again."""
    from pathlib import Path

    root = Path(__file__).resolve().parents[2]
    callers = sorted(
        str(p.relative_to(root))
        for folder in ("app_pages", "ui")
        for p in (root / folder).rglob("*.py")
        if "st.dataframe(" in p.read_text(encoding="utf-8")
        or "st.table(" in p.read_text(encoding="utf-8")
    )
    assert callers == ["ui/widgets.py"]

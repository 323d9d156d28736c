"""The import protocol's refusal: a plan that no longer holds says what changed, and only then."""

from __future__ import annotations

import pytest

from consultations.core.errors import StaleEdit
from consultations.core.imports import MOVED_SHOWN, ImportPreview, Prepared, refuse_moved
from translations import _


def test_a_plan_that_still_holds_is_not_refused() -> None:
    refuse_moved([])


def test_a_plan_that_moved_is_refused_naming_what_changed_and_how_many_more() -> None:
    moved = [f"household CV{n:02} was changed" for n in range(MOVED_SHOWN + 3)]
    more = _("and {n} more").format(n=3)
    with pytest.raises(
        StaleEdit, match=rf"CV00 was changed; .*CV09 was changed {more}\."
    ) as refused:
        refuse_moved(moved)
    assert "CV10" not in str(refused.value)


def test_anything_with_a_preview_is_a_prepared_import() -> None:
    class Rows:
        def preview(self) -> ImportPreview:
            return ImportPreview(added=2)

    assert isinstance(Rows(), Prepared)
    assert not isinstance(object(), Prepared)

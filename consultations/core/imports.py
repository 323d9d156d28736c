"""One import protocol: a file is read and checked once, previewed from that, saved as it was.

Every import (a land-office layer, a household register, a returned field package, a price table,
a petition register) has the same three steps, named the same in each feature's door:

``prepare_…(store, file, *, actor, …options) -> Prepared…``
    reads and checks the file once and plans what saving it would do against the store as it is;
    a bad file is refused with a plain sentence (``InvalidRecord``…) and nothing is written.
    The prepared object holds everything saving needs: the file's bytes are not read again.
    It is a frozen dataclass of plain records, so it pickles (a worker's job may take it) and
    the same file prepared again gives the same plan.
``prepared.preview() -> ImportPreview``
    what saving would change, in the user's words; pure, no store.
``save_…(store, prepared, *, actor, key, …) -> result``
    saves exactly that plan in one transaction, under the idempotency ``key``; the plan's own
    basis (``seen``: what it was planned against) is checked first, and if the store moved in a
    way the plan depends on, nothing is saved and the refusal says what changed
    (``refuse_moved``): prepare it again and look at the new preview.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Protocol, runtime_checkable

from consultations.core.errors import StaleEdit
from translations import _


@dataclass(frozen=True)
class ImportPreview:
    """What saving a prepared file would change: counts, and sentences a person reads first."""

    added: int = 0
    changed: int = 0
    removed: int = 0
    unchanged: int = 0  # already in the store (the same rows brought again), or left as they are
    lines: tuple[str, ...] = ()  # what it is and what it does, in sentences
    warnings: tuple[str, ...] = ()  # what to look at before saving (conflicts, missing photos)


@runtime_checkable
class Prepared(Protocol):
    """A file read, checked and planned once: what a door's ``save_…`` takes."""

    def preview(self) -> ImportPreview: ...


#: How many of the things that moved a refusal names before "and N more".
MOVED_SHOWN = 10


def refuse_moved(moved: list[str]) -> None:
    """Refuse a save whose plan no longer holds, naming what changed since it was prepared
    (nothing is raised when ``moved`` is empty)."""
    if not moved:
        return
    listed = "; ".join(moved[:MOVED_SHOWN])
    if len(moved) > MOVED_SHOWN:
        listed += " " + _("and {n} more").format(n=len(moved) - MOVED_SHOWN)
    raise StaleEdit(
        _("Nothing was saved: since the file was checked, {changes}. Check it again and look at "
          "the new preview before saving.").format(changes=listed)
    )  # fmt: skip

"""How every form that writes behaves: it saves once, keeps what was typed when a save is refused,
is refused when the record changed since it was shown, and says what was recorded.

- **One helper**: every form is a ``RecordForm``; its key, its widgets' keys and the version it
  saw all name the record shown, so nothing typed for one record is saved on another, and the
  version a save clears is the one the form remembered.
- **Version seen**: ``RecordForm.seen`` is the record's version when this session first showed it;
  a save sends that, so an edit made meanwhile in another tab or by another person is refused with
  what changed, never overwritten. ``stale_warning`` lets the user take the newest version while
  keeping what they typed.
- **Kept input**: forms are not cleared on submit; a refusal is shown under the form
  (``attempt``) and every value, the attached file too, stays. After a save, ``RecordForm.saved`` starts
  a new generation of the form (its fields afresh from the saved record) and shows what was
  recorded after the rerun.
- **Once**: the idempotency key (``ui/commands.py``) is made from the session, the form, the version
  seen and the values, so a double tap, or a rerun queued behind the first, records once.
"""

from __future__ import annotations

import time
from collections.abc import Callable
from typing import NoReturn, TypeVar

import streamlit as st

from consultations.core.messages import USER_ERRORS, message_for
from translations import _
from ui.widgets import plain

T = TypeVar("T")
_FLASH = "_clearway_flash"
FLASH_SECONDS = 15


class RecordForm:
    """One form on one record: the only way a page makes a form, so the form's key, its widgets'
    keys, the version it saw and the name it clears after a save cannot drift apart.

    ``RecordForm("consent", household.id, version=household.version, record="household")`` is the
    consent form of that household. ``id`` is the ``st.form`` key (name, record, generation);
    ``key("note")`` a widget's key under it, so a field never carries one record's text to another
    and a save starts every field afresh from the saved record. With ``version`` (a form that
    changes a versioned record), ``seen`` is the version this session first showed; it is kept
    under the record (``record`` names its kind), so every form on one record shares it and a
    save through any of them clears it under the same name. Without ``version`` (a form that
    adds a record) nothing is remembered.
    """

    def __init__(
        self, name: str, *ids: object, version: int | None = None, record: str | None = None
    ) -> None:
        parts = [str(i) for i in ids]
        self._generation = "_gen:" + ":".join([name, *parts])
        # Under the record: its kind and its own id (the first), whatever else names the form (an
        # entry being corrected), so a save through any form of the record clears it for all.
        kept_as = [record, *parts[:1]] if record else [name, *parts]
        self._seen = "_seen:" + ":".join(kept_as) if version is not None else None
        self.id = f"{self._generation[5:]}#{st.session_state.get(self._generation, 0)}"
        self.version = version or 0
        self.seen = self.version
        if self._seen is not None:
            self.seen = int(st.session_state.setdefault(self._seen, self.version))

    def key(self, field: str) -> str:
        """The key of the widget ``field`` of this form: this record, this generation."""
        return f"{self.id}:{field}"

    @property
    def stale(self) -> bool:
        """Whether the record changed since this session showed it (another tab, another person)."""
        return self.seen != self.version

    def stale_warning(self, message: str | None = None) -> None:
        """When the record changed since it was shown: ``message``, and a button that takes the
        newest version while what the user typed stays in the form."""
        if not self.stale or self._seen is None:
            return
        if message:
            st.warning(message)
        if st.button(_("Show the latest version and keep what I typed"), key=f"reload:{self.id}"):
            st.session_state[self._seen] = self.version
            st.rerun()

    def saved(self, message: str) -> NoReturn:
        """After a save: a new generation (every field afresh from the saved record), the record's
        newest version next time, under the same name it was seen, and ``message`` after the
        rerun."""
        st.session_state[self._generation] = st.session_state.get(self._generation, 0) + 1
        if self._seen is not None:
            st.session_state.pop(self._seen, None)
        st.session_state[_FLASH] = (message, time.monotonic() + FLASH_SECONDS)
        st.rerun()


def attempt(save: Callable[[], T]) -> T | None:
    """Run a save; a refusal is shown in plain words where the form is, and the page goes on
    with every value the user typed (None is returned)."""
    try:
        return save()
    except USER_ERRORS as error:
        st.error(plain(message_for(error)), icon="⚠️")
        return None


def first_shown(form: str, now: tuple[T, ...], changed: str) -> tuple[T, ...]:
    """What the form ``form`` first showed of a set of values (a chair's projects, an officer's
    communes): sent as the version seen, so a change made in another tab since is refused, not
    undone. While they differ from ``now``, ``changed`` is said with a way to take the latest."""
    shown: tuple[T, ...] = st.session_state.setdefault(f"_shown:{form}", now)
    if set(shown) != set(now):
        st.warning(changed)
        if st.button(_("Show the latest"), key=f"{form}:latest"):
            st.session_state.pop(f"_shown:{form}")
            st.rerun()
    return shown


def show_saved() -> None:
    """The confirmation of the last save, as a line at the top of the page, for a few seconds:
    a second click arriving right after the save reruns the page and must not wipe it."""
    flash = st.session_state.get(_FLASH)
    if flash is None:
        return
    message, until = flash
    if time.monotonic() > until:
        st.session_state.pop(_FLASH, None)
        return
    st.success(plain(message), icon="✅")

"""How every form that writes behaves: it saves once, keeps what was typed when a save is refused,
is refused when the record changed since it was shown, and says what was recorded.

- **Version seen**: ``seen_version`` remembers the record's version when the form first showed it
  in this session; a save sends that, so an edit made meanwhile in another tab or by another
  person is refused with what changed, never overwritten. ``reload_button`` lets the user take the
  newest version while keeping what they typed.
- **Kept input**: forms are not cleared on submit; a refusal is shown under the form
  (``attempt``) and every value, the attached file too, stays. After a save, ``saved`` starts a new
  generation of the form (fresh, empty widgets) and shows what was recorded after the rerun.
- **Once**: the idempotency key (``ui/commands.py``) is made from the session, the form, the version
  seen and the values, so a double tap, or a rerun queued behind the first, records once.
"""

from __future__ import annotations

import time
from collections.abc import Callable
from typing import TypeVar

import streamlit as st

from consultations.core.messages import USER_ERRORS, message_for
from translations import _
from ui.widgets import plain

T = TypeVar("T")
_FLASH = "_clearway_flash"
FLASH_SECONDS = 15


def form_id(name: str, *record: object) -> str:
    """The form's key: its name, the record it edits and its generation (new after each save)."""
    base = ":".join([name, *(str(r) for r in record)])
    return f"{base}#{st.session_state.get(f'_gen:{base}', 0)}"


def seen_version(name: str, record_id: int, current: int) -> int:
    """The version of the record when this form first showed it in this session."""
    return int(st.session_state.setdefault(f"_seen:{name}:{record_id}", current))


def reload_button(name: str, record_id: int, current: int) -> None:
    """After a stale refusal: take the newest version; what the user typed stays in the form."""
    if st.button(
        _("Show the latest version and keep what I typed"), key=f"reload:{name}:{record_id}"
    ):
        st.session_state[f"_seen:{name}:{record_id}"] = current
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


def saved(message: str, name: str, *record: object, record_id: int | None = None) -> None:
    """After a save: a fresh form, the newest version next time, the confirmation after the rerun."""
    base = ":".join([name, *(str(r) for r in record)])
    st.session_state[f"_gen:{base}"] = st.session_state.get(f"_gen:{base}", 0) + 1
    if record_id is not None:
        st.session_state.pop(f"_seen:{name}:{record_id}", None)
    st.session_state[_FLASH] = (message, time.monotonic() + FLASH_SECONDS)
    st.rerun()


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

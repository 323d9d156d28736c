"""What every page begins with, in one call: its title, the last save's confirmation, the store,
the signed-in actor and, on a project's pages, the project chosen (remembered across pages).

A page begins ``store, actor, project = page_frame(_("Title"))`` (or ``store, actor =
page_frame(_("Title"), project=False)``). Signed out, it stops before drawing anything more; with
no project yet it says so with the next step (``ui.widgets.project_picker``). Who may do what is
checked by the services each page calls (and the navigation lists only the pages a role may use),
not here: a frame never refuses a page in its own words."""

from __future__ import annotations

from typing import Literal, NamedTuple, overload

import streamlit as st

from consultations.core.access import Actor
from consultations.core.records import Project
from consultations.core.store import Store
from ui.forms import show_saved
from ui.session import current_actor
from ui.store import app_store
from ui.widgets import project_picker


# Named tuples, not dataclasses: immutable and typed like a frozen dataclass, and a page unpacks
# one into its own names in a line.
class Frame(NamedTuple):
    """A page's store and the actor it acts as."""

    store: Store
    actor: Actor


class ProjectFrame(NamedTuple):
    """A project's page: its store, its actor and the project the user chose."""

    store: Store
    actor: Actor
    project: Project


@overload
def page_frame(title: str, *, project: Literal[True] = ..., saves: bool = ...) -> ProjectFrame: ...
@overload
def page_frame(title: str, *, project: Literal[False], saves: bool = ...) -> Frame: ...
def page_frame(title: str, *, project: bool = True, saves: bool = True) -> Frame | ProjectFrame:
    """The page's title, store and actor, then (``project``) the project picker. ``saves``: the
    page records something, so its last save's confirmation shows under the title."""
    st.title(title)
    if saves:
        show_saved()
    store = app_store()
    actor = current_actor()
    if not project:
        return Frame(store, actor)
    return ProjectFrame(store, actor, project_picker(store))

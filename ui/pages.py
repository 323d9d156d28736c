"""The app's pages in one place: each page's file, title, icon and the action that opens it.

The navigation (``streamlit_app.py``), the role's landing page and the tests that walk every page
read this one table; a page added here is in the sidebar of exactly the roles that may use it."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from consultations.core.access import Action, Actor, Role
from translations import _


@dataclass(frozen=True)
class AppPage:
    name: str  # its file in app_pages/ and its address
    icon: str
    action: Action  # who may open it
    title: Callable[[], str]  # in the session's language, so asked for at each run


PAGES: tuple[AppPage, ...] = (
    # what is due names households
    AppPage("week", ":material/event_upcoming:", Action.READ_PERSONAL, lambda: _("This week")),
    AppPage("overview", ":material/dashboard:", Action.READ_FIGURES, lambda: _("Overview")),
    AppPage("consent_map", ":material/map:", Action.READ_FIGURES, lambda: _("Consent map")),
    AppPage("households", ":material/groups:", Action.READ_PERSONAL, lambda: _("Households")),
    AppPage("field_update", ":material/smartphone:", Action.EDIT_RECORDS,
            lambda: _("Field update")),
    # chairs review conflicts; packages are officers'
    AppPage("field_package", ":material/cloud_off:", Action.READ_PERSONAL,
            lambda: _("Field package (offline)")),
    AppPage("meetings", ":material/forum:", Action.READ_PERSONAL, lambda: _("Meetings")),
    AppPage("concerns", ":material/report:", Action.READ_PERSONAL, lambda: _("Concerns")),
    AppPage("commitments", ":material/handshake:", Action.READ_PERSONAL,
            lambda: _("Commitments")),
    AppPage("documents", ":material/folder_open:", Action.READ_PERSONAL, lambda: _("Documents")),
    # figures for all; the register for those who read people
    AppPage("petitions", ":material/record_voice_over:", Action.READ_FIGURES,
            lambda: _("Citizen reception and petitions")),
    # totals for all; households' money for those who read people
    AppPage("compensation", ":material/payments:", Action.READ_FIGURES,
            lambda: _("Compensation and payments")),
    AppPage("reports", ":material/summarize:", Action.EXPORT_INTERNAL, lambda: _("Reports")),
    AppPage("new_project", ":material/add_location_alt:", Action.IMPORT,
            lambda: _("New project")),
    AppPage("project_setup", ":material/tune:", Action.IMPORT, lambda: _("Project set-up")),
    AppPage("import_layer", ":material/upload_file:", Action.IMPORT, lambda: _("Import")),
    AppPage("users", ":material/manage_accounts:", Action.MANAGE_USERS, lambda: _("Users")),
    AppPage("audit", ":material/history:", Action.MANAGE_USERS, lambda: _("Audit log")),
)  # fmt: skip
#: The one page open to everyone without signing in (a project's public page, ``/public?project=``):
#: outside ``PAGES`` on purpose, since no role opens it and no sidebar lists it.
PUBLIC_PAGE = AppPage("public", ":material/public:", Action.READ_FIGURES,
                      lambda: _("Project public page"))  # fmt: skip
#: Each page's name and the action that opens it.
PAGE_ACTIONS: dict[str, Action] = {page.name: page.action for page in PAGES}


def role_pages(role: Role) -> set[str]:
    """The pages a role may open."""
    actor = Actor("-", role)
    return {page.name for page in PAGES if actor.may(page.action)}


def home_page(role: Role) -> str:
    """Where a role lands: field officers and chairs on what falls due this week, everyone else
    on the Overview."""
    return "week" if role in (Role.FIELD_OFFICER, Role.CHAIR) else "overview"

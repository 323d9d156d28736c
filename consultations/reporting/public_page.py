"""A project's public page: what anyone may read without signing in, decided here.

What the project is, its map with the public layer only (parcel labels, areas and status, as the
public shared map), the figures with every count under 5 said as "fewer than 5" (a small count
can point at a household), the meetings and reception days ahead with their places, the documents
disclosed to all, and how to send a concern. Never a name, a phone, an ID number, an amount or a
concern's text. Each client's page views are rate-limited (``PAGE_VIEWS``).
"""

from __future__ import annotations

import datetime as dt
import math
from dataclasses import dataclass

import pandas as pd

from consultations.accounts.throttle import WINDOW_S, Throttle
from consultations.concerns.service import concerns_in
from consultations.core.database import Store
from consultations.core.errors import NotFound
from consultations.core.records import MeetingKind, Project
from consultations.documents.service import document_kind_label, public_documents_in
from consultations.meetings.service import meetings_in
from consultations.petitions.calendar import ReceptionDay, reception_days_in
from consultations.projects.service import find_project
from consultations.reporting.map_export import labelled, map_categories
from consultations.reporting.maps import coloured_in, land_in
from consultations.reporting.palette import STATUS_COLOURS
from consultations.reporting.state import state_in
from consultations.reporting.tracking import TooManyTries
from geo.shared_map import SharedMap, shared_map_html
from translations import _, format_date, local_today

#: Views of public pages a client may make within the throttle's window (15 minutes).
VIEWS_PER_WINDOW = 300
PAGE_VIEWS = Throttle()
SMALL = 5  # a count under this is said as "fewer than 5"


def small_count(n: int) -> str:
    """A count for the public: "fewer than 5" under 5 (never 0 spelled out either)."""
    return _("fewer than 5") if n < SMALL else str(n)


@dataclass(frozen=True)
class Meeting:
    held_at: dt.datetime
    kind: str
    place: str | None


@dataclass(frozen=True)
class PublicDocument:
    kind: str
    title: str
    disclosed_on: dt.date


@dataclass(frozen=True)
class PublicPage:
    slug: str
    name: str
    kind: str
    description: str | None
    authority: str | None
    places: tuple[str, ...]  # the communes (and province) it crosses
    figures: tuple[tuple[str, str], ...]  # (label, value), small counts hidden
    meetings: tuple[Meeting, ...]
    reception_days: tuple[ReceptionDay, ...]
    documents: tuple[PublicDocument, ...]
    map_html: str
    closed: bool


def _project(store: Store, slug: str) -> Project:
    try:
        return find_project(store, slug)
    except NotFound:  # the registry's sentence lists every project: not for the public
        raise NotFound(_("There is no such project. Check the address on the notice.")) from None


def public_project_page(
    store: Store, slug: str, *, client: str, today: dt.date | None = None
) -> PublicPage:
    """The public page of the project ``slug`` for ``client`` (the browser's address)."""
    if PAGE_VIEWS.count(client) >= VIEWS_PER_WINDOW:
        raise TooManyTries(
            _(
                "Too many tries. Wait {seconds} seconds, then check the receipt and try again."
            ).format(seconds=math.ceil(WINDOW_S / 4))
        )
    PAGE_VIEWS.failed(client)  # every view counts against the client's allowance
    day = today or local_today()
    project = _project(store, slug)
    with store.read() as conn:
        state = state_in(conn, project, None)
        land = coloured_in(conn, project, land_in(conn, project), state.statuses)
        concerns = concerns_in(conn, project.id)
        meetings = meetings_in(conn, project.id)
        days = reception_days_in(conn, project.id, project.issuing_authority, day)
        documents = public_documents_in(conn, project.id)
    answered = int(concerns.answered_on.notna().sum()) if not concerns.empty else 0
    figures = state.figures
    headline = (
        (_("Affected households"), small_count(figures.affected_households)),
        (_("Households agreed (signed)"), small_count(figures.agreed)),
        (_("Concerns answered"), small_count(answered)),
    )
    if not meetings.empty:
        meetings = meetings.assign(held_at=pd.to_datetime(meetings.held_at, utc=True))
        meetings = meetings[meetings.held_at >= pd.Timestamp.now(tz="UTC")]
    ahead = meetings.sort_values("held_at") if not meetings.empty else meetings
    spec = SharedMap(
        title=project.name,
        subtitle=_("Situation as of {date}").format(date=format_date(day)),
        categories=map_categories(STATUS_COLOURS),
        texts={"legend": _("Parcels by status"), "tiles": _("Basemap (needs internet)")},
        headline=list(headline),
    )
    parcels = labelled(land.parcels, internal=False)
    html = shared_map_html(
        spec, parcels, ["label", "area"], corridors=land.corridors, foundations=land.towers
    )
    return PublicPage(
        slug=project.slug, name=project.name, kind=project.kind.label,
        description=project.description, authority=project.issuing_authority,
        places=tuple(name for _level, name in project.units),
        figures=headline,
        meetings=tuple(Meeting(m.held_at.to_pydatetime(), MeetingKind(m.kind).label, m.place) for m in ahead.itertuples()),
        reception_days=tuple(days),
        documents=tuple(PublicDocument(document_kind_label(k), t, d) for k, t, d in documents),
        map_html=html, closed=project.closed,
    )  # fmt: skip

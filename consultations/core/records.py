"""Typed records and the closed sets of values they use.

Records are frozen: a change is a new record (an event) or a new version written by a use case,
never an in-place mutation. The string values of the enums are what the database stores.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from enum import StrEnum

from translations import _


class ProjectKind(StrEnum):
    POWER_LINE = "power_line"
    ROAD = "road"
    INDUSTRIAL_PARK = "industrial_park"
    RELOCATION = "relocation"
    OTHER = "other"

    @property
    def label(self) -> str:
        return {
            ProjectKind.POWER_LINE: _("Power line"),
            ProjectKind.ROAD: _("Road"),
            ProjectKind.INDUSTRIAL_PARK: _("Industrial park"),
            ProjectKind.RELOCATION: _("Relocation"),
            ProjectKind.OTHER: _("Other project"),
        }[self]


class ConsentStatus(StrEnum):
    """Where a household stands. Its order is the usual path of a consultation."""

    NOT_CONTACTED = "not_contacted"
    INFORMED = "informed"
    CONCERNS = "concerns"
    AGREED = "agreed"
    REFUSED = "refused"

    @property
    def label(self) -> str:
        return {
            ConsentStatus.NOT_CONTACTED: _("Not contacted"),
            ConsentStatus.INFORMED: _("Informed"),
            ConsentStatus.CONCERNS: _("Has concerns"),
            ConsentStatus.AGREED: _("Agreed (signed)"),
            ConsentStatus.REFUSED: _("Refused"),
        }[self]


class ParcelStatus(StrEnum):
    """A parcel's status, derived from its households (see ``consent.parcel_status``)."""

    NO_HOUSEHOLD = "no_household"
    NOT_CONTACTED = "not_contacted"
    IN_PROGRESS = "in_progress"
    CONCERNS = "concerns"
    PARTLY_AGREED = "partly_agreed"
    AGREED = "agreed"
    REFUSED = "refused"

    @property
    def label(self) -> str:
        return {
            ParcelStatus.NO_HOUSEHOLD: _("No household (organisation or public land)"),
            ParcelStatus.NOT_CONTACTED: _("Not contacted"),
            ParcelStatus.IN_PROGRESS: _("Informed, no answer yet"),
            ParcelStatus.CONCERNS: _("Has concerns"),
            ParcelStatus.PARTLY_AGREED: _("Partly agreed"),
            ParcelStatus.AGREED: _("Agreed (signed)"),
            ParcelStatus.REFUSED: _("Refused"),
        }[self]


class ConcernCategory(StrEnum):
    ELECTRIC_FIELD = "electric_field"
    RESETTLEMENT = "resettlement"
    COMPENSATION_PRICE = "compensation_price"
    DOCUMENTS = "documents"
    AREA_BOUNDARY = "area_boundary"
    GRAVES = "graves"
    LIVELIHOOD = "livelihood"
    CONSTRUCTION_DAMAGE = "construction_damage"
    PROCEDURE = "procedure"
    OTHER = "other"

    @property
    def label(self) -> str:
        return {
            ConcernCategory.ELECTRIC_FIELD: _("Electric-field safety"),
            ConcernCategory.RESETTLEMENT: _("Resettlement"),
            ConcernCategory.COMPENSATION_PRICE: _("Compensation price"),
            ConcernCategory.DOCUMENTS: _("Documents and information"),
            ConcernCategory.AREA_BOUNDARY: _("Area or boundary"),
            ConcernCategory.GRAVES: _("Graves"),
            ConcernCategory.LIVELIHOOD: _("Livelihood"),
            ConcernCategory.CONSTRUCTION_DAMAGE: _("Construction damage"),
            ConcernCategory.PROCEDURE: _("Procedure"),
            ConcernCategory.OTHER: _("Other"),
        }[self]


class Channel(StrEnum):
    MEETING = "meeting"
    HOUSEHOLD_VISIT = "household_visit"
    CITIZEN_RECEPTION = "citizen_reception"
    WRITTEN_PETITION = "written_petition"
    PHONE = "phone"

    @property
    def label(self) -> str:
        return {
            Channel.MEETING: _("Meeting"),
            Channel.HOUSEHOLD_VISIT: _("Household visit"),
            Channel.CITIZEN_RECEPTION: _("Citizen reception"),
            Channel.WRITTEN_PETITION: _("Written petition"),
            Channel.PHONE: _("Phone"),
        }[self]


class MeetingKind(StrEnum):
    PRE_NOTICE = "pre_notice"
    DIALOGUE = "dialogue"
    PLAN_CONSULTATION = "plan_consultation"
    CITIZEN_RECEPTION = "citizen_reception"
    HOUSEHOLD_VISIT = "household_visit"
    STEERING_COMMITTEE = "steering_committee"

    @property
    def label(self) -> str:
        return {
            MeetingKind.PRE_NOTICE: _("Pre-notice meeting"),
            MeetingKind.DIALOGUE: _("Dialogue"),
            MeetingKind.PLAN_CONSULTATION: _("Plan consultation"),
            MeetingKind.CITIZEN_RECEPTION: _("Citizen reception"),
            MeetingKind.HOUSEHOLD_VISIT: _("Household visit"),
            MeetingKind.STEERING_COMMITTEE: _("Steering committee"),
        }[self]


class CommitmentStatus(StrEnum):
    OPEN = "open"
    DONE = "done"
    CANCELLED = "cancelled"

    @property
    def label(self) -> str:
        return {
            CommitmentStatus.OPEN: _("Open (not yet done)"),
            CommitmentStatus.DONE: _("Fulfilled"),
            CommitmentStatus.CANCELLED: _("Cancelled"),
        }[self]


class ParcelRole(StrEnum):
    LAND_USER = "land_user"
    CO_USER = "co_user"
    TENANT = "tenant"
    OCCUPANT = "occupant"


@dataclass(frozen=True)
class NewProject:
    slug: str
    name: str
    kind: ProjectKind
    crs_epsg: int
    voltage_kv: float | None = None
    conductor_half_spread_m: float | None = None
    tower_side_m: float | None = None
    corridor_width_m: float | None = None  # a recovery strip drawn from a centreline: its width
    issuing_authority: str | None = None
    chair_name: str | None = None
    chair_title: str | None = None
    province: str | None = None
    cutoff_on: dt.date | None = None
    description: str | None = None
    units: tuple[tuple[str, str], ...] = field(default=())  # (level, name), outermost first


@dataclass(frozen=True)
class Project(NewProject):
    """A stored project: what was asked for, plus its id and, while it is closed, since when."""

    id: int = field(kw_only=True)
    closed_at: dt.datetime | None = field(default=None, kw_only=True)
    version: int = field(default=1, kw_only=True)  # of its settings, for stale-edit refusal
    created_on: dt.date | None = field(default=None, kw_only=True)  # in Vietnam's time

    @property
    def closed(self) -> bool:
        return self.closed_at is not None


@dataclass(frozen=True)
class Household:
    id: int
    project_id: int
    code: str
    head_name: str
    village: str | None
    affected: bool
    version: int
    head_sex: str | None = None
    members: int | None = None
    phone: str | None = None
    id_number: str | None = None
    vulnerability: tuple[str, ...] = ()
    notes: str | None = None
    birth_date: dt.date | None = None
    added_on: dt.date | None = None  # in Vietnam's time; None: stored before it was kept


@dataclass(frozen=True)
class ConsentEvent:
    household_id: int
    status: ConsentStatus
    happened_on: dt.date
    recorded_by: str
    note: str | None = None
    meeting_id: int | None = None
    id: int | None = None
    recorded_at: dt.datetime | None = None
    late_reason: str | None = None
    #: A correction names the event it corrects and why (``consent.corrections``); the
    #: corrected event stays in the history but no longer counts.
    corrects_id: int | None = None
    correction_reason: str | None = None
    document_id: int | None = None  # the signed paper it carries, if any

"""The database schema: one SQLAlchemy Core table per record kind.

Conventions: surrogate integer ids; times in UTC (``*_at``), calendar dates (``*_on``); units in
column names (``_m2``, ``_m``, ``_kv``); history tables are append-only (never UPDATEd by the app);
rows that users edit carry a ``version`` for optimistic concurrency. The schema changes only through
Alembic revisions in ``migrations/versions``; a test checks that they build exactly this schema.
"""

from __future__ import annotations

from sqlalchemy import (
    JSON,
    BigInteger,
    Boolean,
    Column,
    Date,
    DateTime,
    Float,
    ForeignKey,
    ForeignKeyConstraint,
    Index,
    Integer,
    LargeBinary,
    MetaData,
    String,
    Table,
    Text,
    UniqueConstraint,
    text,
)

from consultations.core.geometry import Geometry

metadata = MetaData(
    naming_convention={
        "ix": "ix_%(table_name)s_%(column_0_N_name)s",
        "uq": "uq_%(table_name)s_%(column_0_N_name)s",
        "fk": "fk_%(table_name)s_%(column_0_name)s_%(referred_table_name)s",
        "pk": "pk_%(table_name)s",
    }
)


def _id() -> Column[int]:
    return Column("id", Integer, primary_key=True)


def _project_fk() -> Column[int]:
    return Column("project_id", ForeignKey("projects.id"), nullable=False, index=True)


projects = Table(
    "projects",
    metadata,
    _id(),
    Column("slug", String(80), nullable=False, unique=True),
    Column("name", Text, nullable=False),
    Column("kind", String(32), nullable=False),
    Column("voltage_kv", Float),
    Column("conductor_half_spread_m", Float),
    Column("tower_side_m", Float),
    # The full width of a recovery strip drawn from a centreline (a road): None when not used.
    Column("corridor_width_m", Float),
    Column("issuing_authority", Text),
    Column("chair_name", Text),
    Column("chair_title", Text),
    Column("province", Text),
    Column("crs_epsg", Integer, nullable=False),
    Column("cutoff_on", Date),
    Column("description", Text),
    Column("created_at", DateTime(timezone=True), nullable=False),
    # Set while the project is closed: read-only, every record kept; None when open.
    Column("closed_at", DateTime(timezone=True)),
    Column("version", Integer, nullable=False, server_default="1"),
)

admin_units = Table(
    "admin_units",
    metadata,
    _id(),
    Column("parent_id", ForeignKey("admin_units.id")),
    Column("level", String(32), nullable=False),
    Column("name", Text, nullable=False),
    Column("code", String(32)),
    Column("geom", Geometry()),
)

project_units = Table(
    "project_units",
    metadata,
    Column("project_id", ForeignKey("projects.id"), primary_key=True),
    Column("unit_id", ForeignKey("admin_units.id"), primary_key=True),
)

layers = Table(
    "layers",
    metadata,
    _id(),
    _project_fk(),
    Column("kind", String(32), nullable=False),
    Column("source_name", Text, nullable=False),
    Column("source_sha256", String(64), nullable=False),
    Column("source_crs", Text, nullable=False),
    Column("encoding", String(32)),
    Column("field_mapping", JSON, nullable=False),
    Column("feature_count", Integer, nullable=False),
    Column("report", JSON, nullable=False),
    Column("imported_at", DateTime(timezone=True), nullable=False),
    Column("imported_by", Text, nullable=False),
    UniqueConstraint("id", "project_id"),  # the key parcels refer to: a layer of their project
)

parcels = Table(
    "parcels",
    metadata,
    _id(),
    # A parcel belongs to its layer's project: one key checks both (and a large import pays for one
    # check per row, not two). Searches by project use the key index below, which starts with it.
    Column("project_id", Integer, nullable=False),
    Column("layer_id", Integer, nullable=False),
    Column("commune", Text),
    Column("old_commune", Text),
    Column("sheet_no", String(32)),
    Column("parcel_no", String(32)),
    Column("land_use_codes", Text),
    Column("owner_name", Text),
    Column("recorded_area_m2", Float),
    # The land office's identification code (mã định danh thửa đất), when it gave one: the parcel's
    # key on a re-import before its sheet and number, and never overwritten by a layer without it.
    Column("parcel_code", String(64)),
    # ``commune``/``old_commune`` as the file wrote them (the key); beside them the old commune's
    # code once its name is resolved, and today's commune since the 2025 mergers (land.communes).
    Column("old_commune_code", String(8)),
    Column("current_commune", Text),
    Column("computed_area_m2", Float, nullable=False),
    Column("attributes", JSON, nullable=False),
    Column("geom", Geometry(), nullable=False),
    # Set when a corrected layer no longer has the parcel; kept, since history may point at it.
    Column("retired_at", DateTime(timezone=True)),
    Index("ix_parcels_key", "project_id", "commune", "old_commune", "sheet_no", "parcel_no"),
    Index("ix_parcels_code", "project_id", "parcel_code"),
    ForeignKeyConstraint(["layer_id", "project_id"], ["layers.id", "layers.project_id"]),
)

corridors = Table(
    "corridors",
    metadata,
    _id(),
    _project_fk(),
    Column("layer_id", ForeignKey("layers.id"), nullable=False),
    Column("name", Text),
    Column("kind", String(32), nullable=False),
    Column("voltage_kv", Float),
    Column("half_width_m", Float),
    Column("centreline", Geometry()),
    Column("geom", Geometry(), nullable=False),
)

tower_foundations = Table(
    "tower_foundations",
    metadata,
    _id(),
    _project_fk(),
    Column("layer_id", ForeignKey("layers.id"), nullable=False),
    Column("label", String(32), nullable=False),
    Column("geom", Geometry(), nullable=False),
)

houses = Table(
    "houses",
    metadata,
    _id(),
    _project_fk(),
    Column("layer_id", ForeignKey("layers.id"), nullable=False),
    Column("label", Text),
    Column("roof", Text),
    Column("walls", Text),
    Column("attributes", JSON, nullable=False),
    Column("geom", Geometry(), nullable=False),
)

parcel_impacts = Table(
    "parcel_impacts",
    metadata,
    _id(),
    _project_fk(),
    Column("parcel_id", ForeignKey("parcels.id"), nullable=False, unique=True),
    Column("permanent_m2", Float, nullable=False),
    Column("restricted_m2", Float, nullable=False),
    Column("computed_at", DateTime(timezone=True), nullable=False),
)

house_impacts = Table(
    "house_impacts",
    metadata,
    _id(),
    _project_fk(),
    Column("house_id", ForeignKey("houses.id"), nullable=False, unique=True),
    Column("rule", String(32), nullable=False),
    Column("voltage_kv", Float),
    Column("computed_at", DateTime(timezone=True), nullable=False),
)

field_mappings = Table(
    "field_mappings",
    metadata,
    _id(),
    Column("kind", String(32), nullable=False),
    Column("layout_key", String(64), nullable=False),
    Column("mapping", JSON, nullable=False),
    Column("updated_at", DateTime(timezone=True), nullable=False),
    UniqueConstraint("kind", "layout_key"),
)

households = Table(
    "households",
    metadata,
    _id(),
    _project_fk(),
    Column("code", String(40), nullable=False),
    Column("head_name", Text, nullable=False),
    Column("head_sex", String(8)),
    Column("members", Integer),
    Column("phone", Text),
    Column("id_number", Text),
    Column("birth_date", Date),
    Column("village", Text),
    Column("vulnerability", JSON, nullable=False),
    Column("notes", Text),
    Column("affected", Boolean, nullable=False),
    Column("version", Integer, nullable=False),
    # When it was added to the project (empty for households stored before migration 0028): a
    # household added after the project began has been "without progress" only since then.
    Column("added_at", DateTime(timezone=True)),
    UniqueConstraint("project_id", "code"),
)

household_parcels = Table(
    "household_parcels",
    metadata,
    Column("household_id", ForeignKey("households.id"), primary_key=True),
    Column("parcel_id", ForeignKey("parcels.id"), primary_key=True, index=True),
    Column("role", String(32), nullable=False),
    Column("share", Float),
)

documents = Table(
    "documents",
    metadata,
    _id(),
    _project_fk(),
    Column("kind", String(40), nullable=False),
    Column("title", Text, nullable=False),
    Column("file_name", Text),
    Column("media_type", String(120)),
    Column("sha256", String(64)),
    Column("content", LargeBinary),
    Column("issued_on", Date),
    Column("created_at", DateTime(timezone=True), nullable=False),
)

meetings = Table(
    "meetings",
    metadata,
    _id(),
    _project_fk(),
    Column("kind", String(32), nullable=False),
    Column("held_at", DateTime(timezone=True), nullable=False),
    Column("place", Text),
    Column("chair_name", Text),
    Column("chair_title", Text),
    Column("officials", Text),
    Column("summary", Text),
    Column("created_by", Text, nullable=False),
    Column("created_at", DateTime(timezone=True), nullable=False),
    Column("version", Integer, nullable=False),
)

meeting_parcels = Table(
    "meeting_parcels",
    metadata,
    Column("meeting_id", ForeignKey("meetings.id"), primary_key=True),
    Column("parcel_id", ForeignKey("parcels.id"), primary_key=True),
)

attendance = Table(
    "attendance",
    metadata,
    _id(),
    Column("meeting_id", ForeignKey("meetings.id"), nullable=False, index=True),
    Column("household_id", ForeignKey("households.id")),
    Column("attendee_name", Text, nullable=False),
    Column("sex", String(8)),
    Column("role", String(40)),
)

consent_events = Table(
    "consent_events",
    metadata,
    _id(),
    _project_fk(),
    Column("household_id", ForeignKey("households.id"), nullable=False, index=True),
    Column("status", String(32), nullable=False),
    Column("happened_on", Date, nullable=False),
    Column("recorded_at", DateTime(timezone=True), nullable=False),
    Column("recorded_by", Text, nullable=False),
    Column("note", Text),
    Column("late_reason", Text),
    Column("meeting_id", ForeignKey("meetings.id")),
    Column("document_id", ForeignKey("documents.id")),
    # The recorder's own correction of an event just entered in error (core.corrections): it
    # names the event it corrects, once (unique), and why; the corrected event stops counting.
    Column("corrects_id", ForeignKey("consent_events.id")),
    Column("correction_reason", Text),
    Index("uq_consent_events_corrects_id", "corrects_id", unique=True),
)

concerns = Table(
    "concerns",
    metadata,
    _id(),
    _project_fk(),
    Column("household_id", ForeignKey("households.id"), index=True),
    Column("category", String(40), nullable=False),
    Column("channel", String(40), nullable=False),
    Column("text", Text, nullable=False),
    Column("received_on", Date, nullable=False),
    Column("acknowledged_on", Date),
    Column("answered_on", Date),
    Column("answer", Text),
    Column("answered_by", Text),
    Column("resolved_on", Date),
    Column("escalated_on", Date),
    Column("meeting_id", ForeignKey("meetings.id")),
    Column("recorded_by", Text, nullable=False),
    Column("version", Integer, nullable=False),
    # A concern about the compensation price may say what the household asks: the amount, in whole
    # đồng, and for which part of its plan (land, structure, crop, support; empty: the whole).
    Column("asked_vnd", BigInteger),
    Column("asked_for", String(16)),
    # The receipt's public reference and its key's hash (core.receipts): what a citizen types.
    Column("public_ref", String(16)),
    Column("key_hash", Text),
    Index("uq_concerns_public_ref", "public_ref", unique=True),
)

commitments = Table(
    "commitments",
    metadata,
    _id(),
    _project_fk(),
    Column("meeting_id", ForeignKey("meetings.id")),
    Column("household_id", ForeignKey("households.id")),
    Column("text", Text, nullable=False),
    Column("promised_by", Text, nullable=False),
    Column("due_on", Date),
    Column("done_on", Date),
    Column("status", String(32), nullable=False),
    Column("version", Integer, nullable=False),
)

disclosures = Table(
    "disclosures",
    metadata,
    _id(),
    Column("document_id", ForeignKey("documents.id"), nullable=False, index=True),
    Column("household_id", ForeignKey("households.id"), nullable=False, index=True),
    Column("delivered_on", Date, nullable=False),
    Column("method", String(40), nullable=False),
    Column("receipt_document_id", ForeignKey("documents.id")),
)

meeting_documents = Table(
    "meeting_documents",
    metadata,
    Column("meeting_id", ForeignKey("meetings.id"), primary_key=True),
    Column("document_id", ForeignKey("documents.id"), primary_key=True),
)

procedure_steps = Table(
    "procedure_steps",
    metadata,
    _id(),
    _project_fk(),
    Column("household_id", ForeignKey("households.id"), nullable=False, index=True),
    Column("step", String(40), nullable=False),
    Column("happened_on", Date, nullable=False),
    Column("ends_on", Date),  # a period's last day (plan posting)
    Column("outcome", String(40)),  # signed / refused; for / against / other; ...
    Column("land_type", String(32)),  # agricultural / non_agricultural (notice period)
    Column("note", Text),
    Column("document_id", ForeignKey("documents.id")),
    Column("recorded_at", DateTime(timezone=True), nullable=False),
    Column("recorded_by", Text, nullable=False),
)

polls = Table(
    "polls",
    metadata,
    _id(),
    Column("meeting_id", ForeignKey("meetings.id"), nullable=False, index=True),
    Column("question", Text, nullable=False),
)

poll_options = Table(
    "poll_options",
    metadata,
    _id(),
    Column("poll_id", ForeignKey("polls.id"), nullable=False, index=True),
    Column("label", Text, nullable=False),
    Column("position", Integer, nullable=False),
)

poll_votes = Table(
    "poll_votes",
    metadata,
    Column("poll_id", ForeignKey("polls.id"), primary_key=True),
    Column("household_id", ForeignKey("households.id"), primary_key=True),
    Column("option_id", ForeignKey("poll_options.id"), nullable=False),
)

users = Table(
    "users",
    metadata,
    _id(),
    Column("username", String(80), nullable=False, unique=True),
    Column("full_name", Text),
    Column("role", String(20), nullable=False),  # admin / chair / field_officer / viewer
    Column("password_hash", Text, nullable=False),  # argon2id, never the password
    Column("active", Boolean, nullable=False),
    Column("failed_attempts", Integer, nullable=False),
    Column("locked_until", DateTime(timezone=True)),
    Column("created_at", DateTime(timezone=True), nullable=False),
    Column("password_changed_at", DateTime(timezone=True), nullable=False),
)

#: Where a field officer may work: a project, or one commune of it.
user_scopes = Table(
    "user_scopes",
    metadata,
    _id(),
    Column("user_id", ForeignKey("users.id"), nullable=False, index=True),
    _project_fk(),
    Column("commune", Text),  # empty: the whole project
)

#: Signed-in browser sessions, so that a reload keeps the user signed in: the browser holds a
#: random token in a cookie, the store only its SHA-256. Ending a session (sign-out, a changed
#: password, role, scope or status) is a write here, checked on every request. ``last_seen_at`` is
#: the server's idle clock (None: not seen since sign-in), written at most once a minute.
sessions = Table(
    "sessions",
    metadata,
    Column("token_sha256", String(64), primary_key=True),
    Column("user_id", ForeignKey("users.id"), nullable=False, index=True),
    Column("created_at", DateTime(timezone=True), nullable=False),
    Column("expires_at", DateTime(timezone=True), nullable=False),
    Column("ended_at", DateTime(timezone=True)),
    Column("last_seen_at", DateTime(timezone=True)),
)

audit_log = Table(
    "audit_log",
    metadata,
    _id(),
    Column("at", DateTime(timezone=True), nullable=False),
    Column("actor", Text, nullable=False),
    Column("action", String(40), nullable=False),
    Column("entity", String(40), nullable=False),
    Column("entity_id", Integer),
    Column("project_id", ForeignKey("projects.id")),
    Column("before", JSON),
    Column("after", JSON),
)

#: The change feed: one row per audit row, written in the same transaction. ``stream`` says which
#: derived views it moves (land, people, statuses, records, accounts, readings: see
#: consultations/core/feed.py); caches and, later, offline sync and notifications read it.
events = Table(
    "events",
    metadata,
    _id(),
    Column("at", DateTime(timezone=True), nullable=False),
    Column("kind", String(80), nullable=False),
    Column("stream", String(20), nullable=False),
    Column("project_id", ForeignKey("projects.id")),
    Column("entity", String(40), nullable=False),
    Column("entity_id", Integer),
    Column("actor", Text, nullable=False),
    Column("audit_id", ForeignKey("audit_log.id"), nullable=False, unique=True),
    Column("payload", JSON),
    Index("ix_events_project_stream", "project_id", "stream", "id"),
)

#: Commands already carried out, by their idempotency key: the same key again returns the first
#: result instead of recording twice (a double tap, a retried request, a re-sent field package).
commands = Table(
    "commands",
    metadata,
    _id(),
    Column("key", String(120), nullable=False, unique=True),
    Column("command", String(60), nullable=False),
    Column("actor", Text, nullable=False),
    Column("at", DateTime(timezone=True), nullable=False),
    Column("result", JSON),  # what the first run returned (ids)
)

#: The province's other systems that call the API (``cli.py api-client``): each holds a random key
#: that the store keeps only as its SHA-256 (the key is shown once); ``scopes`` say what it may read
#: or write (``read:figures``, ``read:households``, ``write:consent``), ``role`` and ``projects`` which
#: role's rules it is held to and where ([[project_id, commune], ...], as a user's scopes). A revoked
#: client (``revoked_at``) is refused at its next call.
api_clients = Table(
    "api_clients",
    metadata,
    _id(),
    Column("name", String(80), nullable=False, unique=True),
    Column("key_sha256", String(64), nullable=False, unique=True),
    Column(
        "key_hint", String(16), nullable=False
    ),  # the key's first characters, to tell keys apart
    Column("scopes", JSON, nullable=False),
    Column("role", String(20), nullable=False),
    Column("projects", JSON, nullable=False),
    Column("created_at", DateTime(timezone=True), nullable=False),
    Column("revoked_at", DateTime(timezone=True)),
)

#: Where an API client wants every change sent; ``secret`` signs each delivery (HMAC-SHA256).
webhooks = Table(
    "webhooks",
    metadata,
    _id(),
    Column("client_id", ForeignKey("api_clients.id"), nullable=False, index=True),
    Column("url", Text, nullable=False),
    Column("secret", String(80), nullable=False),
    Column("created_at", DateTime(timezone=True), nullable=False),
    Column("active", Boolean, nullable=False),
)

#: The outbox: one row per change event and active webhook, written in the change's own
#: transaction (``core.events.append_event``), then sent, retried with backoff, and kept with its
#: status (pending, delivered, failed).
webhook_deliveries = Table(
    "webhook_deliveries",
    metadata,
    _id(),
    Column("webhook_id", ForeignKey("webhooks.id"), nullable=False),
    Column("event_id", ForeignKey("events.id"), nullable=False),
    Column("status", String(20), nullable=False),
    Column("attempts", Integer, nullable=False),
    Column("next_attempt_at", DateTime(timezone=True), nullable=False),
    Column("last_error", Text),
    Column("delivered_at", DateTime(timezone=True)),
    Index("ix_webhook_deliveries_due", "status", "next_attempt_at"),
    Index("ix_webhook_deliveries_webhook", "webhook_id", "id"),
)

#: Rows a field officer added offline in a field package, once imported: where each came from (the
#: package, who, when, the household version it was based on), what it became (a consent event or a
#: concern, its photo) and whether it met a conflict. Append-only; ``uuid`` makes a re-import a no-op.
field_rows = Table(
    "field_rows",
    metadata,
    _id(),
    _project_fk(),
    Column("uuid", String(64), nullable=False, unique=True),
    Column("package_id", String(64), nullable=False, index=True),
    Column("kind", String(16), nullable=False),  # consent | concern
    Column("household_id", ForeignKey("households.id"), nullable=False, index=True),
    Column("happened_on", Date, nullable=False),
    Column("value", String(40), nullable=False),  # the status or the category
    Column("based_on_version", Integer, nullable=False),
    Column("field_user", Text, nullable=False),
    Column("field_recorded_at", DateTime(timezone=True)),
    Column("imported_at", DateTime(timezone=True), nullable=False),
    Column("imported_by", Text, nullable=False),
    Column("consent_event_id", ForeignKey("consent_events.id")),
    Column("concern_id", ForeignKey("concerns.id")),
    Column("document_id", ForeignKey("documents.id")),
    Column("photo_missing", Boolean, nullable=False),
    Column(
        "conflict", String(16)
    ),  # None, "stale" (an older state) or "clash" (two statuses a day)
    Column("office_changes", JSON, nullable=False),  # what the office recorded since the export
)

#: A chair or officer looked at a household's clashing field rows: the flag is down until new ones.
field_reviews = Table(
    "field_reviews",
    metadata,
    _id(),
    _project_fk(),
    Column("household_id", ForeignKey("households.id"), nullable=False, index=True),
    Column("reviewed_at", DateTime(timezone=True), nullable=False),
    Column("reviewed_by", Text, nullable=False),
    Column("happened_on", Date),  # the clashing day closed (None: reviews before migration 0018)
    Column("chosen_status", String(40)),  # the status the reviewer chose to stand
    Column("consent_event_id", ForeignKey("consent_events.id")),  # the event that records it
)

#: A field package as the office exported it: who it is for and each household's version then.
#: A returned package is trusted only for what this row says (its manifest is the phone's copy).
field_exports = Table(
    "field_exports",
    metadata,
    _id(),
    _project_fk(),
    Column("package_id", String(64), nullable=False, unique=True),
    Column("field_user", Text, nullable=False),  # the officer it was exported for: the recorder
    Column("exported_by", Text, nullable=False),
    Column("exported_at", DateTime(timezone=True), nullable=False),
    Column("versions", JSON, nullable=False),  # household code → its version at export
)

#: Citizen reception: a leader's or an office's reception session, held or only scheduled.
reception_sessions = Table(
    "reception_sessions",
    metadata,
    _id(),
    Column("body", Text, nullable=False),  # the receiving body: "UBND xã Cát Văn"
    Column("leader", Text),  # who received the citizens
    Column("kind", String(20), nullable=False),
    Column("planned_on", Date),  # on the leader's schedule (None: not scheduled)
    Column("held_on", Date),  # None: scheduled, not held
    Column("place", Text),
    Column("citizens", Integer, nullable=False),
    Column("summary", Text),  # what was raised, the answers and referrals
    Column("project_id", ForeignKey("projects.id")),
    Column("recorded_by", Text, nullable=False),
    Column("recorded_at", DateTime(timezone=True), nullable=False),
    Column("version", Integer, nullable=False),
)

#: Who was heard at a reception session (name and household where known), what each raised, and
#: the answer given or the body they were referred to. Append-only; names are personal data.
session_citizens = Table(
    "session_citizens",
    metadata,
    _id(),
    Column("session_id", ForeignKey("reception_sessions.id"), nullable=False, index=True),
    Column("name", Text),
    Column("household_id", ForeignKey("households.id"), index=True),
    Column("raised", Text, nullable=False),
    Column("answer", Text),
    Column("referred_to", Text),
    Column("recorded_by", Text, nullable=False),
    Column("recorded_at", DateTime(timezone=True), nullable=False),
)

#: The petition register of a body (not only of a project): complaints, denunciations and
#: recommendations, their competence, acceptance, decision and outcome. ``filer_*`` and, for a
#: denunciation, ``content`` are personal data (see ``petitions.service``).
petitions = Table(
    "petitions",
    metadata,
    _id(),
    Column("body", Text, nullable=False, index=True),
    Column("reference", String(60), nullable=False),  # the body's own number for it
    Column("received_on", Date, nullable=False),
    Column("channel", String(40), nullable=False),
    Column("filer_kind", String(16), nullable=False),
    Column("filer_name", Text),
    Column("filer_address", Text),
    Column("kind", String(20), nullable=False),
    Column("category", String(40), nullable=False),
    Column("content", Text, nullable=False),
    Column("eligible", Boolean, nullable=False),
    Column("competence", String(16), nullable=False),
    Column("transferred_to", Text),
    Column("transferred_on", Date),
    Column("accepted_on", Date),
    Column("complexity", String(20), nullable=False),
    Column("remote", Boolean, nullable=False),
    Column("handler", Text),  # the user name of the officer handling it
    Column("verification", Text),
    Column("decided_on", Date),
    Column("decision", Text),
    Column("outcome", String(20)),
    # extensions granted by decision (None: not recorded, the complexity's own count applies)
    Column("extensions", Integer),
    Column("project_id", ForeignKey("projects.id")),
    Column("household_id", ForeignKey("households.id"), index=True),
    Column("concern_id", ForeignKey("concerns.id")),  # the same matter raised as a concern
    Column("session_id", ForeignKey("reception_sessions.id")),
    Column("recorded_by", Text, nullable=False),
    Column("recorded_at", DateTime(timezone=True), nullable=False),
    Column("version", Integer, nullable=False),
    Column("public_ref", String(16)),  # the receipt's reference (core.receipts); not ``reference``
    Column("key_hash", Text),
    UniqueConstraint("body", "reference"),
    Index("uq_petitions_public_ref", "public_ref", unique=True),
)

#: What was done to a petition after it was entered, one row per step (append-only): the step, its
#: day, what it set, and the deadlines as they stood after it.
petition_steps = Table(
    "petition_steps",
    metadata,
    _id(),
    Column("petition_id", ForeignKey("petitions.id"), nullable=False, index=True),
    Column("step", String(20), nullable=False),
    Column("taken_on", Date),
    Column("details", JSON, nullable=False),
    Column("accept_by", Date),
    Column("resolve_by", Date),
    Column("version", Integer, nullable=False),  # the petition's version the step made
    Column("recorded_by", Text, nullable=False),
    Column("recorded_at", DateTime(timezone=True), nullable=False),
)

#: The steering committee's list of prominent, long-standing cases: put on by a decision, taken
#: off by a decision when resolved.
backlog_cases = Table(
    "backlog_cases",
    metadata,
    _id(),
    Column("body", Text, nullable=False),
    Column("title", Text, nullable=False),
    Column("petition_id", ForeignKey("petitions.id")),
    Column("listed_on", Date, nullable=False),
    Column("listing_decision", Text, nullable=False),
    Column("lead", Text, nullable=False),  # the lead person and body
    Column("removed_on", Date),
    Column("removal_decision", Text),
    Column("recorded_by", Text, nullable=False),
    Column("version", Integer, nullable=False),
)

#: Working sessions held on a backlog case (append-only).
backlog_sessions = Table(
    "backlog_sessions",
    metadata,
    _id(),
    Column("case_id", ForeignKey("backlog_cases.id"), nullable=False, index=True),
    Column("held_on", Date, nullable=False),
    Column("attendees", Text),
    Column("outcome", Text, nullable=False),
    Column("recorded_by", Text, nullable=False),
)

#: Compensation. Money is whole đồng (BigInteger); quantities and coefficients are exact decimals
#: kept as text ("68.5"), never floats. A price table is a version: never changed once imported,
#: corrected by importing a new version.
price_tables = Table(
    "price_tables",
    metadata,
    _id(),
    Column("province", Text, nullable=False),
    Column("kind", String(16), nullable=False),  # land, structure, crop, support
    Column("decision", Text, nullable=False),  # the issuing decision: "QĐ 57/2024/QĐ-UBND"
    Column("valid_from", Date, nullable=False),
    Column("valid_to", Date),
    Column("source_name", Text, nullable=False),
    Column("source_sha256", String(64), nullable=False),
    Column("supersedes_id", ForeignKey("price_tables.id")),
    Column("note", Text),
    Column("imported_by", Text, nullable=False),
    Column("imported_at", DateTime(timezone=True), nullable=False),
)

price_items = Table(
    "price_items",
    metadata,
    _id(),
    Column("table_id", ForeignKey("price_tables.id"), nullable=False, index=True),
    Column("code", String(40), nullable=False),
    Column("name", Text, nullable=False),
    Column("unit", String(20), nullable=False),
    Column("unit_price_vnd", BigInteger, nullable=False),
    UniqueConstraint("table_id", "code"),
)

#: A project's compensation terms: the province's adjustment coefficient K and the local values the
#: support rules need, each with its decision. Versioned; a plan keeps a copy of what it used.
compensation_terms = Table(
    "compensation_terms",
    metadata,
    _id(),
    Column("project_id", ForeignKey("projects.id"), nullable=False, unique=True),
    Column("coefficient", String(20), nullable=False),
    Column("coefficient_decision", Text, nullable=False),
    Column("rice_price_vnd", BigInteger, nullable=False),
    Column("job_support_multiple", String(20), nullable=False),
    # For a household that must move (None: no such support); K where the province set one per
    # commune ({"Cát Văn": "1.2"}), else the project's.
    Column("relocation_support_vnd", BigInteger),
    Column("coefficient_by_commune", JSON),
    Column("terms_decision", Text, nullable=False),
    Column("version", Integer, nullable=False),
)

#: What a household has on the recovered land, line by line, from the signed inventory minutes (or
#: the record that the household refused to sign). Append-only: a correction replaces a line.
inventory_lines = Table(
    "inventory_lines",
    metadata,
    _id(),
    _project_fk(),
    Column("household_id", ForeignKey("households.id"), nullable=False, index=True),
    Column("kind", String(16), nullable=False),  # land, structure, crop
    Column("item_code", String(40), nullable=False),
    Column("parcel_id", ForeignKey("parcels.id")),
    Column("quantity", String(30), nullable=False),
    Column("description", Text),
    Column("minutes", Text),  # the inventory minutes: number and date
    Column("refused_to_sign", Boolean, nullable=False),
    Column("replaces_id", ForeignKey("inventory_lines.id")),
    Column("recorded_by", Text, nullable=False),
    Column("recorded_at", DateTime(timezone=True), nullable=False),
)

#: A household's facts the support rules read: its farmland in use, the members who farm it
#: directly, whether it must move.
inventory_households = Table(
    "inventory_households",
    metadata,
    _id(),
    Column("household_id", ForeignKey("households.id"), nullable=False, unique=True),
    Column("farmland_m2", String(30), nullable=False),
    Column("farming_members", Integer, nullable=False),
    Column("relocating", Boolean, nullable=False),
    Column("version", Integer, nullable=False),
)

#: A compensation, support and resettlement plan: draft, posted, approved (then immutable),
#: superseded by a supplementary plan. ``inputs`` keeps what it was computed from; ``fingerprint``
#: its SHA-256, so the same inputs always give the same amounts.
compensation_plans = Table(
    "compensation_plans",
    metadata,
    _id(),
    _project_fk(),
    Column("title", Text, nullable=False),
    Column("state", String(16), nullable=False),
    Column("supplements_id", ForeignKey("compensation_plans.id")),
    Column("inputs", JSON, nullable=False),
    Column("fingerprint", String(64), nullable=False),
    Column("posted_from", Date),
    Column("posted_to", Date),
    Column("comments_for", Integer),
    Column("comments_against", Integer),
    Column("comments_other", Integer),
    Column("decision", Text),
    Column("approved_on", Date),
    Column("signer", Text),
    Column("created_by", Text, nullable=False),
    Column("created_at", DateTime(timezone=True), nullable=False),
    Column("version", Integer, nullable=False),
)

plan_lines = Table(
    "plan_lines",
    metadata,
    _id(),
    Column("plan_id", ForeignKey("compensation_plans.id"), nullable=False, index=True),
    Column("household_id", ForeignKey("households.id"), nullable=False, index=True),
    Column("section", String(16), nullable=False),  # land, structure, crop, support
    Column("label", Text, nullable=False),
    Column("quantity", String(30), nullable=False),
    Column("unit", String(20), nullable=False),
    Column("unit_price_vnd", BigInteger, nullable=False),
    Column("coefficient", String(20), nullable=False),
    Column("amount_vnd", BigInteger, nullable=False),
    Column("reason", Text, nullable=False),
)

#: The payments ledger, append-only: advances, payments, deposits to the State treasury and
#: corrections (negative to undo a wrong entry).
payments = Table(
    "payments",
    metadata,
    _id(),
    _project_fk(),
    Column("household_id", ForeignKey("households.id"), nullable=False, index=True),
    Column("kind", String(16), nullable=False),
    Column("paid_on", Date, nullable=False),
    Column("amount_vnd", BigInteger, nullable=False),
    Column("method", String(20), nullable=False),
    Column("receipt", Text),
    Column("recorded_by", Text, nullable=False),
    Column("recorded_at", DateTime(timezone=True), nullable=False),
    # The recorder's own correction of an entry just made in error (core.corrections): it names
    # the entry it replaces, once (unique), and why; the replaced entry stops counting.
    Column("corrects_id", ForeignKey("payments.id")),
    Column("correction_reason", Text),
    Index("uq_payments_corrects_id", "corrects_id", unique=True),
    # A receipt is used once per project: the same voucher typed in two tabs is refused. A
    # correction may carry the receipt of the entry it replaces.
    Index(
        "uq_payments_project_receipt",
        "project_id",
        "receipt",
        unique=True,
        sqlite_where=text("corrects_id IS NULL"),
        postgresql_where=text("corrects_id IS NULL"),
    ),
)

#: Long work (an import, a large export, a report) asked for in the app and done by ``cli.py
#: worker``: a queue in the database, so that any app server shows its progress and any worker
#: takes it. ``input`` holds the uploaded files (a zip), so no server's disk is needed.
jobs = Table(
    "jobs",
    metadata,
    _id(),
    Column("kind", String(40), nullable=False),
    Column("project_id", ForeignKey("projects.id")),
    Column("user_id", ForeignKey("users.id")),  # who asked; None: an operator
    Column("requested_by", Text, nullable=False),
    Column("idempotency_key", String(64), unique=True),
    Column("params", JSON, nullable=False),
    Column("input", LargeBinary),
    Column("status", String(20), nullable=False),
    Column("progress", Float, nullable=False),
    Column("note", Text),
    Column("cancel_requested", Boolean, nullable=False),
    Column("result", JSON),
    Column("output", LargeBinary),  # a file made (a report, an export): offered on any server
    Column("error", Text),
    Column("worker", Text),
    Column("created_at", DateTime(timezone=True), nullable=False),
    Column("started_at", DateTime(timezone=True)),
    Column("heartbeat_at", DateTime(timezone=True)),
    Column("finished_at", DateTime(timezone=True)),
    Index("ix_jobs_status", "status", "id"),
    Index("ix_jobs_user", "user_id", "id"),
)

#: Each person's consent to be contacted by a channel (e-mail, SMS, Zalo), as dated history: the
#: latest row of a (household or official, channel) decides; nobody is messaged without it.
#: ``household_id`` for a household's contact, ``username`` for an official's (the daily digest).
contact_consents = Table(
    "contact_consents",
    metadata,
    _id(),
    Column("household_id", ForeignKey("households.id"), index=True),
    Column("username", String(80), index=True),
    Column("channel", String(12), nullable=False),  # email / sms / zalo
    Column("address", Text),  # the e-mail address or phone number given for it
    Column("given", Boolean, nullable=False),  # False: withdrawn
    Column("on_date", Date, nullable=False),
    Column("recorded_by", Text, nullable=False),
    Column("recorded_at", DateTime(timezone=True), nullable=False),
)

#: Messages to send, written in the same transaction as the change they tell of; a deliverer
#: (``cli.py deliver-outbox``) sends them, retrying with backoff. Bodies carry no amount, no ID
#: number and no other person's name.
outbox = Table(
    "outbox",
    metadata,
    _id(),
    Column("project_id", ForeignKey("projects.id"), index=True),
    Column("household_id", ForeignKey("households.id"), index=True),
    Column("username", String(80)),
    Column("channel", String(12), nullable=False),
    Column("address", Text, nullable=False),
    Column("template", String(32), nullable=False),
    Column("subject", Text),
    Column("body", Text, nullable=False),
    Column("params", Text, nullable=False),  # JSON: a Zalo template's data
    Column("state", String(12), nullable=False),  # pending / sent / failed (given up)
    Column("attempts", Integer, nullable=False),
    Column("next_attempt_at", DateTime(timezone=True), nullable=False),
    Column("last_error", Text),
    Column("provider_id", Text),
    Column("created_at", DateTime(timezone=True), nullable=False),
    Column("sent_at", DateTime(timezone=True)),
    Index("ix_outbox_due", "state", "next_attempt_at"),
)

#: Every table, in an order that satisfies foreign keys (for backup and restore). Last in this
#: module, after every table is declared: a table declared below it would be left out of backups.
TABLES = list(metadata.sorted_tables)

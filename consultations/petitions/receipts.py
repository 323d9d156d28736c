"""A petition's receipt (its reference and a fresh key) and where it stands for its holder.

What the holder sees is the stage and the next deadline only: never the content, the decision's
text, the handler or a name, so a denouncer's identity is not carried either."""

from __future__ import annotations

from consultations.core.access import Actor
from consultations.core.audit import write_audit
from consultations.core.database import Connection, Store
from consultations.core.errors import NotFound
from consultations.core.receipts import Receipt, TrackedMatter, hash_key, key_matches, new_key
from consultations.petitions import store as _store
from consultations.petitions.model import Complexity, PetitionKind, due
from consultations.petitions.service import may_write_in
from translations import _


def issue_petition_receipt(store: Store, petition_id: int, *, actor: Actor) -> Receipt:
    """A new key for the petition's receipt (any earlier key stops working): shown once, stored
    hashed. Who may record the petition may print its receipt."""
    key = new_key()
    key_hash = hash_key(key)
    with store.begin() as conn:
        row = _store.petition_row(conn, petition_id)
        if row is None:
            raise NotFound(_("There is no such petition."))
        may_write_in(conn, actor, row["household_id"])
        reference = _store.set_key_hash(conn, petition_id, key_hash)
        write_audit(conn, actor=str(actor), action="issue_receipt", entity="petition",
                    entity_id=petition_id, project_id=row["project_id"],
                    after={"reference": reference})  # fmt: skip
    assert reference is not None  # the row was read in this transaction
    return Receipt(reference, key)


def tracked_petition_in(conn: Connection, reference: str, key: str) -> TrackedMatter | None:
    """Where the petition of ``reference`` stands, if ``key`` is its key; None otherwise. In the
    caller's transaction."""
    row = _store.petition_by_public_ref(conn, reference)
    if row is None or not key_matches(row["key_hash"], key):
        return None
    kind, complexity = PetitionKind(row["kind"]), Complexity(row["complexity"])
    step, next_due = None, None
    if row["competence"] == "transferred":
        stage = _("Sent to the body competent to settle it")
    elif not row["eligible"]:
        stage = _("Not taken up; the reasons were given in writing")
    elif row["decided_on"] is not None:
        stage = _("Settled: the decision has been issued")
    elif row["accepted_on"] is not None:
        stage, step = _("Accepted; being settled"), _("A decision")
        next_due = due(
            kind, "resolve", row["accepted_on"], complexity=complexity, remote=row["remote"]
        )
    else:
        stage, step = _("Received, to be accepted or not"), _("Accepted or not, in writing")
        next_due = due(
            kind, "accept", row["received_on"], complexity=complexity, remote=row["remote"]
        )
    closed = step is None
    return TrackedMatter(reference, "petition", row["received_on"], stage, step, next_due, closed)


def petition_reference_in(conn: Connection, petition_id: int) -> str | None:
    """A petition's public reference. In the caller's transaction."""
    return _store.public_ref_of(conn, petition_id)

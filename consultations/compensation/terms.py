"""A project's compensation terms: the province's land-price adjustment coefficient K with its
decision, and the local values the support rules need (the rice price per kilogram, the job-change
multiple, at most the legal ceiling). Set by administrators; versioned."""

from __future__ import annotations

from consultations.compensation import store as _store
from consultations.compensation.model import (
    Terms,
    bounded,
    coefficient_rule,
    relocation_rule,
    rice_price_rule,
    rule,
)
from consultations.compensation.money import plain, stored
from consultations.core import schema
from consultations.core.access import Action, Actor, require
from consultations.core.audit import write_audit
from consultations.core.commands import run_once
from consultations.core.database import Connection, Store
from consultations.core.errors import InvalidRecord
from consultations.core.versions import versioned_update
from translations import _


def terms_in(conn: Connection, project_id: int) -> Terms | None:
    row = _store.terms_row(conn, project_id)
    if row is None:
        return None
    return Terms(stored(row["coefficient"]), row["coefficient_decision"], int(row["rice_price_vnd"]),
                 stored(row["job_support_multiple"]), row["terms_decision"], row["version"],
                 row["relocation_support_vnd"],
                 tuple((c, stored(k)) for c, k in sorted((row["coefficient_by_commune"] or {}).items())))  # fmt: skip


def project_terms(store: Store, project_id: int, *, actor: Actor) -> Terms | None:
    require(actor, Action.READ_FIGURES, project_id=project_id)
    with store.read() as conn:
        return terms_in(conn, project_id)


def _check(terms: Terms) -> None:
    if terms.coefficient <= 0 or any(k <= 0 for _c, k in terms.by_commune):
        raise InvalidRecord(_("The coefficient K must be more than zero."))
    bounded(terms.coefficient, coefficient_rule())
    for commune, k in terms.by_commune:
        bounded(k, coefficient_rule(_("Coefficient K of {commune}").format(commune=commune)))
    bounded(terms.rice_price_vnd, rice_price_rule())
    bounded(terms.relocation_support_vnd or 0, relocation_rule())
    if not (terms.coefficient_decision.strip() and terms.terms_decision.strip()):
        raise InvalidRecord(_("Give the decisions that set the coefficient and the local values."))
    if (terms.relocation_support_vnd or 0) < 0:
        raise InvalidRecord(_("The relocation support cannot be negative."))
    if terms.rice_price_vnd <= 0:
        raise InvalidRecord(_("Give the local price of a kilogram of rice."))
    ceiling = rule("job_support", "max_multiple")
    if not 0 <= terms.job_support_multiple <= ceiling.value:
        raise InvalidRecord(_("The job-change multiple is at most {most} ({law}).").format(
            most=plain(ceiling.value), law=ceiling.source))  # fmt: skip


def set_terms(
    store: Store, project_id: int, terms: Terms, *, actor: Actor, key: str | None = None
) -> int:
    """Set the project's terms (``terms.version``: the one the user saw, 0 for none yet)."""
    require(actor, Action.IMPORT, project_id=project_id)
    _check(terms)
    values = {"coefficient": plain(terms.coefficient), "coefficient_decision": terms.coefficient_decision.strip(),
              "rice_price_vnd": terms.rice_price_vnd, "job_support_multiple": plain(terms.job_support_multiple),
              "terms_decision": terms.terms_decision.strip(),
              "relocation_support_vnd": terms.relocation_support_vnd or None,
              "coefficient_by_commune": {c.strip(): plain(k) for c, k in terms.by_commune} or None}  # fmt: skip

    def work(conn: Connection) -> int:
        row = _store.terms_row(conn, project_id)
        if row is None:
            terms_id = _store.insert_terms(conn, {"project_id": project_id, **values})
            write_audit(conn, actor=str(actor), action="create", entity="compensation_terms",
                        entity_id=terms_id, project_id=project_id, after=values)  # fmt: skip
            return 1
        return versioned_update(conn, schema.compensation_terms, entity="compensation_terms", row_id=row["id"],
                                seen_version=terms.version, values=values, actor=str(actor),
                                project_id=project_id)  # fmt: skip

    return run_once(store, key=key, command="compensation_terms", actor=str(actor), work=work)

"""Who does what with a plan and its payments: the council drafts, posts and pays; a chair approves.

Apart from the plan's life (``service.py``, which reads the inventory and the land) so that the
ledger (``payments.py``) checks its actor without importing them.
"""

from __future__ import annotations

from consultations.core.access import Action, Actor, Role, require
from consultations.core.errors import PermissionDenied
from translations import _


def council(actor: Actor, project_id: int) -> None:
    """Plans are drafted, posted and paid by the site-clearance council (administrators)."""
    require(actor, Action.IMPORT, project_id=project_id)


def approver(actor: Actor, project_id: int) -> None:
    if actor.role not in (Role.ADMIN, Role.CHAIR):
        raise PermissionDenied(_("A plan is approved by a chair."))
    require(actor, Action.READ_PERSONAL, project_id=project_id)

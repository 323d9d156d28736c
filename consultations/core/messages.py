"""Turning domain errors into the words a user reads: the one translator, for the pages (ui/errors.py) and cli.py."""

from __future__ import annotations

from consultations.core.errors import ConsultationError, StaleEdit
from geo.errors import GeoError
from translations import _

USER_ERRORS = (GeoError, ConsultationError)


def message_for(error: Exception) -> str:
    """The text shown for a domain error."""
    if isinstance(error, StaleEdit):
        return (
            _(
                "This record was changed while you were editing it (in another tab, or by someone else)."
            )
            + " "
            + str(error)
        )
    return str(error)

"""Every refusal as JSON, in a sentence in Vietnamese and in English, and never a traceback.

``{"error": {"status": 409, "kind": "stale_edit", "message": "...", "vi": "...", "en": "..."}}``:
``message`` is in the language the caller asked for (``Accept-Language``; Vietnamese by default).
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from starlette.responses import JSONResponse

from consultations.core.errors import (
    ConfirmationNeeded,
    ConsultationError,
    DuplicateRecord,
    InvalidRecord,
    NotFound,
    PermissionDenied,
    SignInFailed,
    StaleEdit,
    StoreBusy,
)
from consultations.core.messages import USER_ERRORS as USER_ERRORS
from geo.errors import GeoError
from translations import set_language

#: (error class, HTTP status, kind), the first that matches.
STATUSES: tuple[tuple[type[Exception], int, str], ...] = (
    (NotFound, 404, "not_found"),
    (PermissionDenied, 403, "forbidden"),
    (SignInFailed, 401, "unauthorized"),
    (StaleEdit, 409, "stale_edit"),
    (ConfirmationNeeded, 409, "confirmation_needed"),
    (DuplicateRecord, 409, "duplicate"),
    (StoreBusy, 503, "busy"),
    (InvalidRecord, 422, "invalid"),
    (ConsultationError, 422, "invalid"),
    (GeoError, 422, "invalid"),
)


class ApiError(Exception):
    """A refusal of the API layer itself (no key, a missing header, too many calls)."""

    def __init__(self, status: int, kind: str, words: Callable[[], str], **extra: Any) -> None:
        super().__init__(kind)
        self.status, self.kind, self.words, self.extra = status, kind, words, extra


def in_both(words: Callable[[], str]) -> dict[str, str]:
    """``words()`` said in Vietnamese and in English."""
    said = {}
    for language in ("vi", "en"):
        set_language(language)
        said[language] = words()
    return said


def status_of(error: Exception) -> tuple[int, str]:
    for kind, status, name in STATUSES:
        if isinstance(error, kind):
            return status, name
    return 500, "internal"


def error_response(
    status: int, kind: str, said: dict[str, str], language: str, **extra: Any
) -> JSONResponse:
    body = {"status": status, "kind": kind, "message": said[language], **said, **extra}
    headers = {"Content-Language": language}
    if "retry_after" in extra:
        headers["Retry-After"] = str(extra["retry_after"])
    return JSONResponse({"error": body}, status_code=status, headers=headers)

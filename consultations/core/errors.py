"""What can go wrong with the records, in words for the person who must put it right.

ConsultationError            base of every error raised by ``consultations``
├── NotFound                 a project, household, meeting ... that does not exist
├── DuplicateRecord          a second record with a key that must be unique
├── InvalidRecord            a value that breaks a rule (a date in the future, an unknown status)
│   └── TextTooLong          a text longer than its column holds, refused before the database
├── StaleEdit                someone else changed the record since it was read
├── BackupError              a backup file that cannot be restored here
├── PermissionDenied         the signed-in user's role or commune does not allow it
├── SignInFailed             wrong name or password, a locked or disabled account
├── StoreBusy                the database stayed locked by other saves (or chose this one to undo a
│                            deadlock): nothing was saved, try again
└── ConfirmationNeeded       a change that retires much of a project or takes households off its
                             list: shown first, carried out only when the user confirms it
"""

from __future__ import annotations


class ConsultationError(Exception):
    """Base class: ``str(error)`` is a complete sentence for the user."""


class NotFound(ConsultationError):
    pass


class DuplicateRecord(ConsultationError):
    pass


class InvalidRecord(ConsultationError):
    pass


class StaleEdit(ConsultationError):
    pass


class BackupError(ConsultationError):
    pass


class PermissionDenied(ConsultationError):
    pass


class SignInFailed(ConsultationError):
    pass


class ConfirmationNeeded(ConsultationError):
    pass


class StoreBusy(ConsultationError):
    pass


class TextTooLong(InvalidRecord):
    """A text longer than its column holds (``core/bounds.py``), refused before the database."""

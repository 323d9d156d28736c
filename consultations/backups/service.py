"""Backups and restores of the whole store: the door the command line uses (administrators)."""

from __future__ import annotations

from pathlib import Path

from consultations.backups import store as storage
from consultations.core.access import Action, Actor, require
from consultations.core.database import Store


def back_up(store: Store, out: Path, *, actor: Actor) -> dict[str, int]:
    """A consistent snapshot of every table into ``out`` (a zip); rows per table."""
    require(actor, Action.MANAGE_USERS)
    return storage.backup(store, out)


def restore_backup(store: Store, path: Path, *, actor: Actor) -> dict[str, int]:
    """Replace every record with those of the backup at ``path``, atomically."""
    require(actor, Action.MANAGE_USERS)
    return storage.restore(store, path, actor=str(actor))

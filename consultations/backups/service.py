"""Backups and restores of the whole store: the door the command line uses (administrators)."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from pathlib import Path

from consultations.backups import store as storage
from consultations.core.access import Action, Actor, require
from consultations.core.database import Store


def back_up(store: Store, out: Path, *, actor: Actor) -> dict[str, int]:
    """A consistent snapshot of every table into ``out`` (a zip); rows per table."""
    require(actor, Action.MANAGE_USERS)
    return storage.backup(store, out)


@dataclass(frozen=True)
class Restored:
    """What a restore did: rows per table now in the store, and where the replaced ones were kept."""

    counts: dict[str, int]
    kept_at: Path


def restore_backup(store: Store, path: Path, *, actor: Actor, keep_in: Path) -> Restored:
    """Replace every record with those of the backup at ``path``, atomically.

    What is replaced can always be brought back: every record is first backed up into
    ``keep_in`` (``before-restore-<UTC time>.zip``), and nothing is restored unless that copy was
    written.
    """
    require(actor, Action.MANAGE_USERS)
    stamp = dt.datetime.now(dt.UTC).strftime("%Y%m%dT%H%M%S%fZ")
    kept_at = keep_in / f"before-restore-{stamp}.zip"
    storage.backup(store, kept_at)
    return Restored(storage.restore(store, path, actor=str(actor)), kept_at)

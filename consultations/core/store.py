"""The store handle entry points hold: which database, opened and migrated. Entry points (pages,
``ui``, ``cli.py``) pass it to the features' doors and never reach its tables themselves."""

from __future__ import annotations

from consultations.core.database import VAR_DIR, Store, database_url, open_store

__all__ = ["VAR_DIR", "Store", "database_url", "open_store"]

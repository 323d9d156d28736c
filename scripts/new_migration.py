"""Draft a new Alembic revision from the difference between schema.py and the newest migration.

Usage: .venv/bin/python scripts/new_migration.py "what changes" REV_ID
Review the draft: add GiST indexes for new geometry columns (PostgreSQL only) and never drop data.
"""

import sys
import tempfile
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from alembic import command

from consultations.core.database import _alembic_config, open_store

message, rev_id = sys.argv[1], sys.argv[2]
with tempfile.TemporaryDirectory() as folder:
    store = open_store(f"sqlite:///{folder}/draft.sqlite")
    store.migrate()
    with store.engine.begin() as connection:
        config = _alembic_config()
        config.attributes["connection"] = connection
        command.revision(config, message=message, autogenerate=True, rev_id=rev_id)
    store.dispose()

"""The two demo projects shipped in data/parcels/, loaded through the same code as users' files."""

from __future__ import annotations

from pathlib import Path

from consultations.core.access import operator
from consultations.core.database import Store
from consultations.core.records import Project
from consultations.projects.files import load_project_folder

DEMO_ROOT = Path(__file__).resolve().parents[2] / "data" / "parcels"
DEMO_SLUGS = ("cat-van-220kv", "hung-nguyen-vsip")
DEMO_ACTOR = operator("demo")


def load_demo(store: Store) -> list[Project]:
    """Load every demo project; each in its own transaction."""
    return [load_project_folder(store, DEMO_ROOT / slug, actor=DEMO_ACTOR) for slug in DEMO_SLUGS]

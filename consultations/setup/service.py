"""The door of setting a project up: what pages and the command line call.

Each use case lives in its own module (a project folder, the demo, a household register, the
corridor's settings, the progress of setting up); this module is the one place they are reached
from, so a newcomer sees the whole door in one screen."""

from consultations.setup.demo import load_demo, load_demo_project
from consultations.setup.folder import load_project_folder
from consultations.setup.household_import import (
    PreparedHouseholds,
    import_households,
    prepare_households,
    save_households,
)
from consultations.setup.progress import SetupProgress, SetupStep, StepState, setup_progress
from consultations.setup.settings import (
    ProjectSettings,
    SettingsChanged,
    SettingsPreview,
    change_settings,
    preview_settings,
)

__all__ = [
    "PreparedHouseholds",
    "ProjectSettings",
    "SettingsChanged",
    "SettingsPreview",
    "SetupProgress",
    "SetupStep",
    "StepState",
    "change_settings",
    "import_households",
    "load_demo",
    "load_demo_project",
    "load_project_folder",
    "prepare_households",
    "preview_settings",
    "save_households",
    "setup_progress",
]

"""Project set-up: the steps done and the next one, with a button to where it is done."""

from __future__ import annotations

import streamlit as st

from consultations.core.records import Project
from consultations.setup.progress import SetupProgress, SetupStep
from translations import _
from ui.widgets import plain

PAGES = {
    SetupStep.REGISTER: "app_pages/households.py",
    SetupStep.AFFECTED: "app_pages/consent_map.py",
}


def steps_section(project: Project, progress: SetupProgress) -> None:
    st.subheader(_("Steps"))
    st.progress(progress.done_count / progress.required_count, text=_("{done} of {total} steps done")
                .format(done=progress.done_count, total=progress.required_count))  # fmt: skip
    for state in progress.steps:
        mark = "✔" if state.done else "○"
        extra = "" if state.required else " " + _("(may be left out)")
        st.markdown(
            f"{mark} {plain(state.label)}{extra}" + (f" · {state.count}" if state.done else "")
        )
    step = progress.next_step
    if step is not None and not project.closed:
        st.info(_("Next: {step}.").format(step=step.label))
        if st.button(_("Go to this step"), type="primary", icon=":material/arrow_forward:"):
            st.switch_page(PAGES.get(step.step, "app_pages/import_layer.py"))
    elif step is None:
        st.success(_("Set up: its affected list and consent map are ready."))
        if st.button(_("Open the consent map"), icon=":material/map:"):
            st.switch_page("app_pages/consent_map.py")

"""The one place where errors become what the user sees in the app.

Domain errors (``GeoError``, ``ConsultationError``) carry a complete, translated sentence; they are
shown and the page stops. Anything else is a bug and is left to Streamlit to report.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager

import streamlit as st

from consultations.core.messages import USER_ERRORS, message_for
from ui.widgets import plain


@contextmanager
def shown_errors() -> Iterator[None]:
    """Run a page section; a domain error is shown in plain words and the page stops there."""
    try:
        yield
    except USER_ERRORS as error:
        st.error(plain(message_for(error)), icon="⚠️")
        st.stop()

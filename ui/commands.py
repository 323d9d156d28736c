"""Idempotency keys for the app's forms: one submission, one record, however often it arrives.

A double tap on "Save", or a rerun queued behind a slow one, sends the same form values twice. The
key of a submission is made from the browser session, the form, the version the form was shown
with and every value (attachments by their content), so those repeats share one key and the
feature's service records them once and returns the first result. Another session (a second tab),
or any changed value, is another submission.
"""

from __future__ import annotations

import hashlib
import json
import uuid
from typing import Any

import streamlit as st

_SESSION = "_clearway_session_nonce"


def _part(value: Any) -> Any:
    if hasattr(value, "getvalue"):  # an uploaded file: its content, not its upload id
        return hashlib.sha256(value.getvalue()).hexdigest()
    if isinstance(value, bytes):
        return hashlib.sha256(value).hexdigest()
    if isinstance(value, dict):
        return [[str(k), _part(v)] for k, v in sorted(value.items(), key=str)]
    if isinstance(value, list | tuple | set | frozenset):
        return [
            _part(v)
            for v in (sorted(value, key=str) if isinstance(value, set | frozenset) else value)
        ]
    return str(value)


def submission_key(form: str, *values: Any) -> str:
    """The idempotency key of this submission of ``form`` with ``values``."""
    nonce = st.session_state.setdefault(_SESSION, uuid.uuid4().hex)
    text = json.dumps([nonce, form, *[_part(v) for v in values]], ensure_ascii=False)
    return f"{form}:{hashlib.sha256(text.encode('utf-8')).hexdigest()[:40]}"

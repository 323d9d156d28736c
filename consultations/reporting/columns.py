"""The dashboard's tables' columns as people read them, in one place: the Overview page shows
them and the monthly report writes them with the same words, in the same order.

Asked for at each use, since the words are in the session's language."""

from __future__ import annotations

from typing import Literal

import pandas as pd

from translations import _

#: The dashboard's tables (``reporting.service.Dashboard``'s fields) that are shown as tables.
DashboardTable = Literal[
    "by_village", "backlog", "concerns", "overdue_commitments", "deadlines", "vulnerable"
]


def column_labels(table: DashboardTable) -> dict[str, str]:
    """Each shown column of ``table``, in order, with its label."""
    labels: dict[str, dict[str, str]] = {
        "by_village": {
            "commune": _("Commune"), "village": _("Village"), "affected": _("Affected households"),
            "agreed": _("Agreed (signed)"), "share": _("Agreement share"),
            "above_threshold": _("Above 75 %"),
        },
        "backlog": {
            "code": _("Code"), "head_name": _("Head of household"), "village": _("Village"),
            "status": _("Status"), "last_progress": _("Last progress"),
            "idle_days": _("Days without progress"),
        },
        "concerns": {
            "category": _("Category"), "open": _("Open"), "overdue": _("Older than 30 days"),
            "oldest_days": _("Oldest (days)"),
        },
        "overdue_commitments": {
            "text": _("Commitment"), "promised_by": _("Promised by"), "due_on": _("Due"),
            "days_late": _("Days late"),
        },
        "deadlines": {
            "code": _("Code"), "head_name": _("Head of household"), "step": _("Step"),
            "date": _("Deadline"), "state": _("State"),
        },
        "vulnerable": {
            "code": _("Code"), "head_name": _("Head of household"), "village": _("Village"),
            "status": _("Status"),
        },
    }  # fmt: skip
    return labels[table]


def labelled(frame: pd.DataFrame, table: DashboardTable) -> pd.DataFrame:
    """``frame``'s shown columns, in order, under their labels; the others (ids) left out. A
    column the frame lacks (an empty table read before any row) is there, empty."""
    labels = column_labels(table)
    return frame.reindex(columns=list(labels)).rename(columns=labels)

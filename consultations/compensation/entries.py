"""A ledger entry as a record: what was paid, and whether it corrects or was corrected."""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from consultations.compensation.model import Method, PaymentKind


@dataclass(frozen=True)
class Payment:
    """A ledger entry; a correction names the entry it replaces (``corrects_id``) and why, and
    an entry another replaces is ``corrected`` (kept, not counted)."""

    household_id: int
    kind: PaymentKind
    paid_on: dt.date
    amount_vnd: int
    method: Method
    receipt: str | None
    recorded_by: str
    id: int = 0
    recorded_at: dt.datetime | None = None
    corrects_id: int | None = None
    correction_reason: str | None = None
    corrected: bool = False


def payment_of(row: Mapping[str, Any], corrected: bool = False) -> Payment:
    """A ledger row as a record."""
    return Payment(
        row["household_id"], PaymentKind(row["kind"]), row["paid_on"], int(row["amount_vnd"]),
        Method(row["method"]), row["receipt"], row["recorded_by"], id=row["id"],
        recorded_at=row["recorded_at"], corrects_id=row["corrects_id"],
        correction_reason=row["correction_reason"], corrected=corrected,
    )  # fmt: skip

"""The headline figures of a project on a date, computed from households and consent events."""

from __future__ import annotations

import datetime as dt
import math
from collections import Counter
from collections.abc import Iterable
from dataclasses import asdict, dataclass

from consultations.consent.model import statuses_by_household
from consultations.core.records import ConsentEvent, ConsentStatus, Household

#: Resolution 254/2025/QH15: recovery before plan approval needs MORE than this share agreeing.
AGREEMENT_THRESHOLD = 0.75


@dataclass(frozen=True)
class HeadlineFigures:
    as_of: dt.date | None
    affected_households: int
    agreed: int
    concerns: int
    refused: int
    informed: int
    not_contacted: int
    agreement_share: float

    @property
    def above_threshold(self) -> bool:
        return self.agreement_share > AGREEMENT_THRESHOLD

    @property
    def more_to_pass(self) -> int:
        """How many more affected households must agree for the share to pass the threshold."""
        if not self.affected_households:
            return 0
        needed = math.floor(AGREEMENT_THRESHOLD * self.affected_households + 1e-9) + 1
        return max(0, needed - self.agreed)

    def as_dict(self) -> dict[str, object]:
        data = asdict(self)
        data["as_of"] = self.as_of.isoformat() if self.as_of else None
        data["above_threshold"] = self.above_threshold
        data["more_to_pass"] = self.more_to_pass
        return data


def headline_figures(
    households: Iterable[Household], events: Iterable[ConsentEvent], as_of: dt.date | None = None
) -> HeadlineFigures:
    """Counts of affected households by derived status; households no longer affected are left out."""
    affected_ids = [h.id for h in households if h.affected]
    statuses = statuses_by_household(affected_ids, events, as_of)
    return figures_from_statuses(affected_ids, statuses, as_of)


def figures_from_statuses(
    affected_ids: list[int], statuses: dict[int, ConsentStatus], as_of: dt.date | None = None
) -> HeadlineFigures:
    """The same counts from statuses already derived (``statuses_by_household``)."""
    counts = Counter(statuses[i] for i in affected_ids)
    total = len(affected_ids)
    agreed = counts[ConsentStatus.AGREED]
    return HeadlineFigures(
        as_of=as_of,
        affected_households=total,
        agreed=agreed,
        concerns=counts[ConsentStatus.CONCERNS],
        refused=counts[ConsentStatus.REFUSED],
        informed=counts[ConsentStatus.INFORMED],
        not_contacted=counts[ConsentStatus.NOT_CONTACTED],
        agreement_share=round(agreed / total, 4) if total else 0.0,
    )

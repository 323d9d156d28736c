"""The public page's tracking door: a citizen types the reference and key of their receipt and
sees where that one matter stands, and nothing else.

No sign-in: the door answers only on a matching pair. A wrong pair, whichever part is wrong, gets
the same sentence in the same time (a missing reference still costs one key check), and each
client's wrong tries are slowed as failed sign-ins are (``accounts.throttle``: a few free, then
1, 2, 4 … seconds, at most a minute), so keys cannot be enumerated.
"""

from __future__ import annotations

import math

from consultations.accounts.throttle import Throttle
from consultations.concerns.receipts import tracked_concern_in
from consultations.core.database import Store
from consultations.core.errors import ConsultationError
from consultations.core.receipts import (
    CONCERN_PREFIX,
    PETITION_PREFIX,
    TrackedMatter,
    normalised,
    waste_time,
)
from consultations.petitions.receipts import tracked_petition_in
from translations import _

#: This server process's memory of wrong pairs, per client (kept apart from failed sign-ins).
WRONG_PAIRS = Throttle()


class NoSuchMatter(ConsultationError):
    """Raised for any pair that does not match: it never says which part was wrong."""


class TooManyTries(ConsultationError):
    """Raised when a client tries again before its wait is over."""


def track_matter(store: Store, reference: str, key: str, *, client: str) -> TrackedMatter:
    """Where the matter of ``reference`` stands, if ``key`` is its key (``client``: the browser's
    address, whose wrong tries are rate-limited)."""
    wait = WRONG_PAIRS.wait_s(client)
    if wait > 0:
        raise TooManyTries(
            _(
                "Too many tries. Wait {seconds} seconds, then check the receipt and try again."
            ).format(seconds=math.ceil(wait))
        )
    ref = normalised(reference)
    matter = None
    with store.read() as conn:
        if ref.startswith(CONCERN_PREFIX + "-"):
            matter = tracked_concern_in(conn, ref, key)
        elif ref.startswith(PETITION_PREFIX + "-"):
            matter = tracked_petition_in(conn, ref, key)
        else:
            waste_time()
    if matter is None:
        WRONG_PAIRS.failed(client)
        raise NoSuchMatter(
            _("No matter has this reference and key. Check both on your receipt and try again.")
        )
    return matter

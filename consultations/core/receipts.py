"""A receipt's reference and key: what a citizen types on the public page to follow their matter.

The **reference** is short, public and printed on every notice of the matter ("YK-7K3QHM" for a
concern, "DT-…" for a petition); alone it opens nothing. The **key** is random (8 characters of an
alphabet without look-alikes: about 10¹² values), printed once on the receipt and stored only as a
salted scrypt hash, so a copy of the database does not open anyone's matter. A wrong pair is
answered as a missing one, and tries are rate-limited per client (``reporting.tracking``).
"""

from __future__ import annotations

import datetime as dt
import hashlib
import hmac
import secrets
from dataclasses import dataclass

#: No 0/O, 1/I/L: a reference read aloud or copied by hand is typed back right.
ALPHABET = "23456789ABCDEFGHJKMNPQRSTUVWXYZ"
REFERENCE_LENGTH = 6
KEY_LENGTH = 8
CONCERN_PREFIX = "YK"  # ý kiến
PETITION_PREFIX = "DT"  # đơn thư
_SCRYPT = {"n": 2**14, "r": 8, "p": 1, "dklen": 32}


def new_reference(prefix: str) -> str:
    """A fresh reference such as ``YK-7K3QHM`` (the caller keeps it unique)."""
    return f"{prefix}-" + "".join(secrets.choice(ALPHABET) for _ in range(REFERENCE_LENGTH))


def new_key() -> str:
    """A fresh key, grouped for reading: ``ABCD-EFGH``."""
    raw = "".join(secrets.choice(ALPHABET) for _ in range(KEY_LENGTH))
    return f"{raw[:4]}-{raw[4:]}"


def normalised(text: str) -> str:
    """What a person typed, as stored: capitals, no spaces or dashes (a reference keeps its one
    dash after the prefix)."""
    cleaned = "".join(ch for ch in text.upper() if ch.isalnum())
    if cleaned[:2] in (CONCERN_PREFIX, PETITION_PREFIX) and len(cleaned) == 2 + REFERENCE_LENGTH:
        return f"{cleaned[:2]}-{cleaned[2:]}"
    return cleaned


def hash_key(key: str) -> str:
    """``scrypt$<salt>$<hash>`` of the normalised key."""
    salt = secrets.token_bytes(16)
    digest = hashlib.scrypt(normalised(key).encode(), salt=salt, **_SCRYPT)
    return f"scrypt${salt.hex()}${digest.hex()}"


def key_matches(stored: str | None, key: str) -> bool:
    """Whether ``key`` is the one hashed in ``stored`` (never, for a matter with no key issued)."""
    if not stored or stored.count("$") != 2:
        waste_time()  # as long as a real check: the time does not say there was no key
        return False
    _scheme, salt, digest = stored.split("$")
    typed = hashlib.scrypt(normalised(key).encode(), salt=bytes.fromhex(salt), **_SCRYPT)
    return hmac.compare_digest(typed.hex(), digest)


def waste_time() -> None:
    """The cost of one key check, spent when no matter has the reference: a reply's time does not
    tell whether the reference exists."""
    hashlib.scrypt(b"-", salt=b"0" * 16, **_SCRYPT)


@dataclass(frozen=True)
class Receipt:
    """What is printed for the person who raised the matter: the key is shown this once."""

    reference: str
    key: str


@dataclass(frozen=True)
class TrackedMatter:
    """Where one matter stands, as its holder sees it on the public page: no name, no text, no
    amount, nothing of anyone else's."""

    reference: str
    kind: str  # "concern" or "petition"
    received_on: dt.date
    stage: str  # a sentence in the reader's language
    next_step: str | None  # what comes next, if anything
    next_due: dt.date | None  # … and by when
    closed: bool

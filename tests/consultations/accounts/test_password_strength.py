"""How strongly a server hashes passwords (the tests themselves hash at the lowest cost)."""

from __future__ import annotations

from argon2 import Type
from argon2.profiles import RFC_9106_LOW_MEMORY

from tests.conftest import SERVER_HASHER, TEST_HASHER


def test_a_server_hashes_passwords_with_argon2id_at_the_rfc_9106_low_memory_strength() -> None:
    """RFC 9106's second recommended option: argon2id, 3 passes over 64 MiB; one lane, so a flood
    of sign-ins cannot take every core at once."""
    assert SERVER_HASHER.type is Type.ID
    assert SERVER_HASHER.time_cost >= RFC_9106_LOW_MEMORY.time_cost
    assert SERVER_HASHER.memory_cost >= RFC_9106_LOW_MEMORY.memory_cost
    assert SERVER_HASHER.parallelism == 1
    stored = SERVER_HASHER.hash("mat-khau-may-chu")
    assert stored.startswith("$argon2id$v=19$m=65536,t=3,p=1$")


def test_a_password_hashed_in_a_test_is_verified_by_a_server() -> None:
    """Hashes carry their parameters: a server started by a test signs its users in."""
    assert SERVER_HASHER.verify(TEST_HASHER.hash("mat-khau-thu-nghiem"), "mat-khau-thu-nghiem")

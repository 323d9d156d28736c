"""Repeated failed sign-ins are slowed down per device and locked per name, before any hashing:
a flood costs the server almost nothing, and an unknown name answers as a real one would."""

from __future__ import annotations

import pytest

from consultations.accounts import service as accounts
from consultations.accounts.service import MAX_FAILURES, create_user, sign_in
from consultations.accounts.throttle import FREE_FAILURES, MAX_WAIT_S, Throttle
from consultations.core.access import Role, operator
from consultations.core.database import Store
from consultations.core.errors import SignInFailed

PASSWORD = "mot-mat-khau-dai"


class Clock:
    def __init__(self) -> None:
        self.now = 1000.0

    def __call__(self) -> float:
        return self.now


def test_a_device_waits_longer_after_each_failure_past_the_free_ones() -> None:
    clock = Clock()
    throttle = Throttle(clock)
    for _ in range(FREE_FAILURES):
        assert throttle.wait_s("client:a") == 0
        throttle.failed("client:a")
    assert throttle.wait_s("client:a") == 1  # the first failure past the free ones: 1 s
    throttle.failed("client:a")
    assert throttle.wait_s("client:a") == 2
    clock.now += 2
    assert throttle.wait_s("client:a") == 0
    for _ in range(20):
        throttle.failed("client:a")
    assert throttle.wait_s("client:a") == MAX_WAIT_S  # never more than a minute
    assert throttle.wait_s("client:b") == 0  # another device is not slowed
    clock.now += 15 * 60 + 1
    assert throttle.wait_s("client:a") == 0  # failures older than the window are forgotten


@pytest.fixture
def hashing(monkeypatch: pytest.MonkeyPatch) -> list[str]:
    """Counts every password hashed or checked."""
    done: list[str] = []
    real = accounts._HASHER

    class Counting:
        def verify(self, password_hash: str, password: str) -> bool:
            done.append(password)
            return bool(real.verify(password_hash, password))

        def hash(self, password: str) -> str:
            done.append(password)
            return real.hash(password)

    monkeypatch.setattr(accounts, "_HASHER", Counting())
    return done


def test_a_flooding_device_is_refused_without_hashing_and_a_good_sign_in_elsewhere_works(
    store: Store, hashing: list[str]
) -> None:
    create_user(store, "lan", PASSWORD, Role.VIEWER, actor=operator("t"))
    hashing.clear()
    answers = []
    for i in range(30):
        try:
            sign_in(store, f"khong-co-{i}", "sai-mat-khau", client="10.0.0.9")
        except SignInFailed as refused:
            answers.append(str(refused))
    assert len(hashing) == FREE_FAILURES  # then refused at once, no work done
    assert "chờ" in answers[-1] and "giây" in answers[-1]  # says how long to wait, in Vietnamese
    assert sign_in(store, "lan", PASSWORD, client="10.0.0.7").username == "lan"


def test_an_unknown_name_locks_as_an_account_does_with_the_same_sentence(
    store: Store, hashing: list[str]
) -> None:
    create_user(store, "lan", PASSWORD, Role.VIEWER, actor=operator("t"))

    def answers(name: str) -> list[str]:
        said = []
        for i in range(MAX_FAILURES + 2):
            try:
                sign_in(store, name, f"sai-{i}")
            except SignInFailed as refused:
                said.append(str(refused).split(" đến ")[0])  # the time it lifts aside
        return said

    real, unknown = answers("lan"), answers("khong-ai-ca")
    assert real == unknown
    assert "khóa" in real[-1]
    hashing.clear()
    with pytest.raises(SignInFailed, match="khóa"):
        sign_in(store, "khong-ai-ca", "gi-cung-duoc")
    assert hashing == []  # a locked name costs no hashing


def test_a_good_sign_in_clears_the_devices_failures(store: Store) -> None:
    create_user(store, "lan", PASSWORD, Role.VIEWER, actor=operator("t"))
    for _ in range(FREE_FAILURES - 1):
        with pytest.raises(SignInFailed):
            sign_in(store, "lan", "sai-mat-khau", client="10.0.0.5")
    sign_in(store, "lan", PASSWORD, client="10.0.0.5")
    for name in ("a", "b", "c"):
        with pytest.raises(SignInFailed, match="Sai"):
            sign_in(store, name, "x", client="10.0.0.5")  # free again, not yet slowed

"""Tracking by reference and key: every concern and petition has a short reference, its receipt a
random key; the public door answers only on a matching pair, and says nothing about which part of
a wrong pair was wrong."""

from __future__ import annotations

import datetime as dt

import pytest

from consultations.concerns.receipts import issue_concern_receipt
from consultations.concerns.service import (
    ConcernStep,
    concerns_seen_by,
    raise_concern,
    update_concern,
)
from consultations.core.access import Actor, Role, operator
from consultations.core.database import Store
from consultations.core.errors import PermissionDenied
from consultations.core.receipts import hash_key, key_matches, new_key, new_reference, normalised
from consultations.core.records import Channel, ConcernCategory
from consultations.petitions.model import FilerKind, PetitionKind, due
from consultations.petitions.receipts import issue_petition_receipt
from consultations.petitions.service import NewPetition, record_petition
from consultations.projects.service import find_project
from consultations.reporting.tracking import WRONG_PAIRS, NoSuchMatter, TooManyTries, track_matter
from translations import local_today

ADMIN = operator("t")
T = local_today()


@pytest.fixture(autouse=True)
def _no_wrong_pairs_remembered() -> None:
    WRONG_PAIRS.clear()


def a_concern(store: Store) -> tuple[int, int]:
    project = find_project(store, "cat-van-220kv")
    concern_id = raise_concern(store, project.id, household_id=None, category=ConcernCategory.DOCUMENTS,
                               channel=Channel.HOUSEHOLD_VISIT, text="Xin hồ sơ dự án",
                               received_on=T - dt.timedelta(days=2), actor=ADMIN)  # fmt: skip
    return project.id, concern_id


def test_a_key_is_checked_against_its_hash_and_typed_loosely() -> None:
    key = new_key()
    stored = hash_key(key)
    assert key not in stored and key.replace("-", "") not in stored
    assert key_matches(stored, key.lower().replace("-", " "))
    assert not key_matches(stored, new_key()) and not key_matches(None, key)
    assert normalised(" yk 7k3qhm ") == "YK-7K3QHM" and new_reference("DT").startswith("DT-")


def test_a_concern_followed_with_its_receipt_shows_its_stage_and_next_deadline(
    demo_store: Store,
) -> None:
    project_id, concern_id = a_concern(demo_store)
    receipt = issue_concern_receipt(demo_store, concern_id, project_id, actor=ADMIN)
    assert receipt.reference.startswith("YK-")
    matter = track_matter(demo_store, receipt.reference.lower(), receipt.key, client="phone")
    assert (matter.kind, matter.received_on, matter.closed) == (
        "concern",
        T - dt.timedelta(days=2),
        False,
    )
    assert matter.next_due == T + dt.timedelta(days=3)  # acknowledged within 5 days of receipt
    seen = next(
        c for c in concerns_seen_by(demo_store, project_id, actor=ADMIN) if c.id == concern_id
    )
    update_concern(demo_store, concern_id, project_id, ConcernStep.RESOLVED, T,
                   seen_version=seen.version, actor=ADMIN)  # fmt: skip
    after = track_matter(demo_store, receipt.reference, receipt.key, client="phone")
    assert (after.closed, after.next_due, after.next_step) == (True, None, None)


def test_a_new_receipt_replaces_the_old_key(demo_store: Store) -> None:
    project_id, concern_id = a_concern(demo_store)
    first = issue_concern_receipt(demo_store, concern_id, project_id, actor=ADMIN)
    second = issue_concern_receipt(demo_store, concern_id, project_id, actor=ADMIN)
    assert first.reference == second.reference
    with pytest.raises(NoSuchMatter):
        track_matter(demo_store, first.reference, first.key, client="a")
    assert track_matter(demo_store, second.reference, second.key, client="a").kind == "concern"


def test_a_wrong_reference_and_a_wrong_key_get_the_same_answer(demo_store: Store) -> None:
    project_id, concern_id = a_concern(demo_store)
    receipt = issue_concern_receipt(demo_store, concern_id, project_id, actor=ADMIN)
    answers = set()
    for reference, key in ((receipt.reference, new_key()), ("YK-22222Z", receipt.key),
                           ("nonsense", receipt.key)):  # fmt: skip
        with pytest.raises(NoSuchMatter) as wrong:
            track_matter(demo_store, reference, key, client=reference)
        answers.add(str(wrong.value))
    assert len(answers) == 1 and "tham chiếu" in answers.pop()


def test_many_wrong_pairs_from_one_client_are_slowed_and_others_are_not(demo_store: Store) -> None:
    project_id, concern_id = a_concern(demo_store)
    receipt = issue_concern_receipt(demo_store, concern_id, project_id, actor=ADMIN)
    with pytest.raises(NoSuchMatter):
        for _ in range(20):
            track_matter(demo_store, receipt.reference, new_key(), client="guesser")
    for _ in range(5):  # the free tries are spent; the next is refused before any check
        try:
            track_matter(demo_store, receipt.reference, new_key(), client="guesser")
        except NoSuchMatter:
            continue
        except TooManyTries:
            break
    with pytest.raises(TooManyTries, match="Chờ"):
        track_matter(demo_store, receipt.reference, receipt.key, client="guesser")
    assert (
        track_matter(demo_store, receipt.reference, receipt.key, client="citizen").kind == "concern"
    )


def test_a_petition_receipt_shows_its_acceptance_deadline_and_nothing_of_its_content(
    demo_store: Store,
) -> None:
    received = T - dt.timedelta(days=1)
    petition_id = record_petition(demo_store, NewPetition(
        body="UBND xã Cát Văn", reference="7/2026", received_on=received,
        channel=Channel.CITIZEN_RECEPTION, filer_kind=FilerKind.ONE, kind=PetitionKind.DENUNCIATION,
        category=ConcernCategory.OTHER, content="Tố cáo cán bộ X", filer_name="Nguyễn Văn Bình"),
        actor=ADMIN)  # fmt: skip
    receipt = issue_petition_receipt(demo_store, petition_id, actor=ADMIN)
    matter = track_matter(demo_store, receipt.reference, receipt.key, client="phone")
    assert matter.next_due == due(PetitionKind.DENUNCIATION, "accept", received)
    shown = " ".join(str(v) for v in vars(matter).values())
    assert "Bình" not in shown and "cán bộ" not in shown and "7/2026" not in shown


def test_a_viewer_cannot_print_a_receipt(demo_store: Store) -> None:
    project_id, concern_id = a_concern(demo_store)
    with pytest.raises(PermissionDenied):
        issue_concern_receipt(demo_store, concern_id, project_id, actor=Actor("v", Role.VIEWER))

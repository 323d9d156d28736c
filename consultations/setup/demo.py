"""The two demo projects shipped in data/parcels/, loaded through the same code as users' files."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

from consultations.compensation.demo import load_compensation
from consultations.concerns.service import concerns_in
from consultations.core.access import operator
from consultations.core.database import Store
from consultations.core.records import Channel, ConcernCategory, Project
from consultations.petitions.model import FilerKind, PetitionKind, SessionKind
from consultations.petitions.service import NewPetition
from consultations.petitions.sessions import ReceptionSession, record_reception_day
from consultations.setup.folder import load_project_folder

DEMO_ROOT = Path(__file__).resolve().parents[2] / "data" / "parcels"
DEMO_SLUGS = ("cat-van-220kv", "hung-nguyen-vsip")
DEMO_ACTOR = operator("demo")


def load_demo(store: Store) -> list[Project]:
    """Load every demo project; each in its own transaction."""
    return [load_demo_project(store, slug) for slug in DEMO_SLUGS]


#: Cát Văn's households took their four questions to the district's reception day before the
#: dialogue (as the province's press told it): the demo carries that session and one petition per
#: household, each the same matter as the concern it had raised on a visit, answered at the dialogue.
RECEPTION_BODY = "UBND huyện Thanh Chương"  # in 2024, before districts were abolished (07/2025)


def load_demo_project(store: Store, slug: str) -> Project:
    """One demo project, with its reception day where it has one, and its compensation plan."""
    project = load_project_folder(store, DEMO_ROOT / slug, actor=DEMO_ACTOR)
    if slug == "cat-van-220kv":
        _reception_day(store, project)
    load_compensation(store, project)
    return project


def _reception_day(store: Store, project: Project) -> None:
    with store.read() as conn:
        concerns = concerns_in(conn, project.id)
    first = concerns.sort_values("id").drop_duplicates("household_id")
    day = dt.date(2024, 4, 12)
    session = ReceptionSession(
        body=RECEPTION_BODY, kind=SessionKind.SCHEDULED, citizens=len(first),
        leader="Chủ tịch UBND huyện", planned_on=day, held_on=day, place="Trụ sở UBND xã Cát Văn",
        summary="Các hộ dưới hành lang tuyến 220 kV hỏi về an toàn điện trường, tái định cư, đơn giá "
                "bồi thường và đề nghị được xem đầy đủ hồ sơ dự án; Chủ tịch hẹn trả lời tại buổi đối thoại.",
        project_id=project.id,
    )  # fmt: skip
    petitions = [
        NewPetition(
            body=RECEPTION_BODY,
            reference=f"{number:02d}/TCD-2024",
            received_on=day,
            channel=Channel.CITIZEN_RECEPTION,
            filer_kind=FilerKind.ONE,
            kind=PetitionKind.RECOMMENDATION,
            category=ConcernCategory(concern.category),
            content=str(concern.text),
            filer_name=str(concern.head_name),
            decided_on=dt.date(2024, 4, 20),
            decision="Trả lời tại buổi đối thoại ngày 20/04/2024",
            project_id=project.id,
            household_id=int(concern.household_id),
            concern_id=int(concern.id),
        )
        for number, concern in enumerate(first.itertuples(), start=1)
    ]
    record_reception_day(store, session, petitions, actor=DEMO_ACTOR, today=dt.date(2024, 4, 20))

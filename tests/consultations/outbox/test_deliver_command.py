"""``cli.py deliver-outbox``: the channels from settings, the messages due delivered.

Commands run inside the test process (tests/cli_runner.py: the same exit code, stdout and stderr
as ``python cli.py``). In a real process: ``daily-digest`` in
``test_an_official_consents_to_the_digest_from_the_command_line`` (that ``python cli.py`` itself
starts and exits 0)."""

from __future__ import annotations

import os
from pathlib import Path

from consultations.core.access import operator
from consultations.core.database import open_store
from consultations.core.records import Channel, ConcernCategory
from consultations.households.service import households_seen_by
from consultations.outbox.model import ContactChannel
from consultations.outbox.service import record_contact_consent
from consultations.petitions.model import FilerKind, PetitionKind
from consultations.petitions.service import NewPetition, record_petition
from consultations.projects.service import find_project
from tests.cli_runner import run_cli_process
from tests.consultations.outbox.servers import smtp_server
from tests.fixtures import sqlite_copy
from tests.test_cli import cli
from translations import local_today


def test_the_command_delivers_an_acknowledgement_to_the_inbox(tmp_path: Path) -> None:
    url = sqlite_copy("demo", tmp_path, "cli.sqlite")
    store, admin = open_store(url), operator("t")
    project = find_project(store, "cat-van-220kv")
    household = households_seen_by(store, project.id, actor=admin)[0]
    record_contact_consent(store, ContactChannel.EMAIL, household_id=household.id,
                           address="dan@example.vn", given=True, on=local_today(), actor=admin)  # fmt: skip
    record_petition(store, NewPetition(
        body="UBND xã Cát Văn", reference="1/2026", received_on=local_today(),
        channel=Channel.CITIZEN_RECEPTION, filer_kind=FilerKind.ONE, kind=PetitionKind.COMPLAINT,
        category=ConcernCategory.OTHER, content="x", project_id=project.id,
        household_id=household.id), actor=admin)  # fmt: skip
    with smtp_server() as (inbox, port):
        env = {**os.environ, "DATABASE_URL": url, "CLEARWAY_VAR_DIR": str(tmp_path),
               "CLEARWAY_SMTP_HOST": "127.0.0.1", "CLEARWAY_SMTP_PORT": str(port),
               "CLEARWAY_PUBLIC_URL": "https://xa.example.vn"}  # fmt: skip
        done = cli(env, "deliver-outbox")
    assert "1" in done.stdout and len(inbox.messages) == 1
    assert inbox.messages[0]["To"] == "dan@example.vn"


def test_an_official_consents_to_the_digest_from_the_command_line(tmp_path: Path) -> None:
    from consultations.accounts.service import create_user
    from consultations.core.access import Role

    url = sqlite_copy("demo", tmp_path, "cli.sqlite")
    create_user(open_store(url), "lan", "một mật khẩu đủ dài 2026", Role.CHAIR,
                actor=operator("t"))  # fmt: skip
    env = {**os.environ, "DATABASE_URL": url, "CLEARWAY_VAR_DIR": str(tmp_path)}
    done = cli(
        env, "contact-consent", "--user", "lan", "--channel", "email", "--address", "lan@xa.vn"
    )
    assert "lan" in done.stdout
    assert run_cli_process(env, "daily-digest").returncode == 0

"""The API over real HTTP on both databases: keys, scopes, role rules, errors, audit, limits."""

from __future__ import annotations

from typing import Any

import pytest

from consultations.api_clients.model import ApiScope
from consultations.api_clients.service import api_clients, create_client, revoke_client
from consultations.audit.service import audit_trail
from consultations.core.access import Role, Scope, operator
from consultations.core.database import Store
from consultations.households.service import households_seen_by
from consultations.projects.service import find_project

ROOT = operator("cli:test")
SLUG = "cat-van-220kv"
PERSONAL = {"phone", "id_number", "birth_date", "vulnerability", "notes", "head_sex", "members"}


def key_for(store: Store, name: str, *scopes: ApiScope, role: Role | None = None,
            projects: list[Scope] | None = None) -> str:  # fmt: skip
    return create_client(store, name, scopes, actor=ROOT, role=role, projects=projects).key


def test_a_key_is_shown_once_and_stored_only_as_its_digest(store: Store) -> None:
    made = create_client(store, "lgsp", (ApiScope.READ_FIGURES,), actor=ROOT)
    assert made.key.startswith("cw_") and len(made.key) > 40
    (listed,) = api_clients(store, actor=ROOT)
    assert listed.name == "lgsp" and listed.role is Role.VIEWER
    assert made.key not in repr(listed) and listed.key_hint == made.key[:10]


def test_projects_and_figures_are_read_with_read_figures(demo_store: Store, serve: Any) -> None:
    server = serve(demo_store)
    key = key_for(demo_store, "lgsp", ApiScope.READ_FIGURES)
    listed = server.get("/api/v1/projects", key)
    assert listed.status == 200
    assert SLUG in [p["slug"] for p in listed.body["projects"]]
    one = server.get(f"/api/v1/projects/{SLUG}", key)
    assert one.status == 200 and one.body["figures"]["affected_households"] == 15
    assert one.headers["etag"]
    again = server.get(f"/api/v1/projects/{SLUG}", key, if_none_match=one.headers["etag"])
    assert again.status == 304


@pytest.mark.parametrize(
    ("headers", "status", "vi_word", "en_word"),
    [
        ({}, 401, "khóa", "API key"),
        ({"Authorization": "Bearer cw_not-a-key"}, 401, "thu hồi", "revoked"),
    ],
)
def test_a_call_without_a_valid_key_is_refused_in_both_languages(
    store: Store, serve: Any, headers: dict[str, str], status: int, vi_word: str, en_word: str
) -> None:
    answer = serve(store).call("GET", "/api/v1/projects", headers=headers)
    assert answer.status == status
    error = answer.body["error"]
    assert vi_word in error["vi"] and en_word in error["en"] and error["message"] == error["vi"]
    assert "Traceback" not in str(answer.body)


def test_households_need_their_scope_and_never_carry_personal_fields(
    demo_store: Store, serve: Any
) -> None:
    server = serve(demo_store)
    figures_only = key_for(demo_store, "figures", ApiScope.READ_FIGURES)
    refused = server.get(f"/api/v1/projects/{SLUG}/households", figures_only,
                         accept_language="en")  # fmt: skip
    assert refused.status == 403 and "read:households" in refused.body["error"]["en"]
    assert refused.body["error"]["message"] == refused.body["error"]["en"]
    chair = key_for(demo_store, "chair", ApiScope.READ_FIGURES, ApiScope.READ_HOUSEHOLDS)
    listed = server.get(f"/api/v1/projects/{SLUG}/households", chair)
    assert listed.status == 200
    rows = listed.body["households"]
    assert len(rows) >= 15 and all(r["status"] for r in rows)
    assert not PERSONAL & {k for r in rows for k in r}
    one = server.get(rows[0]["links"]["self"], chair)
    assert one.status == 200 and one.headers["etag"] == f'"v{one.body["version"]}"'
    assert not PERSONAL & set(one.body)


def test_a_field_officer_key_reads_only_its_communes(demo_store: Store, serve: Any) -> None:
    server = serve(demo_store)
    project = find_project(demo_store, SLUG)
    everyone = households_seen_by(demo_store, project.id, actor=ROOT)
    commune = _a_commune(demo_store, project.id)
    key = key_for(demo_store, "officer", ApiScope.READ_FIGURES, ApiScope.READ_HOUSEHOLDS,
                  role=Role.FIELD_OFFICER, projects=[Scope(project.id, commune)])  # fmt: skip
    seen = server.get(f"/api/v1/projects/{SLUG}/households", key).body["households"]
    assert 0 < len(seen) <= len(everyone)
    other = server.get("/api/v1/projects/hung-nguyen-vsip/households", key)
    assert other.status == 403
    events = server.get(f"/api/v1/projects/{SLUG}/consent-events", key).body["consent_events"]
    assert events and {e["household_id"] for e in events} <= {h["id"] for h in seen}
    for what in ("meetings", "concerns"):
        assert server.get(f"/api/v1/projects/{SLUG}/{what}", key).status == 200


def _a_commune(store: Store, project_id: int) -> str:
    from consultations.core.scopes import project_communes

    with store.read() as conn:
        return sorted(project_communes(conn, project_id))[0]


def test_a_revoked_key_is_refused_at_its_next_call(store: Store, serve: Any) -> None:
    server = serve(store)
    key = key_for(store, "lgsp", ApiScope.READ_FIGURES)
    assert server.get("/api/v1/projects", key).status == 200
    revoke_client(store, "lgsp", actor=ROOT)
    assert server.get("/api/v1/projects", key).status == 401


def test_every_call_is_in_the_audit_log_as_its_client(store: Store, serve: Any) -> None:
    server = serve(store)
    key = key_for(store, "lgsp", ApiScope.READ_FIGURES)
    server.get("/api/v1/projects", key)
    server.get("/api/v1/projects/nowhere", key)
    calls = audit_trail(store, actor=ROOT, user="api:lgsp")
    assert sorted(int((c.after or {})["status"]) for c in calls) == [200, 404]
    assert {c.action for c in calls} == {"api_call"}


def test_petitions_figures_are_counts_only(demo_store: Store, serve: Any) -> None:
    key = key_for(demo_store, "lgsp", ApiScope.READ_FIGURES)
    answer = serve(demo_store).get("/api/v1/petitions/figures?start=2020-01-01&end=2030-12-31", key)
    assert answer.status == 200 and answer.body["start"] == "2020-01-01"
    assert "name" not in str(answer.body).lower()


def test_a_key_calling_too_often_is_told_to_wait(store: Store, serve: Any) -> None:
    server = serve(store, per_minute=3)
    key = key_for(store, "lgsp", ApiScope.READ_FIGURES)
    statuses = [server.get("/api/v1/projects", key).status for _ in range(5)]
    assert statuses[:3] == [200, 200, 200] and statuses[-1] == 429
    late = server.get("/api/v1/projects", key)
    assert int(late.headers["retry-after"]) >= 1 and "giây" in late.body["error"]["vi"]


def test_the_openapi_document_lists_every_route(store: Store, serve: Any) -> None:
    document = serve(store).get("/api/v1/openapi.json").body
    assert document["openapi"].startswith("3.")
    assert "/api/v1/changes" in document["paths"]
    assert "post" in document["paths"]["/api/v1/households/{id}/consent"]


def test_an_unknown_address_is_refused_as_json(store: Store, serve: Any) -> None:
    answer = serve(store).get("/api/v1/nothing-here")
    assert answer.status == 404 and answer.body["error"]["en"]

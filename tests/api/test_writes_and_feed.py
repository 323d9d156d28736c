"""Writing consent through the API (idempotent, against the version seen) and the change feed."""

from __future__ import annotations

import datetime as dt
from typing import Any

from consultations.api_clients.model import ApiScope
from consultations.api_clients.service import create_client
from consultations.consent.service import consent_history, record_consent
from consultations.core.access import Role, Scope, operator
from consultations.core.records import ConsentStatus
from consultations.core.store import Store
from consultations.households.service import households_seen_by
from consultations.projects.service import find_project

ROOT = operator("cli:test")
SLUG = "cat-van-220kv"


def officer_key(store: Store, *scopes: ApiScope) -> str:
    project = find_project(store, SLUG)
    return create_client(store, "officer", scopes or (ApiScope.READ_FIGURES, ApiScope.READ_HOUSEHOLDS,
                         ApiScope.WRITE_CONSENT), actor=ROOT, role=Role.FIELD_OFFICER,
                         projects=[Scope(project.id)]).key  # fmt: skip


def a_household(store: Store) -> int:
    return households_seen_by(store, find_project(store, SLUG).id, actor=ROOT)[0].id


def informed() -> dict[str, Any]:
    return {"status": "informed", "happened_on": dt.date.today().isoformat(), "note": "qua API"}


def test_consent_is_recorded_once_per_key_against_the_version_seen(
    demo_store: Store, serve: Any
) -> None:
    server, key, household = serve(demo_store), officer_key(demo_store), a_household(demo_store)
    before = len(consent_history(demo_store, household, actor=ROOT))
    seen = server.get(f"/api/v1/households/{household}", key)
    headers = {"If-Match": seen.headers["etag"], "Idempotency-Key": "k-1"}
    first = server.call("POST", f"/api/v1/households/{household}/consent", key, informed(), headers)
    again = server.call("POST", f"/api/v1/households/{household}/consent", key, informed(), headers)
    assert first.status == 201 and again.status == 201
    assert first.body["consent_event"]["id"] == again.body["consent_event"]["id"]
    assert first.body["consent_event"]["recorded_by"] == "api:officer"
    assert first.headers["etag"] != seen.headers["etag"]
    assert len(consent_history(demo_store, household, actor=ROOT)) == before + 1


def test_a_stale_version_is_a_409_that_says_what_changed(demo_store: Store, serve: Any) -> None:
    server, key, household = serve(demo_store), officer_key(demo_store), a_household(demo_store)
    seen = server.get(f"/api/v1/households/{household}", key)
    record_consent(demo_store, household, ConsentStatus.CONCERNS, dt.date.today(),
                   seen_version=seen.body["version"], actor=ROOT, note="tại nhà văn hóa")  # fmt: skip
    stale = server.call("POST", f"/api/v1/households/{household}/consent", key, informed(),
                        {"If-Match": seen.headers["etag"], "Idempotency-Key": "k-2"})  # fmt: skip
    assert stale.status == 409
    assert "cli:test" in stale.body["error"]["vi"] and "cli:test" in stale.body["error"]["en"]
    assert "changed" in stale.body["error"]["en"]


def test_a_write_without_its_headers_or_scope_is_refused(demo_store: Store, serve: Any) -> None:
    server, household = serve(demo_store), a_household(demo_store)
    key = officer_key(demo_store)
    bare = server.call("POST", f"/api/v1/households/{household}/consent", key, informed())
    assert bare.status == 428 and "If-Match" in bare.body["error"]["vi"]
    reader = create_client(demo_store, "reader", (ApiScope.READ_HOUSEHOLDS,), actor=ROOT).key
    refused = server.call("POST", f"/api/v1/households/{household}/consent", reader, informed(),
                          {"If-Match": '"v1"', "Idempotency-Key": "k-3"})  # fmt: skip
    assert refused.status == 403 and "write:consent" in refused.body["error"]["en"]


def test_the_feed_pages_through_every_change_in_order(demo_store: Store, serve: Any) -> None:
    server = serve(demo_store)
    key = create_client(demo_store, "lgsp", (ApiScope.READ_FIGURES,), actor=ROOT).key
    seen: list[dict[str, Any]] = []
    cursor = 0
    while True:
        page = server.get(f"/api/v1/changes?since={cursor}&limit=500", key)
        assert page.status == 200 and len(page.body["changes"]) <= 500
        seen += page.body["changes"]
        cursor = page.body["cursor"]
        if not page.body["more"]:
            break
    ids = [c["id"] for c in seen]
    assert ids == sorted(ids) and len(ids) == len(set(ids)) and len(ids) > 15
    assert not {"payload", "actor"} & {k for c in seen for k in c}
    assert not any(c["kind"].startswith(("api_client", "user", "api_call")) for c in seen)
    first = households_seen_by(demo_store, find_project(demo_store, SLUG).id, actor=ROOT)[0]
    household = first.id
    record_consent(demo_store, household, ConsentStatus.INFORMED, dt.date.today(),
                   seen_version=first.version, actor=ROOT, note="-")  # fmt: skip
    news = server.get(f"/api/v1/changes?since={cursor}", key).body["changes"]
    assert [c["kind"] for c in news] == ["consent_event.create"]  # one change, one event
    assert news[0]["href"] == f"/api/v1/households/{household}"


def test_a_page_holds_at_most_a_thousand_changes(demo_store: Store, serve: Any) -> None:
    server = serve(demo_store)
    key = create_client(demo_store, "lgsp", (ApiScope.READ_FIGURES,), actor=ROOT).key
    page = server.get("/api/v1/changes?since=0&limit=5000", key)
    assert page.status == 200 and len(page.body["changes"]) <= 1000
    assert page.headers["etag"]

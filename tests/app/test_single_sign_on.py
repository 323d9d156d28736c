"""Single sign-on through Streamlit's OIDC login: the provider says who it is, Clearway what they may
do. ``AppTest.user`` stands for what the provider returned."""

from __future__ import annotations

from pathlib import Path

import pytest
from streamlit.testing.v1 import AppTest

from consultations.accounts.service import create_user
from consultations.core.access import Role, operator
from consultations.core.database import open_store

ROOT = Path(__file__).resolve().parents[2]
SSO_BUTTON = "Đăng nhập bằng tài khoản đăng nhập một lần của tỉnh"


def entry(database: str, monkeypatch: pytest.MonkeyPatch, user: dict[str, object]) -> AppTest:
    monkeypatch.setenv("DATABASE_URL", database)
    app = AppTest.from_file(str(ROOT / "streamlit_app.py"), default_timeout=60)
    app.user = user
    return app.run()


@pytest.fixture(scope="module")
def chair(database: str) -> str:
    store = open_store(database)
    create_user(store, "lan@nghean.gov.vn", "mot-mat-khau-dai", Role.CHAIR, actor=operator("t"))
    store.dispose()
    return "lan@nghean.gov.vn"


def test_a_person_signed_in_by_the_provider_enters_with_their_clearway_role(
    database: str, chair: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    app = entry(database, monkeypatch, {"is_logged_in": True, "email": "Lan@NgheAn.gov.vn"})
    assert not app.exception
    captions = [c.value for c in app.sidebar.caption]
    assert any(c.startswith(f"Đăng nhập: {chair} (") for c in captions)
    assert app.title[0].value == "Tuần này"  # the app itself (a chair lands on This week)


def test_a_person_without_a_clearway_account_is_told_so_and_can_sign_out(
    database: str, chair: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    app = entry(database, monkeypatch, {"is_logged_in": True, "email": "la@khac.vn"})
    assert not app.exception
    assert app.title[0].value == "Đăng nhập"
    assert "Không có tài khoản Clearway cho la@khac.vn" in app.error[0].value
    assert "Đăng xuất khỏi đăng nhập một lần" in [b.label for b in app.button]
    assert SSO_BUTTON not in [b.label for b in app.button]  # not signed in again in a loop


def test_the_single_sign_on_is_offered_only_where_it_is_set_up(
    database: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    offered = entry(database, monkeypatch, {"is_logged_in": False})
    assert SSO_BUTTON in [b.label for b in offered.button]
    assert offered.text_input  # the password form stays, for accounts without single sign-on
    not_set_up = entry(database, monkeypatch, {})  # no [auth] in secrets.toml
    assert SSO_BUTTON not in [b.label for b in not_set_up.button]

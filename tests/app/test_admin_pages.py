"""The administrators' pages: users and the audit log; anyone else is refused by the services."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest
from streamlit.testing.v1 import AppTest

from consultations.accounts.service import sign_in
from consultations.core.access import Actor, Role
from consultations.core.database import open_store
from consultations.land.kinds import LayerKind

ROOT = Path(__file__).resolve().parents[2]


def run(page: str, url: str, actor: Actor, monkeypatch: pytest.MonkeyPatch) -> AppTest:
    monkeypatch.setenv("DATABASE_URL", url)
    app = AppTest.from_file(str(ROOT / "app_pages" / page), default_timeout=60)
    app.session_state["actor"] = actor
    app.run()
    return app


def test_an_admin_adds_a_field_officer_who_can_then_sign_in(
    database: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    app = run("users.py", database, Actor("admin", Role.ADMIN), monkeypatch)
    assert not app.exception, app.exception
    form = app.text_input
    form[0].input("lan")
    form[1].input("Nguyễn Thị Lan")
    assert app.selectbox[0].value is Role.VIEWER  # the least right until one is chosen
    app.selectbox[0].select(Role.FIELD_OFFICER)
    store = open_store(database)
    from consultations.projects.service import find_project

    cat_van = find_project(store, "cat-van-220kv").id
    store.dispose()
    app.multiselect[0].set_value([(cat_van, "Cát Văn")])  # where she works
    form[2].input("mat-khau-cua-lan")
    app.button[0].click().run()
    assert not app.exception, app.exception
    assert any("lan" in s.value for s in app.success)
    store = open_store(database)
    assert sign_in(store, "lan", "mat-khau-cua-lan").role is Role.FIELD_OFFICER
    store.dispose()


def test_the_audit_log_is_filtered_by_user(database: str, monkeypatch: pytest.MonkeyPatch) -> None:
    app = run("audit.py", database, Actor("admin", Role.ADMIN), monkeypatch)
    assert not app.exception, app.exception
    app.date_input[0].set_value(dt.date(2000, 1, 1)).run()
    everyone = app.dataframe[0].value
    app.text_input[0].input("demo").run()
    demo = app.dataframe[0].value
    assert 0 < len(demo) <= len(everyone)
    assert set(demo["Người thực hiện"]) == {"demo"}


@pytest.mark.parametrize("page", ["users.py", "audit.py"])
def test_a_chair_is_refused_by_the_services_behind_the_admin_pages(
    database: str, monkeypatch: pytest.MonkeyPatch, page: str
) -> None:
    app = run(page, database, Actor("chair", Role.CHAIR), monkeypatch)
    assert not app.exception, app.exception
    assert any("không được làm việc này" in e.value for e in app.error)


def test_a_new_password_keeps_the_field_officers_communes(
    database: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    from consultations.accounts.service import create_user
    from consultations.core.access import Scope, operator
    from consultations.projects.service import find_project

    store = open_store(database)
    project = find_project(store, "hung-nguyen-vsip")
    create_user(store, "minh", "mat-khau-cua-minh", Role.FIELD_OFFICER, actor=operator("t"),
                scopes=[Scope(project.id, "Hưng Nguyên")])  # fmt: skip
    app = run("users.py", database, Actor("admin", Role.ADMIN), monkeypatch)
    next(s for s in app.selectbox if s.key == "change-user-name").select("minh").run()
    next(t for t in app.text_input if t.label == "Mật khẩu mới (để trống nếu giữ nguyên)").input(
        "mat-khau-moi-cua-minh"
    )
    app.button[1].click().run()  # "Lưu" of "Change a user"
    assert not app.exception, app.exception
    actor = sign_in(store, "minh", "mat-khau-moi-cua-minh")
    store.dispose()
    assert actor.scopes == (Scope(project.id, "Hưng Nguyên"),)


def test_an_admin_creates_a_project_and_is_led_to_import_its_layers(
    database: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    app = run("new_project.py", database, Actor("admin", Role.ADMIN), monkeypatch)
    assert not app.exception, app.exception
    assert app.selectbox[0].value == "Nghệ An"  # the province; its zone is offered first
    assert "104°45' (Nghệ An) · múi chiếu của tỉnh" in app.selectbox[2].options[0]
    app.text_input[0].input("Đường dây 110 kV Nam Đàn")
    app.text_input[1].input("Nam Đàn")  # not a short name
    app.multiselect[0].set_value(["Nam Đàn"])
    app.button[0].click().run()
    assert not app.exception, app.exception
    assert any("Nam Đàn" in e.value and "chữ thường" in e.value for e in app.error)
    assert app.text_input[0].value == "Đường dây 110 kV Nam Đàn"  # what was typed is kept

    app.text_input[1].input("duong-day-110kv-nam-dan")
    app.button[0].click().run()
    assert not app.exception, app.exception
    assert any("Đường dây 110 kV Nam Đàn" in s.value for s in app.success)
    store = open_store(database)
    from consultations.projects.service import find_project

    project = find_project(store, "duong-day-110kv-nam-dan")
    store.dispose()
    assert (project.province, project.crs_epsg, project.voltage_kv) == ("Nghệ An", 9208, 220.0)
    assert ("commune", "Nam Đàn") in project.units
    assert app.session_state["project_slug"] == project.slug  # the Import page opens on it
    assert [b.label for b in app.button][:2] == [
        "Nhập các lớp dữ liệu của dự án ngay",
        "Tạo thêm dự án khác",
    ]

    importing = AppTest.from_file(str(ROOT / "app_pages" / "import_layer.py"), default_timeout=60)
    importing.session_state["actor"] = Actor("admin", Role.ADMIN)
    importing.session_state["project_slug"] = project.slug
    importing.run()
    assert not importing.exception, importing.exception
    assert importing.selectbox[0].value == "Đường dây 110 kV Nam Đàn"
    assert importing.selectbox[1].value == LayerKind.CENTRELINE  # the line first, then the rest


CAT_VAN = "Đường dây 220 kV Đô Lương – Tương Dương, đoạn qua xã Cát Văn"


def setup_page(database: str, monkeypatch: pytest.MonkeyPatch) -> AppTest:
    app = run("project_setup.py", database, Actor("admin", Role.ADMIN), monkeypatch)
    assert not app.exception, app.exception
    app.selectbox[0].select(next(o for o in app.selectbox[0].options if o == CAT_VAN)).run()
    return app


def test_an_admin_closes_a_project_from_its_set_up_page_and_reopens_it(
    database: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    app = setup_page(database, monkeypatch)
    next(b for b in app.button if b.label == "Đóng").click().run()
    assert any("lý do" in e.value for e in app.error)  # a reason is asked for, nothing closed
    next(t for t in app.text_input if t.label.startswith("Lý do")).input("QĐ 45/QĐ-UBND")
    next(b for b in app.button if b.label == "Đóng").click().run()
    assert not app.exception, app.exception
    assert any("Đã đóng ngày" in w.value for w in app.warning)
    overview = run("overview.py", database, Actor("admin", Role.ADMIN), monkeypatch)
    assert any("đã đóng" in str(v) for v in overview.dataframe[0].value["Dự án"])
    next(t for t in app.text_input if t.label.startswith("Lý do")).input("Bổ sung hồ sơ")
    next(b for b in app.button if b.label == "Mở lại").click().run()
    assert not app.exception, app.exception
    assert not any("Đã đóng ngày" in w.value for w in app.warning)


def _saved_voltage(database: str) -> float | None:
    from consultations.projects.service import find_project

    store = open_store(database)
    voltage = find_project(store, "cat-van-220kv").voltage_kv
    store.dispose()
    return voltage


def _type_line(app: AppTest, voltage: str, spread: str) -> None:
    next(n for n in app.text_input if n.label == "Cấp điện áp (kV)").input(voltage)
    next(n for n in app.text_input if n.label.startswith("Từ tim tuyến")).input(spread)
    next(b for b in app.button if b.label == "Lưu thông số").click().run()
    assert not app.exception, app.exception


def test_a_new_line_voltage_is_previewed_and_saved_only_when_confirmed(
    database: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    from consultations.households.service import add_household
    from consultations.projects.service import find_project

    store = open_store(database)  # a household on 12/144, outside the 220 kV corridor
    add_household(store, find_project(store, "cat-van-220kv").id, "CV99", {"head_name": "Lê Thị Hoa"},
                  parcels=("12/144",), actor=Actor("admin", Role.ADMIN))  # fmt: skip
    store.dispose()
    app = setup_page(database, monkeypatch)
    assert next(n for n in app.text_input if n.label == "Cấp điện áp (kV)").value == "220"
    _type_line(app, "500", "12,5")
    shown = " ".join(m.value for m in app.markdown)
    assert "Thửa mới bị ảnh hưởng" in shown and "12/144" in shown  # the preview
    assert _saved_voltage(database) == 220  # nothing saved yet
    assert not app.checkbox  # nobody leaves: no tick asked for
    next(b for b in app.button if b.label == "Xác nhận và lưu thông số").click().run()
    assert any("Đã lưu thông số" in s.value and "Thửa mới bị ảnh hưởng" in s.value
               for s in app.success)  # fmt: skip
    assert _saved_voltage(database) == 500
    assert next(n for n in app.text_input if n.label.startswith("Từ tim tuyến")).value == "12,5"

    _type_line(app, "220", "5")  # CV99 would leave the list: a tick first
    assert any("CV99" in w.value for w in app.warning)
    confirm = next(b for b in app.button if b.label == "Xác nhận và lưu thông số")
    assert confirm.disabled and _saved_voltage(database) == 500
    app.checkbox[0].check().run()
    next(b for b in app.button if b.label == "Xác nhận và lưu thông số").click().run()
    assert any("không còn bị ảnh hưởng" in s.value for s in app.success)
    assert _saved_voltage(database) == 220


def test_a_previewed_change_cancelled_saves_nothing(
    database: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    app = setup_page(database, monkeypatch)
    _type_line(app, "500", "12,5")
    next(b for b in app.button if b.label == "Hủy").click().run()
    assert not any(b.label == "Xác nhận và lưu thông số" for b in app.button)
    assert _saved_voltage(database) == 220


def test_a_half_spread_typed_without_its_comma_is_refused_and_kept_as_typed(
    database: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    app = setup_page(database, monkeypatch)
    spread = next(n for n in app.text_input if n.label.startswith("Từ tim tuyến"))
    spread.input("35")  # "3,5" with its comma lost; the line is 220 kV
    next(b for b in app.button if b.label == "Lưu thông số").click().run()
    assert not app.exception, app.exception
    assert any("không hợp lý với đường dây 220 kV" in e.value for e in app.error)
    assert next(n for n in app.text_input if n.label.startswith("Từ tim tuyến")).value == "35"
    spread = next(n for n in app.text_input if n.label.startswith("Từ tim tuyến"))
    spread.input("4,5")
    next(b for b in app.button if b.label == "Lưu thông số").click().run()
    next(b for b in app.button if b.label == "Xác nhận và lưu thông số").click().run()
    assert any("Đã lưu thông số" in s.value for s in app.success)
    store = open_store(database)
    from consultations.projects.service import find_project

    assert find_project(store, "cat-van-220kv").conductor_half_spread_m == 4.5
    store.dispose()


def test_a_park_has_a_corridor_width_and_no_voltage_on_its_set_up_page(
    database: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    app = run("project_setup.py", database, Actor("admin", Role.ADMIN), monkeypatch)
    park = next(o for o in app.selectbox[0].options if "VSIP" in o)
    app.selectbox[0].select(park).run()
    assert not app.exception, app.exception
    labels = [n.label for n in app.text_input]
    assert "Cấp điện áp (kV)" not in labels
    width = next(n for n in app.text_input if n.label.startswith("Bề rộng hành lang"))
    assert width.value == ""  # its boundary is drawn as polygons
    width.input("40")
    next(b for b in app.button if b.label == "Lưu thông số").click().run()
    assert not app.exception, app.exception
    next(b for b in app.button if b.label == "Xác nhận và lưu thông số").click().run()
    assert any("Đã lưu thông số" in s.value for s in app.success)
    store = open_store(database)
    from consultations.projects.service import find_project

    saved = find_project(store, "hung-nguyen-vsip")
    store.dispose()
    assert saved.corridor_width_m == 40.0


def test_settings_changed_in_another_tab_are_refused_and_what_was_typed_stays(
    database: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    mine, other = setup_page(database, monkeypatch), setup_page(database, monkeypatch)
    next(t for t in other.text_input if t.label.startswith("Người chủ trì")).input("Lê Văn An")
    next(b for b in other.button if b.label == "Lưu thông số").click().run()
    assert any("Đã lưu thông số" in s.value for s in other.success)

    next(t for t in mine.text_input if t.label == "Chức vụ").input("Chủ tịch UBND xã")
    next(b for b in mine.button if b.label == "Lưu thông số").click().run()
    assert any("Lê Văn An" in e.value for e in mine.error)  # who changed what
    assert next(t for t in mine.text_input if t.label == "Chức vụ").value == "Chủ tịch UBND xã"
    next(b for b in mine.button if b.label.startswith("Xem bản mới nhất")).click().run()
    next(b for b in mine.button if b.label == "Lưu thông số").click().run()
    assert any("Đã lưu thông số" in s.value for s in mine.success)
    store = open_store(database)
    from consultations.projects.service import find_project

    saved = find_project(store, "cat-van-220kv")
    store.dispose()
    assert (saved.chair_name, saved.chair_title) == ("Lê Văn An", "Chủ tịch UBND xã")  # both kept


def test_an_admin_gives_a_field_officer_a_commune_from_the_set_up_page(
    database: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    store = open_store(database)
    from consultations.accounts.service import create_user
    from consultations.core.access import Scope, operator
    from consultations.projects.service import find_project

    park = find_project(store, "hung-nguyen-vsip").id
    create_user(store, "hoa", "mat-khau-cua-hoa", Role.FIELD_OFFICER, actor=operator("t"),
                full_name="Trần Thị Hoa", scopes=[Scope(park, "Hưng Nguyên Nam")])  # fmt: skip
    app = setup_page(database, monkeypatch)
    assert any("Chưa có cán bộ thực địa" in c.value for c in app.caption) or app.dataframe
    next(s for s in app.selectbox if s.label == "Cán bộ thực địa").select("hoa").run()
    next(m for m in app.multiselect if m.label == "Các xã được giao").set_value(["Cát Văn"])
    next(b for b in app.button if b.label == "Lưu các xã được giao").click().run()
    assert not app.exception, app.exception
    assert any("hoa nay được giao: Cát Văn" in s.value.replace("\\", "") for s in app.success)
    assert "hoa" in list(app.dataframe[0].value["Tên đăng nhập"])
    assert sign_in(store, "hoa", "mat-khau-cua-hoa").scopes[-1].commune == "Cát Văn"
    store.dispose()


def test_a_project_being_set_up_is_shown_so_and_names_its_next_step(
    database: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    from consultations.core.access import operator
    from consultations.core.records import NewProject, ProjectKind
    from consultations.projects.service import create_project

    store = open_store(database)
    create_project(store, NewProject(
        slug="dang-lam", name="Đường dây 110 kV đang làm", kind=ProjectKind.POWER_LINE,
        crs_epsg=9208, voltage_kv=110, conductor_half_spread_m=3, tower_side_m=8,
        province="Nghệ An", units=(("commune", "Cát Ngạn"),)), actor=operator("t"))  # fmt: skip
    store.dispose()
    overview = run("overview.py", database, Actor("admin", Role.ADMIN), monkeypatch)
    names = list(overview.dataframe[0].value["Dự án"])
    assert "Đường dây 110 kV đang làm · đang thiết lập" in names
    assert not any("đang thiết lập" in n for n in names if "Cát Văn" in n)  # the demo is set up
    overview.selectbox[0].select("Đường dây 110 kV đang làm").run()
    assert any("Bước tiếp theo: Tim tuyến" in i.value or "tiếp theo: Tim tuyến" in i.value
               for i in overview.info)  # fmt: skip
    setup = run("project_setup.py", database, Actor("admin", Role.ADMIN), monkeypatch)
    setup.selectbox[0].select("Đường dây 110 kV đang làm").run()
    assert not setup.exception, setup.exception
    assert any("Bước tiếp theo: Tim tuyến" in i.value for i in setup.info)
    assert any(b.label == "Làm bước này" for b in setup.button)


def test_an_admin_narrows_a_province_wide_chair_to_the_project_from_its_set_up_page(
    database: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    store = open_store(database)
    from consultations.accounts.service import create_user
    from consultations.accounts.staffing import ChairReach
    from consultations.core.access import operator
    from consultations.projects.service import find_project

    create_user(store, "binh", "mat-khau-cua-binh", Role.CHAIR, actor=operator("t"),
                full_name="Lê Văn Bình")  # fmt: skip
    app = setup_page(database, monkeypatch)
    chairs = next(f for f in app.dataframe if "Được xem" in f.value.columns)
    assert "Mọi dự án của tỉnh" in list(chairs.value["Được xem"])
    next(s for s in app.selectbox if s.label == "Lãnh đạo").select("binh").run()
    reach = next(r for r in app.radio if r.label == "Phạm vi được xem")
    assert reach.value is ChairReach.PROVINCE
    reach.set_value(ChairReach.HERE)
    next(b for b in app.button if b.label == "Lưu phạm vi được xem").click().run()
    assert not app.exception, app.exception
    assert any("binh từ nay được xem: Dự án này" in s.value.replace("\\", "") for s in app.success)
    line = find_project(store, "cat-van-220kv")
    assert sign_in(store, "binh", "mat-khau-cua-binh").project_ids == {line.id}
    store.dispose()


def test_a_chair_changed_in_another_tab_is_refused_not_undone(
    database: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    store = open_store(database)
    from consultations.accounts.service import create_user
    from consultations.accounts.staffing import ChairReach, assign_chair
    from consultations.core.access import operator
    from consultations.projects.service import find_project

    create_user(store, "cuong", "mat-khau-cua-cuong", Role.CHAIR, actor=operator("t"))
    line = find_project(store, "cat-van-220kv")
    mine = setup_page(database, monkeypatch)
    next(s for s in mine.selectbox if s.label == "Lãnh đạo").select("cuong").run()
    # another administrator, in another tab, gives cuong the line meanwhile
    assign_chair(store, "cuong", line.id, ChairReach.HERE, seen=(), actor=operator("t"))
    next(b for b in mine.button if b.label == "Lưu phạm vi được xem").click().run()
    assert not mine.exception, mine.exception
    assert any("đã thay đổi từ khi bạn mở trang" in e.value for e in mine.error)
    assert sign_in(store, "cuong", "mat-khau-cua-cuong").project_ids == {line.id}  # kept
    store.dispose()


def test_a_commune_before_2025_typed_on_the_new_project_page_says_what_it_became(
    database: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    app = run("new_project.py", database, Actor("admin", Role.ADMIN), monkeypatch)
    lookup = next(t for t in app.text_input if t.label.startswith("Tên xã hoặc huyện trước năm"))
    lookup.input("XA CAT VAN").run()
    assert not app.exception, app.exception
    assert [i.value for i in app.info] == [
        "“XA CAT VAN” là xã Cát Văn (huyện Thanh Chương) theo địa giới trước năm 2025: "
        "nay đất thuộc Cát Ngạn."
    ]


def test_an_admin_sets_where_a_chairs_daily_digest_goes(
    database: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    from sqlalchemy import text

    from consultations.accounts.service import create_user
    from consultations.core.access import operator

    store = open_store(database)
    create_user(store, "chu-tich", "mat-khau-chu-tich", Role.CHAIR, actor=operator("t"))
    app = run("users.py", database, Actor("admin", Role.ADMIN), monkeypatch)
    app.selectbox(key="change-user-name").select("chu-tich").run()
    address = next(t for t in app.text_input if "digest-contact" in str(t.key))
    address.input("chutich@ubnd.example.vn")
    next(b for b in app.button if b.label == "Lưu nơi nhận bản tin").click().run()
    assert not app.exception and not app.error, [e.value for e in app.error]
    shown = [s.value.replace("\\", "") for s in app.success]  # as written, unescaped
    assert "Đã lưu: chu-tich nhận bản tin hằng ngày qua Thư điện tử." in shown
    with store.read() as conn:
        rows = conn.execute(text("SELECT channel, address, given FROM contact_consents "
                                 "WHERE username = 'chu-tich'")).all()  # fmt: skip
    assert [tuple(r) for r in rows] == [("email", "chutich@ubnd.example.vn", True)]
    store.dispose()

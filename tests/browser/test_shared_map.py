"""The shared HTML map, opened in Chromium from a file with every network request blocked."""

from __future__ import annotations

import datetime as dt
import io
from collections.abc import Iterator
from pathlib import Path

import pytest
import shapely
from PIL import Image
from playwright.sync_api import Browser, Page, expect

from consultations.concerns.store import concerns_of
from consultations.core.access import operator
from consultations.core.database import Store, open_store
from consultations.households.service import add_household
from consultations.households.store import households_of
from consultations.projects.service import find_project
from consultations.reporting.map_export import UNAFFECTED, map_categories, map_html
from consultations.reporting.maps import ProjectLand, project_land
from consultations.reporting.options import Audience
from consultations.reporting.palette import STATUS_COLOURS
from consultations.setup.demo import load_demo
from tests.browser.conftest import PHONE_USER_AGENT

XSS = "<img src=x onerror=alert(1)>"


@pytest.fixture(scope="module")
def store(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Store]:
    store = open_store(f"sqlite:///{tmp_path_factory.mktemp('map')}/map.sqlite")
    store.migrate()
    load_demo(store)
    yield store
    store.dispose()


def open_map(page: Page, html: str, folder: Path) -> None:
    path = folder / "ban_do.html"
    path.write_text(html, encoding="utf-8")
    page.goto(path.as_uri())
    page.wait_for_function("() => window.clearway && !window.clearway.parcels.isLoading()")


def open_public_map(page: Page, store: Store, slug: str, folder: Path) -> ProjectLand:
    """The project's public map opened in ``page``; its land as the store has it."""
    project = find_project(store, slug)
    open_map(
        page,
        map_html(store, project, Audience.PUBLIC, STATUS_COLOURS, actor=operator("t")),
        folder,
    )
    return project_land(store, project)


@pytest.mark.parametrize("slug", ["cat-van-220kv", "hung-nguyen-vsip"])
def test_the_public_map_draws_every_parcel_offline_with_the_stores_counts(
    store: Store, offline: tuple[Page, list[str], list[str]], tmp_path: Path, slug: str
) -> None:
    page, requests, _dialogs = offline
    project = find_project(store, slug)
    open_map(
        page,
        map_html(store, project, Audience.PUBLIC, STATUS_COLOURS, actor=operator("t")),
        tmp_path,
    )
    land = project_land(store, project)
    assert page.evaluate("window.clearway.drawn") == len(land.parcels)
    expected = land.parcels.status.where(land.parcels.affected, UNAFFECTED).value_counts()
    categories = list(map_categories(STATUS_COLOURS))
    shown = page.evaluate("window.clearway.counts")
    assert shown == [int(expected.get(code, 0)) for code in categories]
    legend = page.locator("#legend .row .count").all_text_contents()
    assert legend == [str(n) for n in shown]
    assert requests == []


def _blend(colour: str, alpha: float = 0.75, under: str = "#f4f4f0") -> tuple[int, ...]:
    top, bottom = (bytes.fromhex(c[1:]) for c in (colour, under))
    return tuple(round(alpha * t + (1 - alpha) * b) for t, b in zip(top, bottom, strict=True))


def test_each_parcel_is_painted_in_its_status_colour_and_named_under_the_pointer(
    store: Store, offline: tuple[Page, list[str], list[str]], tmp_path: Path
) -> None:
    page, _requests, _dialogs = offline
    land = open_public_map(page, store, "cat-van-220kv", tmp_path)
    parcels = land.parcels.assign(
        status=land.parcels.status.where(land.parcels.affected, UNAFFECTED)
    )
    metres_per_pixel = page.evaluate(
        "() => { const m = window.clearway.map; return m.distance(m.containerPointToLatLng([0, 400]), m.containerPointToLatLng([100, 400])) / 100; }"
    )
    margin = 4 * metres_per_pixel  # keep clear of outlines, the corridor line and tower marks
    lines = shapely.union_all([*land.corridors.boundary, *land.towers.geometry]).buffer(margin)
    parcels = parcels[~parcels.geometry.buffer(-margin).is_empty]  # too thin to aim at
    inner = parcels.geometry.buffer(-margin).representative_point()
    points = page.evaluate(
        """(points) => {
            const covers = [...document.querySelectorAll('.panel, .leaflet-control, .leaflet-tooltip')]
                .map(e => e.getBoundingClientRect());
            return points.map(([lat, lng]) => {
                const p = window.clearway.map.latLngToContainerPoint([lat, lng]);
                const hidden = covers.some(r => p.x >= r.left - 2 && p.x <= r.right + 2 && p.y >= r.top - 2 && p.y <= r.bottom + 2);
                return [Math.round(p.x), Math.round(p.y), !hidden];
            });
        }""",
        [[pt.y, pt.x] for pt in inner.to_crs(4326)],
    )
    screenshot = Image.open(io.BytesIO(page.screenshot())).convert("RGB")
    colours = {code: c.colour for code, c in map_categories(STATUS_COLOURS).items()}
    checked = 0
    for (x, y, uncovered), parcel, point in zip(points, parcels.itertuples(), inner, strict=True):
        if not uncovered or lines.contains(point):
            continue  # under a panel, a label, the corridor line or a tower
        expected = _blend(colours[parcel.status])
        shown = screenshot.getpixel((x, y))
        assert isinstance(shown, tuple)
        assert max(abs(a - b) for a, b in zip(shown, expected, strict=True)) <= 8, parcel.id
        checked += 1
        if checked % 40 == 1:
            page.mouse.move(x, y)
            tip = page.locator(".leaflet-tooltip:not(.tower)")
            assert f"{parcel.sheet_no}/{parcel.parcel_no}" in tip.inner_text()
            assert parcel.status != UNAFFECTED or "Không bị ảnh hưởng" in tip.inner_text()
    assert checked >= len(land.parcels) // 2  # most parcels are in plain view


def test_the_public_file_holds_no_phone_id_number_or_concern_text(store: Store) -> None:
    for slug in ("cat-van-220kv", "hung-nguyen-vsip"):
        project = find_project(store, slug)
        html = map_html(
            store, project, Audience.PUBLIC, STATUS_COLOURS, show_names=True, actor=operator("t")
        )
        with store.read() as conn:
            households = households_of(conn, project.id)
            concerns = concerns_of(conn, project.id)
        assert any(h.head_name in html for h in households if h.affected)  # names were ticked
        for household in households:
            secrets = [s for s in (household.phone, household.id_number) if s]
            assert all(secret not in html for secret in secrets)
        for text in concerns.text:
            assert text not in html


def test_the_as_of_map_of_cat_van_shows_six_agreed_and_nine_with_concerns(
    store: Store, offline: tuple[Page, list[str], list[str]], tmp_path: Path
) -> None:
    page, _requests, _dialogs = offline
    project = find_project(store, "cat-van-220kv")
    html = map_html(
        store,
        project,
        Audience.PUBLIC,
        STATUS_COLOURS,
        as_of=dt.date(2024, 4, 10),
        actor=operator("t"),
    )
    open_map(page, html, tmp_path)
    headline = page.locator("#title .headline").inner_text()
    assert "Đã đồng thuận (đã ký): 6" in headline and "Còn băn khoăn: 9" in headline
    assert "10/04/2024" in page.locator("#title .subtitle").inner_text()


def test_html_in_any_text_stays_text(
    store: Store, offline: tuple[Page, list[str], list[str]], tmp_path: Path
) -> None:
    page, _requests, dialogs = offline
    project = find_project(store, "hung-nguyen-vsip")
    with store.read() as conn:
        first = households_of(conn, project.id)[0]
    from consultations.households.service import edit_household

    edit_household(
        store,
        first.id,
        first.version,
        {"head_name": XSS + "</script><script>alert(2)</script>"},
        actor=operator("t"),
    )
    add_household(store, project.id, "X-1", {"head_name": XSS}, actor=operator("t"))
    for audience in Audience:
        html = map_html(
            store, project, audience, STATUS_COLOURS, show_names=True, actor=operator("t")
        )
        assert "</script><script>alert(2)" not in html
        open_map(page, html, tmp_path)
        page.locator("#map").hover()
        assert dialogs == []
        # No basemap asked for: the one <img> is the public page's QR code, drawn by our script
        # from a data: URI; any other is injected.
        images = page.eval_on_selector_all(
            "img", "els => els.map(e => [e.parentElement.id, e.src])"
        )
        assert all(parent == "qr" and src.startswith("data:image/") for parent, src in images)
        names = page.evaluate(
            "JSON.parse(document.getElementById('map-data').textContent).parcels.names"
        )
        assert any(XSS in (n or "") for n in names)  # carried as text, shown with textContent


def test_on_a_phone_a_tap_names_the_parcel_and_fingers_move_the_map(
    store: Store, browser: Browser, tmp_path: Path
) -> None:
    """A household member at the meeting opens the shared map on their phone: a tap on a parcel
    names it (there is no pointer to hover with), and a one-finger swipe moves the map."""
    context = browser.new_context(
        viewport={"width": 360, "height": 740}, user_agent=PHONE_USER_AGENT, is_mobile=True,
        has_touch=True,
    )  # fmt: skip
    context.route("**/*", lambda route: route.continue_() if route.request.url.startswith("file:")
                  else route.abort())  # fmt: skip
    page = context.new_page()
    land = open_public_map(page, store, "cat-van-220kv", tmp_path)
    big = land.parcels[land.parcels.affected].to_crs(4326)
    parcel = big.loc[big.to_crs(land.parcels.crs).area.idxmax()]
    point = parcel.geometry.representative_point()
    page.evaluate("([lat, lng]) => window.clearway.map.setView([lat, lng], 19, {animate: false})",
                  [point.y, point.x])  # fmt: skip
    page.wait_for_function("() => !window.clearway.parcels.isLoading()")
    x, y = page.evaluate(
        "([lat, lng]) => { const p = window.clearway.map.latLngToContainerPoint([lat, lng]);"
        " return [Math.round(p.x), Math.round(p.y)]; }",
        [point.y, point.x],
    )
    box = page.locator("#map").bounding_box()
    assert box is not None
    page.touchscreen.tap(box["x"] + x, box["y"] + y)
    tip = page.locator(".leaflet-tooltip:not(.tower)")
    expect(tip).to_contain_text(f"{parcel.sheet_no}/{parcel.parcel_no}")

    before = page.evaluate("window.clearway.map.getCenter()")
    finger = context.new_cdp_session(page)  # a swipe: touches Chromium takes as a finger's
    start_x, start_y = box["x"] + 180, box["y"] + 300
    finger.send("Input.dispatchTouchEvent",
                {"type": "touchStart", "touchPoints": [{"x": start_x, "y": start_y}]})  # fmt: skip
    for step in range(1, 11):
        finger.send("Input.dispatchTouchEvent", {"type": "touchMove",
                    "touchPoints": [{"x": start_x - 12 * step, "y": start_y - 8 * step}]})  # fmt: skip
    finger.send("Input.dispatchTouchEvent", {"type": "touchEnd", "touchPoints": []})
    after = page.evaluate("window.clearway.map.getCenter()")
    assert after["lng"] > before["lng"] and after["lat"] < before["lat"]  # dragged up and left
    context.close()

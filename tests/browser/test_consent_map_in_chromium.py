"""The consent map page in Chromium: parcels drawn offline, named under the pointer, and a click that
opens the parcel's households beside the map."""

from __future__ import annotations

import json
import re
from collections.abc import Callable

from playwright.sync_api import FrameLocator, Page, expect

from consultations.consent.service import record_consent
from consultations.core.access import operator
from consultations.core.database import open_store
from consultations.core.records import ConsentStatus, ParcelStatus
from consultations.households.store import households_of
from consultations.projects.service import find_project
from tests.browser.conftest import choose, settled, visit
from translations import local_today

CAT_VAN = "Đường dây 220 kV Đô Lương – Tương Dương, đoạn qua xã Cát Văn"

#: A point of the map over a drawn parcel that has households (its status is not "no household"):
#: [x, y, parcels drawn], or null while tiles are still drawing.
FIND_PARCEL = """(noHousehold) => {
    const map = Object.values(window).find(v => v instanceof L.Map);
    const layer = window.clearwayParcelLayer;
    if (!layer || layer.tiles.isLoading()) return null;
    const size = map.getSize();
    for (let y = 40; y < size.y - 40; y += 9) {
        for (let x = 60; x < size.x - 60; x += 9) {
            const i = layer.parcelAt(map.containerPointToLatLng([x, y]));
            if (i >= 0 && layer.statusOf(i) !== noHousehold) return [x, y, layer.drawn];
        }
    }
    return null;
}"""


def parcel_with_households(page: Page, frame: FrameLocator) -> tuple[int, int, int]:
    """A point of the map in ``frame`` over a drawn parcel with households: x, y, parcels drawn."""
    no_household = list(ParcelStatus).index(ParcelStatus.NO_HOUSEHOLD)
    for _attempt in range(40):  # the map draws its tiles over a few frames
        found = frame.locator("body").evaluate(
            FIND_PARCEL.replace("(noHousehold) =>", "(_body, noHousehold) =>"), no_household
        )
        if found:
            return int(found[0]), int(found[1]), int(found[2])
        page.wait_for_timeout(250)
    raise AssertionError("no parcel with households drawn on the consent map")


def test_a_click_on_a_parcel_shows_its_households_history_beside_the_map_and_opens_one(
    page: Page, app_url: str
) -> None:
    visit(page, f"{app_url}/consent_map")  # the first project (switching swaps the map's frame)
    expect(page.get_by_role("heading", name="Bản đồ đồng thuận")).to_be_visible(timeout=30_000)
    iframe = page.locator('iframe[title="streamlit_folium.st_folium"]')
    expect(iframe).to_be_visible(timeout=30_000)
    frame = iframe.content_frame
    expect(frame.locator("canvas.leaflet-tile").first).to_be_attached(timeout=30_000)
    box = iframe.bounding_box()
    assert box is not None
    x, y, drawn = parcel_with_households(page, frame)
    assert drawn > 0
    # Pointed at on the map's own element, wherever the page has moved it by then.
    map_element = frame.locator(".leaflet-container").first
    map_element.hover(position={"x": x, "y": y})
    tooltip = frame.locator(".leaflet-tooltip")
    expect(tooltip).to_be_visible()
    label = tooltip.inner_text().split("\n")[0]
    assert "/" in label  # sheet/parcel
    map_element.click(position={"x": x, "y": y})
    expect(page.get_by_role("heading", name=f"Thửa {label}")).to_be_visible(timeout=20_000)

    settled(page)  # the households beside the map are drawn (a rerun makes them inert meanwhile)
    # One per household of the parcel (the affected-parcel listing below the map is not one).
    household = (
        page.locator('[data-testid="stExpander"]').filter(has_not_text="Thửa bị ảnh hưởng (").first
    )
    expect(household).to_be_visible()
    title = household.locator("summary").inner_text().split("\n")[-1]  # after the fold icon
    code = title.split(" · ")[0].strip()
    if household.locator("details[open]").count() == 0:
        household.locator("summary").click()  # several households: each folded
    expect(household.get_by_text("ý kiến chưa giải quyết")).to_be_visible()  # its open concerns
    update = household.get_by_role("button", name=f"Mở {code} để cập nhật")
    expect(update).to_be_visible()
    update.click()  # straight to that household's consent form
    expect(page.get_by_role("heading", name="Cập nhật thực địa")).to_be_visible(timeout=20_000)
    expect(page.get_by_role("radio", name=re.compile(f"^{code} · "))).to_be_checked(timeout=20_000)
    expect(page.get_by_role("button", name="Lưu trạng thái")).to_be_visible()
    assert not [u for u in page.blocked_requests if "leaflet" in u]  # type: ignore[attr-defined]


#: The parcel layer of the one map frame on screen: parcels drawn, counts by status, and whether the
#: frame is still the one marked (window.sameMap), i.e. was not reloaded since. Null while Streamlit
#: is swapping frames.
LAYER = """(mark) => {
    const frames = Array.from(document.querySelectorAll('iframe[title="streamlit_folium.st_folium"]'))
        .filter(f => f.offsetWidth > 0 && f.contentWindow.clearwayParcelLayer);
    if (frames.length !== 1) return null;
    const w = frames[0].contentWindow, layer = w.clearwayParcelLayer;
    if (mark) w.sameMap = 1;
    return [layer.drawn, Array.from(layer.counts), w.sameMap === 1];
}"""


#: Marks the one map frame on screen if its layer's shapes came from the file ``url``.
FROM_FILE = """(url) => {
    const frames = Array.from(document.querySelectorAll('iframe[title="streamlit_folium.st_folium"]'))
        .filter(f => f.offsetWidth > 0 && f.contentWindow.clearwayParcelLayer);
    if (frames.length !== 1) return false;
    const w = frames[0].contentWindow;
    if (!w.performance.getEntriesByType("resource").some(e => e.name === url)) return false;
    w.sameMap = 1;
    return true;
}"""


def layer_when(
    page: Page, wanted: Callable[[int, list[int], bool], bool]
) -> tuple[int, list[int], bool]:
    """The map's layer state once ``wanted(drawn, counts, same)`` holds (waits up to 40 s)."""
    state = None
    for _attempt in range(160):
        state = page.evaluate(LAYER, False)
        if state and wanted(*state):
            return state[0], state[1], state[2]
        page.wait_for_timeout(250)
    raise AssertionError(f"the map never showed what was wanted; last seen: {state}")


def refuse(database: str, code: str) -> None:
    """Cát Văn's household ``code`` refuses today, recorded as the field page would."""
    store = open_store(database)
    with store.read() as conn:
        cat_van = find_project(store, "cat-van-220kv").id
        household = next(h for h in households_of(conn, cat_van) if h.code == code)
    record_consent(store, household.id, ConsentStatus.REFUSED, local_today(),
                   seen_version=household.version, actor=operator("test"), note="đổi ý")  # fmt: skip
    store.dispose()


def test_a_status_change_and_a_filter_recolour_the_map_without_reloading_it(
    page: Page, app_url: str, app_database: str
) -> None:
    visit(page, f"{app_url}/consent_map")
    choose(page, "Dự án", CAT_VAN)
    expect(page.get_by_text("Hộ bị ảnh hưởng").first).to_be_visible(timeout=30_000)
    settled(page)
    refused, agreed = (
        list(ParcelStatus).index(ParcelStatus.REFUSED),
        list(ParcelStatus).index(ParcelStatus.AGREED),
    )
    drawn, counts, _same = layer_when(
        page, lambda d, c, s: d > 0 and c[agreed] == 30
    )  # Cát Văn's map
    assert drawn == sum(counts) and counts[refused] == 0
    page.evaluate(LAYER, True)  # mark the frame on screen

    refuse(app_database, "CV07")
    page.get_by_role("heading", name="Bản đồ đồng thuận").click()  # out of the project's box
    page.keyboard.press("r")  # Streamlit's rerun key: the next thing the user does reruns the page

    drawn_after, counts_after, same = layer_when(page, lambda d, c, s: c[refused] > 0)
    assert same, "the map was reloaded instead of recoloured"
    assert drawn_after == drawn and counts_after[agreed] == counts[agreed] - counts_after[refused]
    expect(page.get_by_text(f"Đã đồng thuận (đã ký): {counts_after[agreed]}")).to_be_visible()

    page.locator('[data-testid="stMultiSelect"]', has_text="Trạng thái").click()
    page.get_by_role("option", name="Đã đồng thuận (đã ký)").click()
    page.keyboard.press("Escape")
    drawn_filtered, counts_filtered, same = layer_when(page, lambda d, c, s: d < drawn)
    assert same
    assert drawn_filtered == counts_filtered[agreed] == sum(counts_filtered) == counts_after[agreed]


def test_the_shapes_come_once_as_a_file_and_a_rerun_or_a_click_sends_only_statuses(
    page: Page, app_url: str, app_database: str
) -> None:
    """The map's frame fetches the parcels' shapes once, from a file named by their content; a
    status change and a click rerun the page without a shape in anything the server sends."""
    files: list[str] = []
    page.on("request", lambda r: files.append(r.url) if "/app/static/parcels/" in r.url else None)
    received: list[bytes] = []  # what the server sends the page, message by message
    page.on("websocket", lambda ws: ws.on("framereceived", lambda m: received.append(
        m if isinstance(m, bytes) else m.encode("utf-8"))))  # fmt: skip
    visit(page, f"{app_url}/consent_map")
    settled(page)
    box = page.locator('[data-testid="stSelectbox"]', has_text="Dự án").get_by_role("combobox")
    switched = box.input_value() != CAT_VAN
    while not files:  # the first project's map fetches its shapes
        page.wait_for_timeout(250)
    choose(page, "Dự án", CAT_VAN)
    while switched and len(files) < 2:  # and Cát Văn's, in its new frame
        page.wait_for_timeout(250)
    refused = list(ParcelStatus).index(ParcelStatus.REFUSED)
    # The frame on screen that fetched Cát Văn's shapes (not the first project's, which stays on
    # screen while the new frame fetches them), marked.
    for _attempt in range(160):
        if page.evaluate(FROM_FILE, files[-1]):
            break
        page.wait_for_timeout(250)
    _drawn, before, _same = layer_when(page, lambda d, c, s: s and d > 0)
    fetched = len(files)
    assert fetched == len(set(files)) >= 1  # each project's map its own file, fetched once
    shapes = page.request.get(files[-1])
    assert shapes.ok and re.fullmatch(r".*/app/static/parcels/[0-9a-f]{32}\.json", files[-1])
    layer = shapes.json()
    assert set(layer) == {"g", "label"}  # shapes and sheet/parcel labels: no person, no status
    # A parcel's first vertices as the script carried them before (JSON without spaces).
    first_ring = json.dumps(layer["g"][0][0][:4], separators=(",", ":"))[:-1].encode()
    assert not any(first_ring in m for m in received)

    received.clear()
    refuse(app_database, "CV09")
    page.get_by_role("heading", name="Bản đồ đồng thuận").click()
    settled(page)  # a key pressed during a run is lost
    page.keyboard.press("r")
    _drawn, _counts, same = layer_when(page, lambda d, c, s: c[refused] > before[refused])
    assert same and received, "the map was reloaded instead of recoloured"
    assert not any(first_ring in m for m in received)

    frame = page.locator('iframe[title="streamlit_folium.st_folium"]').content_frame
    found = frame.locator("body").evaluate(
        FIND_PARCEL.replace("(noHousehold) =>", "(_body, noHousehold) =>"), -1
    )
    assert found
    received.clear()
    frame.locator(".leaflet-container").first.click(position={"x": found[0], "y": found[1]})
    label = frame.locator(".leaflet-tooltip").inner_text().split("\n")[0]
    expect(page.get_by_role("heading", name=f"Thửa {label}")).to_be_visible(timeout=20_000)
    settled(page)
    assert page.evaluate(LAYER, False)[2], "the click reloaded the map"
    assert not any(first_ring in m for m in received)
    assert len(files) == fetched  # and the shapes were not fetched again


def test_on_a_phone_a_tap_on_a_parcel_is_named_by_the_map_itself_then_its_households_shown(
    phone: Page, app_url: str
) -> None:
    visit(phone, f"{app_url}/consent_map")  # the first project: its frame is not swapped
    settled(phone)
    iframe = phone.locator('iframe[title="streamlit_folium.st_folium"]')
    iframe.scroll_into_view_if_needed()
    frame = iframe.content_frame
    x, y, _drawn = parcel_with_households(phone, frame)
    frame.locator(".leaflet-container").first.tap(position={"x": x, "y": y})
    tooltip = frame.locator(".leaflet-tooltip")  # named by the map in its frame, from its shapes
    expect(tooltip).to_be_visible()
    label = tooltip.inner_text().split("\n")[0]
    assert "/" in label
    heading = phone.get_by_role("heading", name=f"Thửa {label}")
    try:
        expect(heading).to_be_visible(timeout=15_000)
    except AssertionError:
        # A tap that lands while Streamlit is still running the page can be dropped by
        # streamlit-folium (seen under a loaded CI, not by hand): the person taps again once the
        # page has settled, and the households then show.
        settled(phone)
        frame.locator(".leaflet-container").first.tap(position={"x": x, "y": y})
        expect(heading).to_be_visible(timeout=20_000)

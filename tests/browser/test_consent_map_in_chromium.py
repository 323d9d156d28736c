"""The consent map page in Chromium: parcels drawn offline, named under the pointer, and a click that
opens the parcel's households beside the map."""

from __future__ import annotations

from playwright.sync_api import Page, expect

from tests.browser.conftest import visit

FIND_PARCEL = """() => {
    const map = Object.values(window).find(v => v instanceof L.Map);
    const layer = Object.values(window).find(v => v && v.tiles instanceof L.GridLayer);
    const size = map.getSize();
    for (let y = 40; y < size.y - 40; y += 9) {
        for (let x = 60; x < size.x - 60; x += 9) {
            const i = layer.parcelAt(map.containerPointToLatLng([x, y]));
            if (i >= 0 && !layer.tiles.isLoading()) return [x, y, layer.drawn];
        }
    }
    return null;
}"""


def test_a_click_on_a_parcel_opens_its_households_beside_the_map(page: Page, app_url: str) -> None:
    visit(page, f"{app_url}/consent_map")
    expect(page.get_by_role("heading", name="Bản đồ đồng thuận")).to_be_visible(timeout=30_000)
    iframe = page.locator('iframe[title="streamlit_folium.st_folium"]')
    expect(iframe).to_be_visible(timeout=30_000)
    frame = iframe.content_frame
    expect(frame.locator("canvas.leaflet-tile").first).to_be_attached(timeout=30_000)
    box = iframe.bounding_box()
    assert box is not None
    found = None
    for _attempt in range(40):  # the map draws its tiles over a few frames
        found = frame.locator("body").evaluate(FIND_PARCEL.replace("() =>", "(_body) =>"))
        if found:
            break
        page.wait_for_timeout(250)
    assert found, "no parcel drawn on the consent map"
    x, y, drawn = found
    assert drawn > 0
    page.mouse.move(box["x"] + x, box["y"] + y)
    tooltip = frame.locator(".leaflet-tooltip")
    expect(tooltip).to_be_visible()
    label = tooltip.inner_text().split("\n")[0]
    assert "/" in label  # sheet/parcel
    page.mouse.click(box["x"] + x, box["y"] + y)
    expect(page.get_by_role("heading", name=f"Thửa {label}")).to_be_visible(timeout=20_000)
    households = page.get_by_role("button", name="Mở ")
    assert households.count() >= 1 or page.get_by_text("Không có hộ").count() >= 1
    assert not [u for u in page.blocked_requests if "leaflet" in u]  # type: ignore[attr-defined]

"""An administrator creates a power-line project from nothing in Chromium: the project's form, its
three layers (a KML centreline, tower points, a zipped shapefile of parcels) and its household
register, each a file made here, up to its affected list and consent map."""

from __future__ import annotations

import re
import zipfile
from pathlib import Path

import geopandas as gpd
import openpyxl
import pytest
import shapely
from playwright.sync_api import Locator, Page, expect
from playwright.sync_api import TimeoutError as PlaywrightTimeout
from shapely.geometry import LineString, Point, box

from consultations.core.records import ParcelStatus
from tests.browser.conftest import choose, settled, visit

NAME = "Đường dây 220 kV thử nghiệm qua xã Cát Ngạn"
SLUG = "dd-220kv-thu-nghiem"
COMMUNE = "Cát Ngạn"
ZONE = 9208  # VN-2000 / TM-3 104°45', Nghệ An's zone (geo/data/province_meridians.csv)
#: The corridor each side of the line: the conductor half-spread plus the 220 kV safety distance
#: (geo/data/safety_distances.csv).
HALF_WIDTH_M = 5.0 + 6.0
#: The centreline in Nghệ An's zone, near the demo project of Cát Văn (its parcels lie around
#: x 556 400-559 800, y 2 082 950-2 083 900), well inside the province.
LINE = LineString([(556_650, 2_083_380), (557_300, 2_083_420), (557_950, 2_083_400)])
#: Per column of parcels along the line, their lower and upper edges above the line (m): each is
#: either well into the corridor (11 m each side) or at least 5 m clear of it.
PATTERNS = [
    [(3, 33), (-33, -3)],  # both touch the line's sides: affected
    [(18, 48), (-48, -18)],  # both clear of the corridor
    [(-15, 15), (40, 70)],  # across the line (affected), and one far off
    [(8, 38), (-80, -50)],  # 3 m into the corridor (affected), and one far off
]
HOUSEHOLDS = [  # code, head, village, parcels (sheet/parcel)
    ("TN01", "Nguyễn Văn Hùng", "Xóm Đông", ["21/1"]),
    ("TN02", "Trần Thị Lụa", "Xóm Đông", ["22/1", "21/4"]),
    ("TN03", "Lê Đình Quý", "Xóm Tây", ["21/5"]),
    ("TN04", "Phạm Thị Ngọc Ánh", "Xóm Tây", ["21/2"]),  # a parcel clear of the corridor
]


def generated_parcels() -> gpd.GeoDataFrame:
    """Parcels of 60 × 30 m in columns along the line: sheet 21 north of it, 22 south."""
    rows = []
    numbers = {"21": 0, "22": 0}
    for column in range(12):
        x = 556_700 + 100 * column
        y = LINE.interpolate(LINE.project(Point(x + 30, 2_083_400))).y  # the line's y there
        for low, high in PATTERNS[column % len(PATTERNS)]:
            sheet = "21" if low + high > 0 else "22"
            numbers[sheet] += 1
            shape = box(x, y + low, x + 60, y + high)
            rows.append({
                "SO_TO": sheet, "SO_THUA": str(numbers[sheet]),
                "LOAI_DAT": ["LUC", "CLN", "ONT", "BHK"][column % 4],
                "DIEN_TICH": round(shape.area * (1.25 if column == 5 else 1.0), 1),
                "XA": COMMUNE, "XA_CU": "Cát Văn",
                "NGUOI_SD": f"Hộ ông (bà) số {sheet}-{numbers[sheet]}", "geometry": shape,
            })  # fmt: skip
    return gpd.GeoDataFrame(rows, geometry="geometry", crs=ZONE)


def tower_points() -> list[Point]:
    """A tower at each end of the line and every quarter of its length between."""
    return [LINE.interpolate(share, normalized=True) for share in (0, 0.25, 0.5, 0.75, 1)]


def expected_affected(parcels: gpd.GeoDataFrame) -> dict[str, tuple[float, bool]]:
    """The parcels the corridor crosses, computed here with shapely alone (none is borderline):
    sheet/parcel → (its area in the corridor, m²; whether a tower foundation stands on it)."""
    corridor = LINE.buffer(HALF_WIDTH_M, cap_style="flat")
    towers = shapely.union_all(tower_points())
    affected = {}
    for row in parcels.itertuples():
        overlap = row.geometry.intersection(corridor).area
        assert overlap > 50 or row.geometry.distance(corridor) > 4, "a borderline parcel"
        near = row.geometry.distance(towers)  # a foundation is a 12 m square on its tower
        assert near < 5 or near > 9, "a parcel at the edge of a tower foundation"
        if overlap > 50:
            affected[f"{row.SO_TO}/{row.SO_THUA}"] = (overlap, near < 5)
    return affected


def number(text: str) -> float:
    """A number as the app writes it in Vietnamese: 1.322,5 → 1322.5."""
    return float(text.replace(".", "").replace(",", "."))


def write_files(folder: Path) -> tuple[Path, Path, Path, Path, gpd.GeoDataFrame]:
    """The centreline (KML, longitude/latitude), the towers (GeoJSON, the province's zone), the
    parcels (a zipped shapefile with its .cpg, the zone) and the household register (XLSX)."""
    line = folder / "tim_tuyen.kml"
    gpd.GeoDataFrame({"Name": ["ĐZ 220kV thử nghiệm"]}, geometry=[LINE], crs=ZONE).to_crs(
        4326
    ).to_file(line, driver="KML")
    towers = folder / "vi_tri_cot.geojson"
    points = tower_points()
    gpd.GeoDataFrame(
        {"Ten_cot": [f"VT{i + 1}" for i in range(len(points))]}, geometry=points, crs=ZONE
    ).to_file(towers, driver="GeoJSON")

    parcels = generated_parcels()
    shapefile = folder / "shp" / "thua_dat.shp"
    shapefile.parent.mkdir()
    parcels.to_file(shapefile, encoding="utf-8")  # writes thua_dat.cpg: UTF-8
    assert shapefile.with_suffix(".cpg").exists()
    zipped = folder / "thua_dat.zip"
    with zipfile.ZipFile(zipped, "w") as archive:
        for part in sorted(shapefile.parent.iterdir()):
            archive.write(part, part.name)

    register = folder / "so_ho.xlsx"
    book = openpyxl.Workbook()
    people = book.active
    assert people is not None
    people.title = "Hộ"
    people.append(["Mã hộ", "Chủ hộ", "Giới tính", "Số nhân khẩu", "Thôn", "Điện thoại"])
    links = book.create_sheet("Thửa")
    links.append(["Mã hộ", "Tờ bản đồ", "Thửa đất"])
    for i, (code, head, village, owned) in enumerate(HOUSEHOLDS):
        people.append([code, head, "Nữ" if "Thị" in head else "Nam", 3 + i, village,
                       f"09120000{i:02d}"])  # fmt: skip
        for label in owned:
            sheet, number = label.split("/")
            links.append([code, int(sheet), int(number)])  # numbers, as Excel users type them
    book.save(register)
    return line, towers, zipped, register, parcels


#: The consent map's parcel layer once drawn: [parcels drawn, counts by status], else null.
LAYER = """() => {
    const layer = window.clearwayParcelLayer;
    if (!layer || layer.tiles.isLoading()) return null;
    return [layer.drawn, Array.from(layer.counts)];
}"""
#: A point of the map over a drawn parcel with households, as [x, y], or null.
PARCEL_WITH_HOUSEHOLDS = """(_body, noHousehold) => {
    const map = Object.values(window).find(v => v instanceof L.Map);
    const layer = window.clearwayParcelLayer;
    if (!map || !layer || layer.tiles.isLoading()) return null;
    const size = map.getSize();
    for (let y = 20; y < size.y - 20; y += 4) {
        for (let x = 20; x < size.x - 20; x += 4) {
            const i = layer.parcelAt(map.containerPointToLatLng([x, y]));
            if (i >= 0 && layer.statusOf(i) !== null && layer.statusOf(i) !== noHousehold)
                return [x, y];
        }
    }
    return null;
}"""


def upload(page: Page, path: Path, within: Locator | None = None) -> None:
    """Choose ``path`` in the file uploader (of ``within``) through its button, as a user does.

    A file chosen right after the page's last rerun is now and then ignored (no upload is sent):
    it is chosen again until the uploader shows it, as a user who saw nothing happen would."""
    uploader = (within or page).locator('[data-testid="stFileUploader"]')
    for attempt in range(4):
        settled(page)
        with page.expect_file_chooser() as chooser:  # the uploader's button, as a user clicks it
            uploader.get_by_role("button", name="Upload", exact=True).click()
        chooser.value.set_files(path)
        try:
            expect(uploader.get_by_text(path.name)).to_be_visible(timeout=10_000)
            return
        except AssertionError:
            if attempt == 3:
                raise


def remove_upload(page: Page, name: str) -> None:
    """Take the uploaded file off the uploader, as a user does before the next layer."""
    uploader = page.locator('[data-testid="stFileUploader"]')
    uploader.get_by_role("button", name=re.compile(re.escape(name))).click()
    expect(uploader.get_by_text(name)).to_have_count(0, timeout=30_000)
    settled(page)


def import_layer(page: Page, kind: str, path: Path, count: int) -> None:
    """Choose what the layer holds, upload it and wait for its preview and its map."""
    choose(page, "Nội dung của lớp", kind)
    expect(page.get_by_role("combobox", name="Nội dung của lớp")).to_have_value(kind)
    upload(page, path)
    expect(page.get_by_role("heading", name="Kiểm tra trước khi lưu")).to_be_visible(timeout=30_000)
    expect(page.get_by_text(f"Đã đọc {count} đối tượng.")).to_be_visible(timeout=30_000)
    expect(page.locator('iframe[title="streamlit_folium.st_folium"]').first).to_be_visible(
        timeout=30_000
    )
    expect(page.get_by_role("button", name="Lưu vào dự án")).to_be_enabled(timeout=30_000)
    settled(page)


def save_layer(page: Page, name: str) -> None:
    page.get_by_role("button", name="Lưu vào dự án").click()
    expect(page.get_by_text("Đã lưu. Đã tính lại các thửa bị ảnh hưởng.")).to_be_visible(
        timeout=30_000
    )
    settled(page)
    remove_upload(page, name)


def unfold(page: Page, expander: Locator) -> None:
    """Open ``expander`` if it is folded, and wait until it is open."""
    settled(page)
    if expander.locator("details[open]").count() == 0:
        expander.locator("summary").click()
    expect(expander.locator("details[open]")).to_have_count(1, timeout=30_000)


def sidebar(page: Page, title: str) -> None:
    page.locator('[data-testid="stSidebarNav"]').get_by_role("link", name=title).click()
    expect(page.get_by_role("heading", name=title)).to_be_visible(timeout=30_000)
    settled(page)


def test_an_administrator_creates_a_power_line_project_and_reaches_its_consent_map(
    page: Page, app_url: str, tmp_path: Path
) -> None:
    line, towers, zipped, register, parcels = write_files(tmp_path)
    affected = expected_affected(parcels)
    assert 0 < len(affected) < len(parcels)
    with_households = {p for _c, _h, _v, owned in HOUSEHOLDS for p in owned if p in affected}
    households_affected = [c for c, _h, _v, owned in HOUSEHOLDS if set(owned) & set(affected)]
    assert 0 < len(households_affected) < len(HOUSEHOLDS)

    # 1. The project: what it is and where; the province's VN-2000 zone is offered first.
    visit(page, app_url)
    sidebar(page, "Dự án mới")
    expect(page.get_by_role("combobox", name="Tỉnh, thành phố")).to_have_value("Nghệ An")
    choose(page, "Loại dự án", "Đường dây điện")
    form = page.locator('[data-testid="stForm"]')
    form.get_by_label("Tên", exact=True).fill(NAME)
    form.get_by_role("textbox", name="Tên ngắn, dùng trong địa chỉ và tên tệp").fill(SLUG)
    form.locator('[data-testid="stMultiSelect"]', has_text="Các xã, phường").click()
    page.keyboard.type(COMMUNE)
    page.get_by_role("option", name=COMMUNE, exact=True).click()
    page.keyboard.press("Escape")
    expect(form.locator('[data-testid="stMultiSelect"]')).to_contain_text(COMMUNE)
    expect(form.get_by_role("combobox", name="Hệ tọa độ của các tệp dữ liệu")).to_have_value(
        "VN-2000 / TM-3 104°45' (Nghệ An) · múi chiếu của tỉnh"
    )
    expect(form.get_by_label("Cấp điện áp (kV)")).to_have_value("220")
    form.get_by_label("Từ tim tuyến đến dây dẫn ngoài cùng (m)").fill("5")
    form.get_by_label("Cơ quan ban hành quyết định thu hồi đất").fill("UBND xã Cát Ngạn")
    form.get_by_role("spinbutton", name="day, Ngày chốt kiểm đếm").click()
    page.keyboard.type("01032025")  # dd, mm, yyyy: each part moves on to the next
    form.get_by_role("button", name="Tạo dự án").click()
    expect(
        page.get_by_text(f"Đã tạo dự án “{NAME}”. Tiếp theo: nhập các lớp dữ liệu.")
    ).to_be_visible(timeout=30_000)
    page.get_by_role("button", name="Nhập các lớp dữ liệu của dự án ngay").click()

    # 2. Its layers, one after the other, each checked on its preview before it is saved.
    expect(page.get_by_role("heading", name="Nhập lớp bản đồ")).to_be_visible(timeout=30_000)
    settled(page)
    expect(page.get_by_role("combobox", name="Dự án", exact=True)).to_have_value(NAME)
    expect(page.get_by_role("combobox", name="Nội dung của lớp")).to_have_value(
        "Tim tuyến đường dây"  # a new project opens on the layer it needs first
    )
    import_layer(page, "Tim tuyến đường dây", line, 1)
    expect(page.get_by_text("Có 0 thửa bị ảnh hưởng.").first).to_be_visible()
    save_layer(page, line.name)

    import_layer(page, "Móng cột", towers, len(tower_points()))
    expect(page.get_by_role("combobox", name="Tên / số hiệu")).to_have_value("Ten_cot")
    expect(page.get_by_label("Cạnh móng cột (m), cho các điểm vị trí cột")).to_have_value(
        "12"
    )  # the project's side, as Vietnamese write it
    save_layer(page, towers.name)

    import_layer(page, "Thửa đất địa chính", zipped, len(parcels))
    for field, column in [("Số tờ bản đồ", "SO_TO"), ("Số thửa", "SO_THUA"),
                          ("Mã loại đất", "LOAI_DAT"), ("Diện tích ghi trên hồ sơ (m²)", "DIEN_TICH")]:  # fmt: skip
        expect(page.get_by_role("combobox", name=field, exact=True)).to_have_value(column)
    expect(page.get_by_text("Chữ được đọc theo bảng mã UTF-8", exact=False)).to_be_visible()
    choose(page, "Người sử dụng đất", "NGUOI_SD")  # a column the page could not guess
    expect(page.get_by_role("combobox", name="Người sử dụng đất")).to_have_value("NGUOI_SD")
    expect(page.get_by_role("button", name="Lưu vào dự án")).to_be_enabled(timeout=30_000)
    settled(page)
    mismatched = parcels[parcels.area * 1.1 < parcels.DIEN_TICH]
    mismatch = page.get_by_text(f"{len(mismatched)} thửa có diện tích ghi khác diện tích đo vẽ")
    expect(mismatch).to_be_visible()
    for row in mismatched.itertuples():
        expect(mismatch).to_contain_text(f"{row.SO_TO}/{row.SO_THUA}")
    expect(page.get_by_text(f"Có {len(affected)} thửa bị ảnh hưởng.")).to_be_visible()
    save_layer(page, zipped.name)

    # 3. Its household register, on the Households page.
    sidebar(page, "Hộ gia đình")
    expect(page.get_by_role("combobox", name="Dự án", exact=True)).to_have_value(NAME)
    adding = page.locator('[data-testid="stExpander"]', has_text="Thêm hộ từ sổ")
    unfold(page, adding)
    upload(page, register, adding)
    for attempt in range(3):  # the reruns after an upload can fold it again, more than once
        unfold(page, adding)
        try:
            adding.get_by_role("button", name="Thêm các hộ này").click(timeout=10_000)
            break
        except PlaywrightTimeout:
            if attempt == 2:
                raise
    added = adding.get_by_text(f"Đã thêm {len(HOUSEHOLDS)} hộ vào dự án {NAME}.")
    expect(added).to_be_attached(timeout=30_000)
    unfold(page, adding)  # a rerun drawing the page can fold it again
    expect(added).to_be_visible()

    # 4. The consent map: the affected parcels drawn and listed, with their areas and households.
    sidebar(page, "Bản đồ đồng thuận")
    expect(page.get_by_role("combobox", name="Dự án", exact=True)).to_have_value(NAME)
    expect(
        page.locator('[data-testid="stMetric"]', has_text="Hộ bị ảnh hưởng").locator(
            '[data-testid="stMetricValue"]'
        )
    ).to_have_text(str(len(households_affected)), timeout=30_000)
    expect(page.get_by_text(f"Chưa tiếp cận: {len(with_households)}")).to_be_visible()
    expect(
        page.get_by_text(
            f"Không có hộ (đất tổ chức hoặc đất công): {len(affected) - len(with_households)}"
        )
    ).to_be_visible()

    iframe = page.locator('iframe[title="streamlit_folium.st_folium"]')
    expect(iframe).to_be_visible(timeout=30_000)
    frame = iframe.content_frame
    expect(frame.locator("canvas.leaflet-tile").first).to_be_attached(timeout=30_000)
    no_household, not_contacted = (
        list(ParcelStatus).index(ParcelStatus.NO_HOUSEHOLD),
        list(ParcelStatus).index(ParcelStatus.NOT_CONTACTED),
    )
    state = None
    for _attempt in range(160):  # the map draws its tiles over a few frames (up to 40 s)
        state = frame.locator("body").evaluate(LAYER.replace("() =>", "(_body) =>"))
        if state:
            break
        page.wait_for_timeout(250)
    assert state, "the consent map's parcel layer was never drawn"
    drawn, counts = state
    assert drawn == len(affected) == sum(counts)
    assert counts[not_contacted] == len(with_households)
    assert counts[no_household] == len(affected) - len(with_households)

    listing = page.locator('[data-testid="stExpander"]', has_text="Thửa bị ảnh hưởng")
    expect(listing).to_contain_text(
        f"Thửa bị ảnh hưởng ({len(affected)}): diện tích thu hồi và hạn chế sử dụng"
    )
    unfold(page, listing)
    table = listing.locator("table").first
    expect(table).to_contain_text("Trong hành lang (m²)", timeout=30_000)
    rows = table.evaluate(
        "t => Array.from(t.querySelectorAll('tr')).map(r => "
        "Array.from(r.querySelectorAll('th, td')).map(c => c.textContent.trim()))"
    )
    header, *cells = [r for r in rows if r]
    shown = {r[header.index("Thửa")]: r for r in cells}
    assert sorted(shown) == sorted(affected)
    for label, (overlap, has_tower) in affected.items():
        row = shown[label]
        recovered, restricted = (
            number(row[header.index("Thu hồi (m²)")]),
            number(row[header.index("Trong hành lang (m²)")]),
        )
        assert recovered + restricted == pytest.approx(overlap, rel=0.01, abs=1), label
        assert (recovered > 0) == has_tower, label
        assert row[header.index("Xã")] == COMMUNE
        assert row[header.index("Trạng thái")] == (
            "Chưa tiếp cận" if label in with_households
            else "Không có hộ (đất tổ chức hoặc đất công)"
        )  # fmt: skip

    # A click on a parcel with households shows them beside the map.
    box_ = iframe.bounding_box()
    assert box_ is not None
    point = None
    for _attempt in range(160):
        point = frame.locator("body").evaluate(PARCEL_WITH_HOUSEHOLDS, no_household)
        if point:
            break
        page.wait_for_timeout(250)
    assert point, "no parcel with households found on the map"
    x, y = point
    page.mouse.move(box_["x"] + x, box_["y"] + y)
    tooltip = frame.locator(".leaflet-tooltip")
    expect(tooltip).to_be_visible(timeout=30_000)
    label = tooltip.inner_text().split("\n")[0].strip()
    assert label in with_households
    page.mouse.click(box_["x"] + x, box_["y"] + y)
    expect(page.get_by_role("heading", name=f"Thửa {label}")).to_be_visible(timeout=30_000)
    settled(page)
    for code, head, village, owned in HOUSEHOLDS:
        shown_here = page.locator('[data-testid="stExpander"]', has_text=f"{code} · {head}")
        expect(shown_here).to_have_count(1 if label in owned else 0, timeout=30_000)
        if label in owned:
            expect(shown_here).to_contain_text(village)
    expect(page.locator('[data-testid="stException"]')).to_have_count(0)

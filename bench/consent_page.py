"""Benchmark: the consent map page of the app with many affected parcels, in headless Chromium.

Makes a project folder of N parcels (a jittered grid of 9-vertex polygons near Vinh, EPSG:9208), all
inside the recovery boundary, with one household per parcel and a consent history; loads it through
the app's own import code into a fresh SQLite store; starts Streamlit on it; then prints
- first render: from pressing "sign in" on the page (the user name and password typed at 10 keys a
  second before) until the map is drawn in its frame, on a server that has just started;
- rerun after a status change: a consent event is recorded (as the field page would), the page is
  rerun (the user's next action), and timed until the map has recoloured and the page shows the new
  count (the median of three);
- a click on a parcel: timed until the frame names it (its tooltip) and until the parcel's
  households are shown beside the map (the median of three parcels);
- the anchor, measured in the same run on the same machine: a page of nothing but a line of text
  and a button, on a second Streamlit server, rerun and clicked the same way (Streamlit's own floor).
The last line is one JSON object. Run: .venv/bin/python bench/consent_page.py [--parcels 20000]
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import os
import subprocess
import sys
import tempfile
import time
import urllib.request
from pathlib import Path
from urllib.error import URLError

import geopandas as gpd
import numpy as np
import pandas as pd
import shapely
from playwright.sync_api import Page, sync_playwright

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))
from consultations.accounts.service import create_user
from consultations.consent.service import record_consent
from consultations.core.access import Role, operator
from consultations.core.database import Store, open_store
from consultations.core.records import ConsentStatus, Household, ParcelStatus
from consultations.households.store import households_of
from consultations.setup.folder import load_project_folder
from translations import local_today

ROOT = Path(__file__).resolve().parents[1]
CHROMIUM = "/usr/bin/chromium"
PORT = 8597
PASSWORD = "mat-khau-bench"
PROJECT_TOML = """slug = "bench"
name = "Benchmark"
kind = "industrial_park"
issuing_authority = "UBND"
chair_name = "Chair"
chair_title = "Chair"
province = "Nghệ An"
crs_epsg = 9208
cutoff_on = 2026-01-05
units = [["province", "Nghệ An"], ["commune", "Bench"]]

[parcels]
file = "parcels.gpkg"
fields = { sheet_no = "so_to", parcel_no = "so_thua", commune = "xa" }

[boundary]
file = "boundary.geojson"

[households]
file = "households.xlsx"

[history]
file = "history.xlsx"
"""


def make_folder(folder: Path, count: int, seed: int = 5) -> list[str]:
    """Writes the project folder; returns each household's last status."""
    rng = np.random.default_rng(seed)
    side = int(np.ceil(np.sqrt(count)))
    ix, iy = np.divmod(np.arange(count), side)
    centres = np.column_stack([ix, iy]) * 40.0 + (597_000.0, 2_060_000.0)
    angles = np.linspace(0, 2 * np.pi, 9)[:-1]
    ring = (
        np.stack([np.cos(angles), np.sin(angles)], axis=-1)[None]
        * rng.uniform(14, 19, (count, 8))[..., None]
        + centres[:, None]
    )
    ring = np.concatenate([ring, ring[:, :1]], axis=1)
    sheets, numbers = ix + 1, iy + 1
    gpd.GeoDataFrame(
        {"so_to": sheets.astype(str), "so_thua": numbers.astype(str), "xa": "Bench"},
        geometry=shapely.polygons(ring), crs=9208,
    ).to_file(folder / "parcels.gpkg", layer="parcels")  # fmt: skip
    hull = shapely.box(*(centres.min(axis=0) - 50), *(centres.max(axis=0) + 50))
    gpd.GeoDataFrame(geometry=[hull], crs=9208).to_file(folder / "boundary.geojson")
    codes = [f"H{i:05d}" for i in range(count)]
    with pd.ExcelWriter(folder / "households.xlsx") as book:
        pd.DataFrame({"Mã hộ": codes, "Chủ hộ": [f"Hộ {i}" for i in range(count)]}).to_excel(
            book, sheet_name="Hộ", index=False
        )
        pd.DataFrame({"Mã hộ": codes, "Tờ bản đồ": sheets, "Thửa đất": numbers}).to_excel(
            book, sheet_name="Thửa", index=False
        )
    statuses = rng.choice(["informed", "concerns", "agreed"], count)
    with pd.ExcelWriter(folder / "history.xlsx") as book:
        pd.DataFrame({
            "Mã hộ": codes, "Ngày": dt.datetime(2026, 2, 1), "Trạng thái": statuses,
            "Ghi chú": "biên bản lưu tại xã",
        }).to_excel(book, sheet_name="Sự kiện", index=False)  # fmt: skip
    (folder / "project.toml").write_text(PROJECT_TOML, encoding="utf-8")
    return [str(s) for s in statuses]


ANCHOR_APP = """import streamlit as st
st.session_state.runs = st.session_state.get("runs", 0) + 1
st.write(f"anchor run {st.session_state.runs}")
if st.button("anchor click"):
    st.write(f"anchor clicked {st.session_state.runs}")
"""
#: In the map's frame: a point over a drawn parcel (not any of ``skip``) as [x, y, index], or null.
FIND_PARCEL = """([skip]) => {
    const map = Object.values(window).find(v => v instanceof L.Map);
    const layer = window.clearwayParcelLayer;
    if (!map || !layer || layer.tiles.isLoading()) return null;
    const size = map.getSize();
    for (let y = 60; y < size.y - 60; y += 7) {
        for (let x = 80; x < size.x - 80; x += 7) {
            const i = layer.parcelAt(map.containerPointToLatLng([x, y]));
            if (i >= 0 && !skip.includes(i)) return [x, y, i];
        }
    }
    return null;
}"""
FRAME = 'iframe[title="streamlit_folium.st_folium"]'


def map_drawn(page: Page, agreed: int) -> None:
    """Wait until the map's frame has drawn its parcels with ``agreed`` parcels agreed, and the
    counts under it say so too."""
    frame = page.frame_locator(FRAME)
    frame.locator("canvas.leaflet-zoom-animated").first.wait_for(state="attached", timeout=120_000)
    page.get_by_text(f"Đã đồng thuận (đã ký): {agreed}").first.wait_for(timeout=120_000)
    agreed_index = list(ParcelStatus).index(ParcelStatus.AGREED)  # its place in the palette
    page.wait_for_function(
        """([frame, i, n]) => {
            const f = document.querySelector(frame);
            const layer = f && f.contentWindow.clearwayParcelLayer;
            return layer && layer.counts[i] === n;
        }""",
        arg=[FRAME, agreed_index, agreed], timeout=120_000,
    )  # fmt: skip


def start_server(script: str, port: int, cwd: Path, env: dict[str, str]) -> subprocess.Popen[bytes]:
    server = subprocess.Popen(
        [sys.executable, "-m", "streamlit", "run", script, "--server.port", str(port),
         "--server.headless", "true", "--server.address", "127.0.0.1"],
        cwd=cwd, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
    )  # fmt: skip
    for _ in range(200):
        try:
            urllib.request.urlopen(f"http://127.0.0.1:{port}/_stcore/health", timeout=2)
            break
        except (URLError, ConnectionError):
            time.sleep(0.3)
    return server


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--parcels", type=int, default=20_000)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp)
        (folder / "project").mkdir()
        statuses = make_folder(folder / "project", args.parcels)
        url = f"sqlite:///{folder}/bench.sqlite"
        store = open_store(url)
        store.migrate()
        started = time.perf_counter()
        load_project_folder(store, folder / "project", actor=operator("bench"))
        load_s = time.perf_counter() - started
        create_user(store, "bench", PASSWORD, Role.ADMIN, actor=operator("bench"))
        with store.read() as conn:
            households = households_of(conn, 1)
        (folder / "anchor.py").write_text(ANCHOR_APP, encoding="utf-8")
        env = {**os.environ, "DATABASE_URL": url, "CLEARWAY_VAR_DIR": str(folder)}
        server = start_server("streamlit_app.py", PORT, ROOT, env)
        anchor = start_server("anchor.py", PORT + 1, folder, dict(os.environ))
        try:
            figures = measure(store, households, statuses)
        finally:
            for process in (server, anchor):
                process.terminate()
                process.wait(timeout=20)
            store.dispose()
    figures = {"parcels": args.parcels, "import_s": round(load_s, 2), **figures}
    print(f"{args.parcels} parcels: import {figures['import_s']} s, first render "
          f"{figures['first_render_s']} s (warm {figures['warm_render_s']} s), rerun after a status "
          f"change {figures['rerun_s']} s (anchor {figures['anchor_rerun_s']} s), a click named in "
          f"the frame {figures['click_named_s']} s, its households beside the map "
          f"{figures['click_s']} s (anchor {figures['anchor_click_s']} s); a rerun sends "
          f"{figures['rerun_sent_kb']} kB")  # fmt: skip
    print(json.dumps(figures))


def settle(page: Page) -> None:
    """Wait (not timed) until the page has finished every run: a key pressed meanwhile is lost."""
    page.wait_for_timeout(1000)
    page.locator('[data-testid="stStatusWidget"]').wait_for(state="hidden")


def median(values: list[float]) -> float:
    return round(sorted(values)[len(values) // 2], 2)


def measure(store: Store, households: list[Household], statuses: list[str]) -> dict[str, float]:
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(
            executable_path=CHROMIUM, args=["--no-sandbox", "--disable-background-networking"]
        )
        page = browser.new_page(viewport={"width": 1400, "height": 900})
        page.route("**/*", lambda r: r.continue_() if r.request.url.startswith("http://127.0.0.1")
                   else r.abort())  # fmt: skip
        agreed = statuses.count("agreed")
        timings: dict[str, float] = {}
        for name in ("first_render_s", "warm_render_s"):  # cold caches, then a new visit
            page.context.clear_cookies()  # a new visit: not remembered as signed in
            page.goto(f"http://127.0.0.1:{PORT}/consent_map")
            # Typed as a person types (10 keys a second): the server warms up meanwhile
            # (ui/warmup.py); the time counted starts when the sign-in button is pressed.
            page.get_by_label("Tên đăng nhập").press_sequentially("bench", delay=100)
            page.get_by_label("Mật khẩu").press_sequentially(PASSWORD, delay=100)
            started = time.perf_counter()  # from signing in (each visit is a new session)
            page.get_by_role("button", name="Đăng nhập").click()
            map_drawn(page, agreed)
            timings[name] = round(time.perf_counter() - started, 2)
        changing = [h for h, s in zip(households, statuses, strict=True) if s != "agreed"][:3]
        reruns, sent = [], []
        received: list[int] = []  # what the server sends the page, message by message
        page.on("websocket", lambda ws: ws.on("framereceived", lambda m: received.append(len(m))))
        page.context.clear_cookies()
        page.reload()  # the websocket is followed from its start
        page.get_by_label("Tên đăng nhập").fill("bench")
        page.get_by_label("Mật khẩu").fill(PASSWORD)
        page.get_by_role("button", name="Đăng nhập").click()
        map_drawn(page, agreed)
        page.locator('[data-testid="stStatusWidget"]').wait_for(state="hidden")
        for household in changing:
            record_consent(store, household.id, ConsentStatus.AGREED, local_today(),
                           seen_version=household.version, actor=operator("bench"), note="bench")  # fmt: skip
            agreed += 1
            page.get_by_role("heading", name="Bản đồ đồng thuận").click()  # out of every box
            settle(page)
            received.clear()
            started = time.perf_counter()
            page.keyboard.press("r")  # Streamlit's rerun key: the user's next action on the page
            map_drawn(page, agreed)
            reruns.append(time.perf_counter() - started)
            page.locator('[data-testid="stStatusWidget"]').wait_for(state="hidden")
            sent.append(sum(received) / 1000)
        timings["rerun_s"], timings["rerun_sent_kb"] = median(reruns), round(median(sent))
        named: list[float] = []
        answered: list[float] = []
        skip: list[int] = []
        frame = page.frame_locator(FRAME)
        # Zoomed in as a person does before picking a parcel (at the whole project's extent a
        # parcel is a few pixels).
        frame.locator("body").evaluate(
            "() => { const map = Object.values(window).find(v => v instanceof L.Map);"
            " map.setZoom(map.getZoom() + 3, {animate: false}); }"
        )  # fmt: skip
        for _ in range(3):
            found = None
            while not found:  # the frame may still be drawing its tiles
                found = frame.locator("body").evaluate(
                    FIND_PARCEL.replace("([skip]) =>", "(_body, [skip]) =>"), [skip]
                )
                page.wait_for_timeout(100)
            x, y, index = found
            skip.append(index)
            settle(page)
            started = time.perf_counter()
            frame.locator(".leaflet-container").first.click(position={"x": x, "y": y})
            frame.locator(".leaflet-tooltip").first.wait_for(state="visible")
            named.append(time.perf_counter() - started)
            label = frame.locator("body").evaluate(
                "() => document.querySelector('.leaflet-tooltip').innerText.split('\\n')[0]"
            )
            page.get_by_role("heading", name=f"Thửa {label}").wait_for(timeout=60_000)
            answered.append(time.perf_counter() - started)
            page.locator('[data-testid="stStatusWidget"]').wait_for(state="hidden")
        timings["click_named_s"], timings["click_s"] = median(named), median(answered)
        timings.update(measure_anchor(page))
        browser.close()
    return timings


def measure_anchor(page: Page) -> dict[str, float]:
    """Streamlit's floor on this machine now: a rerun and a button click of a page of one line."""
    page.goto(f"http://127.0.0.1:{PORT + 1}/")
    page.get_by_text("anchor run 1", exact=True).wait_for(timeout=60_000)
    reruns, clicks, runs = [], [], 1
    for _ in range(3):
        page.get_by_text(f"anchor run {runs}", exact=True).click()  # the page has the keyboard
        settle(page)
        started = time.perf_counter()
        page.keyboard.press("r")
        runs += 1
        page.get_by_text(f"anchor run {runs}", exact=True).wait_for()
        reruns.append(time.perf_counter() - started)
        settle(page)
        started = time.perf_counter()
        page.get_by_role("button", name="anchor click").click()
        runs += 1
        page.get_by_text(f"anchor clicked {runs}", exact=True).wait_for()
        clicks.append(time.perf_counter() - started)
    return {"anchor_rerun_s": median(reruns), "anchor_click_s": median(clicks)}


if __name__ == "__main__":
    main()

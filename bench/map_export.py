"""Benchmark: the shared HTML map against folium's defaults, in headless Chromium with no network.

For 1k, 10k and 50k parcels (a jittered grid of 9-vertex polygons near Vinh, EPSG:9208) it writes
both pages, then prints bytes per parcel, the time until the map is drawn, and the time of one zoom
step. folium's page is given Leaflet from disk (it would not render offline otherwise); everything
else is folium's default (SVG, full-precision GeoJSON, a per-feature style function). The last line is
one JSON object. Run: .venv/bin/python bench/map_export.py [--sizes 1000 10000 50000]
"""

from __future__ import annotations

import argparse
import json
import sys
import tempfile
import time
from pathlib import Path

import folium
import geopandas as gpd
import numpy as np
import shapely
from playwright.sync_api import Page, sync_playwright

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))
from geo.maps import use_local_leaflet
from geo.parcel_layer import Category
from geo.shared_map import LEAFLET, SharedMap, shared_map_html

COLOURS = {
    "agreed": "#009e73",
    "concerns": "#e69f00",
    "refused": "#d55e00",
    "not_contacted": "#999999",
}
CHROMIUM = "/usr/bin/chromium"


def parcels(count: int, seed: int = 5) -> gpd.GeoDataFrame:
    rng = np.random.default_rng(seed)
    side = int(np.ceil(np.sqrt(count)))
    ix, iy = np.divmod(np.arange(count), side)
    centres = np.column_stack([ix, iy]) * 40.0 + (597_000.0, 2_060_000.0)
    angles = np.linspace(0, 2 * np.pi, 9)[:-1]
    radius = rng.uniform(14, 19, (count, 8))
    ring = (
        np.stack([np.cos(angles), np.sin(angles)], axis=-1)[None] * radius[..., None]
        + centres[:, None]
    )
    ring = np.concatenate([ring, ring[:, :1]], axis=1)
    frame = gpd.GeoDataFrame(geometry=shapely.polygons(ring), crs=9208)
    frame["status"] = rng.choice(list(COLOURS), count)
    frame["label"] = [f"{10 + i // 500}/{i % 500 + 1}" for i in range(count)]
    return frame


def ours(frame: gpd.GeoDataFrame) -> str:
    spec = SharedMap(
        title="Benchmark", subtitle="", texts={"legend": "Status", "tiles": "Basemap"},
        categories={k: Category(c, k) for k, c in COLOURS.items()},
    )  # fmt: skip
    return shared_map_html(spec, frame, ["label"])


def folium_default(frame: gpd.GeoDataFrame) -> str:
    fmap = folium.Map(tiles=None)
    folium.GeoJson(
        frame.to_crs(4326),
        style_function=lambda f: {
            "fillColor": COLOURS[f["properties"]["status"]],
            "color": "#444",
            "weight": 0.6,
        },
        tooltip=folium.GeoJsonTooltip(["label"]),
    ).add_to(fmap)
    fmap.fit_bounds([[18.6, 105.6], [18.75, 105.75]])
    use_local_leaflet(fmap, LEAFLET.as_uri())
    return fmap.get_root().render()


READY = {
    "ours": "() => window.clearway && window.clearway.drawn > 0 && !window.clearway.parcels.isLoading()",
    "folium": "() => Object.keys(window).some(k => k.startsWith('map_') && window[k] && window[k]._loaded)",
}
MAP = {
    "ours": "window.clearway.map",
    "folium": "window[Object.keys(window).find(k => k.startsWith('map_') && window[k] && window[k]._loaded)]",
}


def measure(page: Page, path: Path, kind: str) -> dict[str, float]:
    start = time.perf_counter()
    page.goto(path.as_uri(), timeout=120_000)
    page.wait_for_function(READY[kind], timeout=120_000)
    page.evaluate("() => new Promise(r => requestAnimationFrame(() => requestAnimationFrame(r)))")
    load_s = time.perf_counter() - start
    # First frame after the zoom, then (ours draws its tiles over a few frames) until all are drawn.
    zoom_ms, sharp_ms = page.evaluate(
        """([m, kind]) => new Promise(resolve => {
            const map = eval(m); const t0 = performance.now();
            map.once('zoomend', () => requestAnimationFrame(() => {
                const first = performance.now() - t0;
                const done = () => kind !== 'ours' || !window.clearway.parcels.isLoading();
                const wait = () => done() ? resolve([first, performance.now() - t0]) : requestAnimationFrame(wait);
                wait();
            }));
            map.setZoom(map.getZoom() + 1, {animate: false});
        })""",
        [MAP[kind], kind],
    )
    return {"load_s": round(load_s, 3), "zoom_ms": round(float(zoom_ms), 1),
            "sharp_ms": round(float(sharp_ms), 1)}  # fmt: skip


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--sizes", type=int, nargs="+", default=[1_000, 10_000, 50_000])
    args = parser.parse_args()
    figures: dict[str, dict[str, object]] = {}
    with tempfile.TemporaryDirectory() as folder, sync_playwright() as playwright:
        browser = playwright.chromium.launch(
            executable_path=CHROMIUM, args=["--no-sandbox", "--disable-background-networking"]
        )
        for size in args.sizes:
            frame = parcels(size)
            entry: dict[str, object] = {}
            for kind, build in (("ours", ours), ("folium", folium_default)):
                path = Path(folder) / f"{kind}-{size}.html"
                path.write_text(build(frame), encoding="utf-8")
                context = browser.new_context(viewport={"width": 1280, "height": 800})
                blocked: list[str] = []
                context.route("**/*", lambda r, b=blocked: r.continue_() if r.request.url.startswith("file:")
                              else (b.append(r.request.url), r.abort()))  # fmt: skip
                page = context.new_page()
                timing = measure(page, path, kind)
                context.close()
                size_b = path.stat().st_size
                entry[kind] = {"bytes": size_b, "bytes_per_parcel": round(size_b / size), **timing,
                               "blocked_requests": len(blocked)}  # fmt: skip
                print(f"{size:>6} {kind:>7} {size_b / size:8.0f} B/parcel  load {timing['load_s']:6.2f} s  "
                      f"zoom {timing['zoom_ms']:6.1f} ms (all drawn {timing['sharp_ms']:6.1f} ms)  "
                      f"requests {len(blocked)}", flush=True)  # fmt: skip
            figures[str(size)] = entry
        browser.close()
    print(json.dumps(figures))


if __name__ == "__main__":
    main()

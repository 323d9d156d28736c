"""`cli.py affected` and `cli.py import`, run as a user would, on small files made here.

Commands run inside the test process (tests/cli_runner.py: the same exit code, stdout and stderr
as ``python cli.py``, without a fresh Python's seconds of imports each time). In a real process:
the refused import in ``test_import_reports_what_a_corrected_layer_changes`` (that ``python cli.py``
itself starts, and exits 2 in words with no traceback)."""

from __future__ import annotations

import os
import subprocess
from pathlib import Path

import geopandas as gpd
import pandas as pd
import pytest
import shapely

from tests.cli_runner import run_cli, run_cli_process
from tests.fixtures import copy_demo

ROOT = Path(__file__).resolve().parents[1]
E0, N0 = 597_900.0, 2_065_200.0  # near Vinh, VN-2000 Nghệ An (EPSG:9208)


def run(
    *args: str, env: dict[str, str] | None = None, check: bool = True
) -> subprocess.CompletedProcess[str]:
    """``python cli.py ARGS`` with ``env``, run in this process (tests/cli_runner.py)."""
    return run_cli(env or dict(os.environ), *args, check=check)


@pytest.fixture
def files(tmp_path: Path) -> dict[str, Path]:
    """Three 100 m square parcels in a row; a line across their middles; a tower in the second."""
    parcels = gpd.GeoDataFrame(
        {
            "SO_TO": ["5", "5", "5"],
            "SO_THUA": ["1", "2", "3"],
            "CHU": ["Nguyễn Văn An", "Lê Thị Hoa", "Hồ Sỹ Đức"],
        },
        geometry=[shapely.box(E0 + 100 * i, N0, E0 + 100 * (i + 1), N0 + 100) for i in range(3)],
        crs=9208,
    )
    shp = tmp_path / "thua.shp"
    parcels.to_file(shp, engine="pyogrio")
    line = gpd.GeoDataFrame(
        {"Name": ["ĐZ 220kV"]},
        geometry=[shapely.LineString([(E0 - 50, N0 + 50), (E0 + 350, N0 + 50)])],
        crs=9208,
    ).to_crs(4326)
    kml = tmp_path / "tuyen.kml"
    line.to_file(kml, driver="KML", engine="pyogrio")
    towers = tmp_path / "cot.csv"
    pd.DataFrame({"Ten_cot": ["VT1"], "X": [N0 + 50], "Y": [E0 + 150]}).to_csv(towers, index=False)
    return {"parcels": shp, "corridor": kml, "towers": towers}


def test_affected_writes_one_row_per_affected_parcel_with_exact_areas(
    files: dict[str, Path], tmp_path: Path
) -> None:
    out = tmp_path / "out.csv"
    run(
        "affected", "--parcels", str(files["parcels"]), "--corridor", str(files["corridor"]),
        "--voltage-kv", "220", "--conductor-half-spread-m", "5",
        "--towers", str(files["towers"]), "--tower-side-m", "10",
        "--id-field", "SO_THUA", "--out", str(out),
    )  # fmt: skip
    table = pd.read_csv(out, encoding="utf-8-sig", dtype={"SO_THUA": str})
    assert table.columns[0] == "SO_THUA"
    assert list(table.SO_THUA) == ["1", "2", "3"]
    assert list(table.CHU) == ["Nguyễn Văn An", "Lê Thị Hoa", "Hồ Sỹ Đức"]
    # 220 kV: 5 + 6 = 11 m each side → 22 m across each 100 m parcel; one 10 m foundation in parcel 2.
    assert table.parcel_area_m2.tolist() == pytest.approx([10_000] * 3, abs=0.01)
    assert table.permanent_m2.tolist() == pytest.approx([0, 100, 0], abs=0.01)
    assert table.restricted_m2.tolist() == pytest.approx([2_200, 2_100, 2_200], abs=0.01)
    assert table.affected_m2.tolist() == pytest.approx([2_200] * 3, abs=0.01)
    assert table.affected_share.tolist() == pytest.approx([0.22] * 3, abs=1e-3)


def test_affected_with_a_plain_half_width_and_a_geopackage_out(
    files: dict[str, Path], tmp_path: Path
) -> None:
    out = tmp_path / "out.gpkg"
    run("affected", "--parcels", str(files["parcels"]), "--corridor", str(files["corridor"]),
        "--half-width-m", "5", "--out", str(out))  # fmt: skip
    result = gpd.read_file(out)
    assert result.crs.to_epsg() == 9208
    assert result.restricted_m2.tolist() == pytest.approx([1_000] * 3, abs=0.01)


def test_affected_explains_a_missing_crs(files: dict[str, Path], tmp_path: Path) -> None:
    files["parcels"].with_suffix(".prj").unlink()
    result = run("affected", "--parcels", str(files["parcels"]), "--corridor", str(files["corridor"]),
                 "--half-width-m", "5", "--out", str(tmp_path / "o.csv"), check=False)  # fmt: skip
    assert result.returncode == 2
    assert "EPSG:9208" in result.stderr and "Traceback" not in result.stderr
    assert not (tmp_path / "o.csv").exists()


def test_import_reports_what_a_corrected_layer_changes(tmp_path: Path) -> None:
    env = {
        **os.environ,
        "DATABASE_URL": f"sqlite:///{tmp_path}/db.sqlite",
        "CLEARWAY_VAR_DIR": str(tmp_path),
    }
    copy_demo(env)  # the demo as `load-demo` makes it (tests/fixtures.py)
    source = gpd.read_file(ROOT / "data" / "parcels" / "cat-van-220kv" / "thua_dat.zip")
    links = pd.read_excel(
        ROOT / "data" / "parcels" / "cat-van-220kv" / "ho_gia_dinh.xlsx", sheet_name="Thửa"
    )
    gone = {
        (str(r["Tờ bản đồ"]), str(r["Thửa đất"]))
        for _i, r in links[links["Mã hộ"] == "CV05"].iterrows()
    }
    keep = ~source.apply(lambda r: (str(r.SO_TO), str(r.SO_THUA)) in gone, axis=1)
    corrected = tmp_path / "thua_sua.gpkg"
    source[keep].to_file(corrected)
    dry = run("--lang", "en", "import", str(corrected), "--project", "cat-van-220kv",
              "--kind", "parcels", "--dry-run", env=env)  # fmt: skip
    assert "Dry run: nothing was saved" in dry.stdout and "CV05" in dry.stdout
    refused = run_cli_process(env, "--lang", "en", "import", str(corrected),
                              "--project", "cat-van-220kv", "--kind", "parcels")  # fmt: skip
    assert refused.returncode == 2 and "Nothing was saved" in refused.stdout + refused.stderr
    assert "Traceback" not in refused.stderr
    unchanged = run("status", "--project", "cat-van-220kv", "--json", env=env)
    assert '"affected_households": 15' in unchanged.stdout
    result = run("--lang", "en", "import", str(corrected), "--project", "cat-van-220kv",
                 "--kind", "parcels", "--replace", env=env)  # fmt: skip
    assert "no longer affected (their history is kept): CV05" in result.stdout
    status = run("status", "--project", "cat-van-220kv", "--json", env=env)
    assert '"affected_households": 14' in status.stdout


def test_export_map_writes_an_offline_html_and_a_png(tmp_path: Path) -> None:
    env = {
        **os.environ,
        "DATABASE_URL": f"sqlite:///{tmp_path}/m.sqlite",
        "CLEARWAY_VAR_DIR": str(tmp_path),
    }
    copy_demo(env)  # the demo as `load-demo` makes it (tests/fixtures.py)
    html, png = tmp_path / "ban_do.html", tmp_path / "ban_do.png"
    run("export-map", "--project", "cat-van-220kv", "--audience", "public", "--as-of", "2024-04-10",
        "--out", str(html), env=env)  # fmt: skip
    run(
        "export-map",
        "--project",
        "cat-van-220kv",
        "--audience",
        "public",
        "--out",
        str(png),
        env=env,
    )
    page = html.read_text(encoding="utf-8")
    assert "<script src=" not in page and "<link" not in page  # nothing to fetch
    assert "10/04/2024" in page
    assert png.read_bytes().startswith(b"\x89PNG")

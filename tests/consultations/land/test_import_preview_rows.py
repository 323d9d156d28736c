"""The Import page's table of the features about to be saved: headers and values in words."""

from __future__ import annotations

import geopandas as gpd
import pytest
import shapely

from consultations.land.kinds import KIND_FIELDS
from consultations.land.preview import preview_rows

BOX = shapely.box(0, 0, 10, 10)


@pytest.mark.parametrize(
    ("columns", "values"),
    [
        (list(KIND_FIELDS[kind]), {}) for kind in KIND_FIELDS
    ] + [
        (["voltage_kv", "half_width_m", "centreline", "kind", "name"],
         {"centreline": shapely.LineString([(0, 0), (5, 5)]), "kind": "power_corridor"}),
        (["label", "roof", "walls", "attributes"], {"attributes": {"MA_NHA": "N1", "GHI_CHU": "None"}}),
    ],
)  # fmt: skip
def test_the_import_preview_names_every_column_in_words_and_shows_no_code_or_shape(
    columns: list[str], values: dict[str, object]
) -> None:
    frame = gpd.GeoDataFrame({c: [values.get(c, "x")] for c in columns}, geometry=[BOX], crs=32648)
    shown = preview_rows(frame)
    assert not [h for h in shown.columns if "_" in h or h in columns], list(shown.columns)
    cells = [str(v) for v in shown.iloc[0]]
    assert not [c for c in cells if "power_corridor" in c or "POLYGON" in c or "LINESTRING" in c]
    if "attributes" in columns:
        assert "MA_NHA: N1" in cells and not any("None" in c for c in cells)
    if "kind" in columns:
        assert "Hành lang tuyến điện" in cells

"""What a prepared layer must be before anything is written: its shapes those of its kind, its
texts within what their columns hold. Each refusal names the rows, as the file numbers them."""

from __future__ import annotations

from typing import Any

import geopandas as gpd

from consultations.core import schema
from consultations.core.bounds import column_problems
from consultations.core.errors import TextTooLong
from consultations.land.kinds import (
    KIND_FIELDS,
    KIND_SHAPES,
    SHAPES,
    LayerKind,
    field_label,
    shape_label,
)
from geo.errors import InvalidParameter
from translations import _


def _expected(shapes: frozenset[str]) -> str:
    first, *rest = sorted(shapes)
    if not rest:
        return shape_label(first)
    return _("{first} or {second}").format(first=shape_label(first), second=shape_label(rest[0]))


def refuse_other_shapes(frame: gpd.GeoDataFrame, kind: LayerKind) -> None:
    """Each kind takes only its shapes (a KML line is no tower foundation): a layer with others is
    refused, naming them and their rows, whichever kind was chosen before or after the upload."""
    accepted = KIND_SHAPES.get(kind)
    if accepted is None:  # a register: rows without shapes
        return
    shapes = [SHAPES.get(t, str(t)) for t in frame.geom_type]
    wrong = [i for i, shape in enumerate(shapes) if shape not in accepted]
    if not wrong:
        return
    found = sorted({shapes[i] for i in wrong})
    raise InvalidParameter(
        _("{kind} are {expected}; this layer has {found} (rows {rows}{more}). Choose the kind "
          "of layer the file holds, or another file. Nothing was imported.").format(
            kind=kind.label, expected=_expected(accepted),
            found=", ".join(shape_label(s) for s in found),
            rows=", ".join(str(i + 1) for i in wrong[:10]), more=" …" if len(wrong) > 10 else "")
    )  # fmt: skip


#: Where each kind's features are stored, for the limits of their text columns.
_TABLES = {
    LayerKind.PARCELS: schema.parcels, LayerKind.REGISTER: schema.parcels,
    LayerKind.CENTRELINE: schema.corridors, LayerKind.BOUNDARY: schema.corridors,
    LayerKind.TOWERS: schema.tower_foundations, LayerKind.HOUSES: schema.houses,
    LayerKind.UNITS: schema.admin_units,
}  # fmt: skip


def refuse_texts_too_long(kind: LayerKind, features: Any) -> None:
    """A text longer than its column holds (a tower label over 32 characters) is refused here,
    naming its rows (as the file numbers them), before anything is written: the same on SQLite,
    which would store it, and on PostgreSQL, which would fail mid-import."""
    index = features.index.tolist()
    problems = column_problems(
        _TABLES[kind],
        {c: features[c].tolist() for c in KIND_FIELDS[kind] if c in features},
        {c: field_label(c) for c in KIND_FIELDS[kind]},
        lambda i: _("row {n}").format(n=index[i] + 1 if isinstance(index[i], int) else i + 1),
    )
    if problems:
        shown = "\n".join(f"- {p}" for p in problems[:20])
        more = (
            "\n" + _("… and {n} more.").format(n=len(problems) - 20) if len(problems) > 20 else ""
        )
        raise TextTooLong(
            _("Texts of this layer are longer than the project stores; nothing was imported. "
              "Shorten them in the file and import it again:") + "\n" + shown + more
        )  # fmt: skip

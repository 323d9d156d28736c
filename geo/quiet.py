"""GDAL's own warnings (a missing DXF block, an odd field, "several layers found") never reach
the user ahead of Clearway's sentence: what matters is checked and said by Clearway itself."""

from __future__ import annotations

import warnings
from collections.abc import Iterator
from contextlib import contextmanager


@contextmanager
def quiet_gdal() -> Iterator[None]:
    """Silence the warnings of whatever GDAL reads inside the block."""
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        yield

"""GDAL's own warnings (a missing DXF block, an odd field, "several layers found") never reach
the user ahead of Clearway's sentence: what matters is checked and said by Clearway itself."""

from __future__ import annotations

import threading
import warnings
from collections.abc import Iterator
from contextlib import contextmanager

import pyogrio

_CONFIG_LOCK = threading.Lock()


@contextmanager
def quiet_gdal() -> Iterator[None]:
    """Silence the warnings of whatever GDAL reads inside the block."""
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        yield


@contextmanager
def gdal_config(options: tuple[tuple[str, str], ...]) -> Iterator[None]:
    """GDAL configuration options set for the block only. They are process-wide, so a lock keeps
    two readers (two users of the app) from seeing each other's."""
    if not options:
        yield
        return
    with _CONFIG_LOCK:
        before = {name: pyogrio.get_gdal_config_option(name) for name, _value in options}
        pyogrio.set_gdal_config_options(dict(options))
        try:
            yield
        finally:
            pyogrio.set_gdal_config_options(before)

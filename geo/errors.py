"""What can go wrong with geodata, in words for the person who must fix the file.

GeoError                     base of every error raised by ``geo``
├── UnreadableLayer          the file cannot be opened or is not a layer GDAL knows
├── MissingCRS               the layer says nothing of its coordinate system and none was given
├── WrongCRS                 coordinates that cannot be in the stated coordinate system
├── UnknownEncoding          text whose encoding is neither declared nor recognisable: ask
├── EmptyLayer               a layer with no usable feature
└── InvalidParameter         a width, voltage or field name that cannot be used
"""

from __future__ import annotations


class GeoError(Exception):
    """Base class: ``str(error)`` is a complete sentence for the user."""


class UnreadableLayer(GeoError):
    pass


class MissingCRS(GeoError):
    pass


class WrongCRS(GeoError):
    pass


class UnknownEncoding(GeoError):
    pass


class EmptyLayer(GeoError):
    pass


class InvalidParameter(GeoError):
    pass

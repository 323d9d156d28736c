"""How far a land-office layer may stray before a check lists it.

Apart from ``geo.fields`` (which imports geopandas) so that a parser or a form can name the
default without importing a geometry library.
"""

AREA_TOLERANCE = 0.10  # recorded vs drawn area: more than 10 % apart is listed

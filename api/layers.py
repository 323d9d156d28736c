"""The public layers as OGC API - Features: pygeoapi's configuration over the store's PostGIS views.

pygeoapi (an existing, maintained server) runs as its own process (``cli.py serve-layers``) and
reads the views of revision 0025 (``public_parcels``, ``public_corridors``,
``public_recovery_boundaries``, ``public_tower_foundations``): labels, land use, areas and status,
never a name, an ID number or a phone, the rule of the public shared map. Stored in WGS 84; served
in it or, with ``crs=``, in any VN-2000 zone (EPSG 9205-9218), which pygeoapi transforms with PROJ.
"""

from __future__ import annotations

import urllib.parse
from pathlib import Path
from typing import Any

from translations import _

CRS84 = "http://www.opengis.net/def/crs/OGC/1.3/CRS84"

#: (collection, view, title, description)
LAYERS = (
    ("parcels", "public_parcels", "Parcels",
     "Each project's parcels: sheet/parcel, land use, areas (recorded, permanent, restricted) and consent status."),
    ("corridors", "public_corridors", "Corridors", "Power-line safety corridors, with voltage and half width."),
    ("tower_foundations", "public_tower_foundations", "Tower foundations", "Tower foundation footprints."),
    ("recovery_boundaries", "public_recovery_boundaries", "Recovery boundaries",
     "Approved land recovery boundaries (expressways, industrial parks)."),
)  # fmt: skip


def crs_uri(epsg: int) -> str:
    return f"http://www.opengis.net/def/crs/EPSG/0/{epsg}"


def _connection(database_url: str) -> dict[str, Any]:
    """pygeoapi's PostgreSQL connection from the store's URL (its schema from ``search_path``)."""
    url = urllib.parse.urlsplit(database_url)
    if not url.scheme.startswith("postgresql"):
        raise ValueError(
            _("The public layers are served from PostgreSQL/PostGIS; this store is {kind}.").format(
                kind=url.scheme.split("+")[0] or "-")
        )  # fmt: skip
    options = urllib.parse.parse_qs(url.query).get("options", [""])[0]
    path = options.partition("search_path=")[2].split()[0] if "search_path=" in options else ""
    schemas = [s for s in path.split(",") if s] or ["public"]
    return {
        "host": url.hostname or "127.0.0.1", "port": url.port or 5432,
        "dbname": url.path.lstrip("/"), "user": urllib.parse.unquote(url.username or "postgres"),
        "password": urllib.parse.unquote(url.password or ""), "search_path": schemas,
    }  # fmt: skip


def pygeoapi_config(database_url: str, public_url: str, host: str, port: int) -> dict[str, Any]:
    """pygeoapi's configuration: one collection per public layer, VN-2000 zones and WGS 84 offered."""
    from geo.crs import crs_choices

    zones = sorted(c.epsg for c in crs_choices() if c.epsg != 4326)
    data = _connection(database_url)
    crs = [CRS84, crs_uri(4326), *(crs_uri(z) for z in zones)]
    resources = {
        name: {
            "type": "collection", "title": title, "description": description,
            "keywords": ["Clearway", "GPMB", name],
            "extents": {"spatial": {"bbox": [101.0, 6.0, 118.0, 24.0], "crs": CRS84}},
            "providers": [{
                "type": "feature", "name": "PostgreSQL", "data": data, "id_field": "id",
                "table": view, "geom_field": "geom", "crs": crs, "storage_crs": CRS84,
            }],
        }
        for name, view, title, description in LAYERS
    }  # fmt: skip
    return {
        "server": {
            "bind": {"host": host, "port": port}, "url": public_url.rstrip("/"),
            "mimetype": "application/json; charset=UTF-8", "encoding": "utf-8",
            "languages": ["vi", "en"], "cors": True, "pretty_print": False,
            "limits": {"default_items": 100, "max_items": 10000},
            "map": {"url": "https://tile.openstreetmap.org/{z}/{x}/{y}.png",
                    "attribution": "© OpenStreetMap contributors"},
        },
        "logging": {"level": "ERROR"},
        "metadata": {
            "identification": {
                "title": "Clearway", "description": "Public layers of site clearance projects",
                "keywords": ["GPMB", "site clearance"], "keywords_type": "theme",
                "terms_of_service": "", "url": public_url,
            },
            "license": {"name": "CC-BY 4.0", "url": "https://creativecommons.org/licenses/by/4.0/"},
            "provider": {"name": "Clearway", "url": public_url},
            "contact": {"name": "Clearway", "position": "", "address": "", "city": "",
                        "stateorprovince": "", "postalcode": "", "country": "Việt Nam",
                        "phone": "", "fax": "", "email": "", "url": public_url,
                        "hours": "", "instructions": "", "role": "pointOfContact"},
        },
        "resources": resources,
    }  # fmt: skip


def write_config(config: dict[str, Any], path: Path) -> Path:
    """Write the configuration as YAML (what ``pygeoapi openapi generate`` and ``serve`` read)."""
    import yaml

    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(yaml.safe_dump(config, allow_unicode=True, sort_keys=False), encoding="utf-8")
    return path


def pygeoapi_commands(
    config: Path, openapi: Path, host: str, port: int
) -> tuple[list[str], list[str], dict[str, str]]:
    """The two commands that serve the layers as their own process: make pygeoapi's OpenAPI
    document from the configuration, then serve it (uvicorn on pygeoapi's Starlette app), with
    the environment both read."""
    import sys

    bin_dir = Path(sys.executable).parent
    generate = [
        str(bin_dir / "pygeoapi"),
        "openapi",
        "generate",
        str(config),
        "--output-file",
        str(openapi),
    ]
    serve = [sys.executable, "-m", "uvicorn", "pygeoapi.starlette_app:APP", "--host", host,
             "--port", str(port), "--log-level", "warning"]  # fmt: skip
    env = {"PYGEOAPI_CONFIG": str(config), "PYGEOAPI_OPENAPI": str(openapi)}
    return generate, serve, env

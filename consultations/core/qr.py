"""The QR code that leads to a project's public page, for the printed shared map, the posted list
and every notice (segno: pure Python, maintained; see README's dependencies)."""

from __future__ import annotations

import base64
import io
import os
from urllib.parse import quote

import segno

from translations import _


def public_address(slug: str, base_url: str | None = None) -> str:
    """The public page's address for a project: ``<base>/public?project=<slug>``, the base being
    where citizens reach the app (``CLEARWAY_PUBLIC_URL``; the local server if unset)."""
    base = base_url or os.environ.get("CLEARWAY_PUBLIC_URL", "http://localhost:8501")
    return f"{base.rstrip('/')}/public?project={quote(slug)}"


def tracking_address(base_url: str | None = None) -> str:
    """Where anyone follows a matter by reference and key (the public page, any project)."""
    base = base_url or os.environ.get("CLEARWAY_PUBLIC_URL", "http://localhost:8501")
    return f"{base.rstrip('/')}/public"


def qr_svg(address: str, *, scale: int = 4) -> str:
    """The QR code of ``address`` as an SVG document."""
    buffer = io.BytesIO()
    segno.make(address, error="m").save(buffer, kind="svg", scale=scale, border=2, xmldecl=False)
    return buffer.getvalue().decode()


def qr_png(address: str, *, scale: int = 6) -> bytes:
    """The QR code of ``address`` as a PNG (for DOCX and spreadsheets)."""
    buffer = io.BytesIO()
    segno.make(address, error="m").save(buffer, kind="png", scale=scale, border=2)
    return buffer.getvalue()


def qr_on_paper(slug: str) -> tuple[str, str]:
    """The QR code as a ``data:`` URI and the sentence printed under it."""
    address = public_address(slug)
    image = "data:image/svg+xml;base64," + base64.b64encode(qr_svg(address).encode()).decode()
    return image, _("Scan to follow the project and your own matter: {address}").format(
        address=address
    )

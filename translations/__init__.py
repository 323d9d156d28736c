"""Gettext for every user-facing string: Vietnamese by default, English a switch away.

Messages are written in English in the code (``_("Affected households")``) and translated in
``translations/vi/LC_MESSAGES/messages.po``. English needs no catalog: the message ids are English.
The language is held per thread of execution (a context variable), so two Streamlit sessions in
different languages do not disturb each other.
"""

from __future__ import annotations

import contextvars
import datetime as dt
import functools
import gettext
import os
import tempfile
from pathlib import Path
from zoneinfo import ZoneInfo

from babel.messages.mofile import write_mo
from babel.messages.pofile import read_po

__all__ = [
    "DEFAULT_LANGUAGE",
    "LANGUAGES",
    "_",
    "current_language",
    "format_date",
    "format_datetime",
    "ngettext",
    "set_language",
]

LANGUAGES = {"vi": "Tiếng Việt", "en": "English"}
DEFAULT_LANGUAGE = "vi"
CATALOG_DIR = Path(__file__).parent
_language: contextvars.ContextVar[str] = contextvars.ContextVar(
    "language", default=DEFAULT_LANGUAGE
)


def compile_catalog(language: str) -> Path:
    """Compile ``<language>/LC_MESSAGES/messages.po`` to its ``.mo`` (what ``pybabel compile`` does)."""
    po_path = CATALOG_DIR / language / "LC_MESSAGES" / "messages.po"
    mo_path = po_path.with_suffix(".mo")
    with po_path.open("rb") as po_file:
        catalog = read_po(po_file, locale=language)
    # Written aside, then moved into place: another process (a second test worker, a second app)
    # may be reading the catalog at this moment and must see the old one or the new, never half.
    with tempfile.NamedTemporaryFile("wb", dir=mo_path.parent, delete=False) as mo_file:
        write_mo(mo_file, catalog)
    os.replace(mo_file.name, mo_path)
    return mo_path


@functools.cache
def _translations(language: str) -> gettext.NullTranslations:
    if language == "en":
        return gettext.NullTranslations()
    po_path = CATALOG_DIR / language / "LC_MESSAGES" / "messages.po"
    mo_path = po_path.with_suffix(".mo")
    # `make` compiles the catalogs; compiling here too keeps a fresh checkout usable without it.
    if not mo_path.exists() or mo_path.stat().st_mtime < po_path.stat().st_mtime:
        compile_catalog(language)
    with mo_path.open("rb") as mo_file:
        return gettext.GNUTranslations(mo_file)


def set_language(language: str) -> None:
    if language not in LANGUAGES:
        raise ValueError(f"Unknown language {language!r}; expected one of {sorted(LANGUAGES)}")
    _language.set(language)


def current_language() -> str:
    return _language.get()


def _(message: str) -> str:
    return _translations(_language.get()).gettext(message)


def ngettext(singular: str, plural: str, n: int) -> str:
    return _translations(_language.get()).ngettext(singular, plural, n)


def format_date(value: dt.date | None) -> str:
    """Dates as users write them: dd/mm/yyyy."""
    return "" if value is None else value.strftime("%d/%m/%Y")


#: Vietnam's time, whatever the server's clock says (servers usually run on UTC).
LOCAL_TZ = ZoneInfo("Asia/Ho_Chi_Minh")


def local_today() -> dt.date:
    """Today in Vietnam: between midnight and 7 a.m. there, a UTC server's date is still yesterday's,
    and an officer recording what happened today would be told it is in the future."""
    return dt.datetime.now(LOCAL_TZ).date()


def local_time(value: dt.datetime) -> dt.datetime:
    """A stored time (UTC; SQLite gives it back without a zone) in Vietnam's time."""
    if value.tzinfo is None:
        value = value.replace(tzinfo=dt.UTC)
    return value.astimezone(LOCAL_TZ)


def format_datetime(value: dt.datetime | None) -> str:
    """A stored UTC time shown in Vietnam's time as dd/mm/yyyy HH:MM."""
    if value is None or value != value:  # None, or pandas' NaT
        return ""
    return local_time(value).strftime("%d/%m/%Y %H:%M")


def format_time(value: dt.datetime) -> str:
    """The hour and minute of a stored time, in Vietnam's time."""
    return local_time(value).strftime("%H:%M")


def format_month(value: dt.date) -> str:
    """A month as people write it: 11/2026."""
    return value.strftime("%m/%Y")


def format_number(value: float, decimals: int = 0) -> str:
    """A number with Vietnamese separators: 7.409 and 10,05 (dot for thousands, comma for
    decimals), whatever the language of the page."""
    text = f"{value:,.{decimals}f}"
    return text.replace(",", "\0").replace(".", ",").replace("\0", ".")

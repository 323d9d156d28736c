"""Keep the Vietnamese catalog in step with the code (what `make messages` runs).

Extracts every ``_()`` / ``ngettext()`` message from the app's packages, merges them into
translations/vi/LC_MESSAGES/messages.po (keeping existing translations), and lists the messages
still untranslated. tests/test_translations.py fails while any remain.
"""

from __future__ import annotations

import sys
from pathlib import Path

from babel.messages.catalog import Catalog
from babel.messages.extract import extract_from_dir, extract_from_file
from babel.messages.pofile import read_po, write_po

ROOT = Path(__file__).resolve().parents[1]
SOURCES = [
    "streamlit_app.py",
    "cli.py",
    "app_pages",
    "ui",
    "api",
    "geo",
    "consultations",
    "translations",
]
PO_PATH = ROOT / "translations" / "vi" / "LC_MESSAGES" / "messages.po"
KEYWORDS = {"_": None, "ngettext": (1, 2)}


def extract() -> Catalog:
    template = Catalog(project="Clearway", charset="utf-8")
    for source in SOURCES:
        path = ROOT / source
        if path.is_file():
            found = [(source, *m) for m in extract_from_file("python", path, keywords=KEYWORDS)]
        else:
            found = [
                (str(Path(source) / filename), lineno, message, comments, context)
                for filename, lineno, message, comments, context in extract_from_dir(
                    path, [("**.py", "python")], keywords=KEYWORDS
                )
            ]
        for filename, lineno, message, comments, context in found:
            template.add(
                message, locations=[(filename, lineno)], auto_comments=comments, context=context
            )
    return template


def main() -> int:
    template = extract()
    if PO_PATH.exists():
        with PO_PATH.open("rb") as f:
            catalog = read_po(f, locale="vi")
    else:
        catalog = Catalog(locale="vi", project="Clearway", charset="utf-8")
    catalog.update(template, no_fuzzy_matching=True)
    catalog.obsolete.clear()
    PO_PATH.parent.mkdir(parents=True, exist_ok=True)
    with PO_PATH.open("wb") as f:
        write_po(f, catalog, width=100, omit_header=False, sort_output=True, include_lineno=False)
    missing = [m.id for m in catalog if m.id and not m.string]
    for message in missing:
        print("untranslated:", message)
    return 1 if missing else 0


if __name__ == "__main__":
    sys.exit(main())

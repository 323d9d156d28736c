"""Every message a user can see has its Vietnamese translation; Vietnamese is the default."""

from __future__ import annotations

import datetime as dt
import sys
from pathlib import Path

from babel.messages.pofile import read_po

from translations import _, current_language, format_date, format_datetime, set_language

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "scripts"))
import messages  # noqa: E402


def test_the_catalog_compiles_as_make_compiles_it() -> None:
    with messages.PO_PATH.open("rb") as f:
        catalog = read_po(f, locale="vi")
    # `pybabel compile` skips a catalog marked fuzzy, silently with -q: on a fresh machine there
    # would be no .mo until the app compiled one itself, several test workers at once.
    assert not catalog.fuzzy
    errors = [f"{message.id}: {error}" for message, found in catalog.check() for error in found]
    assert errors == []  # e.g. "75 % line" read as a %-format whose translation lacks it


def test_every_message_in_the_code_has_a_vietnamese_translation() -> None:
    with messages.PO_PATH.open("rb") as f:
        catalog = read_po(f, locale="vi")
    translated = {m.id: m.string for m in catalog if m.id and m.string and not m.fuzzy}
    in_code = {m.id for m in messages.extract() if m.id}
    missing = sorted(i if isinstance(i, str) else i[0] for i in in_code - set(translated))
    assert missing == [], "run `make messages` and translate these"


def test_translations_keep_the_placeholders_of_their_message() -> None:
    import string

    with messages.PO_PATH.open("rb") as f:
        catalog = read_po(f, locale="vi")

    def fields(text: str) -> set[str]:
        return {name for _lit, name, _spec, _conv in string.Formatter().parse(text) if name}

    wrong = [
        m.id
        for m in catalog
        if isinstance(m.id, str) and isinstance(m.string, str) and fields(m.id) != fields(m.string)
    ]
    assert wrong == []


def test_vietnamese_is_the_default_and_english_a_switch_away() -> None:
    assert current_language() == "vi"
    assert _("Affected households") == "Hộ bị ảnh hưởng"
    set_language("en")
    assert _("Affected households") == "Affected households"


def test_dates_are_shown_day_month_year() -> None:
    assert format_date(dt.date(2024, 4, 20)) == "20/04/2024"
    assert format_date(None) == ""


def test_utc_times_are_shown_in_vietnam_time() -> None:
    assert format_datetime(dt.datetime(2024, 4, 20, 1, 30, tzinfo=dt.UTC)) == "20/04/2024 08:30"


def test_every_audited_action_and_record_has_a_vietnamese_name_in_the_audit_log() -> None:
    """The audit log page names each action and kind of record in words, never by its code."""
    import re

    from consultations.core.labels import action_label, entity_label

    code = "\n".join(p.read_text(encoding="utf-8") for p in (ROOT / "consultations").rglob("*.py"))
    actions = set(re.findall(r'\baction="([a-z_]+)"', code))
    entities = set(re.findall(r'\bentity="([a-z_]+)"', code))
    assert {"create", "read_denunciation", "heard"} <= actions and "petition" in entities
    unnamed = [a for a in actions if action_label(a) == a.replace("_", " ")]
    unnamed += [e for e in entities if entity_label(e) == e.replace("_", " ")]
    assert unnamed == []

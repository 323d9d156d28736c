"""The one form helper (ui/forms.py RecordForm): the version a form saw and the name a save clears
are one, and every form of the app is made by it, so "seen" and "saved" cannot drift apart."""

from __future__ import annotations

import ast
from pathlib import Path

from streamlit.testing.v1 import AppTest

ROOT = Path(__file__).resolve().parents[2]
#: Forms that show no record and save none: signing in.
WITHOUT_RECORD = {"sign-in"}


def _two_forms_on_one_record() -> None:
    import streamlit as st

    from ui.forms import RecordForm

    version = st.session_state.setdefault("stored", 1)  # the record's version in the store
    edit = RecordForm("edit", 7, version=version, record="thing")
    other = RecordForm("other", 7, version=version, record="thing")
    st.session_state["shown"] = (edit.seen, other.seen, edit.id, edit.key("note"))
    if st.button("save"):
        st.session_state["stored"] = version + 1
        edit.saved("saved")


def test_a_save_takes_the_saved_version_for_every_form_of_the_record_and_starts_afresh() -> None:
    app = AppTest.from_function(_two_forms_on_one_record)
    app.run()
    assert app.session_state["shown"] == (1, 1, "edit:7#0", "edit:7#0:note")
    app.button[0].click().run()
    assert not app.exception, app.exception
    # the version saved is the one both forms see now; the saving form is a new generation
    assert app.session_state["shown"] == (2, 2, "edit:7#1", "edit:7#1:note")


def test_a_change_made_elsewhere_leaves_the_version_seen_until_the_user_takes_it() -> None:
    app = AppTest.from_function(_two_forms_on_one_record)
    app.run()
    app.session_state["stored"] = 5  # another session saved meanwhile
    app.run()
    assert app.session_state["shown"][:2] == (1, 1)  # a save now sends 1: refused as stale


def _assigned_from_id(tree: ast.AST) -> set[str]:
    """Names bound to ``<form>.id`` in a module (``fid = f.id``, ``seen, fid = f.seen, f.id``)."""
    names = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Assign):
            targets: list[ast.expr] = [t for t in node.targets if isinstance(t, ast.Name)]
            pairs = list(zip(targets, [node.value], strict=False))
            for target in node.targets:
                if isinstance(target, ast.Tuple) and isinstance(node.value, ast.Tuple):
                    pairs += list(zip(target.elts, node.value.elts, strict=False))
            for name, value in pairs:
                if (
                    isinstance(name, ast.Name)
                    and isinstance(value, ast.Attribute)
                    and value.attr == "id"
                ):
                    names.add(name.id)
    return names


def test_every_form_of_the_app_is_keyed_by_a_record_form() -> None:
    loose = []
    for path in [*(ROOT / "app_pages").glob("*.py"), *(ROOT / "ui").glob("*.py")]:
        tree = ast.parse(path.read_text(encoding="utf-8"))
        by_id = _assigned_from_id(tree)
        for node in ast.walk(tree):
            if not (isinstance(node, ast.Call) and isinstance(node.func, ast.Attribute)):
                continue
            if node.func.attr != "form" or not node.args:
                continue
            key = node.args[0]
            if isinstance(key, ast.Attribute) and key.attr == "id":
                continue
            if isinstance(key, ast.Name) and key.id in by_id:
                continue
            if isinstance(key, ast.Constant) and key.value in WITHOUT_RECORD:
                continue
            loose.append(f"{path.relative_to(ROOT)}:{node.lineno}")
    assert loose == [], f"forms keyed without RecordForm: {loose}"
    import ui.forms

    for gone in ("form_id", "seen_version", "reload_button", "saved"):
        assert not hasattr(ui.forms, gone), f"ui.forms.{gone} is back"

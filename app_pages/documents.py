"""Documents: the project's documents and the ledger of which household received which, when, how."""

import datetime as dt

import streamlit as st

from consultations.disclosure import METHODS, add_document, disclose
from consultations.storage.people import households_of
from consultations.storage.records import disclosures_of, documents_of
from translations import _
from ui.errors import shown_errors
from ui.session import current_actor
from ui.store import app_store
from ui.uploads import checked_attachment
from ui.widgets import date_columns, pick_many, project_picker

DOCUMENT_KINDS = (
    "route_map",
    "electric_field_study",
    "compensation_plan",
    "recovery_notice",
    "other",
)

st.title(_("Documents"))
store = app_store()
project = project_picker(store)
with store.read() as conn:
    documents = documents_of(conn, project.id)
    ledger = disclosures_of(conn, project.id)
    households = {h.id: h for h in households_of(conn, project.id)}
documents = documents[documents.kind.isin(DOCUMENT_KINDS)]

st.subheader(_("Project documents"))
st.dataframe(
    documents.rename(columns={"title": _("Title"), "kind": _("Kind"), "issued_on": _("Issued")}),
    hide_index=True, width="stretch", column_config=date_columns(_("Issued")),
)  # fmt: skip
with st.expander(_("Add a document")), st.form("document", clear_on_submit=True):
    title = st.text_input(_("Title"))
    kind = st.selectbox(_("Kind"), DOCUMENT_KINDS)
    issued = st.date_input(_("Issued"), dt.date.today(), format="DD/MM/YYYY")
    upload = st.file_uploader(_("File"))
    if st.form_submit_button(_("Add")):
        with shown_errors():
            add_document(store, project.id, kind=str(kind), title=title, issued_on=issued, actor=current_actor(),
                         file=checked_attachment(upload, upload.type) if upload else None)  # fmt: skip
        st.rerun()

st.subheader(_("Who received what"))
st.dataframe(
    ledger[["household_code", "title", "delivered_on", "method"]].rename(
        columns={"household_code": _("Household"), "title": _("Title"),
                 "delivered_on": _("Delivered"), "method": _("How")}),
    hide_index=True, width="stretch", column_config=date_columns(_("Delivered")),
)  # fmt: skip
if documents.empty:
    st.stop()
with st.form("disclose", clear_on_submit=True):
    titles = dict(zip(documents.id, documents.title, strict=True))
    document_id = st.selectbox(_("Document"), list(titles), format_func=titles.__getitem__)
    chosen = pick_many(_("Households that received it"), list(households),
                            format_func=lambda i: f"{households[i].code} · {households[i].head_name}")  # fmt: skip
    delivered = st.date_input(_("Delivered"), dt.date.today(), format="DD/MM/YYYY")
    method = st.selectbox(_("How"), METHODS)
    receipt = st.file_uploader(_("Signed receipt"))
    if st.form_submit_button(_("Record delivery")):
        with shown_errors():
            disclose(store, project.id, int(document_id or 0), chosen, delivered_on=delivered, method=str(method),
                     actor=current_actor(), receipt=checked_attachment(receipt, receipt.type) if receipt else None)  # fmt: skip
        st.rerun()

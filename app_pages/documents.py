"""Documents: the project's documents and the ledger of which household received which, when, how."""

import streamlit as st

from consultations.documents.evidence import FileRef
from consultations.documents.service import (
    DOCUMENT_KINDS,
    METHODS,
    add_document,
    disclose,
    disclosure_ledger,
    document_kind_label,
    method_label,
    project_documents,
)
from consultations.households.service import households_seen_by
from translations import _, local_today
from ui.commands import submission_key
from ui.editing import may_record
from ui.errors import shown_errors
from ui.forms import RecordForm, attempt
from ui.frame import page_frame
from ui.uploads import checked_attachment
from ui.widgets import date_columns, evidence_files, pick_many, table

store, actor, project = page_frame(_("Documents"))
with shown_errors():
    documents = project_documents(store, project.id, actor=actor)
    ledger = disclosure_ledger(store, project.id, actor=actor)
    households = {h.id: h for h in households_seen_by(store, project.id, actor=actor)}

st.subheader(_("Project documents"))
table(
    [{_("Title"): d.title, _("Kind"): document_kind_label(d.kind), _("Issued"): d.issued_on} for d in documents],
    hide_index=True, width="stretch", column_config=date_columns(_("Issued")),
)  # fmt: skip
stored = [FileRef(d.id, d.title, d.file_name, d.issued_on) for d in documents if d.file_name]
if stored:
    evidence_files(store, stored, actor)
recorder = may_record(actor, project, say=False)  # said once, under the ledger
if recorder:
    adding = RecordForm("document", project.id)
    with st.expander(_("Add a document")), st.form(adding.id):
        title = st.text_input(_("Title"))
        kind = st.selectbox(_("Kind"), DOCUMENT_KINDS, format_func=document_kind_label)
        issued = st.date_input(_("Issued"), local_today(), format="DD/MM/YYYY")
        upload = st.file_uploader(_("File"))
        if st.form_submit_button(_("Add")):
            added = attempt(lambda: add_document(
                store, project.id, kind=str(kind), title=title, issued_on=issued, actor=actor,
                file=checked_attachment(upload, upload.type) if upload else None,
                key=submission_key("document", project.id, title, kind, issued, upload),
            ))  # fmt: skip
            if added is not None:
                adding.saved(_("Document added: {title}.").format(title=title.strip()))

st.subheader(_("Who received what"))
table(
    [{_("Household"): x.household_code, _("Title"): x.title, _("Delivered"): x.delivered_on,
      _("How"): method_label(x.method)} for x in ledger],
    hide_index=True, width="stretch", column_config=date_columns(_("Delivered")),
)  # fmt: skip
if not may_record(actor, project) or not documents:
    st.stop()
delivery = RecordForm("disclose", project.id)
with st.form(delivery.id):
    titles = {d.id: d.title for d in documents}
    document_id = st.selectbox(_("Document"), list(titles), format_func=titles.__getitem__)
    chosen = pick_many(_("Households that received it"), list(households),
                            format_func=lambda i: f"{households[i].code} · {households[i].head_name}")  # fmt: skip
    delivered = st.date_input(_("Delivered"), local_today(), format="DD/MM/YYYY")
    method = st.selectbox(_("How"), METHODS, format_func=method_label)
    receipt = st.file_uploader(_("Signed receipt"))
    if st.form_submit_button(_("Record delivery")):
        delivered_ids = attempt(lambda: disclose(
            store, project.id, int(document_id or 0), chosen, delivered_on=delivered, method=str(method),
            actor=actor, receipt=checked_attachment(receipt, receipt.type) if receipt else None,
            key=submission_key("disclose", document_id, chosen, delivered, method, receipt),
        ))  # fmt: skip
        if delivered_ids is not None:
            delivery.saved(_("Delivery recorded for {n} households.").format(n=len(delivered_ids)))

"""A project's public page: no sign-in, read-only, rate-limited; and following one's own matter
with the reference and key of its receipt."""

import streamlit as st
import streamlit.components.v1 as components

from consultations.reporting.public_page import public_project_page
from consultations.reporting.tracking import track_matter
from translations import _, format_date, format_datetime
from ui.errors import shown_errors
from ui.forms import RecordForm
from ui.session import client_address
from ui.store import app_store

store = app_store()
slug = st.query_params.get("project", "")


def project_section(slug: str) -> None:
    """What the project is, its map, figures, what is ahead and how to send a concern."""
    with shown_errors():
        page = public_project_page(store, slug, client=client_address())
        st.title(page.name)
        st.caption(" · ".join(x for x in (page.kind, *page.places, page.authority or "") if x))
        if page.description:
            st.write(page.description)
        if page.closed:
            st.info(_("This project is finished; its records are kept."))
        for column, (label, value) in zip(st.columns(len(page.figures)), page.figures, strict=True):
            column.metric(label, value)
        st.subheader(_("Map"))
        components.html(page.map_html, height=420)
        st.subheader(_("Meetings and reception days ahead"))
        ahead = [
            (m.held_at.date(), f"{format_datetime(m.held_at)} · {m.kind}", m.place)
            for m in page.meetings
        ] + [
            (d.on, f"{format_date(d.on)} · {_('Citizen reception')}: {d.body}", d.place)
            for d in page.reception_days
        ]
        for _day, what, place in sorted(ahead, key=lambda a: a[0]):
            st.markdown(f"- **{what}**" + (f" — {place}" if place else ""))
        if not ahead:
            st.write(_("None is scheduled yet."))
        st.subheader(_("Documents disclosed to all"))
        for document in page.documents:
            st.markdown(
                f"- {document.title} ({document.kind}, {format_date(document.disclosed_on)})"
            )
        if not page.documents:
            st.write(_("None yet."))
        st.subheader(_("How to send a concern or a petition"))
        st.write(
            _("Tell the officer at a meeting or a household visit, come to a reception day above, or "
              "send a written petition to {body}. You get a receipt with a reference and a key: type "
              "both below to follow your matter.").format(body=page.authority or _("the commune People's Committee"))
        )  # fmt: skip


if not slug:
    st.title(_("Project public page"))
    st.info(_("Open the address printed on the notice, or scan its QR code."))
else:
    project_section(slug)

st.subheader(_("Follow your concern or petition"))
tracking = RecordForm("track")  # a lookup: nothing is written, what was typed stays
with st.form(tracking.id):
    reference = st.text_input(_("Reference (on the receipt)"), placeholder="YK-…")
    key = st.text_input(_("Key (on the receipt)"), placeholder="XXXX-XXXX")
    asked = st.form_submit_button(_("Look it up"), type="primary", width="stretch")
if asked:
    with shown_errors():
        matter = track_matter(store, reference, key, client=client_address())
        st.success(f"{matter.reference}: {matter.stage}")
        st.write(_("Received on {date}.").format(date=format_date(matter.received_on)))
        if matter.next_step and matter.next_due:
            st.write(
                _("Next: {step}, by {date}.").format(step=matter.next_step, date=format_date(matter.next_due))
            )  # fmt: skip

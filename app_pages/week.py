"""This week: what is late or falls due within a week, for the households the reader may read,
each with a button to the page where it is handled (the record chosen there)."""

import streamlit as st

from consultations.core.access import Action
from consultations.procedure.service import NEAR_DAYS
from consultations.reporting.week import DueItem, DueKind, this_week
from translations import _, format_date, local_today
from ui.errors import shown_errors
from ui.frame import page_frame
from ui.widgets import pick_many, plain

store, actor, project = page_frame(_("This week"), saves=False)
today = local_today()  # Vietnam's day, whatever the server's clock says
with shown_errors():
    week = this_week(store, project, actor=actor, today=today)
st.caption(
    _("Today is {today}: what is late, and what falls due within {n} days.").format(
        today=format_date(today), n=NEAR_DAYS
    )
)
late, coming = st.columns(2)
late.metric(_("Late"), len(week.late))
coming.metric(_("Due within {n} days").format(n=NEAR_DAYS), len(week.coming))
if not week.items:
    st.success(_("Nothing is late or due this week."))
    st.stop()
kinds = pick_many(
    _("What to show"), [k for k in DueKind if any(i.kind is k for i in week.items)],
    format_func=lambda k: k.label, key="week-kinds",
)  # fmt: skip


def open_item(item: DueItem) -> None:
    """Go to where ``item`` is handled, with its record (or household) chosen there."""
    page = item.kind.page
    if page == "concerns":
        st.session_state["concern-chosen"] = item.record_id
    elif page == "commitments":
        st.session_state["commitment-chosen"] = item.record_id
    elif page == "petitions":
        st.session_state["petitions-section"] = "register"
        st.session_state["follow-petition"] = item.record_id
    elif page == "compensation":
        st.session_state["compensation-section"] = "households"
        st.session_state["payment-household"] = item.household_id
    else:
        st.session_state.household_query = item.household_code or ""
    st.switch_page(f"app_pages/{page}.py")


def when(item: DueItem) -> str:
    days = item.days_left(today)
    if days < 0:
        return _("{date}, {n} days late").format(date=format_date(item.due_on), n=-days)
    if days == 0:
        return _("{date}, today").format(date=format_date(item.due_on))
    return _("{date}, in {n} days").format(date=format_date(item.due_on), n=days)


ACTIONS = {"concerns": _("Open the concern"), "commitments": _("Open the commitment"),
           "petitions": _("Open the petition"), "compensation": _("Open the household's payments"),
           "households": _("Open the household's file")}  # fmt: skip
for title, items in ((_("Late"), week.late), (_("Due within {n} days").format(n=NEAR_DAYS), week.coming)):  # fmt: skip
    shown = [i for i in items if not kinds or i.kind in kinds]
    if not shown:
        continue
    st.subheader(f"{title} ({len(shown)})")
    for n, item in enumerate(shown):
        with st.container(border=True):
            st.markdown(f"**{item.kind.label}** · {when(item)}")
            # A record of no household is the whole project's; a petition's may be withheld.
            whole = None if item.kind.page == "petitions" else _("Whole project")
            who = f"{item.household_code} · {item.head_name}" if item.household_code else whole
            st.markdown(plain(" · ".join(t for t in (who, item.what[:120]) if t)))
            if item.kind.page == "compensation" and not actor.may_in(Action.IMPORT, project.id):
                st.caption(_("Paid by the land fund's cashier: follow it up with them."))
            if st.button(
                ACTIONS[item.kind.page],
                key=f"week-{item.kind}-{item.record_id}-{item.household_id}-{n}",
                width="stretch",
            ):
                open_item(item)

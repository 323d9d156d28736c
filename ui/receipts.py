"""A receipt's reference and key on screen, once, with the QR code of the project's public page."""

from __future__ import annotations

from collections.abc import Callable

import streamlit as st

from consultations.core.qr import public_address, qr_svg
from consultations.core.receipts import Receipt
from translations import _
from ui.forms import attempt

_PENDING = "_receipt"


def remember_receipt(issue: Callable[[], Receipt]) -> None:
    """Issue a receipt and keep it to show after the page reruns (a save reruns the page)."""
    receipt = attempt(issue)
    if receipt is not None:
        st.session_state[_PENDING] = receipt


def show_receipt(slug: str, receipt: Receipt | None = None) -> None:
    """The receipt given (or the one kept by ``remember_receipt``), shown this once."""
    receipt = receipt or st.session_state.pop(_PENDING, None)
    if receipt is None:
        return
    address = public_address(slug)
    with st.container(border=True):
        st.markdown(_("**Receipt** · reference **{reference}** · key **{key}**").format(
            reference=receipt.reference, key=receipt.key))  # fmt: skip
        st.caption(
            _("Write both on the receipt given to the person: the key is shown only this once. "
              "They follow their matter at {address}.").format(address=address)
        )  # fmt: skip
        st.image(qr_svg(address), width=140)


def receipt_button(slug: str, record_id: int, issue: Callable[[], Receipt]) -> None:
    """A button that prints a new receipt for an existing record (its earlier key stops working)."""
    if st.button(_("Print a receipt (a new key)"), key=f"receipt:{record_id}"):
        receipt = attempt(issue)
        if receipt is not None:
            show_receipt(slug, receipt)

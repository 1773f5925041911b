"""The "Copy link to this view" button: one click copies the page's address, which already holds
every control's value (widgets are bound to the URL, the live panel writes its values there, the
home page its step count). The browser reads the address at the moment of the click
(ui/share_link.js), so the link is always the current view and copying needs no rerun.

Where the clipboard cannot be written (a page served over plain http to another machine), the
link is shown selected in a text field instead, for Ctrl+C.
"""

from __future__ import annotations

from pathlib import Path

import streamlit as st

from ui.content import section

_SCRIPT = Path(__file__).with_name("share_link.js").read_text(encoding="utf-8")
COMPONENT_NAME = "loss_lab_share_link"
KEY = "app_share_link"
LABEL = "Copy link to this view"
COPIED = "Link copied"
COPY_BY_HAND = "Press Ctrl+C (⌘C on a Mac) to copy the link"
FIELD_LABEL = "Link to this view"


def share_button() -> None:
    """Draw the button (once a page: app.py puts it in the page's toolbar)."""
    _component()(
        key=KEY,
        data={"label": LABEL, "copied": COPIED, "by_hand": COPY_BY_HAND, "field": FIELD_LABEL,
              "help": section("app", "Share link")},
        width="content",
        height="content",
    )


def _component():
    # Registered on every call: Streamlit keeps components per runtime (each AppTest has its own).
    return st.components.v2.component(COMPONENT_NAME, js=_SCRIPT, isolate_styles=False)

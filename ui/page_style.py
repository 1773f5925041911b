"""The app's one stylesheet (ui/page_style.css), added to every page by app.py."""

from __future__ import annotations

from pathlib import Path

import streamlit as st

STYLESHEET = Path(__file__).with_name("page_style.css")


def page_style() -> None:
    """Add the stylesheet. A file of only CSS goes to Streamlit's event container: it takes no
    room on the page. Streamlit's sanitiser drops a style element whose text holds "<" and a
    letter: the stylesheet must not name an HTML tag in angle brackets, even in a comment."""
    st.html(STYLESHEET)

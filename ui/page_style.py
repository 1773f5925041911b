"""The app's one stylesheet (ui/page_style.css), added to every page by app.py, and the early start
of Plotly's download."""

from __future__ import annotations

from pathlib import Path

import streamlit as st

STYLESHEET = Path(__file__).with_name("page_style.css")
PLOTLY_LOADER = Path(__file__).with_name("plotly_loader.js")
PRELOAD_CLASS = "ll-plotly-preload"
"""Marks the element that starts loading Plotly (page_style.css hides its container)."""


def page_style() -> None:
    """Add the stylesheet. A file of only CSS goes to Streamlit's event container: it takes no
    room on the page. Streamlit's sanitiser drops a style element whose text holds "<" and a
    letter: the stylesheet must not name an HTML tag in angle brackets, even in a comment.

    Then start loading Plotly (1.2 MB, parsed in about half a second on two shared cores), the
    first thing on every page: the charts' components (ui/live_panel.js, ui/plotly_chart.js,
    ui/step_player.js) mount only once the page's other elements are drawn, and asked for Plotly
    only then, so a first visit waited for it after everything else. They share the same load
    (ui/plotly_loader.js keeps it in ``window.__lossLabPlotly``)."""
    st.html(STYLESHEET)
    st.html(preload_html(), unsafe_allow_javascript=True)


def preload_html() -> str:
    """A hidden marker and a script that starts ui/plotly_loader.js's ``loadPlotly()``. Streamlit
    runs it as a classic script, once per element: the loader's declarations stay in a function
    scope, so running it again (another page, a rerun) cannot clash, and ``loadPlotly`` loads
    Plotly once per browser tab."""
    loader = PLOTLY_LOADER.read_text(encoding="utf-8")
    return (f'<span class="{PRELOAD_CLASS}" hidden></span>'
            f"<script>(() => {{\n{loader}\nloadPlotly().catch(() => {{}});\n}})();</script>")

"""The app's stylesheet reaches the page (ui/page_style.py)."""

import re

from streamlit.testing.v1 import AppTest

from tests.conftest import APP
from ui.page_style import STYLESHEET


def test_the_sanitiser_keeps_the_stylesheet():
    # Streamlit's HTML sanitiser drops a style element whose text holds "<" and a letter (a
    # tag named in a comment would silently remove every rule).
    assert not re.search(r"<[/\w!]", STYLESHEET.read_text(encoding="utf-8"))


def test_every_page_gets_the_stylesheet_once():
    at = AppTest.from_file(APP, default_timeout=60).run()
    styles = [html for html in at.get("html") if "katex-display" in html.proto.body]
    assert len(styles) == 1

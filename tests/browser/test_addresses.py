"""Every address app.py declares opens its page, the guessable /home included.

Streamlit serves the default page of ``st.navigation`` at the base URL only: its own url_path
answers "Page not found" and jumps to the base URL. A student who met /mse and /huber guesses
/home for the first page, so app.py declares it a second time, hidden, under that address.
"""

from __future__ import annotations

import pytest
from playwright.sync_api import Page, expect

from tests.app_pages import DeclaredPage, declared_pages, hidden_pages
from tests.browser.test_pages_in_browser import open_in_browser, page_title
from ui.content import CONTENT_DIR, parse_sections

HOME = next(page for page in declared_pages() if page.default)
PAGE_NOT_FOUND = "Page not found"


def _heading(declared: DeclaredPage) -> str:
    """The page's h1: its lesson file's title, which is what the page shows."""
    lesson = CONTENT_DIR / "lessons" / f"{declared.name}.md"
    return parse_sections(lesson.read_text(encoding="utf-8"))["title"]


def _opens_there(page: Page, url: str, declared: DeclaredPage) -> None:
    errors = open_in_browser(page, url)
    expect(page_title(page)).to_have_text(_heading(declared))
    expect(page.get_by_text(PAGE_NOT_FOUND)).to_have_count(0)
    # The address stays what the student typed: no jump to another page.
    assert page.url.rstrip("/") == url.rstrip("/"), f"{url} moved to {page.url}"
    assert not errors, errors


def test_the_base_url_opens_the_first_page(page: Page, app_url: str):
    _opens_there(page, f"{app_url}/", HOME)
    # The navigation marks the page as the current one.
    current = page.locator('[data-testid="stSidebarNav"] [aria-current="page"]')
    expect(current).to_contain_text(HOME.title)


@pytest.mark.parametrize("declared", hidden_pages(), ids=lambda page: page.test_id)
def test_a_hidden_address_opens_its_page(page: Page, app_url: str, declared: DeclaredPage):
    """/home: hidden from the navigation, the same page as the base URL. (The navigation's own
    addresses are opened by test_pages_in_browser.py, which checks each page's title.)"""
    _opens_there(page, f"{app_url}/{declared.address}", declared)


def test_home_has_its_own_address():
    assert any(page.address == "home" and page.path == HOME.path for page in hidden_pages())

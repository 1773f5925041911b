"""Every address app.py declares opens its page, the guessable /home included.

Streamlit serves the default page of ``st.navigation`` at the base URL only: its own url_path
answers "Page not found" and jumps to the base URL. A student who met /mse and /huber guesses
/home for the first page, so app.py declares it a second time, hidden, under that address.
"""

from __future__ import annotations

from urllib.parse import urlsplit

import pytest
from playwright.sync_api import Page, expect

from course.lessons import HOME, LESSONS, Lesson, lesson
from tests.browser.test_pages_in_browser import open_in_browser, page_title
from ui.content import CONTENT_DIR, parse_sections

HOME_PAGE = lesson(HOME)
OTHER_ADDRESSES = [(one, address) for one in LESSONS for address in one.other_addresses]
PAGE_NOT_FOUND = "Page not found"


def _heading(declared: Lesson) -> str:
    """The page's h1: its lesson file's title, which is what the page shows."""
    lesson = CONTENT_DIR / "lessons" / f"{declared.slug}.md"
    return parse_sections(lesson.read_text(encoding="utf-8"))["title"]


def _opens_there(page: Page, url: str, declared: Lesson) -> None:
    errors = open_in_browser(page, url)
    expect(page_title(page)).to_have_text(_heading(declared))
    expect(page.get_by_text(PAGE_NOT_FOUND)).to_have_count(0)
    # The address stays what the student typed: no jump to another page (the page may add its
    # controls' values to the query, as the training lab adds the step it shows).
    assert urlsplit(page.url).path.rstrip("/") == urlsplit(url).path.rstrip("/"), f"{url} moved to {page.url}"
    assert not errors, errors


def test_the_base_url_opens_the_first_page(page: Page, app_url: str):
    _opens_there(page, f"{app_url}/", HOME_PAGE)
    # The navigation marks the page as the current one.
    current = page.locator('[data-testid="stSidebarNav"] [aria-current="page"]')
    expect(current).to_contain_text(HOME_PAGE.title)


@pytest.mark.parametrize(("declared", "address"), OTHER_ADDRESSES,
                         ids=[address for _, address in OTHER_ADDRESSES])
def test_a_hidden_address_opens_its_page(page: Page, app_url: str, declared: Lesson, address: str):
    """/home: hidden from the navigation, the same page as the base URL; /sparse-cce and the other
    addresses lessons had before their address became their slug, so old links still open.
    (The navigation's own addresses are opened by test_pages_in_browser.py.)"""
    _opens_there(page, f"{app_url}/{address}", declared)


def test_home_has_its_own_address():
    assert "home" in HOME_PAGE.other_addresses

"""The first student on a freshly started server opens a lesson's own address (/huber).

Streamlit treats a folder named ``pages/`` beside app.py as its older automatic navigation,
and a first visit to /huber would then run that file alone: no sections in the sidebar, no
wide layout, raw file names as links. The pages live in ``app_pages/`` so that app.py's
``st.navigation`` is always what the student gets.
"""

from playwright.sync_api import Page, expect

from tests.browser.test_pages_in_browser import open_in_browser


def test_a_first_visit_to_a_lesson_address_gets_the_real_navigation(page: Page, cold_app_url: str):
    errors = open_in_browser(page, f"{cold_app_url}/huber")
    expect(page.locator("h1").first).to_have_text("Huber loss and smooth L1")
    sidebar = page.locator('[data-testid="stSidebar"]')
    for section in ("Basics", "Regression", "Classification", "Beyond", "Practice"):
        expect(sidebar.get_by_text(section, exact=True)).to_be_visible()
    expect(sidebar.get_by_text("Mean squared error", exact=True)).to_be_visible()
    # A page file's raw name ("compare regression") would mean the automatic navigation won.
    expect(sidebar.get_by_text("compare regression", exact=True)).to_have_count(0)
    assert not errors, errors

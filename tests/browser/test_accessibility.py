"""Accessibility in a real browser: axe-core (WCAG 2.1 A and AA) on the content of every page.

axe-core comes with the axe-playwright-python package and is injected into the page by the test:
nothing is fetched. Every page of the navigation is opened in one browser tab, one after the
other; each is run to the end, its charts drawn and a part of it opened (the "Link to this
view" box, an answered quiz question, a loaded example), and axe checks ``stMain``, the page's
own content. A serious or critical violation fails the test, listed by rule and element.
"""

from __future__ import annotations

import re
from collections.abc import Callable

from axe_playwright_python.sync_playwright import Axe
from playwright.sync_api import Browser, Page, expect

from course.lessons import LESSONS, Lesson
from tests.browser.test_pages_in_browser import open_in_browser, page_url, wait_for_app

WCAG_21_AA = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]
BLOCKING = ("serious", "critical")
MAIN = '[data-testid="stMain"]'
VIEWPORT = {"width": 1280, "height": 720}


def wait_for_charts(page: Page) -> None:
    """Every chart on the page is drawn by Plotly (ui/plotly_chart.js), and the fonts are in
    (a formula measured in a fallback font is wider than it will be)."""
    page.evaluate("() => document.fonts.ready.then(() => true)")
    page.wait_for_function("""() => [...document.querySelectorAll('.loss-lab-chart, .ll-chart')]
                                      .every(plot => plot.querySelector('svg.main-svg'))""")


def open_share_link(page: Page) -> None:
    """Open the "Link to this view" box of a page that has one."""
    toggle = page.locator(MAIN).get_by_text("Link to this view")
    if toggle.count():
        toggle.first.click()
        expect(page.locator(MAIN).get_by_role("code").first).to_be_visible()


def answer_a_question(page: Page) -> None:
    """Answer the quiz's first question and check it: the feedback box is part of the page too."""
    first = page.locator(MAIN).get_by_role("radiogroup").first
    first.get_by_role("radio").first.check(force=True)
    wait_for_app(page)
    page.locator(MAIN).get_by_role("button", name="Check").first.click()
    wait_for_app(page)
    expect(page.locator(MAIN).get_by_text(re.compile(r"^(Right|Not quite)\.$")).first).to_be_visible()


def load_an_example(page: Page) -> None:
    """Load the binary example: the results, their tables, captions and charts appear."""
    page.locator(MAIN).get_by_role("button", name="Binary example").click()
    wait_for_app(page)
    expect(page.locator(MAIN).get_by_text("The results", exact=True)).to_be_visible()
    wait_for_charts(page)
    open_share_link(page)


# What a student opens on a page before axe looks; the other pages open their link box.
INTERACTIONS: dict[str, Callable[[Page], None]] = {
    "quiz": answer_a_question,
    "your_data": load_an_example,
}


def blocking_violations(page: Page) -> list[str]:
    """axe's serious and critical violations of WCAG 2.1 A/AA in the page's content, one line
    per rule: its id and the elements (CSS selectors) that break it."""
    results = Axe().run(page, context=MAIN, options={
        "runOnly": {"type": "tag", "values": WCAG_21_AA}, "resultTypes": ["violations"]})
    return [f"{violation['id']} ({violation['impact']}): "
            + "; ".join(" ".join(node["target"]) for node in violation["nodes"])
            for violation in results.response["violations"] if violation["impact"] in BLOCKING]


def show_everything(page: Page) -> None:
    """Make the window as tall as the page: axe leaves the colours of text outside the window
    undecided ("incomplete"), and Streamlit scrolls inside its main area, not the document."""
    height = page.evaluate(f"() => document.querySelector('{MAIN}').scrollHeight")
    tall = min(max(height, VIEWPORT["height"]), 16_000)
    page.set_viewport_size({"width": VIEWPORT["width"], "height": tall})
    wait_for_charts(page)  # Plotly redraws at the new size


def check_page(page: Page, app_url: str, declared: Lesson) -> list[str]:
    page.set_viewport_size(VIEWPORT)
    errors = open_in_browser(page, page_url(app_url, declared))
    wait_for_charts(page)
    INTERACTIONS.get(declared.address, open_share_link)(page)
    show_everything(page)
    problems = blocking_violations(page)
    return problems + [f"console error: {error}" for error in errors]


def test_no_serious_axe_violation_on_any_page(browser: Browser, app_url: str):
    context = browser.new_context(viewport=VIEWPORT)
    try:
        page = context.new_page()
        # axe-core is injected from the package: nothing may come from anywhere but the app.
        elsewhere: list[str] = []
        page.on("request", lambda request: request.url.startswith((app_url, "data:", "blob:"))
                or elsewhere.append(request.url))
        found = {}
        for declared in LESSONS:
            problems = check_page(page, app_url, declared)
            if problems:
                found[f"/{declared.address}"] = problems
    finally:
        context.close()
    report = "\n".join(f"{address}:\n  " + "\n  ".join(problems) for address, problems in found.items())
    assert not found, f"axe (WCAG 2.1 AA) found serious or critical violations:\n{report}"
    assert not elsewhere, f"requests outside the app: {elsewhere}"

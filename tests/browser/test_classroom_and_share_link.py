"""Classroom mode and "Copy link to this view" in a real browser (ui/classroom.py, ui/share_link.py).

Classroom mode, opened from a link: the sidebar closed, the lesson's prose hidden, the panel's
charts taller and the type larger; switching it off brings the page back. The copy button puts the
page's current address in the clipboard, and that link opens the same view: a moved panel
control, and the home page's step count.
"""

from __future__ import annotations

from playwright.sync_api import BrowserContext, Page, expect

from course.numbers import fmt
from losses import mse
from tests.browser.live_panel_gestures import open_panel
from tests.browser.test_accessibility import (
    VIEWPORT,
    blocking_violations,
    open_share_link,
    show_everything,
    wait_for_charts,
)
from tests.browser.test_pages_in_browser import metric_value, open_in_browser, wait_for_app
from ui.content import section

MAIN = '[data-testid="stMain"]'
SIDEBAR = '[data-testid="stSidebar"]'
COPY = "Copy link to this view"


def look(page: Page) -> dict:
    """What classroom mode changes: the sidebar, the root font, the panel's chart and readouts."""
    return page.evaluate("""() => ({
        sidebarClosed: document.querySelector('[data-testid="stSidebar"]').getAttribute('data-collapsed'),
        font: parseFloat(getComputedStyle(document.documentElement).fontSize),
        chart: document.querySelector('.ll-chart .main-svg').getBoundingClientRect().height,
        readout: parseFloat(getComputedStyle(document.querySelector('.ll-readout-value')).fontSize),
    })""")


def wait_for_chart_height(page: Page, taller_than: float | None = None, height: float | None = None) -> None:
    """Plotly draws the chart at its new size after the rerun: wait for it."""
    page.wait_for_function("""([taller, exact]) => {
        const svg = document.querySelector('.ll-chart .main-svg');
        const now = svg && svg.getBoundingClientRect().height;
        return now && (taller === null || now > taller) && (exact === null || Math.abs(now - exact) < 1);
    }""", arg=[taller_than, height])


def switch_classroom_mode(page: Page) -> None:
    """Click the classroom switch, as a teacher does (its label and track take the click)."""
    page.locator(MAIN).locator(".st-key-app_classroom").get_by_text("Classroom mode").click()
    wait_for_app(page)


def what_it_measures(page: Page):
    """The MSE lesson's first paragraph of prose."""
    words = section("mse", "What it measures").split("**")[0].strip()
    return page.locator(MAIN).get_by_text(words)


def test_classroom_mode_from_a_link_and_back(page: Page, app_url: str):
    errors = open_panel(page, f"{app_url}/mse")
    expect(what_it_measures(page)).to_be_visible()
    normal = look(page)
    assert normal["sidebarClosed"] == "false"

    errors += open_panel(page, f"{app_url}/mse?app_classroom=on")
    wait_for_chart_height(page, taller_than=normal["chart"])
    expect(page.locator(SIDEBAR)).to_have_attribute("data-collapsed", "true")
    expect(what_it_measures(page)).to_be_hidden()
    # What stays: the title, the presets, the panel, the worked calculation, the way out.
    expect(page.locator(MAIN).get_by_role("heading", name="Mean squared error")).to_be_visible()
    expect(page.locator(MAIN).get_by_role("button", name="Off by 4")).to_be_visible()
    expect(page.locator(MAIN).get_by_text("The worked calculation")).to_be_visible()
    expect(page.locator(MAIN).get_by_role("switch", name="Classroom mode")).to_be_checked()
    classroom = look(page)
    assert classroom["sidebarClosed"] == "true"
    assert classroom["chart"] > normal["chart"]
    assert classroom["font"] > normal["font"] and classroom["readout"] > normal["readout"]

    switch_classroom_mode(page)  # leave
    page.wait_for_function("() => !window.location.search.includes('app_classroom')")
    wait_for_chart_height(page, height=normal["chart"])
    expect(page.locator(SIDEBAR)).to_have_attribute("data-collapsed", "false")
    expect(what_it_measures(page)).to_be_visible()
    back = look(page)
    assert back["sidebarClosed"] == "false" and back["font"] == normal["font"]
    assert back["readout"] == normal["readout"] and abs(back["chart"] - normal["chart"]) < 1
    assert not errors, errors


def test_the_copied_link_is_the_current_view(context: BrowserContext, app_url: str):
    context.grant_permissions(["clipboard-read", "clipboard-write"], origin=app_url)
    page = context.new_page()
    errors = open_panel(page, f"{app_url}/mse")
    label = page.locator(".ll-panel input[type=range]").first
    label.focus()
    page.keyboard.press("ArrowRight")
    page.keyboard.press("ArrowRight")
    moved = label.input_value()
    page.wait_for_function("(value) => window.location.search.includes('mse_label=' + value)", arg=moved)
    wait_for_app(page)

    page.locator(MAIN).get_by_role("button", name=COPY).click()
    expect(page.locator(MAIN).locator(".ll-share").get_by_role("status")).to_have_text("Link copied")
    link = page.evaluate("() => navigator.clipboard.readText()")
    assert link == page.url and f"mse_label={moved}" in link

    opened = context.new_page()
    errors += open_panel(opened, link)
    expect(opened.locator(".ll-panel input[type=range]").first).to_have_value(moved)
    expect(metric_value(opened, "MSE (this sample)")).to_have_text(fmt(mse(float(moved), 5.0)))
    assert not errors, errors


def test_without_a_clipboard_the_link_is_shown_selected(context: BrowserContext, app_url: str):
    # A page served over plain http to another machine has no Clipboard API.
    context.add_init_script("Object.defineProperty(navigator, 'clipboard', {value: undefined});")
    page = context.new_page()
    errors = open_in_browser(page, f"{app_url}/mse?mse_pred=7")
    page.locator(MAIN).get_by_role("button", name=COPY).click()
    field = page.locator(MAIN).get_by_role("textbox", name="Link to this view")
    expect(field).to_be_visible()
    expect(field).to_be_focused()
    assert field.input_value() == page.url and "mse_pred=7" in page.url
    assert field.evaluate("input => input.selectionStart === 0 && input.selectionEnd === input.value.length")
    expect(page.locator(MAIN).locator(".ll-share").get_by_role("status")).not_to_be_empty()
    page.keyboard.press("Escape")
    expect(field).to_be_hidden()
    assert not errors, errors


def test_the_home_pages_link_after_three_steps_opens_at_step_three(context: BrowserContext, app_url: str):
    context.grant_permissions(["clipboard-read", "clipboard-write"], origin=app_url)
    page = context.new_page()
    errors = open_in_browser(page, app_url)
    for taken in range(1, 4):
        page.locator(MAIN).get_by_role("button", name="Take one step").click()
        expect(metric_value(page, "Steps taken")).to_have_text(str(taken))
        wait_for_app(page)
    page.wait_for_function("() => window.location.search.includes('home_step_count=3')")

    page.locator(MAIN).get_by_role("button", name=COPY).click()
    expect(page.locator(MAIN).locator(".ll-share").get_by_role("status")).to_have_text("Link copied")
    link = page.evaluate("() => navigator.clipboard.readText()")
    opened = context.new_page()
    errors += open_in_browser(opened, link)
    expect(metric_value(opened, "Steps taken")).to_have_text("3")
    assert not errors, errors


def test_classroom_mode_keeps_axe_at_zero(page: Page, app_url: str):
    # The copy button's confirmation and the larger type are checked on every page by
    # test_accessibility.py; here the classroom view itself, with its prose hidden.
    page.set_viewport_size(VIEWPORT)
    found = {}
    for address in ("mse", "", "training_lab"):
        errors = open_in_browser(page, f"{app_url}/{address}?app_classroom=on")
        wait_for_charts(page)
        open_share_link(page)
        show_everything(page)
        problems = blocking_violations(page) + [f"console error: {error}" for error in errors]
        if problems:
            found[f"/{address}"] = problems
        page.set_viewport_size(VIEWPORT)
    assert not found, found

"""Every page of app.py in a real browser: it renders, draws its charts, logs no error, and the
sliders work from the keyboard and from a shared link.

AppTest runs the scripts but not the frontend; these tests catch what only a browser shows
(a chart that fails to draw, a JavaScript error, a widget the keyboard cannot move).
"""

from __future__ import annotations

import base64
import time
from pathlib import Path

import numpy as np
import pytest
from playwright.sync_api import ConsoleMessage, Locator, Page, expect

from course.lessons import LESSONS, Lesson
from course.numbers import fmt
from losses import mse
from tests.browser.conftest import BROWSER_TIMEOUT_MS
from tests.conftest import open_page, sent_figures

# Opening a page's own URL (/mse) makes the frontend first look for the server under that
# path; the two 404s it logs before falling back to the base URL are expected.
HARMLESS_404_ENDINGS = ("/_stcore/health", "/_stcore/host-config")


def _is_harmless(message: ConsoleMessage) -> bool:
    url = (message.location or {}).get("url", "")
    return "404" in message.text and url.split("?")[0].endswith(HARMLESS_404_ENDINGS)


def open_in_browser(page: Page, url: str) -> list[str]:
    """Open ``url``, wait until the script has finished, and return the console errors so far
    (the list keeps growing while the page stays open)."""
    errors: list[str] = []
    page.on("console", lambda message: message.type == "error" and not _is_harmless(message)
            and errors.append(f"{message.text} ({(message.location or {}).get('url', '')})"))
    page.on("pageerror", lambda error: errors.append(f"uncaught: {error}"))
    page.set_default_timeout(BROWSER_TIMEOUT_MS)
    page.goto(url)
    wait_for_app(page)
    return errors


def wait_for_app(page: Page) -> None:
    """Wait until the app is connected, its script has finished and the title is drawn."""
    app = page.locator('[data-testid="stApp"]')
    expect(app).to_have_attribute("data-test-connection-state", "CONNECTED")
    expect(app).to_have_attribute("data-test-script-state", "notRunning")
    expect(page.locator('[data-testid="stStatusWidget"]')).to_have_count(0)
    expect(page_title(page)).to_be_visible()
    # The page's elements arrive after the script has finished, components (a live panel, a
    # chart) mount after that, and Plotly draws last: wait until the page's end (the course path,
    # which a tab's first live panel page sends only once its panel is drawn) is there, every
    # component has its content, every live panel's charts are drawn, and no element has been
    # added for 400 ms.
    page.evaluate("() => { window.__settled = undefined; }")
    page.wait_for_function("""() => {
        const now = performance.now();
        const count = document.querySelectorAll('[data-testid="stElementContainer"]').length;
        const ready = document.querySelector('.st-key-app_course_path') !== null
            && document.querySelector('[data-testid="stApp"]')
                .getAttribute('data-test-script-state') === 'notRunning'
            && [...document.querySelectorAll('.stBidiComponent')]
                .every(component => component.querySelector('[data-testid="stBidiComponentRegular"]')
                    ?.childElementCount > 0)
            && [...document.querySelectorAll('.ll-chart')]
                .every(plot => plot.data && plot.querySelector('svg.main-svg'));
        const seen = window.__settled || (window.__settled = {count: -1, since: now});
        if (!ready || count !== seen.count) {
            seen.count = count;
            seen.since = now;
            return false;
        }
        return now - seen.since > 400;
    }""")


def page_title(page: Page) -> Locator:
    """The page's title (st.title), not a heading the sidebar might have."""
    return page.locator('[data-testid="stMain"] h1').first


def page_url(app_url: str, declared: Lesson) -> str:
    """Where a student finds the page: the default page lives at the base URL itself."""
    return f"{app_url}/{declared.address}"


def full_page_screenshot(page: Page, path: Path) -> None:
    """A screenshot of the whole page. Streamlit scrolls inside its main area, not the document,
    so Playwright's full_page alone gives one screen: the window is made as tall as the page."""
    viewport = page.viewport_size or {"width": 1280, "height": 720}
    height = page.evaluate(
        """() => Math.max(
            document.documentElement.scrollHeight,
            ...[...document.querySelectorAll('[data-testid="stMain"], [data-testid="stSidebarContent"]')]
                .map(element => element.scrollHeight))"""
    )
    tall = min(max(height, viewport["height"]), 16_000)
    page.set_viewport_size({"width": viewport["width"], "height": tall})
    try:
        page.wait_for_timeout(300)  # let Plotly's resize handler redraw at the new size
        page.screenshot(path=path, full_page=True)
    finally:
        page.set_viewport_size(viewport)


def slider_input(page: Page, label: str) -> Locator:
    """The slider's range input, by its accessible name: a live panel's ``<input type="range">``
    or a Streamlit slider's (react-aria draws a visually hidden range input as the thumb)."""
    return page.get_by_role("slider", name=label, exact=True)


def metric_value(page: Page, label: str) -> Locator:
    """The shown value of a headline number: a live panel's readout or a Streamlit metric."""
    return page.locator('[data-testid="stMetric"], .ll-readout').filter(has_text=label).locator(
        '[data-testid="stMetricValue"], .ll-readout-value')


def first_chart_markers(page: Page) -> list[dict]:
    """The marker traces of the first Plotly chart, read from the chart's own data."""
    traces = page.locator(".js-plotly-plot").first.evaluate(
        """plot => plot.data.filter(trace => trace.mode === "markers").map(trace => {
               const plain = v => (Array.isArray(v) || ArrayBuffer.isView(v)) ? Array.from(v) : v;
               return {x: plain(trace.x), y: plain(trace.y)};
           })"""
    )
    return [{axis: _plain_list(values) for axis, values in trace.items()} for trace in traces]


def _plain_list(values) -> list[float]:
    """Plotly's arrays as numbers: a list, or the base64 form Plotly 6+ sends for numpy arrays."""
    if isinstance(values, dict) and "bdata" in values:
        return np.frombuffer(base64.b64decode(values["bdata"]), dtype=values["dtype"]).tolist()
    return list(values)


@pytest.mark.parametrize("declared", LESSONS, ids=lambda page: page.slug)
def test_page_renders_without_errors(page: Page, app_url: str, declared: Lesson, tmp_path: Path):
    # What the script draws at its defaults (AppTest), to compare with what the browser shows.
    script = open_page(declared.slug)
    charts_drawn = len(sent_figures(script))
    has_sliders = len(script.slider) + len(script.select_slider) > 0

    errors = open_in_browser(page, page_url(app_url, declared))

    expect(page_title(page)).to_have_text(script.title[0].value if script.title else declared.title)
    expect(page.locator('[data-testid="stException"]')).to_have_count(0)
    expect(page.locator('[data-testid="stAlertContentError"]')).to_have_count(0)
    plots = page.locator(".js-plotly-plot")
    # A lesson with controls redraws at least one chart as they move.
    expected_plots = max(charts_drawn, 1 if has_sliders else 0)
    if expected_plots:
        expect(plots.nth(expected_plots - 1)).to_be_attached()
        for index in range(expected_plots):
            # Plotly drew it: the plot has its SVG and a non-zero size.
            expect(plots.nth(index).locator("svg.main-svg").first).to_be_visible()
    assert plots.count() >= expected_plots

    full_page_screenshot(page, tmp_path / f"{declared.slug}.png")
    assert not errors, f"console errors on /{declared.address}: {errors}"


def test_keyboard_moves_the_prediction_and_redraws(page: Page, app_url: str):
    errors = open_in_browser(page, f"{app_url}/mse")
    thumb = slider_input(page, "Prediction ŷ")
    loss = metric_value(page, "MSE (this sample)")
    before_text = thumb.input_value()
    before_value = float(before_text)
    before_loss = loss.inner_text()
    before_markers = first_chart_markers(page)
    label = float(slider_input(page, "Label y").input_value())
    # Tag the charts' elements: a move must redraw them in place, not replace them with new
    # ones drawn from scratch (ui/plotly_chart.py).
    charts = page.locator(".js-plotly-plot")
    charts.evaluate_all("plots => plots.forEach(plot => { plot.__beforeMove = true; })")

    thumb.focus()
    for _ in range(5):
        thumb.press("ArrowRight")
    expect(thumb).not_to_have_value(before_text)
    after_value = float(thumb.input_value())
    assert after_value == pytest.approx(before_value + 0.5)

    # The server reran with the new value: the metric and the chart's marker follow it.
    expect(loss).to_have_text(fmt(mse(label, after_value)))
    assert loss.inner_text() != before_loss
    deadline = time.monotonic() + BROWSER_TIMEOUT_MS / 1000
    while (after_markers := first_chart_markers(page)) == before_markers and time.monotonic() < deadline:
        page.wait_for_timeout(100)
    assert after_markers != before_markers
    assert after_markers[0]["x"] == [pytest.approx(after_value)]
    assert after_markers[0]["y"] == [pytest.approx(mse(label, after_value))]
    assert charts.evaluate_all("plots => plots.map(plot => plot.__beforeMove === true)") == [True, True]
    assert not errors, errors


def test_shared_link_opens_on_the_same_state(page: Page, app_url: str):
    errors = open_in_browser(page, f"{app_url}/mse?mse_pred=7.5&mse_label=1")
    expect(slider_input(page, "Prediction ŷ")).to_have_value("7.5")
    expect(slider_input(page, "Label y")).to_have_value("1")
    expect(metric_value(page, "MSE (this sample)")).to_have_text(fmt(mse(1, 7.5)))
    assert not errors, errors


def test_a_preset_writes_its_values_into_the_address_bar(page: Page, app_url: str):
    errors = open_in_browser(page, f"{app_url}/mse")
    page.get_by_role("button", name="Off by 4").click()
    expect(metric_value(page, "MSE (this sample)")).to_have_text(fmt(mse(3, 7)))
    page.wait_for_function("() => window.location.search.includes('mse_pred=7')")
    # The address now opens the same view in a fresh tab.
    shared = page.url
    fresh = page.context.new_page()
    fresh_errors = open_in_browser(fresh, shared)
    expect(slider_input(fresh, "Prediction ŷ")).to_have_value("7")
    expect(metric_value(fresh, "MSE (this sample)")).to_have_text(fmt(mse(3, 7)))
    assert not errors and not fresh_errors, errors + fresh_errors


def test_a_huge_tampered_link_opens_the_defaults_without_an_error(page: Page, app_url: str):
    junk = "&".join(f"p{number}={number}" for number in range(1000))
    errors = open_in_browser(page, f"{app_url}/mse?mse_pred={'9' * 100_000}&mse_label=abc&{junk}")
    expect(slider_input(page, "Prediction ŷ")).to_have_value("5")
    expect(metric_value(page, "MSE (this sample)")).to_have_text(fmt(mse(3, 5)))
    assert page.locator('[data-testid="stException"]').count() == 0
    assert not errors, errors

"""The live panels of MAE, MAPE and Poisson in a real browser: a held drag of the panel's first
slider moves the first chart's point and a headline number at every move, without a word to the
server; the server hears once, when the button is released, and the address then holds the value.

Expected numbers come from losses/, never from the browser's copy of the formulas."""

from __future__ import annotations

import json
import math
from collections.abc import Callable
from dataclasses import dataclass

import pytest
from playwright.sync_api import Browser, Page, expect

from course.numbers import fmt
from losses import mae, mae_grad, mape, mse, poisson
from tests.browser.live_panel_gestures import MOVES, drag, first_chart_marker, sent_to_server, watch_readout
from tests.browser.test_pages_in_browser import metric_value, open_in_browser, slider_input
from ui.controls import SliderSpec
from ui.live_panel import _SCRIPT, Ref, _control_json, _shown, exp, lgamma, xlogy


@dataclass(frozen=True)
class FirstSlider:
    """A page's first panel slider, the readout it moves, and what losses says both should show."""

    url_path: str
    slider: str  # the slider's accessible name
    key: str  # its control key: the query parameter
    readout: str
    readout_of: Callable[[float], float]  # the readout's value for the slider's value
    marker_of: Callable[[float], tuple[float, float]]  # the first chart's point for it
    also: tuple[tuple[str, Callable[[float], float]], ...] = ()  # more readouts the drag moves


CASES = [
    # Defaults: ŷ = 5 (MAE); Case A's prediction 1000 (MAPE); a rate ŷ = 3 (Poisson).
    FirstSlider("mae", "Label y", "mae_label", "MAE (this sample)",
                lambda y: mae(y, 5.0), lambda y: (5.0, mae(y, 5.0)),
                (("Gradient ∂L/∂ŷ", lambda y: mae_grad(y, 5.0)[0]),)),
    FirstSlider("mape", "Case A: label y (units sold)", "mape_label_a", "MAPE (Case A, %)",
                lambda y: mape(y, 1000.0), lambda y: (1000.0, mape(y, 1000.0)),
                (("MSE (Case A)", lambda y: mse(y, 1000.0)),)),
    FirstSlider("poisson", "Observed count y (events in the interval)", "poisson_count", "Poisson loss",
                lambda y: poisson(y, 3.0), lambda y: (3.0, poisson(y, 3.0)),
                # ln y!, the full NLL and P(y; ŷ) by the standard library, not by losses' epsilon.
                (("ln y!", lambda y: math.lgamma(y + 1)),
                 ("Full NLL = loss + ln y!", lambda y: poisson(y, 3.0) + math.lgamma(y + 1)),
                 ("P(y; ŷ)", lambda y: 3.0 ** y * math.exp(-3.0) / math.factorial(int(y))))),
]




def _readout(page: Page, label: str):
    """The value of the panel readout labelled exactly ``label`` ("ln y!", not "… + ln y!")."""
    return page.locator(".ll-readout").filter(
        has=page.locator(".ll-readout-label").get_by_text(label, exact=True)).locator(".ll-readout-value")




@pytest.mark.parametrize("case", CASES, ids=lambda case: case.url_path)
def test_a_held_drag_of_the_first_slider_is_live_and_sent_once(page: Page, app_url: str, case: FirstSlider):
    sent = sent_to_server(page)
    errors = open_in_browser(page, f"{app_url}/{case.url_path}")
    first = slider_input(page, case.slider)
    # The first slider of the panel is this one.
    assert page.locator(".ll-panel input[type=range]").first.get_attribute("name") == case.key
    before = float(first.input_value())
    page.wait_for_function("() => document.querySelector('.ll-chart')?.data")  # Plotly has drawn it
    marker_before = first_chart_marker(page)
    watch_readout(page, case.readout)
    frames_before = len(sent)

    drag(page, first.bounding_box(), 0.1, 0.8)
    value = float(first.input_value())
    held = page.evaluate("window.__readouts")
    assert value != before
    # The readout changed while held (a MOVES-step drag shows many values), and shows what
    # losses gives for the value under the finger; so does the point on the first chart.
    assert len(set(held)) >= MOVES // 3, held
    expect(metric_value(page, case.readout)).to_have_text(fmt(case.readout_of(value)))
    for label, value_of in case.also:
        expect(_readout(page, label)).to_have_text(fmt(value_of(value)))
    marker = first_chart_marker(page)
    assert marker != marker_before
    assert marker == pytest.approx(list(case.marker_of(value)))
    assert len(sent) == frames_before, "the browser asked the server during the gesture"

    page.mouse.up()
    page.wait_for_function(f"() => window.location.search.includes('{case.key}={value}')")
    assert len(sent) - frames_before == 1, "one message to the server per gesture"
    expect(metric_value(page, case.readout)).to_have_text(fmt(case.readout_of(value)))
    assert not errors, errors


def test_the_mae_gradient_keeps_its_riser_and_kink_marker_during_a_drag(page: Page, app_url: str):
    errors = open_in_browser(page, f"{app_url}/mae")
    label = slider_input(page, "Label y")
    drag(page, label.bounding_box(), 0.5, 0.2)
    y = float(label.input_value())
    gradient = page.locator(".ll-chart").nth(1).evaluate("""plot => plot.data.map(t => ({
        name: t.name, x: Array.from(t.x), y: Array.from(t.y)}))""")
    curve = next(trace for trace in gradient if trace["name"] == "gradient of Absolute error")
    at_label = [v for x, v in zip(curve["x"], curve["y"], strict=True) if x == pytest.approx(y, abs=1e-9)]
    assert at_label == [-1.0, 1.0]  # the riser: from the left's slope to the right's, at y itself
    kink = next(trace for trace in gradient if trace["name"] == "value used at the kink")
    assert kink["x"] == [pytest.approx(y)] and kink["y"] == [mae_grad(y, y)[0]]
    page.mouse.up()
    assert not errors, errors


def test_a_mape_label_of_zero_reads_undefined_live_and_after_the_server(page: Page, app_url: str):
    errors = open_in_browser(page, f"{app_url}/mape")
    label = slider_input(page, "Case B: label y (units sold)")
    label.focus()
    label.press("Home")  # label 0: MAPE divides by it
    expect(label).to_have_value("0")
    expect(_readout(page, "MAPE (Case B, %)")).to_have_text("undefined")
    expect(_readout(page, "MSE (Case B)")).to_have_text(fmt(mse(0.0, 5.0)))
    page.wait_for_function("() => window.location.search.includes('mape_label_b=0.0')")
    expect(page.get_by_text("MAPE divides by the label").first).to_be_visible()
    expect(_readout(page, "MAPE (Case B, %)")).to_have_text("undefined")
    expect(_readout(page, "MAPE (Case A, %)")).to_have_text(fmt(mape(1010.0, 1000.0)))
    assert not errors, errors


# --- The expression nodes added for these pages: the browser computes what Python computes ---------

NODE_VALUES = [-4.5, -2.5, -0.5, 0.0, 0.25, 0.5, 1.0, 2.0, 3.7, 4.99]


def test_exp_lgamma_and_xlogy_read_the_same_in_the_browser(browser: Browser):
    """A panel of one slider t whose readouts use the nodes, driven in a blank page: each readout
    shows, after a move, what Python's evaluation (through numpy and math) shows."""
    t = Ref("t")
    exprs = [lgamma(t), lgamma(100 * t + 600), lgamma(0.5 * t + 3), exp(t), exp(-10 * t),
             xlogy(t, t + 6), xlogy(t - t, t), xlogy(t, 0 * t), exp(xlogy(t + 5, 2.5) - 2.5 - lgamma(t + 6))]
    control = SliderSpec("t", "t", -5.0, 5.0, 1.0, 0.01)
    spec = {"fixed": {}, "controls": [_control_json(control, 1.0)], "charts": [],
            "readouts": [{"label": f"r{index}", "value": expr.to_json(), "text": ""}
                         for index, expr in enumerate(exprs)]}
    context = browser.new_context()
    try:
        tab = context.new_page()
        tab.set_content("<html><body><div id='root'></div></body></html>")
        tab.evaluate("""async ([source, spec]) => {
            const panel = await import("data:text/javascript;charset=utf-8," + encodeURIComponent(source));
            panel.default({data: {panel: spec}, parentElement: document.getElementById("root"),
                           setTriggerValue: () => {}});
        }""", [_SCRIPT, json.dumps(spec)])
        for value in NODE_VALUES:
            got = tab.evaluate("""async (value) => {
                const input = document.querySelector("input[type=range]");
                input.value = String(value);
                input.dispatchEvent(new Event("input"));
                await new Promise((resolve) => requestAnimationFrame(() => requestAnimationFrame(resolve)));
                return [...document.querySelectorAll(".ll-readout-value")].map((node) => node.textContent);
            }""", value)
            assert got == [_shown(expr, {"t": value}) for expr in exprs], value
    finally:
        context.close()

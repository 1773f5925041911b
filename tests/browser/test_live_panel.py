"""The live panel in a real browser (ui/live_panel.py): a drag with the button held moves the
point, the curve and the numbers at every move, without asking the server; the server hears
once, when the gesture ends, and then the rest of the page and the address agree."""

from __future__ import annotations

import pytest
from playwright.sync_api import Page, expect

from course.numbers import fmt
from losses import mse, mse_grad
from tests.browser.live_panel_gestures import MOVES, drag, open_panel, sent_to_server, watch_readout
from tests.browser.test_pages_in_browser import metric_value, slider_input


def test_a_slider_drag_redraws_while_held_and_asks_the_server_once(page: Page, app_url: str):
    sent = sent_to_server(page)
    errors = open_panel(page, f"{app_url}/mse")
    prediction = slider_input(page, "Prediction ŷ")
    label = float(slider_input(page, "Label y").input_value())
    watch_readout(page, "Error e = ŷ − y")
    frames_before = len(sent)

    drag(page, prediction.bounding_box(), 0.2, 0.9)
    held = page.evaluate("window.__readouts")
    value = float(prediction.input_value())
    # Every move (but the few that land on the same step) reached the numbers, and the last
    # one is what losses gives for the value under the finger; the server heard nothing yet.
    assert len(set(held)) >= 0.9 * MOVES, (len(held), held)
    assert held[-1] == fmt(value - label)
    expect(metric_value(page, "MSE (this sample)")).to_have_text(fmt(mse(label, value)))
    marker = page.locator(".ll-chart").first.evaluate(
        "plot => plot.data.filter(t => t.mode === 'markers').map(t => [t.x[0], t.y[0]])")
    assert marker == [[value, mse(label, value)]]
    assert len(sent) == frames_before, "the browser asked the server during the gesture"

    page.mouse.up()
    # One rerun after the gesture: the address and the worked calculation follow.
    page.wait_for_function(f"() => window.location.search.includes('mse_pred={value}')")
    worked = page.locator(".katex").filter(has_text=f"= {fmt(mse_grad(label, value)[0])}")
    expect(worked.first).to_be_attached()
    assert len(sent) - frames_before == 1, "one message to the server per gesture"
    assert not errors, errors


def test_dragging_the_point_on_the_chart_moves_the_prediction(page: Page, app_url: str):
    errors = open_panel(page, f"{app_url}/mse")
    prediction = slider_input(page, "Prediction ŷ")
    before = float(prediction.input_value())
    chart = page.locator(".ll-chart").first
    plot_area = chart.locator(".nsewdrag").first.bounding_box()
    drag(page, plot_area, 0.5, 0.15)  # from the middle of the x axis (ŷ = 0) towards −7
    during = float(prediction.input_value())
    assert during < before - 5
    expect(metric_value(page, "MSE (this sample)")).to_have_text(fmt(mse(3.0, during)))
    page.mouse.up()
    page.wait_for_function(f"() => window.location.search.includes('mse_pred={during}')")
    assert not errors, errors


def test_keyboard_moves_are_live_and_sent_once_the_keys_pause(page: Page, app_url: str):
    sent = sent_to_server(page)
    errors = open_panel(page, f"{app_url}/mse")
    prediction = slider_input(page, "Prediction ŷ")
    prediction.focus()
    frames_before = len(sent)
    for presses in range(1, 4):
        prediction.press("ArrowLeft")
        # Each key press shows at once: 5 − 0.1 per press.
        expect(metric_value(page, "MSE (this sample)")).to_have_text(fmt(mse(3.0, 5.0 - 0.1 * presses)))
    page.wait_for_function("() => window.location.search.includes('mse_pred=4.7')")
    assert len(sent) - frames_before == 1, "three quick key presses make one message to the server"
    prediction.press("End")
    expect(prediction).to_have_value("10")
    expect(metric_value(page, "Gradient")).to_have_text(fmt(mse_grad(3.0, 10.0)[0]))
    assert not errors, errors


# --- What a move redraws: only what it changes; the whole chart again when the gesture ends -------

WATCH_DRAWING = """() => {
    // Every Plotly.react call from now on (by chart), and every change to the first chart's SVG
    // lines and markers, in window.__drawing.
    const plots = [...document.querySelectorAll('.ll-chart')];
    const drawing = window.__drawing = {reacts: [], lines: 0, markers: 0};
    const react = window.Plotly.react;
    window.Plotly.react = function (plot, ...rest) {
        drawing.reacts.push(plots.indexOf(plot));
        return react.call(this, plot, ...rest);
    };
    const layer = plots[0].querySelector('.scatterlayer');
    new MutationObserver((records) => {
        for (const record of records) {
            if (record.target.matches('path.js-line')) drawing.lines += 1;
            if (record.target.matches('path.point')) drawing.markers += 1;
        }
    }).observe(layer, {attributes: true, attributeFilter: ['d', 'transform'], subtree: true});
}"""


def test_a_move_redraws_only_the_point_when_only_the_point_moves(page: Page, app_url: str):
    # On MSE the loss curve depends on the label only: dragging the prediction moves the points,
    # not the curves, and needs none of Plotly's full redraws (axes, ticks, legend) while held.
    errors = open_panel(page, f"{app_url}/mse")
    prediction = slider_input(page, "Prediction ŷ")
    curve = page.locator(".ll-chart").first.locator("path.js-line").first
    curve_before = curve.get_attribute("d")
    page.evaluate(WATCH_DRAWING)

    drag(page, prediction.bounding_box(), 0.75, 0.35)
    drawing = page.evaluate("window.__drawing")
    value = float(prediction.input_value())
    assert drawing["reacts"] == [], drawing
    assert drawing["markers"] >= 0.8 * MOVES, drawing
    assert drawing["lines"] == 0, drawing
    assert curve.get_attribute("d") == curve_before
    # What the chart holds is what it shows: the point at the value under the finger.
    marker = page.locator(".ll-chart").first.evaluate(
        "plot => plot.data.filter(t => t.mode === 'markers').map(t => [t.x[0], t.y[0]])")
    assert marker == [[value, mse(3.0, value)]]

    page.mouse.up()
    page.wait_for_function(f"() => window.location.search.includes('mse_pred={value}')")
    assert not errors, errors


def test_the_axes_hold_during_a_drag_and_follow_the_data_after_it(page: Page, app_url: str):
    # Dragging the label from 3 towards 0 lowers the top of the loss curve, (10 + |y|)², from 169
    # to about 100: while the button is held the curve moves inside axes that hold still; once it
    # is released Plotly draws the chart whole again, and its y axis fits the curve again.
    errors = open_panel(page, f"{app_url}/mse")
    label = slider_input(page, "Label y")
    chart = page.locator(".ll-chart").first
    top = "plot => plot._fullLayout.yaxis.range[1]"
    top_before = chart.evaluate(top)
    page.evaluate(WATCH_DRAWING)

    drag(page, label.bounding_box(), 0.65, 0.52)
    value = float(label.input_value())
    assert -1.0 < value < 2.0, value
    assert chart.evaluate(top) == top_before
    drawing = page.evaluate("window.__drawing")
    # (The gradient chart's line, 2(ŷ − y), rises above its axis as y falls: that chart is drawn
    # whole, its axis following the data, whenever it does.)
    assert 0 not in drawing["reacts"], drawing
    assert drawing["lines"] >= 0.8 * MOVES, drawing
    curve = chart.evaluate("plot => [plot.data[0].x, plot.data[0].y]")
    assert curve[1] == pytest.approx([mse(value, x) for x in curve[0]], rel=1e-9)

    page.mouse.up()
    # Drawn whole at the release, before the server's rerun.
    page.wait_for_function("() => window.__drawing.reacts.includes(0)")
    assert chart.evaluate(top) < top_before - 30
    expected_top = mse(value, -10.0)
    assert expected_top < chart.evaluate(top) < 1.25 * expected_top
    page.wait_for_function(f"() => window.location.search.includes('mse_label={value}')")
    assert not errors, errors

"""The live panel in a real browser (ui/live_panel.py): a drag with the button held moves the
point, the curve and the numbers at every move, without asking the server; the server hears
once, when the gesture ends, and then the rest of the page and the address agree."""

from __future__ import annotations

from playwright.sync_api import Page, expect

from losses import mse, mse_grad
from tests.browser.live_panel_gestures import MOVES, drag, open_panel, sent_to_server, watch_readout
from tests.browser.test_pages_in_browser import metric_value, slider_input
from ui.numbers import fmt


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

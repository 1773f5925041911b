"""The live panel in a real browser (ui/live_panel.py): a drag with the button held moves the
point, the curve and the numbers at every move, without asking the server; the server hears
once, when the gesture ends, and then the rest of the page and the address agree."""

from __future__ import annotations

from playwright.sync_api import Page, expect

from losses import mse, mse_grad
from tests.browser.test_pages_in_browser import metric_value, open_in_browser, slider_input
from ui.numbers import fmt

MOVES = 30


def open_panel(page: Page, url: str) -> list[str]:
    """Open a lesson and wait until its live panel's charts are drawn; return its console errors."""
    errors = open_in_browser(page, url)
    page.wait_for_function("""() => document.querySelectorAll('.ll-chart').length > 0
        && [...document.querySelectorAll('.ll-chart')].every(plot => plot.data?.length > 0)""")
    return errors


def _watch(page: Page) -> None:
    """Record every text the error's readout shows (it grows with the prediction, so every move
    shows a new text, where the loss of a parabola would repeat itself)."""
    page.evaluate("""() => {
        window.__readouts = [];
        const value = document.querySelectorAll('.ll-readout-value')[1];
        new MutationObserver(() => window.__readouts.push(value.textContent))
            .observe(value, {childList: true, characterData: true, subtree: true});
    }""")


def _sent_to_server(page: Page) -> list:
    sent: list = []
    page.on("websocket", lambda socket: socket.on("framesent", lambda payload: sent.append(payload)))
    return sent


def _drag(page: Page, box: dict, start: float, end: float) -> None:
    """Press at ``start`` (a fraction of the box's width), move to ``end`` in MOVES steps."""
    y = box["y"] + box["height"] / 2
    page.mouse.move(box["x"] + box["width"] * start, y)
    page.mouse.down()
    for step in range(1, MOVES + 1):
        page.mouse.move(box["x"] + box["width"] * (start + (end - start) * step / MOVES), y)
        page.wait_for_timeout(1000 // MOVES)  # 30 moves in about a second, as a student drags


def test_a_slider_drag_redraws_while_held_and_asks_the_server_once(page: Page, app_url: str):
    sent = _sent_to_server(page)
    errors = open_panel(page, f"{app_url}/mse")
    prediction = slider_input(page, "Prediction ŷ")
    label = float(slider_input(page, "Label y").input_value())
    _watch(page)
    frames_before = len(sent)

    _drag(page, prediction.bounding_box(), 0.2, 0.9)
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
    _drag(page, plot_area, 0.5, 0.15)  # from the middle of the x axis (ŷ = 0) towards −7
    during = float(prediction.input_value())
    assert during < before - 5
    expect(metric_value(page, "MSE (this sample)")).to_have_text(fmt(mse(3.0, during)))
    page.mouse.up()
    page.wait_for_function(f"() => window.location.search.includes('mse_pred={during}')")
    assert not errors, errors


def test_keyboard_moves_are_live_and_sent_once_the_keys_pause(page: Page, app_url: str):
    sent = _sent_to_server(page)
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

"""The live panels of the lessons on distributions over classes (categorical and sparse
categorical cross-entropy, KL divergence) in a real browser: a mouse drag of the panel's first
slider, button held, moves the first chart's marker and the readouts at every move, from rows of
class probabilities the browser computes itself; the server hears nothing until the button is
released, then once, and the address holds the new value."""

from __future__ import annotations

import numpy as np
from playwright.sync_api import Page, expect

from course.numbers import fmt
from losses import categorical_cross_entropy, kl_divergence, softmax, sparse_categorical_cross_entropy
from tests.browser.live_panel_gestures import drag, first_chart_marker, sent_to_server
from tests.browser.test_pages_in_browser import metric_value, open_in_browser


def _first_slider(page: Page):
    return page.locator(".ll-control input[type='range']").first




def _hold_a_drag_of_the_first_slider(page: Page, app_url: str, url_path: str) -> tuple[float, list, int]:
    """Open the page and drag its panel's first slider from 15 % to 85 % of its width, button
    still held. Returns the value under the finger, the frames sent so far and their number
    before the drag."""
    sent = sent_to_server(page)
    errors = open_in_browser(page, f"{app_url}/{url_path}")
    slider = _first_slider(page)
    expect(slider).to_be_visible()
    page.wait_for_function("() => document.querySelector('.ll-chart')?.data?.length > 0")  # Plotly drew it
    before = first_chart_marker(page)
    frames_before = len(sent)
    drag(page, slider.bounding_box(), 0.15, 0.85)
    value = float(slider.input_value())
    assert first_chart_marker(page) != before
    assert len(sent) == frames_before, "the browser asked the server during the gesture"
    assert not errors, errors
    return value, sent, frames_before


def _release(page: Page, key: str, value: float, sent: list, frames_before: int) -> None:
    """Release the button: one message to the server, then the address holds the value."""
    page.mouse.up()
    page.wait_for_function(f"() => new URLSearchParams(window.location.search).get('{key}') === '{value}'")
    assert len(sent) - frames_before == 1, "one message to the server per gesture"


def test_cce_drag_of_a_probability_moves_the_marker_and_readouts_while_held(page: Page, app_url: str):
    value, sent, frames_before = _hold_a_drag_of_the_first_slider(page, app_url, "cce")
    # The first slider is p(Tom), Tom the true class; Jerry and Spike keep 0.2 and 0.1.
    y, p = [1.0, 0.0, 0.0], [value, 0.2, 0.1]
    loss = categorical_cross_entropy(y, p)
    assert np.allclose(first_chart_marker(page), [value, loss])
    expect(metric_value(page, "CE as written")).to_have_text(fmt(loss))
    keras = categorical_cross_entropy(y, p, normalize=True)
    expect(metric_value(page, "CE as Keras")).to_have_text(fmt(keras))
    expect(metric_value(page, "Row sum")).to_have_text(fmt(sum(p)))
    # The bars follow too: the prediction, and the row divided by its sum that Keras scores.
    bars = page.locator(".ll-chart").nth(2).evaluate("plot => plot.data.map(t => Array.from(t.y))")
    assert np.allclose(bars[1:], [p, np.array(p) / sum(p)])
    _release(page, "cce_p0", value, sent, frames_before)
    # The rerun brings the worked calculation along.
    expect(page.locator(".katex").filter(has_text=f"= {fmt(loss)}").first).to_be_attached()


def test_sparse_cce_drag_of_a_logit_moves_the_marker_and_readouts_while_held(page: Page, app_url: str):
    value, sent, frames_before = _hold_a_drag_of_the_first_slider(page, app_url, "sparse_cce")
    # The first slider is the logit of cat, the true class; dog and rabbit keep 0.5 and −1.
    p = softmax([value, 0.5, -1.0])
    loss = sparse_categorical_cross_entropy([0], [p])
    assert np.allclose(first_chart_marker(page), [p[0], loss])
    expect(metric_value(page, "Sparse CE, integer label")).to_have_text(fmt(loss))
    expect(metric_value(page, "CE, one-hot label")).to_have_text(fmt(categorical_cross_entropy([1, 0, 0], p)))
    expect(metric_value(page, "Gradient")).to_have_text(fmt(-1 / p[0]))
    _release(page, "sparse_cce_z0", value, sent, frames_before)
    expect(page.locator(".katex").filter(has_text=f"= {fmt(loss)}").first).to_be_attached()


def test_kl_drag_of_a_weight_of_y_moves_the_marker_and_readouts_while_held(page: Page, app_url: str):
    value, sent, frames_before = _hold_a_drag_of_the_first_slider(page, app_url, "kl")
    # The first slider is y's weight for A; y's other weights are 0.3 and 0.1, p's 0.2, 0.5, 0.3.
    y = np.array([value, 0.3, 0.1]) / (value + 0.4)
    p = np.array([0.2, 0.5, 0.3])
    forward = kl_divergence(y, p)
    # The sweep's first marker: KL(y‖p) at p's weight for A, which the drag leaves at 0.2.
    assert np.allclose(first_chart_marker(page), [0.2, forward])
    expect(metric_value(page, "KL(y‖p)")).to_have_text(fmt(forward))
    expect(metric_value(page, "KL(p‖y)")).to_have_text(fmt(kl_divergence(p, y)))
    _release(page, "kl_p0", value, sent, frames_before)
    expect(page.locator(".katex").filter(has_text=f"= {fmt(forward)}").first).to_be_attached()


def test_kl_with_every_weight_of_y_at_0_moves_without_an_error(page: Page, app_url: str):
    # No distribution y: the sweep's declared range is undefined, and its axis fits what is drawn.
    errors = open_in_browser(page, f"{app_url}/kl?kl_p0=0.0&kl_p1=0.0&kl_p2=0.0")
    weight_of_p = page.locator(".ll-control input[type='range']").nth(3)
    weight_of_p.focus()
    page.keyboard.press("End")
    expect(weight_of_p).to_have_value("1")
    page.wait_for_function("() => document.querySelector('[data-testid=\"stApp\"]')"
                           ".getAttribute('data-test-script-state') === 'notRunning'")
    page.wait_for_timeout(500)  # the release's whole redraw, after the keys' quiet time
    assert not errors, errors

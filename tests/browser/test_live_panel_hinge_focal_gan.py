"""The live panels of the hinge, focal and GAN lessons in a real browser, as
tests/browser/test_live_panel.py checks MSE's: a mouse drag of the panel's first slider moves the
first chart's point and a headline number at every move while the button is held, without a
word to the server; the server hears once, on release, and the address then holds the value."""

from __future__ import annotations

import math
from collections.abc import Callable
from dataclasses import dataclass

import pytest
from playwright.sync_api import Page, expect

from course.numbers import fmt
from losses import focal, gan_discriminator, hinge
from tests.browser.live_panel_gestures import MOVES, drag, first_chart_marker, sent_to_server, watch_readout
from tests.browser.test_pages_in_browser import metric_value, open_in_browser, slider_input


@dataclass(frozen=True)
class Case:
    url_path: str
    slider: str
    """The accessible name of the panel's first slider."""
    key: str
    """Its control key: the query parameter of the address."""
    readout: str
    """A readout that changes at every step of that slider."""
    shown: Callable[[float], str]
    """That readout's text for a value of the slider, the other controls at their defaults."""
    marker: Callable[[float], tuple[float, float]]
    """The first chart's first point for that value (x, y), computed with ``losses``."""


CASES = [
    # Defaults: y = +1, so the margin is the score.
    Case("hinge", "Raw score ŷ (the model's output, no sigmoid)", "hinge_score", "Margin m = y·ŷ",
         lambda score: fmt(score), lambda score: (score, hinge(1, score))),
    # Defaults: y = 1, so p_t = p; γ = 2, no α.
    Case("focal", "Predicted probability p (of class 1)", "focal_prob", "p_t",
         lambda p: fmt(p), lambda p: (p, focal(1, p, gamma=2.0))),
    # Defaults: D(G(z)) = 0.2; the discriminator's point sits at D(G(z)) and rises as D(x) falls.
    Case("gan", "D(x): the discriminator's output on a real sample", "gan_d_real", "Real part −ln D(x)",
         lambda d_real: fmt(-math.log(d_real)), lambda d_real: (0.2, gan_discriminator(d_real, 0.2))),
]








@pytest.mark.parametrize("case", CASES, ids=lambda case: case.url_path)
def test_a_drag_of_the_first_slider_redraws_while_held_and_asks_the_server_once(
        page: Page, app_url: str, case: Case):
    sent = sent_to_server(page)
    errors = open_in_browser(page, f"{app_url}/{case.url_path}")
    slider = slider_input(page, case.slider)
    # The panel's first slider is this one.
    assert page.locator('.ll-panel input[type="range"]').first.get_attribute("name") == case.key
    marker_before = first_chart_marker(page)
    watch_readout(page, case.readout)
    frames_before = len(sent)

    drag(page, slider.bounding_box(), 0.2, 0.9)

    held = page.evaluate("window.__readouts")
    value = float(slider.input_value())
    # The readout followed the moves (a few may land on the same step), ending on what losses
    # gives for the value under the finger; the first chart's point moved there too.
    assert len(set(held)) >= 0.8 * MOVES, (len(held), held)
    assert held[-1] == case.shown(value)
    expect(metric_value(page, case.readout)).to_have_text(case.shown(value))
    marker = first_chart_marker(page)
    assert marker != marker_before
    assert marker == pytest.approx(list(case.marker(value)), rel=1e-9)
    assert len(sent) == frames_before, "the browser asked the server during the gesture"

    page.mouse.up()
    page.wait_for_function(f"() => window.location.search.includes('{case.key}={value}')")
    page.wait_for_timeout(500)  # a second message, if there were one, would have left by now
    assert len(sent) - frames_before == 1, "one message to the server per gesture"
    assert not errors, errors

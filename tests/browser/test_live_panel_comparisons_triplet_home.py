"""The live panels of the comparison lessons, the triplet lesson and the home page's dartboard in
a real browser: a held drag of the panel's first slider moves the first chart's marker and a
readout at every move without asking the server, which hears once, when the drag ends; the
address then holds the new value. Expected numbers come from ``losses``, not from the pages.
And the expressions added to ui/live_panel.py for them evaluate in the browser as in Python."""

from __future__ import annotations

import math
from collections.abc import Callable
from dataclasses import dataclass

import numpy as np
import pytest
from playwright.sync_api import Page, expect

from course.numbers import fmt
from losses import binary_cross_entropy, mse, triplet
from tests.browser.live_panel_gestures import MOVES, drag, first_chart_marker, sent_to_server
from tests.browser.test_pages_in_browser import metric_value, open_in_browser
from ui.live_panel import _SCRIPT, Component, Grad, Loss, Ref, Vector, X, ceil, cos, exp, log, sin, sqrt


@dataclass(frozen=True)
class Case:
    path: str
    key: str  # the first slider's control key (its query parameter)
    readout: str  # a readout's label
    expected: Callable[[float], tuple[tuple[float, float], float]]
    """The slider's value -> (the first marker's point, the readout's value)."""
    start: float = 0.2
    end: float = 0.6


CASES = [
    # Label y moves; ŷ stays 5: the MSE marker is at (5, (5 − y)²), shifted by 0 at ŷ = y.
    Case("compare_regression", "compare_regression_label", "MSE",
         lambda y: ((5.0, mse(y, 5.0)), mse(y, 5.0))),
    # p_t moves: the BCE marker is at (p, −ln p).
    Case("compare_classification", "compare_classification_point", "BCE",
         lambda p: ((p, binary_cross_entropy(1.0, p)), binary_cross_entropy(1.0, p))),
    # The anchor's x moves; p = (1.5, 0.5), n = (−1, −1.5), margin 1.
    Case("triplet", "triplet_ax", "Triplet loss",
         lambda ax: ((ax, 0.0), triplet((ax, 0.0), (1.5, 0.5), (-1.0, -1.5), margin=1.0))),
    # Dart 1's x moves; it stays at y = 2, the others at (−3, 1) and (2, −4).
    Case("", "home_dart1_x", "Cost of the round",
         lambda x: ((x, 2.0), (x**2 + 4 + 9 + 1 + 4 + 16) / 3)),
]




@pytest.mark.parametrize("case", CASES, ids=lambda case: case.path or "home")
def test_the_first_slider_drag_is_live_and_sent_once(page: Page, app_url: str, case: Case):
    sent = sent_to_server(page)
    errors = open_in_browser(page, f"{app_url}/{case.path}")
    slider = page.locator(".ll-control input[type='range']").first
    assert slider.get_attribute("name") == case.key
    slider.scroll_into_view_if_needed()
    before_marker = first_chart_marker(page)  # waits until Plotly has drawn it
    before_text = metric_value(page, case.readout).first.text_content()
    frames_before = len(sent)

    drag(page, slider.bounding_box(), case.start, case.end)
    value = float(slider.input_value())
    point, readout = case.expected(value)
    marker = first_chart_marker(page)
    assert marker != before_marker
    assert marker == [pytest.approx(point[0]), pytest.approx(point[1])]
    shown = metric_value(page, case.readout).first
    expect(shown).to_have_text(fmt(readout))
    assert shown.text_content() != before_text
    assert len(sent) == frames_before, "the browser asked the server during the gesture"

    page.mouse.up()
    page.wait_for_function(
        f"() => new URLSearchParams(window.location.search).get('{case.key}') === '{value}'")
    page.wait_for_timeout(500)
    assert len(sent) - frames_before == 1, "one message to the server per gesture"
    assert not errors, errors
    assert MOVES >= 30 and math.isfinite(value)


# --- The expressions added for these pages: the browser computes what Python computes ------------

A, P, N = Vector(Ref("ax"), Ref("ay")), Vector(Ref("px"), Ref("py")), Vector(-1.0, Ref("ny"))
GRADIENT = Grad("triplet", A, P, N, margin=Ref("m"))
AT_A_POINT = [
    Loss("triplet", A, P, N, margin=Ref("m")),
    Component(GRADIENT, 0),
    Component(GRADIENT, 1),
    Component(Vector(Ref("ax"), Ref("ny")), 1),
    exp(Ref("ax")) + log(Ref("m")) * sqrt(Ref("m")),
    ceil(2 * Ref("m")) / 2 + ceil(Ref("ay")),  # ⌈2.4⌉ / 2 + ⌈−0.4⌉ = 1.5 + 0
]
OVER_A_GRID = [
    cos(X) * Ref("px") + sin(X),
    1 / (1 + exp(-1 * X)),
    # The triplet loss of 1-D points over the grid, as the triplet lesson draws it.
    Loss("triplet", Vector(0.0), Vector(Ref("m")), Vector(-1 * X), margin=Ref("m")),
]
VALUES = {"ax": 0.3, "ay": -0.4, "px": 1.5, "py": 0.5, "ny": -1.5, "m": 1.2}
XS = [-2.0, -0.5, 0.0, 0.7, 3.0]
EVALUATE = """([expr, values, xs]) => xs === null
    ? window.panel.evaluate(expr, values)
    : xs.map((x) => window.panel.evaluate(expr, values, x))"""


def test_the_new_expressions_evaluate_in_the_browser_as_in_python(page: Page):
    page.set_content("<html><body></body></html>")
    page.evaluate("""async (source) => {
        window.panel = await import("data:text/javascript;charset=utf-8," + encodeURIComponent(source));
    }""", _SCRIPT + "\nexport { evaluate };")
    for expr in AT_A_POINT:
        got = page.evaluate(EVALUATE, [expr.to_json(), VALUES, None])
        assert got == pytest.approx(expr.evaluate(VALUES), rel=1e-9, abs=1e-12), expr.to_json()
    grid = np.array(XS)
    for expr in OVER_A_GRID:
        got = page.evaluate(EVALUATE, [expr.to_json(), VALUES, XS])
        expected = np.broadcast_to(expr.evaluate(VALUES, grid), grid.shape).tolist()
        assert got == pytest.approx(expected, rel=1e-9, abs=1e-12), expr.to_json()

"""The live panel's fast path in a real browser (ui/live_panel.js ``fastPaint``): while the
button is held, bars, zones and notes move on screen to where the formulas put them, with no
full Plotly redraw; once the button is released the chart is drawn whole, and Plotly's own
record of it is what the server computed.

Where things are on screen is read from the SVG as the browser lays it out (bounding boxes)
and compared with the formulas' values placed on the axes as drawn (the plot area's box and the
range its ticks show), not with what the panel's own code computed.
"""

from __future__ import annotations

import math

import pytest
from playwright.sync_api import Page

from course.numbers import fmt
from tests.browser.live_panel_gestures import drag, open_panel, sent_to_server
from tests.conftest import chart_specs, open_page

PIXEL_TOLERANCE = 2.0
"""Plotly puts bars' edges on whole pixels and text on its measured box: a pixel or two."""

WATCH_REACTS = """() => {
    // Every Plotly.react call from now on, by chart, in window.__reacts.
    const plots = [...document.querySelectorAll('.ll-chart')];
    window.__reacts = [];
    const react = window.Plotly.react;
    window.Plotly.react = function (plot, ...rest) {
        window.__reacts.push(plots.indexOf(plot));
        return react.call(this, plot, ...rest);
    };
}"""

# The axes as drawn: the plot area's box on screen and the ranges its ticks show.
AXES_JS = """(plot) => {
    const area = plot.querySelector('.nsewdrag').getBoundingClientRect();
    const full = plot._fullLayout;
    return {left: area.left, right: area.right, top: area.top, bottom: area.bottom,
            x: full.xaxis.range.slice(), y: full.yaxis.range.slice()};
}"""


def on_screen(axes: dict, x: float | None = None, y: float | None = None) -> tuple:
    """Where the data point (x, y) lies on the page, on the axes as drawn."""
    sx = None if x is None else axes["left"] + (x - axes["x"][0]) / (axes["x"][1] - axes["x"][0]) * (
        axes["right"] - axes["left"])
    sy = None if y is None else axes["bottom"] - (y - axes["y"][0]) / (axes["y"][1] - axes["y"][0]) * (
        axes["bottom"] - axes["top"])
    return sx, sy


def chart(page: Page, selector: str):
    """The panel's chart that contains ``selector``, and its index among the panel's charts."""
    charts = page.locator(".ll-chart")
    for index in range(charts.count()):
        if charts.nth(index).locator(selector).count():
            return index, charts.nth(index)
    raise AssertionError(f"no chart holds {selector}")


def control(page: Page, key: str):
    return page.locator(f'.ll-panel input[type="range"][name="{key}"]')


def value_of(page: Page, key: str) -> float:
    return float(control(page, key).input_value())


def drag_control(page: Page, key: str, towards: float) -> None:
    """Press on the control's thumb and drag it to ``towards`` (a fraction of its range); the
    button stays held."""
    slider = control(page, key)
    low, high = float(slider.get_attribute("min")), float(slider.get_attribute("max"))
    start = (value_of(page, key) - low) / (high - low)
    box = slider.bounding_box()
    # A range input's thumb (about 16 px) travels its width less its own.
    track = {**box, "x": box["x"] + 8, "width": box["width"] - 16}
    drag(page, track, start, towards)


def released(page: Page, key: str, value: float, chart_index: int) -> None:
    """Release the button; wait until the chart is drawn whole and the server has the value."""
    page.mouse.up()
    page.wait_for_function(f"() => window.__reacts.includes({chart_index})")
    page.wait_for_function(f"() => window.location.search.includes('{key}={value}')")
    # The rerun has reached the panel when its figures are Python's again (drawn whole).
    page.wait_for_function("() => document.querySelector('[data-testid=\"stApp\"]')"
                           ".getAttribute('data-test-script-state') === 'notRunning'")


def held_drag(page: Page, url: str, key: str, towards: float) -> list[str]:
    """Open the panel at ``url``, count Plotly.react calls from now on, and drag ``key`` towards
    ``towards`` (a share of its range), the button still held. Returns the page's errors."""
    errors = open_panel(page, url)
    page.evaluate(WATCH_REACTS)
    drag_control(page, key, towards)
    return errors


def assert_moved_without_a_full_redraw(page: Page, check) -> None:
    """``check`` passes on what the page shows while the button is held, and Plotly.react was
    never called: the fast path drew it."""
    check()
    assert page.evaluate("window.__reacts") == [], "a full redraw while the button was held"


def test_dragging_a_probability_moves_its_bars_without_a_full_redraw(page: Page, app_url: str):
    # Categorical cross-entropy: the bars are the label (one-hot, Tom), the prediction p, and p
    # divided by the row sum. Dragging p(Tom) moves its bar and every normalised bar.
    errors = open_panel(page, f"{app_url}/cce")
    index, bars = chart(page, ".barlayer")
    page.evaluate(WATCH_REACTS)
    sent = sent_to_server(page)

    drag_control(page, "cce_p0", 0.35)
    row = [value_of(page, f"cce_p{k}") for k in range(3)]
    assert row[0] < 0.5, row
    expected = {"Prediction p": row, "p ÷ row sum (what Keras scores)": [p / sum(row) for p in row]}

    def check_bars() -> None:
        axes = bars.evaluate(AXES_JS)
        _, zero = on_screen(axes, y=0.0)
        names = bars.evaluate("plot => plot.data.map(trace => trace.name)")
        groups = bars.locator(".barlayer > g.trace")
        for trace, heights in expected.items():
            drawn = groups.nth(names.index(trace)).locator("g.point > path")
            assert drawn.count() == len(heights)
            for k, height in enumerate(heights):
                box = drawn.nth(k).bounding_box()
                _, top = on_screen(axes, y=height)
                assert box["y"] == pytest.approx(top, abs=PIXEL_TOLERANCE), (trace, k, height)
                assert box["y"] + box["height"] == pytest.approx(zero, abs=PIXEL_TOLERANCE), (trace, k)

    assert_moved_without_a_full_redraw(page, check_bars)
    assert not sent, "the browser asked the server during the gesture"

    released(page, "cce_p0", row[0], index)
    # Drawn whole: what Plotly holds is the row the server computed, and it is where it shows.
    held = bars.evaluate("plot => plot._fullData.map(trace => [trace.name, Array.from(trace.y)])")
    for name, heights in expected.items():
        assert dict(held)[name] == pytest.approx(heights, rel=1e-9)
    check_bars()
    assert not errors, errors


def test_dragging_delta_moves_the_huber_zones_without_a_full_redraw(page: Page, app_url: str):
    # Huber: the quadratic zone is |e| ≤ δ, its label at its left edge; the first band of the loss
    # chart. Dragging δ down from 1 narrows it.
    errors = held_drag(page, f"{app_url}/huber", "huber_delta", 0.065)
    loss_chart = page.locator(".ll-chart").first
    delta = value_of(page, "huber_delta")
    assert 0.3 < delta < 0.9, delta

    def check_zone() -> None:
        axes = loss_chart.evaluate(AXES_JS)
        band = loss_chart.locator('.shapelayer path[data-index="0"]').bounding_box()
        left, _ = on_screen(axes, x=-delta)
        right, _ = on_screen(axes, x=delta)
        assert band["x"] == pytest.approx(left, abs=PIXEL_TOLERANCE)
        assert band["x"] + band["width"] == pytest.approx(right, abs=PIXEL_TOLERANCE)
        label = loss_chart.locator("g.annotation").filter(has_text="quadratic").locator("text").bounding_box()
        # Anchored at its left: its text starts at the zone's left edge, inside the box's padding.
        assert left <= label["x"] <= left + 6, (label, left)

    assert_moved_without_a_full_redraw(page, check_zone)

    released(page, "huber_delta", delta, 0)
    shapes = loss_chart.evaluate("plot => plot._fullLayout.shapes.map(shape => [shape.x0, shape.x1])")
    assert shapes[0] == pytest.approx([-delta, delta], rel=1e-9)
    check_zone()
    assert not errors, errors


def test_dragging_a_point_moves_its_label_and_distance_note_without_a_full_redraw(page: Page, app_url: str):
    # Triplet: the positive p's label sits 14 px right of and above p; the note on the segment
    # a–p gives its length d(a, p). Dragging p's first coordinate towards the anchor moves both.
    errors = held_drag(page, f"{app_url}/triplet", "triplet_px", 0.65)  # from 1.5 to about 0.9
    plane = page.locator(".ll-chart").first
    anchor = (value_of(page, "triplet_ax"), value_of(page, "triplet_ay"))
    positive = (value_of(page, "triplet_px"), value_of(page, "triplet_py"))
    assert 0.3 < positive[0] < 1.2, positive
    distance_text = f"d(a, p) = {fmt(math.dist(anchor, positive))}"

    def check_notes() -> None:
        axes = plane.evaluate(AXES_JS)
        px, py = on_screen(axes, *positive)
        label = plane.locator('g.annotation text[data-unformatted="<b>p</b>"]').bounding_box()
        assert label["x"] + label["width"] / 2 == pytest.approx(px + 14, abs=PIXEL_TOLERANCE)
        assert label["y"] + label["height"] / 2 == pytest.approx(py - 14, abs=PIXEL_TOLERANCE + 1)
        notes = plane.locator("g.annotation text.annotation-text").all_text_contents()
        assert distance_text in notes, notes
        marker = plane.locator(".scatterlayer .points path.point").nth(1).bounding_box()
        assert marker["x"] + marker["width"] / 2 == pytest.approx(px, abs=PIXEL_TOLERANCE)
        assert marker["y"] + marker["height"] / 2 == pytest.approx(py, abs=PIXEL_TOLERANCE)

    assert_moved_without_a_full_redraw(page, check_notes)

    released(page, "triplet_px", positive[0], 0)
    held = plane.evaluate("plot => plot._fullLayout.annotations.map(note => [note.text, note.x, note.y])")
    assert [distance_text] == [text for text, _, _ in held if text.startswith("d(a, p)")]
    label = [(x, y) for text, x, y in held if text == "<b>p</b>"]
    assert label == [pytest.approx(positive, rel=1e-9)]
    check_notes()
    assert not errors, errors


# The gradient of MSE at the comparison's defaults (label 3, prediction 5) is 2 · 2 = 4, above the
# gradient chart's top (3): its marker is drawn at the edge as a triangle, with "4 ↑" beside it.
# At label 3.6 it is 2 · 1.4 = 2.8, on the chart.
MSE_GRADIENT_MARKER = "gradient of MSE at ŷ"
# The marker as Plotly holds it, the notes of the figure on screen (the fast path moves Plotly's
# SVG, not its record of the layout), and the notes' text as the SVG shows it.
MARKER_AND_NOTES_JS = """(name) => {
    const plot = document.querySelectorAll('.ll-chart')[1];
    let host = plot;
    while (!host.__lossLabPanel) host = host.parentElement;
    const figure = host.__lossLabPanel.screens[1].figure;
    return {trace: plot.data.find((trace) => trace.name === name),
            notes: (figure.layout.annotations || []).filter((note) => note.name === 'off-scale'),
            shown: [...plot.querySelectorAll('g.annotation')].map((note) => note.textContent)};
}"""
MARKER_KEYS = ("y", "marker", "hovertemplate", "customdata", "cliponaxis")


def python_marker_and_notes(label: str) -> dict:
    """The gradient chart's MSE marker and off-chart notes as the server draws them at ``label``."""
    figure = chart_specs(open_page("compare_regression", query_params={"compare_regression_label": label}))[1]
    notes = figure["layout"].get("annotations", [])
    return {"trace": next(trace for trace in figure["data"] if trace["name"] == MSE_GRADIENT_MARKER),
            "notes": [note for note in notes if note["name"] == "off-scale"]}


def press_while_held(page: Page, key: str, times: int) -> dict:
    """Press the label's slider ``times`` times, quicker than the pause that ends a keyboard
    gesture, and read the MSE gradient marker and its notes as the gesture left them on screen."""
    page.locator(".ll-control input[type=range]").first.focus()
    for _ in range(times):
        page.keyboard.press(key)
        page.wait_for_timeout(40)
    return page.evaluate(MARKER_AND_NOTES_JS, MSE_GRADIENT_MARKER)


def alike(browser, python) -> bool:
    """Equal, numbers to a rounding error (the browser adds the slider's steps: 3 + 6 × 0.1)."""
    if isinstance(python, dict):
        return isinstance(browser, dict) and browser.keys() == python.keys() and \
            all(alike(browser[key], python[key]) for key in python)
    if isinstance(python, list):
        return isinstance(browser, list) and len(browser) == len(python) and \
            all(alike(mine, theirs) for mine, theirs in zip(browser, python, strict=True))
    if isinstance(python, float | int) and not isinstance(python, bool):
        return browser == pytest.approx(python)
    return browser == python


def same_marker(browser: dict, python: dict) -> None:
    for name in MARKER_KEYS:
        assert alike(browser["trace"].get(name), python["trace"].get(name)), name
    assert alike(browser["notes"], python["notes"])


def test_a_marker_back_on_the_chart_during_a_gesture_is_drawn_as_the_server_draws_it(page: Page,
                                                                                      app_url: str):
    open_panel(page, f"{app_url}/compare_regression")
    during = press_while_held(page, "ArrowRight", 6)  # label 3 → 3.6
    assert during["trace"]["marker"]["symbol"] == "circle" and not during["notes"] and not during["shown"]
    same_marker(during, python_marker_and_notes("3.6"))


def test_a_marker_leaving_the_chart_during_a_gesture_is_drawn_as_the_server_draws_it(page: Page,
                                                                                    app_url: str):
    open_panel(page, f"{app_url}/compare_regression?compare_regression_label=3.6")
    during = press_while_held(page, "ArrowLeft", 6)  # label 3.6 → 3
    assert during["trace"]["marker"]["symbol"] == "triangle-up" and during["trace"]["cliponaxis"] is False
    assert [note["text"] for note in during["notes"]] == during["shown"] == ["4 ↑"]
    same_marker(during, python_marker_and_notes("3"))


def test_a_move_that_keeps_a_marker_off_the_chart_is_drawn_by_the_fast_path(page: Page, app_url: str):
    open_panel(page, f"{app_url}/compare_regression")
    page.evaluate(WATCH_REACTS)
    during = press_while_held(page, "ArrowRight", 1)  # label 3.1: the gradient 3.8, still above
    assert [note["text"] for note in during["notes"]] == during["shown"] == ["3.8 ↑"]
    assert page.evaluate("window.__reacts") == [], "a full redraw on the first move"

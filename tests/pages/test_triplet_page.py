"""The triplet lesson: loss, distances and the anchor's gradient are what `losses` computes."""

import math
import re

import numpy as np
import pytest

from course.numbers import fmt
from losses import triplet, triplet_grad
from tests.conftest import chart_specs, control_value, metric, panels, screen_text, set_controls

NAN_OR_INF = re.compile(r"(?<![\w.])(nan|inf)(?![\w])", re.IGNORECASE)
KEYS = ("triplet_ax", "triplet_ay", "triplet_px", "triplet_py", "triplet_nx", "triplet_ny")


def place(at, anchor, positive, negative, margin=None):
    values = dict(zip(KEYS, (*anchor, *positive, *negative), strict=True))
    if margin is not None:
        values["triplet_margin"] = margin
    return set_controls(at, **values)


def trace(spec, name):
    return next(t for t in spec["data"] if t.get("name") == name)


def arrows(spec):
    """The arrows drawn (a live chart keeps a hidden one for when the step is not zero)."""
    return [a for a in spec["layout"].get("annotations", []) if a.get("showarrow") and a.get("visible", True)]


def test_loads_with_formula_charts_and_numbers(page):
    at = page("triplet")
    assert at.title[0].value == "Triplet loss"
    assert len(chart_specs(at)) == 2  # the plane and the loss against d(a, n)
    a, p, n = (0.0, 0.0), (1.5, 0.5), (-1.0, -1.5)
    assert metric(at, "Triplet loss") == fmt(math.dist(a, p) - math.dist(a, n) + 1.0)
    assert metric(at, "d(a, p)") == fmt(math.dist(a, p))


@pytest.mark.parametrize(("key", "value"), [("triplet_ax", 1.3), ("triplet_ay", -2.0), ("triplet_px", -3.0),
                                            ("triplet_py", 2.2), ("triplet_nx", 0.4), ("triplet_ny", 0.1),
                                            ("triplet_margin", 2.5)])
def test_each_slider_changes_the_loss_to_what_losses_computes(page, key, value):
    at = page("triplet")
    set_controls(at, **{key: value})
    values = {k: control_value(at, k) for k in KEYS}
    a = (values["triplet_ax"], values["triplet_ay"])
    p = (values["triplet_px"], values["triplet_py"])
    n = (values["triplet_nx"], values["triplet_ny"])
    margin = control_value(at, "triplet_margin")
    assert metric(at, "Triplet loss") == fmt(triplet(a, p, n, margin=margin))
    assert metric(at, "d(a, p)") == fmt(math.dist(a, p))
    assert metric(at, "d(a, n)") == fmt(math.dist(a, n))
    gradient = triplet_grad(a, p, n, margin=margin)
    assert metric(at, "Gradient ∂L/∂a, x") == fmt(gradient[0])
    assert metric(at, "Gradient ∂L/∂a, y") == fmt(gradient[1])
    loss_chart = chart_specs(at)[1]
    marker = trace(loss_chart, "current triplet")
    assert marker["x"] == [pytest.approx(math.dist(a, n))]
    assert marker["y"] == [pytest.approx(max(0.0, math.dist(a, p) - math.dist(a, n) + margin))]


def test_easy_preset_has_zero_loss_and_no_gradient_arrow(page):
    at = page("triplet")
    at.button(key="triplet_preset_0").click().run()
    assert metric(at, "Triplet loss") == "0"  # max(0, 1 - 2.5 + 1) = 0 (by hand)
    assert metric(at, "d(a, p)") == "1"
    assert metric(at, "d(a, n)") == "2.5"
    assert metric(at, "Gradient ∂L/∂a, x") == metric(at, "Gradient ∂L/∂a, y") == "0"
    assert arrows(chart_specs(at)[0]) == []
    assert "easy triplet" in screen_text(at)


def test_hard_preset_reproduces_the_hand_computed_loss_and_gradient(page):
    at = page("triplet")
    at.button(key="triplet_preset_1").click().run()
    # a = (0, 0), p = (1.2, 1.6), n = (-0.6, 0.8): d(a, p) = 2, d(a, n) = 1, loss 2 - 1 + 1 = 2.
    # ∂L/∂a = (a - p)/2 - (a - n)/1 = (-0.6, -0.8) - (0.6, -0.8) = (-1.2, 0).
    assert metric(at, "Triplet loss") == "2"
    assert metric(at, "d(a, p)") == "2"
    assert metric(at, "d(a, n)") == "1"
    assert metric(at, "Gradient ∂L/∂a, x") == "-1.2"
    assert metric(at, "Gradient ∂L/∂a, y") == "0"
    assert "hard triplet" in screen_text(at)
    # The arrow starts at the anchor and points along minus the gradient: to (1.2, 0).
    (arrow,) = arrows(chart_specs(at)[0])
    assert (arrow["ax"], arrow["ay"]) == (pytest.approx(0.0), pytest.approx(0.0))
    assert (arrow["x"], arrow["y"]) == (pytest.approx(1.2), pytest.approx(0.0))


def test_semi_hard_preset(page):
    at = page("triplet")
    at.button(key="triplet_preset_2").click().run()
    # d(a, p) = 1, d(a, n) = 1.5: 1 - 1.5 + 1 = 0.5; ∂L/∂a = (-1, 0) - (0.6, -0.8) = (-1.6, 0.8).
    assert metric(at, "Triplet loss") == "0.5"
    assert metric(at, "Gradient ∂L/∂a, x") == "-1.6"
    assert metric(at, "Gradient ∂L/∂a, y") == "0.8"
    assert "semi-hard triplet" in screen_text(at)


def test_plane_shows_the_points_and_the_margin_circle(page):
    at = place(page("triplet"), (0.5, -1.0), (1.5, 1.0), (-2.0, 0.0), margin=0.8)
    plane = chart_specs(at)[0]
    assert plane["layout"]["yaxis"]["scaleanchor"] == "x"  # equal aspect
    for name, point in (("anchor a", (0.5, -1.0)), ("positive p", (1.5, 1.0)), ("negative n", (-2.0, 0.0))):
        marker = trace(plane, name)
        assert (marker["x"][0], marker["y"][0]) == (pytest.approx(point[0]), pytest.approx(point[1]))
    circle = next(t for t in plane["data"] if t["name"].startswith("margin circle"))
    radii = np.hypot(np.array(circle["x"]) - 0.5, np.array(circle["y"]) + 1.0)
    assert radii == pytest.approx(math.dist((0.5, -1.0), (1.5, 1.0)) + 0.8)
    labels = [a["text"] for a in plane["layout"]["annotations"]]
    assert f"d(a, p) = {fmt(math.dist((0.5, -1.0), (1.5, 1.0)))}" in labels
    assert f"d(a, n) = {fmt(math.dist((0.5, -1.0), (-2.0, 0.0)))}" in labels


def test_anchor_on_top_of_the_positive_shows_no_nan(page):
    at = place(page("triplet"), (1.0, 1.0), (1.0, 1.0), (1.5, 1.0), margin=1.0)
    # d(a, p) = 0, d(a, n) = 0.5: loss 0 - 0.5 + 1 = 0.5; the unit vector to p is taken as 0, so
    # ∂L/∂a = -(a - n)/0.5 = (1, 0).
    assert metric(at, "d(a, p)") == "0"
    assert metric(at, "Triplet loss") == "0.5"
    assert metric(at, "Gradient ∂L/∂a, x") == "1"
    assert metric(at, "Gradient ∂L/∂a, y") == "0"
    assert any("subgradient" in info.value for info in at.info)
    assert not NAN_OR_INF.search(screen_text(at))


def test_batch_counts_the_easy_triplets_that_add_nothing(page):
    at = page("triplet")
    at.button(key="triplet_preset_0").click().run()  # your triplet is easy too
    table = at.dataframe[0].value
    assert table["Triplet loss"].tolist() == pytest.approx([0.0, 0.0, 0.5, 2.0, 0.0])
    assert "**3 of the 5**" in screen_text(at)


def test_the_panel_readouts_and_markers_follow_a_move(page):
    at = place(page("triplet"), (0.0, 0.0), (0.0, 1.0), (2.0, 0.0), margin=1.5)
    # By hand: d(a, p) = 1, d(a, n) = 2, loss 1 − 2 + 1.5 = 0.5; ∂L/∂a = (0, −1) − (−1, 0) = (1, −1).
    assert metric(at, "Triplet loss") == "0.5"
    assert metric(at, "d(a, n)") == "2"
    assert metric(at, "Gradient ∂L/∂a, x") == "1"
    assert metric(at, "Gradient ∂L/∂a, y") == "-1"
    plane, loss_chart = chart_specs(at)
    assert (trace(plane, "negative n")["x"], trace(plane, "negative n")["y"]) == ([2.0], [0.0])
    assert trace(loss_chart, "current triplet")["x"] == [pytest.approx(2.0)]
    assert trace(loss_chart, "current triplet")["y"] == [pytest.approx(0.5)]
    (arrow,) = arrows(plane)
    assert (arrow["x"], arrow["y"]) == (pytest.approx(-1.0), pytest.approx(1.0))  # the step, −gradient
    # The curve against d(a, n) is max(0, 1 − d + 1.5), by hand.
    curve = next(t for t in loss_chart["data"] if t["mode"] == "lines")
    assert curve["y"] == pytest.approx([max(0.0, 2.5 - d) for d in curve["x"]])
    assert [c["key"] for c in panels(at)[0]["controls"]] == [*KEYS, "triplet_margin"]


def test_the_step_label_leaves_p_and_d_a_p_clear(page):
    at = page("triplet")
    plane = chart_specs(at)[0]
    assert plane["layout"]["showlegend"] is False  # the lines are named by their labels
    notes = plane["layout"]["annotations"]
    step = next(note for note in notes if note["text"].startswith("anchor's step"))
    p_label = next(note for note in notes if note["text"] == "<b>p</b>")
    # At the defaults the step ends at (1.503, 1.148), 0.65 above p: its label goes up and right
    # of the head (along the step), the label of p sits up and right of p, below the head.
    assert step["xshift"] > 0 and step["yshift"] > 0
    assert step["y"] > p_label["y"] + 0.5
    # The label of d(a, p) sits below the segment a–p (clockwise of it), away from the step.
    d_label = next(note for note in notes if note["text"].startswith("d(a, p)"))
    assert d_label["yshift"] < 0 < d_label["xshift"]


def test_the_notation_box_says_what_p_and_m_mean_here(page):
    at = page("triplet")
    box = " ".join(" ".join(m.value for m in at.markdown if "Notation used everywhere" in m.value).split())
    assert "**p** is the predicted probability" in box  # the app-wide rule ...
    assert "**p is not a probability** here" in box  # ... and this page's exception
    assert "m** is the margin the loss asks for" in box

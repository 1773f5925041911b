"""The triplet lesson: loss, distances and the anchor's gradient are what `losses` computes."""

import math
import re

import numpy as np
import pytest

from losses import triplet, triplet_grad
from tests.conftest import chart_specs, metric, screen_text
from ui.numbers import fmt

NAN_OR_INF = re.compile(r"(?<![\w.])(nan|inf)(?![\w])", re.IGNORECASE)
KEYS = ("triplet_ax", "triplet_ay", "triplet_px", "triplet_py", "triplet_nx", "triplet_ny")


def place(at, anchor, positive, negative, margin=None):
    for key, value in zip(KEYS, (*anchor, *positive, *negative), strict=True):
        at.slider(key=key).set_value(value).run()
    if margin is not None:
        at.slider(key="triplet_margin").set_value(margin).run()
    return at


def trace(spec, name):
    return next(t for t in spec["data"] if t.get("name") == name)


def arrows(spec):
    return [a for a in spec["layout"].get("annotations", []) if a.get("showarrow")]


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
    at.slider(key=key).set_value(value).run()
    values = {k: at.slider(key=k).value for k in KEYS}
    a = (values["triplet_ax"], values["triplet_ay"])
    p = (values["triplet_px"], values["triplet_py"])
    n = (values["triplet_nx"], values["triplet_ny"])
    margin = at.slider(key="triplet_margin").value
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
    names = [t["name"] for t in plane["data"]]
    assert f"anchor–positive: d(a, p) = {fmt(math.dist((0.5, -1.0), (1.5, 1.0)))}" in names
    assert f"anchor–negative: d(a, n) = {fmt(math.dist((0.5, -1.0), (-2.0, 0.0)))}" in names


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


def test_the_notation_box_says_what_p_and_m_mean_here(page):
    at = page("triplet")
    box = " ".join(" ".join(m.value for m in at.markdown if "Notation used everywhere" in m.value).split())
    assert "**p** is the predicted probability" in box  # the app-wide rule ...
    assert "**p is not a probability** here" in box  # ... and this page's exception
    assert "m** is the margin the loss asks for" in box


def test_at_the_defaults_no_label_on_the_plane_overlaps_another(page):
    plane = chart_specs(page("triplet"))[0]
    labels = [a for a in plane["layout"]["annotations"] if a.get("text")]
    # The step's arrow is named in the legend, not by a text on the plane.
    assert not any("step" in a["text"] for a in labels)
    assert "blue arrow: the anchor's step (−gradient)" in [t["name"] for t in plane["data"]]
    assert len(arrows(plane)) == 1
    # The remaining labels (a, p and n), as boxes in data units: the plane is
    # 8 units across about 600 px, so 75 px a unit; about 7 px a character, 16 px a line.
    unit = 75.0

    def box(note):
        width = 7.0 * len(note["text"].replace("<b>", "").replace("</b>", "")) / unit
        x = note["x"] + note.get("xshift", 0) / unit
        y = note["y"] + note.get("yshift", 0) / unit
        return x - width / 2, x + width / 2, y - 8 / unit, y + 8 / unit

    boxes = [box(note) for note in labels]
    for i, first in enumerate(boxes):
        for second in boxes[i + 1:]:
            apart = (first[1] <= second[0] or second[1] <= first[0]
                     or first[3] <= second[2] or second[3] <= first[2])
            assert apart, (first, second)

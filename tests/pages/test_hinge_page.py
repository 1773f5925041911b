"""The hinge lesson: the margin, the loss and the gradient on screen are what `losses` computes."""

import math
import re

import numpy as np
import pytest

from course.numbers import fmt
from losses import hinge, hinge_grad
from tests.conftest import chart_specs, control_value, metric, panels, screen_text, set_controls

NAN_OR_INF = re.compile(r"(?<![\w.])(nan|inf)(?![\w])", re.IGNORECASE)


def set_point(at, label, score):
    return set_controls(at, hinge_label=f"{label:+d}", hinge_score=score)


def trace(spec, name):
    return next(t for t in spec["data"] if t.get("name") == name)


def test_loads_with_formula_charts_and_numbers(page):
    at = page("hinge")
    assert at.title[0].value == "Hinge loss"
    assert len(chart_specs(at)) == 3  # loss and gradient against the margin, hinge against BCE
    # Default: y = +1, ŷ = 0.5 -> m = 0.5, loss 1 - 0.5 = 0.5, gradient -y = -1 (by hand).
    assert metric(at, "Margin") == "0.5"
    assert metric(at, "Hinge loss") == "0.5"
    assert metric(at, "Gradient") == "-1"


@pytest.mark.parametrize(("label", "score"), [(1, 2.0), (1, 1.0), (-1, -1.0), (-1, -2.6), (-1, 1.5),
                                              (1, -2.7), (-1, 0.3), (1, 0.9)])
def test_loss_is_zero_beyond_the_margin_and_one_minus_the_margin_inside_it(page, label, score):
    at = set_point(page("hinge"), label, score)
    margin = label * score
    shown = metric(at, "Hinge loss")
    assert shown == fmt(hinge(label, score))
    assert shown == ("0" if margin >= 1 else fmt(1 - margin))
    assert metric(at, "Margin") == fmt(margin)
    assert metric(at, "Gradient") == fmt(hinge_grad(label, score)[0])
    assert metric(at, "Gradient") == ("0" if margin >= 1 else fmt(-label))
    loss_chart, grad_chart, _ = chart_specs(at)
    marker = trace(loss_chart, "current value")
    assert marker["x"] == [pytest.approx(margin)]
    assert marker["y"] == [pytest.approx(max(0.0, 1 - margin))]
    # The gradient chart is against the margin: d/dm of max(0, 1 - m) is -1 inside, 0 beyond.
    assert trace(grad_chart, "current value")["y"] == [pytest.approx(-1.0 if margin < 1 else 0.0)]


def test_zero_loss_zone_beyond_the_margin_is_shaded(page):
    loss_chart = chart_specs(page("hinge"))[0]
    bands = [s for s in loss_chart["layout"]["shapes"] if s.get("type") == "rect"]
    assert any(band["x0"] == 1.0 and band["x1"] == 3.0 for band in bands)
    curve = trace(loss_chart, "Hinge loss")
    beyond = [loss for m, loss in zip(curve["x"], curve["y"], strict=True) if m >= 1]
    assert beyond and max(beyond) == 0.0


@pytest.mark.parametrize(("preset", "label", "score", "loss", "grad"),
                         [(0, 1, 2.0, "0", "0"), (1, 1, 0.4, "0.6", "-1"), (2, -1, 1.5, "2.5", "1")])
def test_presets_load_their_worked_examples(page, preset, label, score, loss, grad):
    at = page("hinge")
    at.button(key=f"hinge_preset_{preset}").click().run()
    assert int(control_value(at, "hinge_label")) == label
    assert control_value(at, "hinge_score") == score
    assert metric(at, "Hinge loss") == loss
    assert metric(at, "Gradient") == grad


def test_worked_calculation_substitutes_the_current_numbers(page):
    at = set_point(page("hinge"), -1, 1.5)
    latex = "\n".join(str(element.value) for element in at.latex)
    assert r"m = y\,\hat y = (-1) \cdot 1.5 = -1.5" in latex
    assert r"\max(0,\ 1 - (-1.5)) = 2.5" in latex


def test_labels_written_as_zero_one_give_the_same_losses(page):
    at = set_point(page("hinge"), -1, 0.7)
    plus_minus = at.dataframe[0].value
    at.toggle(key="hinge_zero_one").set_value(True).run()
    zero_one = at.dataframe[0].value
    assert set(plus_minus["Label y"]) == {-1, 1}
    assert set(zero_one["Label y"]) == {0, 1}
    assert zero_one["Hinge loss"].tolist() == plus_minus["Hinge loss"].tolist()
    margins = plus_minus["Label y"] * plus_minus["Score ŷ"]
    assert plus_minus["Hinge loss"].tolist() == pytest.approx(np.maximum(0, 1 - margins).tolist())
    assert "0 as −1" in screen_text(at)


def test_cross_entropy_on_the_margin_axis_is_the_logistic_loss(page):
    at = set_point(page("hinge"), 1, -0.8)
    comparison = chart_specs(at)[2]
    logistic = next(t for t in comparison["data"] if t.get("name", "").startswith("logistic:"))
    assert min(logistic["x"]) == -3.0 and max(logistic["x"]) == 3.0  # inside the range the clip spares
    expected = [math.log1p(math.exp(-m)) for m in logistic["x"]]
    assert logistic["y"] == pytest.approx(expected, rel=1e-6)
    marker = trace(comparison, "logistic at the current margin")
    assert marker["x"] == [pytest.approx(-0.8)]
    assert marker["y"] == [pytest.approx(math.log1p(math.exp(0.8)))]
    assert fmt(math.log1p(math.exp(-3.0))) in screen_text(at)  # "even at m = 3 it is still 0.04859"
    assert not NAN_OR_INF.search(screen_text(at))


def test_the_notation_box_and_the_support_vectors_use_one_definition(page):
    at = page("hinge")
    box = " ".join(" ".join(m.value for m in at.markdown if "Notation used everywhere" in m.value).split())
    assert "**m = y·ŷ** is the sample's margin" in box
    text = " ".join(screen_text(at).split())
    assert "margin below 1 are the **support vectors**" in text
    assert "have a margin below 1: only they add to the loss" in text
    assert "margin of 1 or less" not in text


def test_the_panel_follows_a_move_and_the_point_drags_the_score(page):
    at = page("hinge")
    (panel,) = panels(at)
    # Dragging the point to a margin m sets the score: ŷ = m·y, y = ±1.
    assert panel["charts"][0]["drag"]["control"] == "hinge_score"
    assert panel["charts"][0]["drag"]["value"] == ["*", ["x"], ["v", "hinge_label"]]
    at = set_point(at, -1, 2.3)
    # By hand: y = −1, ŷ = 2.3 -> m = −2.3, loss 1 + 2.3 = 3.3, ∂L/∂ŷ = −y = 1, ∂L/∂m = −1.
    assert (metric(at, "Margin"), metric(at, "Hinge loss"), metric(at, "Gradient")) == ("-2.3", "3.3", "1")
    loss_chart, grad_chart, _ = chart_specs(at)
    assert trace(loss_chart, "current value")["x"] == [pytest.approx(-2.3)]
    assert trace(loss_chart, "current value")["y"] == [pytest.approx(3.3)]
    assert trace(grad_chart, "current value")["y"] == [pytest.approx(-1.0)]
    assert at.query_params["hinge_label"] == "-1" and at.query_params["hinge_score"] == "2.3"


def test_the_clip_margin_is_computed(page):
    text = " ".join(screen_text(page("hinge")).split())
    # By hand: σ(m) reaches 1 − 10⁻⁷ at m = ln((1 − 10⁻⁷) / 10⁻⁷) ≈ 16.1.
    assert f"past |m| ≈ {math.log((1 - 1e-7) / 1e-7):.1f} the logistic curve" in text

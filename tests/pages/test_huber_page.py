"""The Huber and smooth L1 lesson: every number on screen is what `losses` computes."""

import pytest

from course.numbers import fmt
from losses import huber, huber_grad, smooth_l1, smooth_l1_grad
from tests.conftest import chart_specs, control_value, metric, screen_text, set_controls


def _trace(chart: dict, name: str) -> dict:
    return next(t for t in chart["data"] if t.get("name") == name)


def _latex(at) -> str:
    return "\n".join(str(element.value) for element in at.latex)


def test_loads_with_formula_charts_and_numbers(page):
    at = page("huber")
    assert at.title[0].value == "Huber loss and smooth L1"
    assert len(chart_specs(at)) == 4
    # Default: label 3, prediction 5, δ = 1 -> e = 2 > δ, linear: 1·(2 − 0.5) = 1.5 (by hand).
    assert metric(at, "Huber loss") == "1.5"
    assert metric(at, "Gradient ∂L/∂ŷ") == "1"
    # Smooth L1 with β = 1 equals Huber with δ = 1.
    assert metric(at, "Smooth L1") == "1.5"


@pytest.mark.parametrize(("delta", "prediction"), [(0.01, 5.0), (0.5, -4.3), (2.5, 4.0), (10.0, 9.9)])
def test_delta_and_prediction_change_the_loss_to_what_losses_computes(page, delta, prediction):
    at = page("huber")
    set_controls(at, huber_delta=delta)
    set_controls(at, huber_pred=prediction)
    label = 3.0
    assert metric(at, "Huber loss") == fmt(huber(label, prediction, delta=delta))
    assert metric(at, "Gradient ∂L/∂ŷ") == fmt(huber_grad(label, prediction, delta=delta)[0])
    loss_chart = chart_specs(at)[0]
    marker = _trace(loss_chart, "current value")
    assert marker["x"] == [pytest.approx(prediction - label)]
    assert marker["y"] == [pytest.approx(huber(label, prediction, delta=delta))]


def test_delta_of_ten_makes_huber_half_the_squared_error_on_the_plotted_range(page):
    at = page("huber")
    at.button(key="huber_preset_2").click().run()  # δ = 10
    assert control_value(at, "huber_delta") == 10.0
    loss_chart = chart_specs(at)[0]
    huber_curve, half_mse = _trace(loss_chart, "Huber loss"), _trace(loss_chart, "½·MSE = ½e²")
    assert huber_curve["x"] == half_mse["x"]
    assert min(huber_curve["x"]) == -10.0 and max(huber_curve["x"]) == 10.0
    assert huber_curve["y"] == pytest.approx(half_mse["y"])
    assert half_mse["y"] == pytest.approx([0.5 * e**2 for e in half_mse["x"]])
    # The quadratic zone covers the whole range: the linear bands have no width and no label.
    assert [a["text"] for a in loss_chart["layout"]["annotations"] if a["text"]] == ["quadratic |e| ≤ δ"]
    assert sorted((shape["x0"], shape["x1"]) for shape in loss_chart["layout"]["shapes"]
                  if shape["type"] == "rect") == [(-10.0, -10.0), (-10.0, 10.0), (10.0, 10.0)]


def test_small_delta_makes_huber_nearly_delta_times_mae(page):
    at = page("huber")
    set_controls(at, huber_delta=0.01)
    loss_chart = chart_specs(at)[0]
    huber_curve, delta_mae = _trace(loss_chart, "Huber loss"), _trace(loss_chart, "δ·MAE = δ|e|")
    # Outside the tiny quadratic zone, Huber is δ|e| − δ²/2: within 0.00005 of δ·MAE.
    assert huber_curve["y"] == pytest.approx(delta_mae["y"], abs=0.5 * 0.01**2 + 1e-12)
    assert delta_mae["y"] == pytest.approx([0.01 * abs(e) for e in delta_mae["x"]])


def test_zones_are_shaded_at_plus_and_minus_delta(page):
    at = page("huber")
    set_controls(at, huber_delta=2.5)
    loss_chart = chart_specs(at)[0]
    bands = sorted((shape["x0"], shape["x1"]) for shape in loss_chart["layout"]["shapes"])
    assert bands == [(-10.0, -2.5), (-2.5, 2.5), (2.5, 10.0)]
    annotations = [a["text"] for a in loss_chart["layout"]["annotations"] if a["text"]]
    assert annotations == ["quadratic |e| ≤ δ", "linear |e| > δ"]


def test_worked_calculation_shows_the_branch_of_the_current_error(page):
    at = page("huber")
    at.button(key="huber_preset_0").click().run()  # label 3, prediction 3.5, δ = 1: e = 0.5
    latex = _latex(at)
    assert r"\text{quadratic branch}" in latex
    assert metric(at, "Huber loss") == fmt(0.5 * 0.5**2)  # 0.125
    assert metric(at, "Gradient ∂L/∂ŷ") == "0.5"
    at.button(key="huber_preset_1").click().run()  # label 3, prediction 7, δ = 1: e = 4
    latex = _latex(at)
    assert r"\text{linear branch}" in latex
    assert metric(at, "Huber loss") == fmt(1 * (4 - 0.5))  # 3.5
    assert "1 \\cdot (4 - \\tfrac12 \\cdot 1) = 3.5" in latex
    assert metric(at, "Gradient ∂L/∂ŷ") == "1"


# By hand, with e = 2: β = 2 is the quadratic branch (½·2² = 2 for Huber, 2/2 = 1 for smooth L1);
# β = 0.5 the linear one (0.5·(2 − 0.25) = 0.875 for Huber, 2 − 0.25 = 1.75 for smooth L1).
@pytest.mark.parametrize(("beta", "smooth", "huber_value"), [(2.0, 1.0, 2.0), (0.5, 1.75, 0.875)])
def test_smooth_l1_is_huber_divided_by_beta_with_the_current_numbers(page, beta, smooth, huber_value):
    at = page("huber")  # label 3, prediction 5: e = 2
    set_controls(at, huber_beta=beta)
    assert metric(at, "Smooth L1") == fmt(smooth) == fmt(smooth_l1(3.0, 5.0, beta=beta))
    assert metric(at, "Huber with δ = β") == fmt(huber_value) == fmt(huber(3.0, 5.0, delta=beta))
    assert metric(at, "Gradient of smooth L1") == fmt(smooth_l1_grad(3.0, 5.0, beta=beta)[0])
    assert rf"\frac{{{fmt(huber_value)}}}{{{fmt(beta)}}} = {fmt(smooth)}" in _latex(at)
    smooth_chart = chart_specs(at)[2]
    assert _trace(smooth_chart, "current value")["y"] == [pytest.approx(smooth)]


def test_outlier_gradient_is_capped_at_delta(page):
    at = page("huber")
    at.slider(key="huber_outlier").set_value(20.0).run()
    table = at.dataframe[0].value
    outlier = table[table["Sample"] == "outlier"].iloc[0]
    assert outlier["Huber loss"] == pytest.approx(1 * (20 - 0.5))
    text = " ".join(screen_text(at).split())
    assert "Its gradient is **1** under Huber, against **40** under MSE" in text
    assert "nan" not in text.lower()

"""The MAE lesson: every number on screen is what `losses` computes."""

import math

import pytest

from course.numbers import fmt
from losses import mae, mae_grad
from tests.conftest import chart_specs, control_value, metric, panels, screen_text, set_controls


def test_loads_with_formula_charts_and_numbers(page):
    at = page("mae")
    assert at.title[0].value == "Mean absolute error"
    assert len(chart_specs(at)) == 2
    # Default: label 3, prediction 5 -> |3 - 5| = 2, gradient sign(5 - 3) = 1 (by hand).
    assert metric(at, "MAE") == "2"
    assert metric(at, "Gradient") == "1"


@pytest.mark.parametrize(("label", "prediction"), [(3.0, 9.5), (-10.0, 10.0), (0.3, -2.7)])
def test_sliders_change_the_loss_to_what_losses_computes(page, label, prediction):
    at = page("mae")
    set_controls(at, mae_label=label, mae_pred=prediction)
    assert metric(at, "MAE") == fmt(mae(label, prediction))
    assert metric(at, "Gradient") == fmt(mae_grad(label, prediction)[0])
    loss_chart, grad_chart = chart_specs(at)
    marker = next(t for t in loss_chart["data"] if t.get("mode") == "markers")
    assert marker["x"] == [pytest.approx(prediction)]
    assert marker["y"] == [pytest.approx(abs(label - prediction))]
    grad_marker = next(t for t in grad_chart["data"] if t.get("name") == "current value")
    assert grad_marker["y"] == [pytest.approx(math.copysign(1.0, prediction - label))]


def test_gradient_jumps_from_minus_one_to_plus_one_at_the_label_and_uses_zero_there(page):
    at = page("mae")
    at.button(key="mae_preset_0").click().run()  # perfect prediction: label 3, prediction 3
    assert metric(at, "MAE") == "0"
    assert metric(at, "Gradient") == "0"
    grad_chart = chart_specs(at)[1]
    curve = grad_chart["data"][0]
    # The riser: two points at x = 3, one with the slope from the left, one from the right.
    at_label = [value for x, value in zip(curve["x"], curve["y"], strict=True) if x == 3.0]
    assert at_label == [-1.0, 1.0]
    assert {value for x, value in zip(curve["x"], curve["y"], strict=True) if x < 3.0} == {-1.0}
    assert {value for x, value in zip(curve["x"], curve["y"], strict=True) if x > 3.0} == {1.0}
    kink = next(t for t in grad_chart["data"] if t.get("name") == "value used at the kink")
    assert (kink["x"], kink["y"]) == ([3.0], [0.0])
    text = " ".join(screen_text(at).split())
    assert "subgradient" in text
    assert "the gradient is **0**" in text


@pytest.mark.parametrize(("index", "label", "prediction", "loss", "grad"),
                         [(1, 3.0, 1.0, "2", "-1"), (2, 3.0, 4.0, "1", "1"), (3, 3.0, 7.0, "4", "1")])
def test_presets_load_their_values(page, index, label, prediction, loss, grad):
    at = page("mae")
    at.button(key=f"mae_preset_{index}").click().run()
    assert control_value(at, "mae_label") == label
    assert control_value(at, "mae_pred") == prediction
    assert metric(at, "MAE") == loss
    assert metric(at, "Gradient") == grad


def test_the_panel_follows_a_move_and_the_point_drags_the_prediction(page):
    at = page("mae")
    loss_spec, grad_spec = panels(at)[0]["charts"]
    assert loss_spec["drag"]["control"] == "mae_pred"
    assert grad_spec["drag"]["control"] == "mae_pred"
    set_controls(at, mae_label=-2.0, mae_pred=-6.5)  # by hand: |−2 − (−6.5)| = 4.5, sign(−4.5) = −1
    assert metric(at, "MAE (this sample)") == "4.5"
    assert metric(at, "Error e") == "-4.5"
    assert metric(at, "Gradient") == "-1"
    loss_chart, grad_chart = chart_specs(at)
    marker = next(t for t in loss_chart["data"] if t.get("name") == "current value")
    assert (marker["x"], marker["y"]) == ([-6.5], [4.5])
    assert next(t for t in grad_chart["data"] if t.get("name") == "current value")["y"] == [-1.0]
    # The riser and the kink's marker moved to the new label.
    curve = grad_chart["data"][0]
    assert [value for x, value in zip(curve["x"], curve["y"], strict=True) if x == -2.0] == [-1.0, 1.0]
    kink = next(t for t in grad_chart["data"] if t.get("name") == "value used at the kink")
    assert (kink["x"], kink["y"]) == ([-2.0], [0.0])
    # The page below the panel reads the same values.
    assert r"\lvert -2 - (-6.5) \rvert" in " ".join(str(element.value) for element in at.latex)


def test_outlier_share_under_mae_is_far_below_its_share_under_mse(page):
    at = page("mae")
    at.slider(key="mae_outlier").set_value(20.0).run()
    table = at.dataframe[0].value
    outlier = table[table["Sample"] == "outlier"].iloc[0]
    assert outlier["Absolute error"] == pytest.approx(20.0)
    # By hand: the four ordinary samples miss by 0.5 each, "your sample" (3 vs 5) by 2.
    share_mae = 20 / (4 * 0.5 + 2 + 20) * 100
    share_mse = 400 / (4 * 0.25 + 4 + 400) * 100
    assert outlier["Share of the total"] == pytest.approx(share_mae)
    assert metric(at, "Outlier's share under MAE") == fmt(share_mae)
    assert metric(at, "Its share under MSE") == fmt(share_mse)
    assert metric(at, "Outlier's gradient under MAE") == "1"
    assert metric(at, "Its gradient under MSE") == "40"
    assert "nan" not in screen_text(at).lower()


def test_an_outlier_that_does_not_miss_has_no_share(page):
    at = page("mae")
    at.button(key="mae_preset_0").click().run()
    at.slider(key="mae_outlier").set_value(0.0).run()
    assert not at.exception
    assert metric(at, "Outlier's share under MAE") == "0"
    assert "nan" not in screen_text(at).lower()

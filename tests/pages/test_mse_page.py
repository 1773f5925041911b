"""The MSE lesson: every number on screen is what `losses` computes."""

import math

import pytest

from losses import mse, mse_grad
from tests.conftest import chart_specs, control_value, metric, screen_text, set_controls
from ui.numbers import fmt


def test_loads_with_formula_charts_and_numbers(page):
    at = page("mse")
    assert at.title[0].value == "Mean squared error"
    assert len(chart_specs(at)) == 2
    # Default: label 3, prediction 5 -> (3 - 5)^2 = 4, gradient 2(5 - 3) = 4 (by hand).
    assert metric(at, "MSE") == "4"
    assert metric(at, "Gradient") == "4"


@pytest.mark.parametrize(("label", "prediction"), [(3.0, 9.5), (-10.0, 10.0), (0.3, -2.7)])
def test_sliders_change_the_loss_to_what_losses_computes(page, label, prediction):
    at = page("mse")
    set_controls(at, mse_label=label, mse_pred=prediction)
    assert metric(at, "MSE") == fmt(mse(label, prediction))
    assert metric(at, "Gradient") == fmt(mse_grad(label, prediction)[0])
    loss_chart = chart_specs(at)[0]
    marker = next(t for t in loss_chart["data"] if t.get("mode") == "markers")
    assert marker["x"] == [pytest.approx(prediction)]
    assert marker["y"] == [pytest.approx((label - prediction) ** 2)]


def test_presets_load_their_values(page):
    at = page("mse")
    at.button(key="mse_preset_2").click().run()  # "Off by 4": label 3, prediction 7
    assert control_value(at, "mse_label") == 3.0
    assert control_value(at, "mse_pred") == 7.0
    assert metric(at, "MSE") == "16"


def test_outlier_takes_over_the_batch(page):
    at = page("mse")
    at.slider(key="mse_outlier").set_value(20.0).run()
    table = at.dataframe[0].value
    outlier = table[table["Sample"] == "outlier"].iloc[0]
    assert outlier["Squared error"] == pytest.approx(400.0)
    share = outlier["Share of the total"]
    assert share == pytest.approx(400.0 / table["Squared error"].sum() * 100)
    assert share > 90
    assert math.isclose(table["Share of the total"].sum(), 100.0)
    assert "nan" not in screen_text(at).lower()

"""The MSE lesson: every number on screen is what `losses` computes."""

import math

import pytest

from course.numbers import fmt
from losses import mse, mse_grad
from tests.conftest import chart_specs, control_value, metric, screen_text, set_controls


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


def test_check_yourself_asks_other_things_than_the_quick_quiz(page):
    from course.quiz import load_questions, questions_of

    at = page("mse")
    (check,) = [expander for expander in at.expander if expander.label == "Check yourself"]
    text = " ".join(" ".join(str(element.value) for element in check.markdown).split())
    # By hand: misses of 1 and 3 cost 1 and 9 (9 times), their gradients 2 and 6 (3 times);
    # the mean of 1, 2, 6 is 3, with MSE (4 + 1 + 9) / 3; the RMSE of an MSE of 2500 is 50.
    assert "*(9 times; the gradient only 3 times" in text
    assert f"*(their mean, 3, with an MSE of {fmt(14 / 3)})*" in text
    assert "RMSE: 50 dollars" in text
    # The quick quiz below asks about (4 − 1)² = 9 and (1 + 0 + 9) / 3: neither its sample nor
    # the sliders' default (3, 5) gives its answer away.
    quiz = questions_of(load_questions(), "mse")[:3]
    first = next(question for question in quiz if question.id == "mse_one_sample")
    assert "The label is 4 and the prediction 1" in first.prompt
    assert (control_value(at, "mse_label"), control_value(at, "mse_pred")) != (4.0, 1.0)
    assert "squared error?" not in text and "(4)" not in text


def test_an_address_changed_in_the_same_session_moves_the_panel(page):
    # The browser's back button, or a rerun asked for with new query parameters (the bench's
    # simulated students), changes the address under a running session: the panel follows it,
    # while a preset, which does not touch the address, is not undone by the old address.
    at = page("mse")
    at.query_params["mse_pred"] = "7.5"
    at.run()
    assert control_value(at, "mse_pred") == 7.5
    assert metric(at, "MSE") == fmt((3 - 7.5) ** 2)
    at.button(key="mse_preset_0").click().run()  # "Perfect prediction": 3 and 3
    assert control_value(at, "mse_pred") == 3.0
    assert at.query_params["mse_pred"] in ("3.0", ["3.0"])

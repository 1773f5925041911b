"""The MAPE lesson: the source's two cases, the asymmetry and the label of 0."""

import math
import re

import pytest

from course.numbers import fmt
from losses import mape, mape_grad, mse
from tests.conftest import chart_specs, control_value, metric, panels, screen_text, set_controls

NAN_OR_INF = re.compile(r"(?<![\w.])(nan|inf)(?![\w])", re.IGNORECASE)
"""A NaN or an infinity shown as a number ("nan", "-inf"), not inside a word like "maintenance"."""

# The source's example, by hand: both miss by 10 units, so both squared errors are 100.
MAPE_A = 100 * 10 / 1010  # 0.990 %
MAPE_B = 100 * 10 / 15  # 66.67 %


def _set(at, **values):
    set_controls(at, **values)


def _trace(chart: dict, name: str) -> dict:
    return next(t for t in chart["data"] if t.get("name") == name)


def test_opens_on_the_source_cases_side_by_side(page):
    at = page("mape")
    assert at.title[0].value == "MAPE: mean absolute percentage error"
    assert metric(at, "MSE (Case A)") == metric(at, "MSE (Case B)") == "100"
    assert metric(at, "MAPE (Case A, %)") == fmt(MAPE_A)
    assert metric(at, "MAPE (Case B, %)") == fmt(MAPE_B)
    # The panel's chart of each case, two bar charts (MSE, MAPE) and the loss and gradient charts.
    assert len(chart_specs(at)) == 6


def test_the_source_example_preset_reproduces_same_mse_different_mape(page):
    at = page("mape")
    _set(at, mape_label_a=50.0, mape_pred_b=40.0)
    assert metric(at, "MSE (Case A)") != "100"
    at.button(key="mape_preset_0").click().run()
    values = {key: control_value(at, key)
              for key in ("mape_label_a", "mape_pred_a", "mape_label_b", "mape_pred_b")}
    assert values == {"mape_label_a": 1010, "mape_pred_a": 1000, "mape_label_b": 15, "mape_pred_b": 5}
    assert metric(at, "MSE (Case A)") == "100"
    assert metric(at, "MSE (Case B)") == "100"
    assert metric(at, "MAPE (Case A, %)") == fmt(MAPE_A) == "0.9901"
    assert metric(at, "MAPE (Case B, %)") == fmt(MAPE_B) == "66.67"
    mse_bars, mape_bars = chart_specs(at)[2:4]
    assert mse_bars["data"][0]["y"] == pytest.approx([100.0, 100.0])
    assert mape_bars["data"][0]["y"] == pytest.approx([MAPE_A, MAPE_B])


def test_same_mape_different_mse_preset(page):
    at = page("mape")
    at.button(key="mape_preset_1").click().run()  # 900 for 1000, and 9 for 10: both 10 % off
    assert metric(at, "MAPE (Case A, %)") == metric(at, "MAPE (Case B, %)") == "10"
    assert metric(at, "MSE (Case A)") == fmt(100.0**2)
    assert metric(at, "MSE (Case B)") == "1"


@pytest.mark.parametrize(("label", "prediction"), [(200.0, 150.0), (1.0, 2000.0), (2000.0, 0.0), (7.0, 7.0)])
def test_inputs_change_the_numbers_to_what_losses_computes(page, label, prediction):
    at = page("mape")
    _set(at, mape_label_b=label, mape_pred_b=prediction)
    assert metric(at, "MSE (Case B)") == fmt(mse(label, prediction))
    assert metric(at, "MAPE (Case B, %)") == fmt(mape(label, prediction))
    loss_chart, grad_chart = chart_specs(at)[4:]  # drawn for case B by default
    marker = _trace(loss_chart, "current value")
    assert marker["x"] == [pytest.approx(prediction)]
    assert marker["y"] == [pytest.approx(mape(label, prediction))]
    assert _trace(grad_chart, "current value")["y"] == [pytest.approx(mape_grad(label, prediction)[0])]
    assert not NAN_OR_INF.search(screen_text(at))


def test_label_of_zero_explains_instead_of_failing(page):
    at = page("mape")
    _set(at, mape_label_b=0.0)
    assert not at.exception
    assert not at.error
    explanation = " ".join(" ".join(str(info.value) for info in at.info).split())
    assert "MAPE divides by the label" in explanation
    assert metric(at, "MSE (Case B)") == fmt(mse(0.0, 5.0))  # MSE is still defined: 25
    assert metric(at, "MAPE (Case B, %)") == "undefined"
    # Case B's MAPE bar is gone, and its curve below is replaced by a note.
    mape_bars = chart_specs(at)[3]
    assert mape_bars["data"][0]["x"] == ["Case A"]
    assert len(chart_specs(at)) == 4
    assert "Case B has a label of 0" in explanation
    at.segmented_control(key="mape_chart_case").set_value("Case A").run()
    assert not at.exception
    assert len(chart_specs(at)) == 6
    assert not NAN_OR_INF.search(screen_text(at))


def test_the_label_of_zero_preset(page):
    at = page("mape")
    at.button(key="mape_preset_2").click().run()
    assert not at.exception
    assert control_value(at, "mape_label_b") == 0
    assert any("MAPE divides by the label" in " ".join(str(i.value).split()) for i in at.info)


def test_under_forecasting_is_capped_at_100_percent_and_over_forecasting_is_not(page):
    at = page("mape")  # case B: label 15
    loss_chart = chart_specs(at)[4]
    curve = _trace(loss_chart, "Absolute % error")
    under = [v for x, v in zip(curve["x"], curve["y"], strict=True) if x <= 15]
    over = [v for x, v in zip(curve["x"], curve["y"], strict=True) if x > 15]
    assert max(under) == pytest.approx(100.0)  # forecasting 0
    assert max(over) == pytest.approx(200.0)  # forecasting 45 = 3 × 15, and it keeps growing
    annotations = [a["text"] for a in loss_chart["layout"]["annotations"]]
    assert annotations == ["too low", "too high: no ceiling"]
    assert _trace(loss_chart, "100 %: the most an under-forecast can cost")["y"] == [100.0, 100.0]
    text = " ".join(screen_text(at).split())
    assert "ten times the label **900 %**" in text  # by hand: 100·|15 − 150|/15
    assert "±**6.667** percentage points per unit" in text  # 100/15


def test_the_panel_follows_a_move_and_each_case_drags_its_own_prediction(page):
    at = page("mape")
    chart_a, chart_b = panels(at)[0]["charts"]
    assert [control["key"] for control in panels(at)[0]["controls"]] == [
        "mape_label_a", "mape_pred_a", "mape_label_b", "mape_pred_b"]
    assert panels(at)[0]["columns"] == 2  # a case a row
    assert chart_a["drag"]["control"] == "mape_pred_a"
    assert chart_b["drag"]["control"] == "mape_pred_b"
    set_controls(at, mape_label_a=200.0, mape_pred_a=250.0, mape_label_b=40.0, mape_pred_b=30.0)
    # By hand: A misses by 50 on 200 (25 %, 2500), B by 10 on 40 (25 %, 100).
    assert metric(at, "MSE (Case A)") == "2500"
    assert metric(at, "MAPE (Case A, %)") == "25"
    assert metric(at, "MSE (Case B)") == "100"
    assert metric(at, "MAPE (Case B, %)") == "25"
    panel_a, panel_b = chart_specs(at)[:2]
    assert (_trace(panel_a, "current value")["x"], _trace(panel_a, "current value")["y"]) == ([250.0], [25.0])
    assert (_trace(panel_b, "current value")["x"], _trace(panel_b, "current value")["y"]) == ([30.0], [25.0])
    # Each case's curve is drawn up to three times its label: 600 and 120.
    assert _trace(panel_a, "Absolute % error")["x"][-1] == pytest.approx(600.0)
    assert _trace(panel_b, "Absolute % error")["x"][-1] == pytest.approx(120.0)
    # The page below the panel reads the same values.
    assert "Case A misses by **50** units on a label of 200" in " ".join(screen_text(at).split())


def test_a_label_of_zero_leaves_the_panel_chart_of_its_case_empty_not_broken(page):
    at = page("mape")
    set_controls(at, mape_label_b=0.0)
    panel_b = chart_specs(at)[1]
    # NaN (null in a list): Plotly draws nothing there.
    assert all(value is None or math.isnan(value) for value in _trace(panel_b, "Absolute % error")["y"])
    assert _trace(panel_b, "current value")["y"] == [None]
    assert metric(at, "MAPE (Case B, %)") == "undefined"
    assert metric(at, "MAPE (Case A, %)") == fmt(MAPE_A)


def test_corrects_the_source_description(page):
    at = page("mape")
    text = " ".join(screen_text(at).split())
    assert "percentage of predictions that are correct" in text
    assert "That is wrong" in text
    assert "demand forecasting" in text.lower()


def test_the_pitfalls_say_which_libraries_return_a_fraction(page):
    at = page("mape")
    text = " ".join(screen_text(at).split())
    # The source's case B, by hand: 10 off on 15 is 66.67 %, 0.6667 as a fraction.
    assert "fraction: 0.6667 for an error of 66.67 %" in text
    assert "torchmetrics" in text


def test_large_numbers_in_the_worked_calculation_keep_their_commas_together(page):
    at = page("mape")
    _set(at, mape_label_a=2000.0, mape_pred_a=0.0)  # squared error 4,000,000
    latex = " ".join(str(element.value) for element in at.latex)
    assert "4{,}000{,}000" in latex
    assert "4,000,000" not in latex

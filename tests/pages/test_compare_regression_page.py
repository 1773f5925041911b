"""The regression comparison: one curve per regression loss of the catalogue, each switchable."""

import math

import pytest

from course.numbers import fmt
from losses import LOSSES, huber, poisson
from tests.conftest import chart_specs, control_value, metric, panels, screen_text, set_controls

REGRESSION_KEYS = [spec.key for spec in LOSSES if spec.inputs in ("regression", "counts")]
SHORT = {spec.key: spec.short for spec in LOSSES}


def _names(chart: dict, mode: str = "lines") -> list[str]:
    return [t["name"] for t in chart["data"] if t.get("mode") == mode]


def _trace(chart: dict, name: str) -> dict:
    return next(t for t in chart["data"] if t.get("name") == name)


def _table(at) -> dict[str, tuple[str, str]]:
    frame = at.dataframe[0].value
    return {row["Loss"]: (row["Value"], row["Gradient ∂L/∂ŷ"]) for _, row in frame.iterrows()}


def test_every_regression_loss_of_the_catalogue_is_drawn(page):
    at = page("compare_regression")
    assert at.title[0].value == "Compare regression losses"
    assert REGRESSION_KEYS == ["mse", "mae", "huber", "smooth_l1", "mape", "poisson"]
    loss_chart, grad_chart = chart_specs(at)
    assert _names(loss_chart) == ["MSE", "MAE", "Huber (δ = 1)", "Smooth L1 (β = 1)", "MAPE ÷ 100", "Poisson"]
    assert _names(grad_chart) == [f"gradient of {name}" for name in _names(loss_chart)]
    assert len(_names(loss_chart, "markers")) == 6


def test_the_table_holds_what_each_loss_computes(page):
    at = page("compare_regression")  # label 3, prediction 5
    table = _table(at)
    # By hand: e = 2.
    assert table["MSE"] == ("4", "4")
    assert table["MAE"] == ("2", "1")
    assert table["Huber (δ = 1)"] == ("1.5", "1")
    assert table["Smooth L1 (β = 1)"] == ("1.5", "1")
    # MAPE in percent in the table (100 · 2/3 %, slope 100/3 % per unit); the chart divides by 100.
    assert table["MAPE (in %)"] == (f"{fmt(100 * 2 / 3)} %", f"{fmt(100 / 3)} % per unit")
    assert "MAPE ÷ 100" not in table
    assert table["Poisson"] == (fmt(5 - 3 * math.log(5)), fmt(1 - 3 / 5))


def test_curves_are_shifted_to_zero_at_a_perfect_prediction_and_mape_is_a_fraction(page):
    at = page("compare_regression")
    loss_chart = chart_specs(at)[0]
    # Poisson: 5 − 3 ln 5 minus its value at ŷ = 3, 3 − 3 ln 3.
    assert _trace(loss_chart, "Poisson at ŷ")["y"] == [pytest.approx(2 - 3 * math.log(5 / 3), abs=1e-6)]
    assert _trace(loss_chart, "MAPE ÷ 100 at ŷ")["y"] == [pytest.approx(2 / 3)]
    assert _trace(loss_chart, "MSE at ŷ")["y"] == [pytest.approx(4.0)]
    # Poisson is drawn only where the rate is non-negative.
    assert min(_trace(loss_chart, "Poisson")["x"]) >= 0
    # Every prediction the slider reaches (−5 to 15) is on the chart.
    assert (min(_trace(loss_chart, "MSE")["x"]), max(_trace(loss_chart, "MSE")["x"])) == (-5.0, 15.0)
    text = " ".join(screen_text(at).split())
    assert f"raw value at ŷ = y is **{fmt(poisson(3.0, 3.0))}**" in text


def test_moving_the_label_moves_the_curves_along_axes_that_hold_still(page):
    at = page("compare_regression")
    before = chart_specs(at)
    set_controls(at, compare_regression_label=7.0)
    after = chart_specs(at)
    for chart_before, chart_after in zip(before, after, strict=True):  # the same predictions drawn
        assert [_trace(chart_after, name)["x"] for name in _names(chart_after)] == \
            [_trace(chart_before, name)["x"] for name in _names(chart_before)]
    mse = _trace(after[0], "MSE")
    lowest = min(range(len(mse["x"])), key=lambda index: mse["y"][index])
    assert mse["x"][lowest] == pytest.approx(7.0, abs=0.05)  # its minimum at ŷ = y, within a grid step
    assert mse["y"][lowest] == pytest.approx(0.0, abs=0.01)


@pytest.mark.parametrize("key", REGRESSION_KEYS)
def test_toggling_a_curve_off_removes_its_trace(page, key):
    at = page("compare_regression")
    at.toggle(key=f"compare_regression_show_{key}").set_value(False).run()
    loss_chart, grad_chart = chart_specs(at)
    short = SHORT[key]
    assert not [name for name in _names(loss_chart) + _names(loss_chart, "markers") if name.startswith(short)]
    assert not [name for name in _names(grad_chart) if name.startswith(f"gradient of {short}")]
    assert len(_names(loss_chart)) == len(_names(grad_chart)) == 5
    assert not [name for name in _table(at) if name.startswith(short)]
    at.toggle(key=f"compare_regression_show_{key}").set_value(True).run()
    assert len(_names(chart_specs(at)[0])) == 6


def test_delta_slider_redraws_huber(page):
    at = page("compare_regression")
    set_controls(at, compare_regression_delta=0.5)
    assert control_value(at, "compare_regression_delta") == 0.5
    loss_chart = chart_specs(at)[0]
    curve = _trace(loss_chart, "Huber (δ = 0.5)")
    assert curve["y"] == pytest.approx(list(huber([3.0] * len(curve["x"]), curve["x"], delta=0.5,
                                                  reduction="none")))
    assert _table(at)["Huber (δ = 0.5)"] == (fmt(0.5 * (2 - 0.25)), "0.5")


def test_label_zero_leaves_mape_out_with_an_explanation(page):
    at = page("compare_regression")
    set_controls(at, compare_regression_label=0.0)
    assert not at.exception
    loss_chart = chart_specs(at)[0]
    assert "MAPE ÷ 100" not in _names(loss_chart)
    assert "Poisson" in _names(loss_chart)
    notes = " ".join(str(info.value) for info in at.info)
    assert "MAPE" in notes and "divides by the label" in notes
    assert metric(at, "MAPE (in %)") == "undefined"


def test_negative_prediction_has_no_poisson_value_but_keeps_its_curve(page):
    at = page("compare_regression")
    set_controls(at, compare_regression_pred=-2.0)
    assert not at.exception
    loss_chart = chart_specs(at)[0]
    assert "Poisson" in _names(loss_chart)
    assert "Poisson at ŷ" not in _names(loss_chart, "markers")
    assert "Poisson" not in _table(at)
    notes = " ".join(" ".join(str(info.value) for info in at.info).split())
    assert "**Poisson** has no value at ŷ = -2" in notes
    assert metric(at, "Poisson") == "undefined"  # its readout stays, so the panel keeps its shape
    assert "nan" not in screen_text(at).lower()


def test_the_mape_row_and_the_mape_curve_agree(page):
    at = page("compare_regression")
    set_controls(at, compare_regression_label=4.0, compare_regression_pred=5.0)
    # By hand: 100 · |4 − 5| / 4 = 25 %, a fraction of 0.25 on the chart; slope 100/4 = 25 % per unit.
    assert _table(at)["MAPE (in %)"] == ("25 %", "25 % per unit")
    loss_chart, grad_chart = chart_specs(at)
    assert _trace(loss_chart, "MAPE ÷ 100 at ŷ")["y"] == [pytest.approx(0.25)]
    assert _trace(grad_chart, "gradient of MAPE ÷ 100 at ŷ")["y"] == [pytest.approx(0.25)]


def test_the_panel_readouts_and_markers_follow_a_move(page):
    at = set_controls(page("compare_regression"), compare_regression_label=4.0, compare_regression_pred=6.0)
    # By hand: e = 2. MSE 4, MAE 2, Huber (δ = 1) 1·(2 − ½) = 1.5, MAPE 100 · 2/4 = 50 %.
    assert metric(at, "MSE") == "4"
    assert metric(at, "MAE") == "2"
    assert metric(at, "Huber") == "1.5"
    assert metric(at, "MAPE (in %)") == "50"
    assert metric(at, "Poisson") == fmt(6 - 4 * math.log(6))
    loss_chart, grad_chart = chart_specs(at)
    assert _trace(loss_chart, "MSE at ŷ")["x"] == [pytest.approx(6.0)]
    assert _trace(loss_chart, "MSE at ŷ")["y"] == [pytest.approx(4.0)]
    assert _trace(grad_chart, "gradient of MAE at ŷ")["y"] == [pytest.approx(1.0)]
    # The chart still runs over every prediction the slider reaches, −5 to 15.
    assert (min(_trace(loss_chart, "MSE")["x"]), max(_trace(loss_chart, "MSE")["x"])) == (-5.0, 15.0)


def test_the_legend_names_curves_not_markers(page):
    at = page("compare_regression")
    loss_chart, grad_chart = chart_specs(at)
    in_legend = [t["name"] for t in loss_chart["data"] if t.get("showlegend", True)]
    assert in_legend == _names(loss_chart)
    assert grad_chart["layout"]["showlegend"] is False  # one legend, under the loss chart
    assert panels(at)[0]["charts"][0]["drag"]["control"] == "compare_regression_pred"

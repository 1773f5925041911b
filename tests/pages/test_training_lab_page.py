"""The Training lab page: every slope, boundary and bar on screen is what ui/training.py's gradient
descent computes with `losses`, and moving the outliers shows (not claims) that MSE follows them
while MAE and Huber hold."""

from __future__ import annotations

import re

import numpy as np
import pytest

from tests.conftest import chart_specs, metric, screen_text
from ui.numbers import fmt
from ui.training import (
    SLOPE_TOLERANCE,
    class_data,
    decision_boundary,
    fit_classifier,
    fit_line,
    largest_stable_learning_rate,
    least_squares_line,
    line_data,
    slope_contributions,
)

# The page's defaults: 3 outliers 30 above the line around x = 4.5, η = 0.05, 1000 steps, δ = 1.
DEFAULTS = {"outliers": 3, "height": 30.0, "x_position": 4.5, "far_right": False}
RATE, STEPS = 0.05, 1000


def slope(name, delta=1.0, **data):
    points = line_data(**{**DEFAULTS, **data})
    return fit_line(name, points, learning_rate=RATE, steps=STEPS, delta=delta).slope


def number(text: str) -> float:
    return float(text.replace(",", ""))


def chart_titled(at, start: str) -> dict:
    """The one chart whose title starts with ``start``."""
    found = [spec for spec in chart_specs(at) if spec["layout"]["title"]["text"].startswith(start)]
    assert len(found) == 1, [spec["layout"]["title"]["text"] for spec in chart_specs(at)]
    return found[0]


def fit_traces(at) -> dict[str, dict]:
    """The traces of the points-and-lines chart, by name."""
    return {trace["name"]: trace for trace in chart_titled(at, "The points and the fitted lines")["data"]}


def bars(at, loss: str) -> dict:
    """The one series of a loss's gradient bar chart."""
    (series,) = chart_titled(at, f"{loss}: shares of ∂J/∂w")["data"]
    return series


def no_nan_or_inf(at) -> None:
    text = screen_text(at).lower()
    assert not re.search(r"\bnan\b|\binf\b|infinity", text), text
    for spec in chart_specs(at):
        for trace in spec["data"]:
            for axis in ("x", "y"):
                values = trace.get(axis)
                if values and not isinstance(values[0], str):
                    assert np.all(np.isfinite(values)), trace["name"]


def test_loads_with_the_fits_charts_and_numbers(page):
    at = page("training_lab")
    assert at.title[0].value == "Training lab"
    # fits, costs, the recent slopes, three gradient charts, the classifier, its costs
    assert len(chart_specs(at)) == 8
    clean = line_data(0)
    assert metric(at, "Slope without outliers") == fmt(least_squares_line(clean.x, clean.y)[0])
    assert metric(at, "MSE slope") == fmt(slope("mse"))
    assert metric(at, "MAE slope") == fmt(slope("mae"))
    assert metric(at, "Huber slope") == fmt(slope("huber"))
    traces = fit_traces(at)
    assert {"MSE fit", "MAE fit", "Huber (δ = 1) fit", "fit without outliers (least squares)", "clean points",
            "outliers"} <= set(traces)
    assert traces["outliers"]["y"] == pytest.approx(list(line_data(**DEFAULTS).y[-3:]))
    text = " ".join(screen_text(at).split())
    assert "the outliers dragged it" in text  # MSE's verdict
    assert text.count("the outliers barely moved it") == 2  # MAE's and Huber's
    no_nan_or_inf(at)


def test_outliers_move_mse_slope_but_not_mae_or_huber(page):
    at = page("training_lab")
    with_outliers = {name: number(metric(at, f"{name} slope")) for name in ("MSE", "MAE", "Huber")}
    at.slider(key="lab_outliers").set_value(0).run()
    clean = {name: number(metric(at, f"{name} slope")) for name in ("MSE", "MAE", "Huber")}
    assert metric(at, "MSE slope") == fmt(slope("mse", outliers=0))
    assert metric(at, "MAE slope") == fmt(slope("mae", outliers=0))
    assert with_outliers["MSE"] - clean["MSE"] > 2.0
    assert abs(with_outliers["MAE"] - clean["MAE"]) < SLOPE_TOLERANCE
    assert abs(with_outliers["Huber"] - clean["Huber"]) < SLOPE_TOLERANCE
    assert "outliers" not in fit_traces(at)
    assert "There are no outliers yet" in screen_text(at)
    assert "a long lever" not in " ".join(screen_text(at).split())


def test_outlier_height_and_position_reach_the_fit(page):
    at = page("training_lab")
    at.slider(key="lab_height").set_value(-20.0).run()
    at.slider(key="lab_outlier_x").set_value(1.0).run()
    assert metric(at, "MSE slope") == fmt(slope("mse", height=-20.0, x_position=1.0))
    assert metric(at, "Huber slope") == fmt(slope("huber", height=-20.0, x_position=1.0))
    outliers = fit_traces(at)["outliers"]
    assert outliers["x"] == pytest.approx([0.75, 1.0, 1.25])


def test_huber_delta_reaches_the_fit(page):
    at = page("training_lab")
    at.slider(key="lab_delta").set_value(4.0).run()
    assert metric(at, "Huber slope") == fmt(slope("huber", delta=4.0))
    assert "Huber (δ = 4) fit" in fit_traces(at)


def test_far_right_outliers_have_high_leverage(page):
    at = page("training_lab")
    at.toggle(key="lab_far_right").set_value(True).run()
    assert at.slider(key="lab_outlier_x").disabled
    assert metric(at, "MSE slope") == fmt(slope("mse", far_right=True))
    assert metric(at, "Huber slope") == fmt(slope("huber", far_right=True))
    assert min(fit_traces(at)["outliers"]["x"]) > 5.0
    assert "a long lever on the slope" in " ".join(screen_text(at).split())


def test_a_huge_learning_rate_warns_and_shows_no_nan_or_inf(page):
    at = page("training_lab")
    at.select_slider(key="lab_lr").set_value("1").run()
    warnings = " ".join(w.value for w in at.warning)
    assert "MSE diverged" in warnings
    limit = largest_stable_learning_rate(line_data(**DEFAULTS).x)
    assert f"below {fmt(limit)}" in warnings
    assert not [m for m in at.metric if m.label.startswith("MSE slope")]
    traces = fit_traces(at)
    assert "MSE fit" not in traces and "MAE fit" in traces
    assert "diverged" in at.dataframe[0].value["How it ended"].tolist()
    no_nan_or_inf(at)


@pytest.mark.parametrize(("key", "trace"), [("lab_show_mse", "MSE fit"), ("lab_show_mae", "MAE fit"),
                                            ("lab_show_huber", "Huber (δ = 1) fit")])
def test_each_loss_toggle_adds_and_removes_its_line(page, key, trace):
    at = page("training_lab")
    assert trace in fit_traces(at)
    at.toggle(key=key).set_value(False).run()
    assert trace not in fit_traces(at)
    assert len(chart_titled(at, "The cost over the steps")["data"]) == 2  # the two losses left
    assert len(chart_specs(at)) == 7  # and one gradient chart fewer
    at.toggle(key=key).set_value(True).run()
    assert trace in fit_traces(at)


def test_with_no_loss_switched_on_the_page_says_so(page):
    at = page("training_lab")
    for key in ("lab_show_mse", "lab_show_mae", "lab_show_huber"):
        at.toggle(key=key).set_value(False).run()
    assert any("Switch on at least one loss" in info.value for info in at.info)
    assert set(fit_traces(at)) == {"fit without outliers (least squares)", "clean points", "outliers"}
    no_nan_or_inf(at)


def test_the_gradient_bars_are_each_points_share_of_the_slope_gradient(page):
    at = page("training_lab")
    data = line_data(**DEFAULTS)
    assert bars(at, "MSE")["x"] == data.names
    assert bars(at, "MSE")["y"] == pytest.approx(list(slope_contributions("mse", data, 0.0, 0.0)))
    assert bars(at, "MAE")["y"] == pytest.approx(list(-data.x / len(data.x)))  # sign(0 − y) · x / n
    at.segmented_control(key="lab_gradient_at").set_value("end").run()
    fit = fit_line("mse", data, learning_rate=RATE, steps=STEPS)
    mse_bars = bars(at, "MSE")["y"]
    assert mse_bars == pytest.approx(list(slope_contributions("mse", data, fit.slope, fit.intercept)))
    assert sum(mse_bars) == pytest.approx(0.0, abs=1e-6)  # settled: the pulls cancel
    assert "the outliers pull with" in screen_text(at)


@pytest.mark.parametrize("preset", range(5))
def test_presets_give_a_clean_screen(page, preset):
    at = page("training_lab")
    at.button(key=f"lab_preset_{preset}").click().run()
    assert not at.exception
    no_nan_or_inf(at)


def test_far_right_preset(page):
    at = page("training_lab")
    at.button(key="lab_preset_3").click().run()
    assert at.toggle(key="lab_far_right").value is True
    assert metric(at, "MAE slope") == fmt(slope("mae", far_right=True))


def classifier_boundary(name, mislabelled, gamma=2.0):
    fit = fit_classifier(name, class_data(mislabelled), learning_rate=0.5, steps=500, gamma=gamma)
    return decision_boundary(fit.slope, fit.intercept)


@pytest.mark.parametrize("mislabelled", [0, 4])
def test_mislabelled_points_move_the_classifier_boundary(page, mislabelled):
    at = page("training_lab")
    at.slider(key="lab_mislabelled").set_value(mislabelled).run()
    assert metric(at, "Boundary without mislabelled points") == fmt(classifier_boundary("bce", 0))
    assert metric(at, "BCE boundary") == fmt(classifier_boundary("bce", mislabelled))
    assert metric(at, "Focal boundary") == fmt(classifier_boundary("focal", mislabelled))
    names = {trace["name"] for trace in chart_titled(at, "Probability of class 1")["data"]}
    assert ("mislabelled (class 1 labelled 0)" in names) == (mislabelled > 0)
    if mislabelled:
        shift = classifier_boundary("focal", mislabelled) - classifier_boundary("focal", 0)
        assert f"a shift of **{fmt(abs(shift))}**" in screen_text(at)
    no_nan_or_inf(at)


def test_focal_with_gamma_zero_is_bce(page):
    at = page("training_lab")
    at.slider(key="lab_gamma").set_value(0.0).run()
    assert metric(at, "Focal boundary") == metric(at, "BCE boundary")


def test_outliers_in_the_middle_lift_the_line_instead_of_tilting_it(page):
    at = page("training_lab")
    at.button(key="lab_preset_2").click().run()
    assert at.slider(key="lab_outlier_x").value == 2.5
    text = " ".join(screen_text(at).split())
    assert "they lift it" in text
    assert abs(number(metric(at, "MSE slope")) - slope("mse", x_position=2.5)) < 1e-3
    assert abs(slope("mse", x_position=2.5) - slope("mse", outliers=0)) < SLOPE_TOLERANCE


def test_too_few_steps_are_not_judged(page):
    at = page("training_lab")
    at.slider(key="lab_steps").set_value(10).run()
    text = " ".join(screen_text(at).split())
    assert text.count("it has not settled") == 3
    assert "barely moved it" not in text and "dragged it" not in text
    assert set(at.dataframe[0].value["How it ended"]) == {"moving"}

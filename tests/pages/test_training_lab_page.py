"""The Training lab page: every slope, boundary and bar on screen is what course/training.py's gradient
descent computes with `losses`, and moving the outliers shows (not claims) that MSE follows them
while MAE and Huber hold."""

from __future__ import annotations

import re

import numpy as np
import pytest

from course.numbers import fmt
from course.training import (
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
from tests.conftest import chart_specs, decode, metric, open_page, players, screen_text

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
    at.slider(key="training_lab_outliers").set_value(0).run()
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
    at.slider(key="training_lab_height").set_value(-20.0).run()
    at.slider(key="training_lab_outlier_x").set_value(1.0).run()
    assert metric(at, "MSE slope") == fmt(slope("mse", height=-20.0, x_position=1.0))
    assert metric(at, "Huber slope") == fmt(slope("huber", height=-20.0, x_position=1.0))
    outliers = fit_traces(at)["outliers"]
    assert outliers["x"] == pytest.approx([0.75, 1.0, 1.25])


def test_huber_delta_reaches_the_fit(page):
    at = page("training_lab")
    at.slider(key="training_lab_delta").set_value(4.0).run()
    assert metric(at, "Huber slope") == fmt(slope("huber", delta=4.0))
    assert "Huber (δ = 4) fit" in fit_traces(at)


def test_far_right_outliers_have_high_leverage(page):
    at = page("training_lab")
    at.toggle(key="training_lab_far_right").set_value(True).run()
    assert at.slider(key="training_lab_outlier_x").disabled
    assert metric(at, "MSE slope") == fmt(slope("mse", far_right=True))
    assert metric(at, "Huber slope") == fmt(slope("huber", far_right=True))
    assert min(fit_traces(at)["outliers"]["x"]) > 5.0
    assert "a long lever on the slope" in " ".join(screen_text(at).split())


def test_a_huge_learning_rate_warns_and_shows_no_nan_or_inf(page):
    at = page("training_lab")
    at.select_slider(key="training_lab_lr").set_value("1").run()
    warnings = " ".join(w.value for w in at.warning)
    assert "MSE diverged" in warnings
    limit = largest_stable_learning_rate(line_data(**DEFAULTS).x)
    assert f"below {fmt(limit)}" in warnings
    assert not [m for m in at.metric if m.label.startswith("MSE slope")]
    traces = fit_traces(at)
    assert "MSE fit" not in traces and "MAE fit" in traces
    assert "diverged" in at.dataframe[0].value["How it ended"].tolist()
    no_nan_or_inf(at)


@pytest.mark.parametrize(("key", "trace"), [("training_lab_show_mse", "MSE fit"),
                                            ("training_lab_show_mae", "MAE fit"),
                                            ("training_lab_show_huber", "Huber (δ = 1) fit")])
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
    for key in ("training_lab_show_mse", "training_lab_show_mae", "training_lab_show_huber"):
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
    at.segmented_control(key="training_lab_gradient_at").set_value("end").run()
    fit = fit_line("mse", data, learning_rate=RATE, steps=STEPS)
    mse_bars = bars(at, "MSE")["y"]
    assert mse_bars == pytest.approx(list(slope_contributions("mse", data, fit.slope, fit.intercept)))
    assert sum(mse_bars) == pytest.approx(0.0, abs=1e-6)  # settled: the pulls cancel
    assert "the outliers pull with" in screen_text(at)


@pytest.mark.parametrize("preset", range(5))
def test_presets_give_a_clean_screen(page, preset):
    at = page("training_lab")
    at.button(key=f"training_lab_preset_{preset}").click().run()
    assert not at.exception
    no_nan_or_inf(at)


def test_far_right_preset(page):
    at = page("training_lab")
    at.button(key="training_lab_preset_3").click().run()
    assert at.toggle(key="training_lab_far_right").value is True
    assert metric(at, "MAE slope") == fmt(slope("mae", far_right=True))


def classifier_boundary(name, mislabelled, gamma=2.0):
    fit = fit_classifier(name, class_data(mislabelled), learning_rate=0.5, steps=500, gamma=gamma)
    return decision_boundary(fit.slope, fit.intercept)


@pytest.mark.parametrize("mislabelled", [0, 4])
def test_mislabelled_points_move_the_classifier_boundary(page, mislabelled):
    at = page("training_lab")
    at.slider(key="training_lab_mislabelled").set_value(mislabelled).run()
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
    at.slider(key="training_lab_gamma").set_value(0.0).run()
    assert metric(at, "Focal boundary") == metric(at, "BCE boundary")


def test_outliers_in_the_middle_lift_the_line_instead_of_tilting_it(page):
    at = page("training_lab")
    at.button(key="training_lab_preset_2").click().run()
    assert at.slider(key="training_lab_outlier_x").value == 2.5
    text = " ".join(screen_text(at).split())
    assert "they lift it" in text
    assert abs(number(metric(at, "MSE slope")) - slope("mse", x_position=2.5)) < 1e-3
    assert abs(slope("mse", x_position=2.5) - slope("mse", outliers=0)) < SLOPE_TOLERANCE


def test_too_few_steps_are_not_judged(page):
    at = page("training_lab")
    at.slider(key="training_lab_steps").set_value(10).run()
    text = " ".join(screen_text(at).split())
    assert text.count("it has not settled") == 3
    assert "barely moved it" not in text and "dragged it" not in text
    assert set(at.dataframe[0].value["How it ended"]) == {"moving"}


# --- The step player: the run the browser animates is the training code's own --------------------

def player(at) -> dict:
    (found,) = players(at)
    return found


def sent_series(at) -> dict[str, np.ndarray]:
    """The series the browser animates, decoded from the exact float64 bytes sent."""
    return {name: np.array(decode(values)) for name, values in player(at)["series"].items()}


@pytest.mark.parametrize(("rate", "query"), [(0.05, {}), (0.2, {"training_lab_lr": "0.2"}),
                                             (1.0, {"training_lab_lr": "1"})])
def test_the_trajectory_sent_to_the_browser_is_the_training_codes_output(rate, query):
    at = open_page("training_lab", query_params=query)
    sent = sent_series(at)
    data = line_data(**DEFAULTS)
    assert set(sent) == {f"{name}_{part}" for name in ("mse", "mae", "huber")
                         for part in ("slopes", "intercepts", "costs")}
    for name in ("mse", "mae", "huber"):
        fit = fit_line(name, data, learning_rate=rate, steps=STEPS)
        # Bit for bit: every step the browser shows is a step gradient descent took.
        assert np.array_equal(sent[f"{name}_slopes"], fit.slopes)
        assert np.array_equal(sent[f"{name}_intercepts"], fit.intercepts)
        assert np.array_equal(sent[f"{name}_costs"], fit.costs)
    assert player(at)["steps"] == STEPS
    if rate == 1.0:  # MSE diverged: its run is shorter than the others, and it has no line to move
        assert len(sent["mse_costs"]) < 20
        assert not any(item["kind"] == "line" and item["slope"] == "mse_slopes"
                       for item in player(at)["animations"])


def test_the_page_opens_on_the_last_step_and_keeps_it_in_the_address(page):
    at = page("training_lab")
    assert player(at)["step"] == STEPS
    assert at.query_params["training_lab_step"] == str(STEPS)


def test_at_a_paused_step_the_numbers_charts_and_link_show_that_step(page):
    at = page("training_lab")
    at.session_state["training_lab_step"] = 12  # what the player's pause sends
    at.run()
    data = line_data(**DEFAULTS)
    fits = {name: fit_line(name, data, learning_rate=RATE, steps=STEPS) for name in ("mse", "mae", "huber")}
    assert player(at)["step"] == 12
    assert metric(at, "MSE slope") == fmt(fits["mse"].slopes[12])
    assert metric(at, "MAE slope") == fmt(fits["mae"].slopes[12])
    table = at.dataframe[0].value
    assert table["Slope w at step 12"].tolist() == [fmt(fits[name].slopes[12]) for name in fits]
    assert table["Intercept b at step 12"].tolist() == [fmt(fits[name].intercepts[12]) for name in fits]
    mse_line = fit_traces(at)["MSE fit"]
    assert mse_line["x"] == [0.0, 5.0]
    assert mse_line["y"] == pytest.approx([fits["mse"].intercepts[12], 5 * fits["mse"].slopes[12]
                                           + fits["mse"].intercepts[12]])
    cost = {trace["name"]: trace for trace in chart_titled(at, "The cost over the steps")["data"]}["MSE"]
    assert cost["x"] == list(range(1, 13))  # steps 1 to 12: drawn up to the step shown
    assert cost["y"] == pytest.approx(list(fits["mse"].costs[1:13] / fits["mse"].costs[0]))
    assert "are those of step **12** of 1000" in screen_text(at)
    assert at.query_params["training_lab_step"] == "12"
    # The gradient "at the step shown" is the gradient at step 12.
    at.segmented_control(key="training_lab_gradient_at").set_value("end").run()
    w, b = fits["mse"].slopes[12], fits["mse"].intercepts[12]
    assert bars(at, "MSE")["y"] == pytest.approx(list(slope_contributions("mse", data, w, b)))


def test_a_link_opens_at_its_step_and_a_bad_step_opens_at_the_end():
    assert player(open_page("training_lab", query_params={"training_lab_step": "7"}))["step"] == 7
    for bad in ("abc", "-1", "5000", "2.5"):
        at = open_page("training_lab", query_params={"training_lab_step": bad})
        assert player(at)["step"] == STEPS
        assert not at.exception


def test_the_last_step_follows_a_new_length_and_another_step_is_kept(page):
    at = page("training_lab")
    at.slider(key="training_lab_steps").set_value(500).run()
    assert player(at)["step"] == 500  # at the end of the run, it stays at the end
    at.session_state["training_lab_step"] = 40
    at.run()
    at.slider(key="training_lab_steps").set_value(2000).run()
    assert player(at)["step"] == 40  # a step chosen in the run stays
    at.slider(key="training_lab_steps").set_value(10).run()
    assert player(at)["step"] == 10  # ... within the run


def test_the_cost_is_on_a_log_step_axis(page):
    at = page("training_lab")
    layout = chart_titled(at, "The cost over the steps")["layout"]
    assert layout["xaxis"]["type"] == "log"
    assert layout["xaxis"]["range"] == pytest.approx([0.0, 3.0])  # steps 1 to 1000


def test_mae_hopping_at_a_large_rate_shows_as_a_zigzag_of_single_steps(page):
    at = page("training_lab")
    at.select_slider(key="training_lab_lr").set_value("0.2").run()
    fit = fit_line("mae", line_data(**DEFAULTS), learning_rate=0.2, steps=STEPS)
    recent = {trace["name"]: trace for trace in chart_titled(at, "The slope, step by step")["data"]}["MAE"]
    assert recent["mode"] == "lines+markers"  # a dot a step
    assert recent["x"] == list(range(STEPS - 39, STEPS + 1))
    assert recent["y"] == list(fit.slopes[-40:])
    # The run does hop: the slope goes up and down from one step to the next, by more than 0.1,
    # a visible zigzag on this chart (its axis spans the hops, not the whole run).
    moves = np.diff(fit.slopes[-40:])
    assert np.mean(np.sign(moves[1:]) != np.sign(moves[:-1])) > 0.5
    assert np.median(np.abs(moves)) > 0.1

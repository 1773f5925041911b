"""The home page: the dartboard, one weight stepping downhill, and loss versus cost.

Every number checked here is what `losses` computes (or a value worked out by hand).
"""

import itertools
import re

import numpy as np
import pytest
from streamlit.testing.v1 import AppTest

from course.lessons import HOME, SECTIONS
from course.numbers import fmt
from losses import mae, mse, mse_grad
from tests.conftest import (
    chart_specs,
    control_value,
    metric,
    open_page,
    panels,
    screen_text,
    set_controls,
)

DARTS = [("home_dart1_x", "home_dart1_y"), ("home_dart2_x", "home_dart2_y"), ("home_dart3_x", "home_dart3_y")]
DEFAULT_BATCH_LABELS = [3.0, 5.0, 2.5, 7.0, 4.0]
DEFAULT_BATCH_PREDICTIONS = [2.5, 5.0, 4.0, 6.0, 8.0]


@pytest.fixture
def home() -> AppTest:
    """The app as a student first opens it: no page chosen, so the default page runs."""
    return open_page(HOME)


def table_with(at: AppTest, column: str):
    """The first table on the page that has the given column."""
    for frame in at.dataframe:
        if column in frame.value.columns:
            return frame.value
    raise AssertionError(f"no table with a column {column!r}")


def assert_no_nan_or_inf(at: AppTest) -> None:
    text = screen_text(at).lower()
    assert not re.search(r"\bnan\b", text), text
    assert not re.search(r"\binf\b|infinity", text), text
    assert not at.exception


def current_weight(at: AppTest) -> float:
    return at.session_state["home_weights"][-1]


def test_home_is_the_default_page(home):
    assert home.title[0].value == "Why loss functions"
    headings = [h.value for h in home.subheader]
    for heading in ("How to use Loss Lab", "The dartboard", "One weight, one step at a time", "Loss or cost?",
                    "Where next"):
        assert heading in headings
    assert len(chart_specs(home)) == 2
    assert_no_nan_or_inf(home)


def test_where_next_links_to_mse_bce_and_choose(home):
    links = {link.proto.page for link in home.get("page_link")}
    assert {"mse", "bce", "choose"} <= links


# --- The dartboard ---------------------------------------------------------------------------


def dart_positions(at: AppTest) -> np.ndarray:
    return np.array([[control_value(at, kx), control_value(at, ky)] for kx, ky in DARTS])


def expected_dart_losses(darts: np.ndarray) -> np.ndarray:
    """Each dart's squared distance from the centre, as the squared errors of its coordinates."""
    return mse(np.zeros_like(darts), darts, reduction="none").sum(axis=1)


def test_dartboard_table_and_cost_match_losses(home):
    darts = dart_positions(home)
    table = table_with(home, "Loss (cm²)")
    expected = expected_dart_losses(darts)
    assert table["Loss (cm²)"].tolist() == pytest.approx(expected.tolist())
    assert table["Distance (cm)"].tolist() == pytest.approx(np.sqrt(expected).tolist())
    assert table["Loss (cm²)"].mean() == pytest.approx(expected.mean())
    # Defaults (1, 2), (-3, 1), (2, -4): squared distances 5, 10 and 20 by hand, mean 35 / 3.
    assert expected.tolist() == [5.0, 10.0, 20.0]
    # The cost is also 2 × the MSE over all six coordinates (each dart has two squared errors).
    assert expected.mean() == pytest.approx(2 * mse(np.zeros(6), darts.ravel()))
    assert f"**Mean (the cost):** {fmt(35 / 3)}" in screen_text(home)


def test_dart_sliders_move_the_darts_and_their_losses(home):
    set_controls(home, home_dart2_x=7.5, home_dart2_y=-6.0)
    darts = dart_positions(home)
    assert darts[1].tolist() == [7.5, -6.0]
    table = table_with(home, "Loss (cm²)")
    assert table["Loss (cm²)"][1] == pytest.approx(7.5**2 + 6.0**2)
    assert table["Loss (cm²)"].mean() == pytest.approx(expected_dart_losses(darts).mean())
    board = chart_specs(home)[0]
    dart = next(trace for trace in board["data"] if trace.get("name") == "Dart 2")
    assert dart["x"] == [pytest.approx(7.5)] and dart["y"] == [pytest.approx(-6.0)]
    assert board["layout"]["yaxis"]["scaleanchor"] == "x"  # equal aspect: the rings stay round
    assert len(board["layout"]["shapes"]) == 5  # five concentric rings


@pytest.mark.parametrize(("preset", "cost"), [(0, 1.0), (1, 57.5), (2, 66.0)])
def test_throw_presets_reproduce_their_worked_costs(home, preset, cost):
    home.button(key=f"home_darts_preset_{preset}").click().run()
    table = table_with(home, "Loss (cm²)")
    assert table["Loss (cm²)"].mean() == pytest.approx(cost)
    assert f"**Mean (the cost):** {fmt(cost)}" in screen_text(home)


def test_all_darts_in_the_centre_cost_nothing(home):
    set_controls(home, **{key: 0.0 for pair in DARTS for key in pair})
    assert f"All {len(DARTS)} darts are in the exact centre" in screen_text(home)
    assert_no_nan_or_inf(home)


def test_the_dartboard_panel_readouts_and_markers_follow_a_move(home):
    set_controls(home, home_dart1_x=-6.0, home_dart1_y=8.0)
    # By hand: dart 1 at 6² + 8² = 100 cm² (10 cm out); darts 2 and 3 keep 10 and 20: cost 130 / 3.
    assert metric(home, "Dart 1: loss") == "100"
    assert metric(home, "Cost of the round") == fmt(130 / 3)
    board = chart_specs(home)[0]
    dart = next(trace for trace in board["data"] if trace.get("name") == "Dart 1")
    assert (dart["x"], dart["y"]) == ([-6.0], [8.0])
    spoke = next(trace for trace in board["data"] if trace.get("name", "").startswith("Dart 1: distance"))
    assert (spoke["x"], spoke["y"]) == ([0.0, -6.0], [0.0, 8.0])  # from the centre to the dart
    assert board["layout"]["showlegend"] is False  # the darts are named on the board
    assert [note["text"] for note in board["layout"]["annotations"]] == ["Dart 1", "Dart 2", "Dart 3"]
    assert panels(home)[0]["controls"][0]["key"] == "home_dart1_x"


# --- One weight, one step at a time ------------------------------------------------------------


def test_one_step_moves_w_by_minus_lr_times_the_chain_rule_gradient(home):
    x, y = home.slider(key="home_x").value, home.slider(key="home_y").value
    w, lr = home.slider(key="home_w0").value, home.slider(key="home_lr").value
    home.button(key="home_step").click().run()
    expected = w - lr * (mse_grad(y, w * x)[0] * x)
    assert current_weight(home) == expected
    assert expected == pytest.approx(1.2)  # by hand: 0 − 0.05 × 2(0 − 6) × 2
    assert metric(home, "Weight w") == fmt(expected)
    assert metric(home, "Loss L") == fmt(mse(y, expected * x))
    assert metric(home, "Gradient dL/dw") == fmt(mse_grad(y, expected * x)[0] * x)
    assert metric(home, "Steps taken") == "1"


def test_steps_with_other_settings_follow_the_update_rule(home):
    home.slider(key="home_x").set_value(1.5).run()
    home.slider(key="home_y").set_value(-4.0).run()
    home.slider(key="home_w0").set_value(2.5).run()
    home.slider(key="home_lr").set_value(0.12).run()
    x, y, w, lr = 1.5, -4.0, 2.5, 0.12
    for _ in range(3):
        home.button(key="home_step").click().run()
        w = w - lr * (mse_grad(y, w * x)[0] * x)
        assert current_weight(home) == w
    assert metric(home, "Weight w") == fmt(w)


def test_several_steps_reduce_the_loss_and_the_chart_follows(home):
    for _ in range(5):
        home.button(key="home_step").click().run()
    history = table_with(home, "Gradient dL/dw")
    assert len(history) == 6
    losses = history["Loss L"].tolist()
    assert all(later < earlier for earlier, later in itertools.pairwise(losses))
    assert losses[0] == 36.0  # (6 − 0 × 2)², by hand
    valley = chart_specs(home)[1]
    current = next(t for t in valley["data"] if t.get("name") == "current weight w")
    assert current["x"] == [pytest.approx(current_weight(home))]
    assert current["y"] == [pytest.approx(losses[-1])]
    tangent = next(t for t in valley["data"] if t.get("name", "").startswith("tangent"))
    slope = (tangent["y"][1] - tangent["y"][0]) / (tangent["x"][1] - tangent["x"][0])
    w = current_weight(home)
    assert slope == pytest.approx(mse_grad(6.0, w * 2.0)[0] * 2.0)


def test_reset_and_slider_changes_start_a_fresh_run(home):
    home.button(key="home_step").click().run()
    home.button(key="home_step").click().run()
    home.button(key="home_reset").click().run()
    assert home.session_state["home_weights"] == [0.0]
    home.button(key="home_step").click().run()
    home.slider(key="home_w0").set_value(4.0).run()
    assert home.session_state["home_weights"] == [4.0]
    assert metric(home, "Steps taken") == "0"


def test_a_huge_learning_rate_diverges_with_a_warning_and_no_nan(home):
    home.slider(key="home_x").set_value(3.0).run()
    home.slider(key="home_lr").set_value(1.0).run()
    # Each step multiplies the distance to the best weight w = 2 by −17 (w: 0, 36, −576), so two
    # steps pass |w| = 100, and then the step button is disabled.
    clicks = 0
    while not home.button(key="home_step").disabled and clicks < 10:
        home.button(key="home_step").click().run()
        clicks += 1
    assert clicks == 2
    warnings = " ".join(w.value for w in home.warning)
    assert "Training has diverged" in warnings
    assert home.button(key="home_step").disabled
    weights = home.session_state["home_weights"]
    assert weights == [0.0, 36.0, -576.0]  # stepping stopped as soon as |w| passed the limit
    assert_no_nan_or_inf(home)


def test_overshooting_warns_that_the_loss_went_up(home):
    home.button(key="home_steps_preset_3").click().run()  # x 2, y 6, w0 0, η 0.35 (limit 0.25)
    home.button(key="home_step").click().run()
    assert "The last step made the loss **larger**" in " ".join(w.value for w in home.warning)


def test_the_step_count_is_capped(home):
    home.button(key="home_steps_preset_1").click().run()  # η 0.1 converges
    for _ in range(30):
        home.button(key="home_step").click().run()
    assert len(home.session_state["home_weights"]) == 31
    assert home.button(key="home_step").disabled
    assert "That is 30 steps" in " ".join(i.value for i in home.info)
    assert_no_nan_or_inf(home)


def test_a_shared_link_opens_the_run_at_its_step(home):
    home.button(key="home_step").click().run()
    home.button(key="home_step").click().run()
    assert home.query_params["home_step_count"] == "2"  # the address, which the share button copies
    # Opened from the link: x 2, y 6, w₀ 0, η 0.05 give w = 0 − 0.05 · (2 · (0 − 6) · 2) = 1.2,
    # then 1.2 − 0.05 · (2 · (2.4 − 6) · 2) = 1.92 (by hand).
    shared = open_page("home", query_params={"home_step_count": "2"})
    assert shared.session_state["home_weights"] == pytest.approx([0.0, 1.2, 1.92])
    assert metric(shared, "Steps taken") == "2"
    tampered = open_page("home", query_params={"home_step_count": "999"})
    assert tampered.session_state["home_weights"] == [0.0]


# --- Loss or cost --------------------------------------------------------------------------------


def edit_batch(at: AppTest, edited_rows=None, added_rows=None, deleted_rows=None) -> None:
    """Edit the batch as the data editor reports it, then rerun."""
    at.session_state["home_batch"] = {"edited_rows": edited_rows or {}, "added_rows": added_rows or [],
                                      "deleted_rows": deleted_rows or []}
    at.run()


def test_default_batch_cost_matches_losses(home):
    labels, predictions = DEFAULT_BATCH_LABELS, DEFAULT_BATCH_PREDICTIONS
    assert metric(home, "Cost: mean squared error") == fmt(mse(labels, predictions)) == "3.9"
    assert metric(home, "Cost: mean absolute error") == fmt(mae(labels, predictions)) == "1.4"
    table = table_with(home, "Loss: squared error")
    assert table["Loss: squared error"].tolist() == pytest.approx(mse(labels, predictions, reduction="none"))
    assert table["Loss: absolute error"].tolist() == pytest.approx(mae(labels, predictions, reduction="none"))


def test_editing_the_batch_updates_the_costs(home):
    edit_batch(home, edited_rows={1: {"Prediction ŷ": 9.0}},
               added_rows=[{"Label y": 1.0, "Prediction ŷ": -2.0}])
    labels = [*DEFAULT_BATCH_LABELS, 1.0]
    predictions = [2.5, 9.0, 4.0, 6.0, 8.0, -2.0]
    assert metric(home, "Cost: mean squared error") == fmt(mse(labels, predictions))
    assert metric(home, "Cost: mean absolute error") == fmt(mae(labels, predictions))
    assert metric(home, "Samples in the batch") == "6"
    assert not home.warning


def test_missing_cells_and_empty_rows_are_named_not_a_traceback(home):
    edit_batch(home, edited_rows={2: {"Label y": None}},
               added_rows=[{}, {"Label y": 2.0, "Prediction ŷ": 2.5}])
    assert "rows 3 and 6" in " ".join(w.value for w in home.warning)
    labels = [3.0, 5.0, 7.0, 4.0, 2.0]
    predictions = [2.5, 5.0, 6.0, 8.0, 2.5]
    assert metric(home, "Cost: mean squared error") == fmt(mse(labels, predictions))
    assert table_with(home, "Loss: squared error")["Row"].tolist() == [1, 2, 4, 5, 7]
    assert_no_nan_or_inf(home)


def test_text_in_a_cell_is_named_too(home):
    edit_batch(home, edited_rows={0: {"Prediction ŷ": "twelve"}})
    assert "row 1" in " ".join(w.value for w in home.warning)
    rest = mse(DEFAULT_BATCH_LABELS[1:], DEFAULT_BATCH_PREDICTIONS[1:])
    assert metric(home, "Cost: mean squared error") == fmt(rest)
    assert_no_nan_or_inf(home)


def test_an_empty_batch_says_so(home):
    edit_batch(home, deleted_rows=[0, 1, 2, 3, 4])
    assert "The batch has no complete row" in " ".join(w.value for w in home.warning)
    assert_no_nan_or_inf(home)


def test_how_to_use_names_every_sidebar_group_and_types_no_count(home):
    (how_to,) = [m.value for m in home.markdown if "The sidebar" in m.value]
    text = " ".join(how_to.split())
    for group in SECTIONS:
        assert f"**{group}**" in text, group
    assert not re.search(r"\b(two|three|four|five|six|seven) groups\b", text)


def test_check_yourself_numbers_are_computed(home):
    (check,) = [expander for expander in home.expander if expander.label == "Check yourself"]
    text = " ".join(" ".join(str(element.value) for element in check.markdown).split())
    # By hand: misses 1, 2, 4 give squared errors 1, 4, 16; their mean is 21 / 3 = 7;
    # w − 0.1 × (−6) moves w up by 0.6.
    assert "3 samples with squared errors 1, 4, 16" in text and "21 / 3 = 7" in text
    assert "w − 0.1 × (-6): up by 0.6" in text
    assert "it cannot be better" in text and "hinge" in text

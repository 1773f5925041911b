"""The Poisson lesson: every number on screen is what `losses` computes, and a rate of 0 stays finite."""

import math
import re

import pytest
from scipy import stats

from course.numbers import fmt
from losses import poisson, poisson_grad
from tests.conftest import chart_specs, control_value, metric, panels, screen_text, set_controls
from ui.palette import VERMILION

NAN_OR_INF = re.compile(r"(?<![\w.])(nan|inf)(?![\w])", re.IGNORECASE)


def set_point(at, count, rate):
    return set_controls(at, poisson_count=count, poisson_rate=rate)


def test_loads_with_formula_charts_and_numbers(page):
    at = page("poisson")
    assert at.title[0].value == "Poisson loss"
    assert len(chart_specs(at)) == 3  # loss, gradient, distribution of counts
    # Default: y = 5, ŷ = 3 -> 3 - 5 ln 3 = -2.493 and 1 - 5/3 = -0.6667 (by hand).
    assert metric(at, "Poisson loss") == fmt(3 - 5 * math.log(3)) == "-2.493"
    assert metric(at, "Gradient") == "-0.6667"


@pytest.mark.parametrize(("count", "rate"), [(0, 2.5), (12, 7.3), (30, 30.0), (1, 0.1), (7, 19.9)])
def test_sliders_change_the_loss_to_what_losses_computes(page, count, rate):
    at = set_point(page("poisson"), count, rate)
    loss, grad = poisson(count, rate), poisson_grad(count, rate)[0]
    assert metric(at, "Poisson loss") == fmt(loss)
    assert metric(at, "Gradient") == fmt(grad)
    loss_chart, grad_chart, _ = chart_specs(at)
    marker = next(t for t in loss_chart["data"] if t.get("name") == "current value")
    assert marker["x"] == [pytest.approx(rate)]
    assert marker["y"] == [pytest.approx(rate - count * math.log(rate))]
    grad_marker = next(t for t in grad_chart["data"] if t.get("name") == "current value")
    assert grad_marker["y"] == [pytest.approx(1 - count / rate, abs=1e-6)]


def test_gradient_is_zero_where_the_rate_equals_the_count_and_the_loss_is_negative(page):
    at = page("poisson")
    at.button(key="poisson_preset_0").click().run()  # y = 5, ŷ = 5
    assert control_value(at, "poisson_count") == 5
    assert control_value(at, "poisson_rate") == 5.0
    assert metric(at, "Poisson loss") == fmt(5 - 5 * math.log(5)) == "-3.047"
    # 1 - 5/(5 + 1e-8) = 2e-9 (by hand): zero but for the epsilon, and the page says why.
    assert metric(at, "Gradient") == fmt(poisson_grad(5, 5.0)[0]) == "2.00e-09"
    assert "not exactly 0" in screen_text(at)


def test_no_events_costs_the_rate(page):
    at = page("poisson")
    at.button(key="poisson_preset_1").click().run()  # y = 0, ŷ = 2
    assert metric(at, "Poisson loss") == "2"
    assert metric(at, "Gradient") == "1"


def test_a_rate_of_zero_shows_a_finite_loss_and_explains_the_epsilon(page):
    at = page("poisson")
    at.button(key="poisson_preset_2").click().run()  # y = 3, ŷ = 0
    assert control_value(at, "poisson_rate") == 0.0
    # 0 - 3 ln(1e-8) = 55.26 by hand; the gradient 1 - 3/1e-8 is huge but finite.
    assert metric(at, "Poisson loss") == fmt(-3 * math.log(1e-8)) == "55.26"
    assert metric(at, "Gradient") == fmt(1 - 3 / 1e-8)
    assert any("10⁻⁸" in info.value and "18.42" in info.value for info in at.info)
    assert not NAN_OR_INF.search(screen_text(at))


def test_full_negative_log_likelihood_adds_back_ln_y_factorial(page):
    at = set_point(page("poisson"), 7, 4.2)
    expected_nll = -stats.poisson.logpmf(7, 4.2)
    assert metric(at, "ln y!") == fmt(math.log(math.factorial(7)))
    assert metric(at, "Full NLL") == fmt(expected_nll)
    assert metric(at, "P(y; ŷ)") == fmt(stats.poisson.pmf(7, 4.2))


def test_the_panel_follows_a_move_and_the_point_drags_the_rate(page):
    at = page("poisson")
    loss_spec, grad_spec = panels(at)[0]["charts"]
    assert loss_spec["drag"]["control"] == "poisson_rate"
    assert grad_spec["drag"]["control"] == "poisson_rate"
    set_point(at, 4, 2.0)
    # By hand: 2 − 4 ln 2 = −0.7726, 1 − 4/2 = −1, ln 4! = ln 24, P = 2⁴e⁻²/24.
    assert metric(at, "Poisson loss") == fmt(2 - 4 * math.log(2)) == "-0.7726"
    assert metric(at, "Gradient") == "-1"
    assert metric(at, "ln y!") == fmt(math.log(24))
    assert metric(at, "Full NLL") == fmt(2 - 4 * math.log(2) + math.log(24))
    assert metric(at, "P(y; ŷ)") == fmt(16 * math.exp(-2) / 24)
    loss_chart, grad_chart, _ = chart_specs(at)
    marker = next(t for t in loss_chart["data"] if t.get("name") == "current value")
    assert marker["x"] == [2.0] and marker["y"] == [pytest.approx(2 - 4 * math.log(2))]
    grad_marker = next(t for t in grad_chart["data"] if t.get("name") == "current value")
    assert grad_marker["y"] == [pytest.approx(-1.0)]
    # The page below the panel reads the same values: the worked calculation and the text.
    assert "= 2 - 4 \\ln(2 + 10^{-8})" in " ".join(str(element.value) for element in at.latex)
    assert "**y = 4**" in screen_text(at)


def test_a_rate_of_zero_and_no_events_is_certain_and_any_other_count_impossible(page):
    at = set_point(page("poisson"), 0, 0.0)
    assert metric(at, "P(y; ŷ)") == "1"  # a rate of 0: no event is certain
    set_point(at, 2, 0.0)
    assert metric(at, "P(y; ŷ)") == "0"
    assert not NAN_OR_INF.search(screen_text(at))


def test_distribution_bars_are_the_poisson_pmf_with_the_observed_count_highlighted(page):
    at = set_point(page("poisson"), 9, 6.5)
    bars = chart_specs(at)[2]["data"][0]
    assert bars["type"] == "bar"
    assert bars["y"] == pytest.approx(stats.poisson.pmf(range(len(bars["y"])), 6.5).tolist())
    assert sum(bars["y"]) == pytest.approx(1.0, abs=1e-6)
    colors = bars["marker"]["color"]
    assert colors[9] == VERMILION
    assert colors.count(VERMILION) == 1


def test_batch_table_has_no_share_column_when_a_term_is_negative(page):
    at = set_point(page("poisson"), 5, 5.0)
    table = at.dataframe[0].value
    assert "Share of the total" not in table.columns
    assert (table["Poisson loss"] < 0).any()
    expected = poisson(table["Calls y"], table["Predicted rate ŷ"], reduction="none")
    assert table["Poisson loss"].tolist() == pytest.approx(expected.tolist())
    pairs = zip(table["Calls y"], table["Predicted rate ŷ"], strict=True)
    nll = [-stats.poisson.logpmf(k, r) for k, r in pairs]
    assert table["Full NLL (loss + ln y!)"].tolist() == pytest.approx(nll, abs=1e-6)
    assert "negative" in screen_text(at)
    assert not NAN_OR_INF.search(screen_text(at))


def test_the_batch_table_writes_every_number_like_the_metrics(page):
    from tests.conftest import shown_cells

    at = page("poisson")
    frame = at.dataframe[0]
    shown = shown_cells(frame)
    # Every numeric cell is shown as fmt writes it (four significant digits), the data unrounded.
    for column in ("Predicted rate ŷ", "Full NLL (loss + ln y!)", "Poisson loss"):
        assert shown[column].tolist() == [fmt(value) for value in frame.value[column]]
    # By hand, the first hour: y = 4, ŷ = 5 → 5 − 4 ln 5.
    assert shown["Poisson loss"].tolist()[0] == fmt(5 - 4 * math.log(5)) == "-1.438"


def test_the_sign_of_the_loss_is_not_how_likely_the_count_was(page):
    text = " ".join(screen_text(page("poisson")).split())
    # Independently: scipy's Poisson pmf, and the loss ŷ − y ln ŷ by hand.
    a_loss, a_p = 1 - 1 * math.log(1), stats.poisson.pmf(1, 1.0)
    b_loss, b_p = 20 - 10 * math.log(20), stats.poisson.pmf(10, 20.0)
    assert a_loss > 0 > b_loss and a_p > b_p
    assert (fmt(a_loss), fmt(a_p), fmt(b_loss), fmt(b_p)) == ("1", "0.3679", "-9.957", "0.005816")
    assert f"A count of 1 at a rate of 1 costs **1**, with P = {fmt(a_p)}" in text
    assert f"a count of 10 at a rate of 20 costs **{fmt(b_loss)}**, although its P = {fmt(b_p)}" in text
    assert f"ln y! = {fmt(math.lgamma(11))}" in text
    assert "the count was likely under the predicted rate" not in text
    # The batch at the defaults has negative terms, and their note blames ln y!, not likelihood.
    assert "its sign says nothing about how likely the count was" in text


def test_a_rate_of_zero_marks_its_gradient_at_the_bottom_edge(page):
    at = page("poisson")
    at.button(key="poisson_preset_2").click().run()  # y = 3, ŷ = 0
    # By hand: 1 − 3 / (0 + 10⁻⁸) = −299,999,999.
    gradient_chart = chart_specs(at)[1]
    (current,) = [t for t in gradient_chart["data"] if t.get("name") == "current value"]
    assert current["marker"]["symbol"] == "triangle-down"
    assert current["y"] == [gradient_chart["layout"]["yaxis"]["range"][0]]
    assert current["customdata"] == [pytest.approx(1 - 3 / 1e-8)]
    assert f"{fmt(1 - 3 / 1e-8)} ↓" in [note["text"] for note in gradient_chart["layout"]["annotations"]]

"""Compare classification losses: one curve per loss, a toggle each, values from `losses`."""

import math
import re

import pytest

from course.numbers import fmt
from losses import binary_cross_entropy, focal, gan_generator_minimax, gan_generator_nonsaturating, hinge
from tests.conftest import chart_specs, control_value, metric, panels, screen_text, set_controls

COMPARED = {  # loss key -> the short name its curve carries in the legend (focal's adds γ)
    "binary_cross_entropy": "BCE", "hinge": "Hinge", "focal": "Focal", "gan_generator_minimax": "G minimax",
    "gan_generator_nonsaturating": "G non-saturating",
}
NAN_OR_INF = re.compile(r"(?<![\w.])(nan|inf)(?![\w])", re.IGNORECASE)


def traces(chart: dict, short: str) -> list[dict]:
    return [trace for trace in chart["data"]
            if trace["name"] == short or trace["name"].startswith((f"{short} ", f"{short}("))]


def marker(chart: dict, short: str) -> tuple[float, float]:
    """A marker's point; one beyond the chart's range keeps its real value in customdata."""
    (found,) = [trace for trace in traces(chart, short) if trace.get("mode") == "markers"]
    return found["x"][0], found.get("customdata", found["y"])[0]


def table_row(at, short: str):
    table = at.dataframe[0].value
    return table[table["Loss"].str.startswith(short)].iloc[0]


def test_loads_with_every_loss_drawn_and_tabulated(page):
    at = page("compare_classification")
    assert at.title[0].value == "Compare classification losses"
    loss_chart, grad_chart = chart_specs(at)
    for chart in (loss_chart, grad_chart):
        assert chart["layout"]["xaxis"]["title"]["text"] == "Probability of the true class p_t"
        for short in COMPARED.values():
            assert len(traces(chart, short)) == 2, short  # the curve and its marker
    table = at.dataframe[0].value
    assert sorted(table["Loss"].str.split(" (", regex=False).str[0]) == sorted(COMPARED.values())


@pytest.mark.parametrize("key", COMPARED)
def test_each_toggle_removes_its_trace(page, key):
    at = page("compare_classification")
    at.toggle(key=f"compare_classification_show_{key}").set_value(False).run()
    for chart in chart_specs(at):
        assert traces(chart, COMPARED[key]) == []
        for other_key, short in COMPARED.items():
            if other_key != key:
                assert len(traces(chart, short)) == 2


def test_all_toggles_off_leaves_a_message_and_the_table(page):
    at = page("compare_classification")
    for key in COMPARED:
        at.toggle(key=f"compare_classification_show_{key}").set_value(False).run()
    assert not at.exception
    assert chart_specs(at) == []
    assert "Switch at least one on" in at.info[0].value
    assert len(at.dataframe[0].value) == len(COMPARED)


@pytest.mark.parametrize("p", [0.001, 0.2, 0.5, 0.9, 0.999])
def test_point_slider_gives_each_losses_value(page, p):
    at = page("compare_classification")
    set_controls(at, compare_classification_point=p)
    margin = math.log(p / (1 - p))
    assert table_row(at, "BCE")["Value at this point"] == fmt(binary_cross_entropy(1, p))
    assert table_row(at, "BCE")["Value at this point"] == fmt(-math.log(p))
    assert table_row(at, "Focal")["Value at this point"] == fmt(focal(1, p, gamma=2.0))
    assert table_row(at, "Hinge")["Value at this point"] == fmt(hinge(1, margin))
    assert table_row(at, "G minimax")["Value at this point"] == fmt(gan_generator_minimax(p))
    assert table_row(at, "G non-saturating")["Value at this point"] == fmt(gan_generator_nonsaturating(p))
    # Gradients, by hand: BCE -1/p against p_t and -(1 - p) against the margin (chain rule).
    assert table_row(at, "BCE")["Gradient ∂L/∂p_t"] == fmt(-1 / p)
    assert table_row(at, "BCE")["Gradient ∂L/∂m"] == fmt(-(1 - p))
    loss_chart, grad_chart = chart_specs(at)
    assert marker(loss_chart, "BCE") == pytest.approx((p, -math.log(p)))
    assert marker(grad_chart, "BCE") == pytest.approx((p, -1 / p))
    assert marker(loss_chart, "Hinge") == pytest.approx((p, max(0.0, 1 - margin)))
    assert not NAN_OR_INF.search(screen_text(at))


def test_margin_axis_uses_the_logit_and_the_chain_rule(page):
    at = page("compare_classification")
    set_controls(at, compare_classification_point=0.2)
    at.radio(key="compare_classification_axis").set_value("Margin (logit) m").run()
    margin = math.log(0.2 / 0.8)
    loss_chart, grad_chart = chart_specs(at)
    assert grad_chart["layout"]["xaxis"]["title"]["text"] == "Margin (logit) m"
    assert marker(loss_chart, "BCE") == pytest.approx((margin, -math.log(0.2)))
    assert marker(grad_chart, "BCE") == pytest.approx((margin, -0.8))  # -(1 - p)
    assert marker(grad_chart, "G minimax") == pytest.approx((margin, -0.2))  # -p: it saturates
    assert marker(grad_chart, "Hinge") == pytest.approx((margin, -1.0))  # margin below 1
    # Against the margin the sigmoid's slope tames the logarithms: BCE, hinge and both generator
    # losses stay within [-1, 0] (focal's product rule lets it dip a little below -1).
    for trace in grad_chart["data"]:
        if not trace["name"].startswith("Focal"):
            assert min(trace["y"]) >= -1 - 1e-9 and max(trace["y"]) <= 1e-9
        assert min(trace["y"]) > -1.5
    assert "margin m = **-1.386**" in screen_text(at)


def test_hinge_is_zero_beyond_margin_one(page):
    at = page("compare_classification")
    set_controls(at, compare_classification_point=0.9)  # margin ln 9 ≈ 2.2 > 1
    assert table_row(at, "Hinge")["Value at this point"] == "0"
    assert table_row(at, "Hinge")["Gradient ∂L/∂m"] == "0"
    assert "p_t above 0.7311" in screen_text(at)  # σ(1) = 1/(1 + e^-1)


@pytest.mark.parametrize("gamma", [0.0, 0.5, 5.0])
def test_gamma_slider_moves_only_focal(page, gamma):
    at = page("compare_classification")
    set_controls(at, compare_classification_gamma=gamma)
    p = control_value(at, "compare_classification_point")
    assert table_row(at, "Focal")["Value at this point"] == fmt(focal(1, p, gamma=gamma))
    assert table_row(at, "BCE")["Value at this point"] == fmt(binary_cross_entropy(1, p))
    assert table_row(at, "Focal")["Loss"] == f"Focal (γ = {fmt(gamma)})"
    if gamma == 0.0:  # focal with γ = 0 is cross-entropy
        assert table_row(at, "Focal")["Value at this point"] == table_row(at, "BCE")["Value at this point"]


def test_a_shared_link_opens_on_its_axis_point_and_curves(page):
    at = page("compare_classification", query_params={
        "compare_classification_axis": "Margin (logit) m", "compare_classification_point": "0.9",
        "compare_classification_show_hinge": "false"})
    loss_chart = chart_specs(at)[0]
    assert loss_chart["layout"]["xaxis"]["title"]["text"] == "Margin (logit) m"
    assert marker(loss_chart, "BCE") == pytest.approx((math.log(9), -math.log(0.9)))
    assert traces(loss_chart, "Hinge") == []


def test_the_panel_readouts_and_markers_follow_a_move(page):
    at = set_controls(page("compare_classification"), compare_classification_point=0.5,
                      compare_classification_gamma=1.0)
    # By hand at p_t = 0.5: margin 0, BCE ln 2, focal (1 − ½)¹ ln 2, hinge 1 − 0 = 1.
    assert metric(at, "Margin m") == "0"
    assert metric(at, "BCE") == fmt(math.log(2))
    assert metric(at, "Focal") == fmt(0.5 * math.log(2))
    assert metric(at, "Hinge") == "1"
    loss_chart, grad_chart = chart_specs(at)
    assert marker(loss_chart, "Focal") == pytest.approx((0.5, 0.5 * math.log(2)))
    assert marker(grad_chart, "BCE") == pytest.approx((0.5, -2.0))  # −1/p


def test_the_legend_names_curves_not_markers(page):
    at = page("compare_classification")
    loss_chart, grad_chart = chart_specs(at)
    in_legend = [t["name"] for t in loss_chart["data"] if t.get("showlegend", True)]
    assert sorted(name.split(" (")[0] for name in in_legend) == sorted(COMPARED.values())
    assert grad_chart["layout"]["showlegend"] is False  # one legend, under the loss chart
    assert [c["key"] for c in panels(at)[0]["controls"]] == [
        "compare_classification_point", "compare_classification_gamma"]

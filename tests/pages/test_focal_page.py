"""The focal lesson: every number on screen is what `losses` computes; γ = 0 without α is BCE."""

import math
import re

import pytest

from course.numbers import fmt
from losses import binary_cross_entropy, focal, focal_grad
from tests.conftest import chart_specs, control_value, metric, panels, screen_text, set_controls

NAN_OR_INF = re.compile(r"(?<![\w.])(nan|inf)(?![\w])", re.IGNORECASE)


def set_state(at, *, label=None, p=None, gamma=None, alpha=None):
    """Move the panel's controls; ``alpha`` switches the class weight on at that value."""
    values = {"focal_label": None if label is None else str(label), "focal_prob": p, "focal_gamma": gamma}
    if alpha is not None:
        values.update(focal_alpha_on="on", focal_alpha=alpha)
    return set_controls(at, **{key: value for key, value in values.items() if value is not None})


def test_loads_with_formula_charts_and_numbers(page):
    at = page("focal")
    assert at.title[0].value == "Focal loss"
    assert len(chart_specs(at)) == 4  # loss, gradient, easy/hard ratios, imbalance shares
    # Default: y = 1, p = 0.7, γ = 2 -> -(0.3)² ln 0.7 = 0.0321 (by hand).
    assert metric(at, "Focal loss") == fmt(-(0.3**2) * math.log(0.7)) == "0.0321"
    assert metric(at, "BCE") == fmt(-math.log(0.7))


@pytest.mark.parametrize(("label", "p"), [(1, 0.7), (0, 0.7), (1, 0.05), (0, 0.99), (1, 0.0)])
def test_gamma_zero_without_alpha_is_binary_cross_entropy(page, label, p):
    at = set_state(page("focal"), label=label, p=p, gamma=0.0)
    assert control_value(at, "focal_alpha_on") == "off"
    assert metric(at, "Focal loss") == metric(at, "BCE") == fmt(binary_cross_entropy(label, p))
    assert metric(at, "Focal ÷ BCE") == "1"


@pytest.mark.parametrize(("label", "p", "gamma", "alpha"),
                         [(1, 0.3, 1.5, None), (0, 0.8, 4.0, None), (1, 0.6, 2.0, 0.25), (0, 0.35, 0.5, 0.9)])
def test_controls_change_the_loss_to_what_losses_computes(page, label, p, gamma, alpha):
    at = set_state(page("focal"), label=label, p=p, gamma=gamma, alpha=alpha)
    loss = focal(label, p, gamma=gamma, alpha=alpha)
    assert metric(at, "Focal loss") == fmt(loss)
    assert metric(at, "Gradient") == fmt(focal_grad(label, p, gamma=gamma, alpha=alpha)[0])
    assert metric(at, "Focal ÷ BCE") == fmt(loss / binary_cross_entropy(label, p))
    p_t = p if label == 1 else 1 - p
    alpha_t = 1.0 if alpha is None else (alpha if label == 1 else 1 - alpha)
    assert float(metric(at, "Focal ÷ BCE")) == pytest.approx(alpha_t * (1 - p_t) ** gamma, rel=1e-3)
    marker = next(t for t in chart_specs(at)[0]["data"] if t.get("name") == "current value")
    assert marker["x"] == [pytest.approx(p_t)]
    assert marker["y"] == [pytest.approx(-alpha_t * (1 - p_t) ** gamma * math.log(p_t))]


def test_loss_chart_draws_several_gammas_and_gamma_zero_is_bce(page):
    loss_chart = chart_specs(set_state(page("focal"), gamma=3.0))[0]
    names = [t["name"] for t in loss_chart["data"]]
    assert {"Focal loss", "γ = 0 (BCE)", "γ = 0.5", "γ = 1", "γ = 2", "γ = 5"} <= set(names)
    bce_curve = next(t for t in loss_chart["data"] if t["name"] == "γ = 0 (BCE)")
    # abs: at p_t = 1 the 1e-7 clip leaves 1e-7 instead of 0
    assert bce_curve["y"] == pytest.approx([-math.log(p_t) for p_t in bce_curve["x"]], rel=1e-6, abs=1e-6)
    # The solid curve is the slider's γ: (1 − p_t)³ of BCE.
    current = next(t for t in loss_chart["data"] if t["name"] == "Focal loss")
    assert current["y"] == pytest.approx([-(1 - p_t) ** 3 * math.log(p_t) for p_t in current["x"]],
                                         rel=1e-6, abs=1e-6)


@pytest.mark.parametrize(("preset", "loss", "ratio"), [
    (0, 0.01 * -math.log(0.9), 0.01),  # easy: (1 - 0.9)² = 0.01 of BCE
    (1, 0.81 * -math.log(0.1), 0.81),  # hard: (1 - 0.1)² = 0.81 of BCE
    (3, 0.75 * 0.01 * -math.log(0.9), 0.0075),  # RetinaNet, background anchor: α_t = 1 - 0.25
])
def test_presets_reproduce_their_worked_numbers(page, preset, loss, ratio):
    at = page("focal")
    at.button(key=f"focal_preset_{preset}").click().run()
    assert metric(at, "Focal loss") == fmt(loss)
    assert metric(at, "Focal ÷ BCE") == fmt(ratio)


def test_bce_preset_turns_gamma_and_alpha_off(page):
    at = set_state(page("focal"), gamma=3.0, alpha=0.4)
    at.button(key="focal_preset_2").click().run()
    assert control_value(at, "focal_gamma") == 0.0
    assert control_value(at, "focal_alpha_on") == "off"
    assert metric(at, "Focal loss") == metric(at, "BCE")


def test_easy_and_hard_examples_keep_the_hand_computed_share_of_their_bce(page):
    at = set_state(page("focal"), label=1, gamma=2.0, alpha=0.25)
    table = at.dataframe[0].value
    easy, hard = table.iloc[0], table.iloc[1]
    assert easy["p_t"] == pytest.approx(0.9) and hard["p_t"] == pytest.approx(0.1)
    assert easy["Focal ÷ BCE"] == pytest.approx(0.25 * 0.01)
    assert hard["Focal ÷ BCE"] == pytest.approx(0.25 * 0.81)
    assert easy["BCE"] == pytest.approx(-math.log(0.9))
    assert hard["Focal loss"] == pytest.approx(0.25 * 0.81 * -math.log(0.1))
    bars = chart_specs(at)[2]["data"][0]
    assert bars["y"][:2] == pytest.approx([0.25, 0.25 * 81])  # percent of BCE kept
    assert "**81 times**" in screen_text(at)  # 0.81 / 0.01, whatever α is


def test_background_anchors_stop_dominating_the_loss(page):
    at = set_state(page("focal"), gamma=2.0)
    at.slider(key="focal_background").set_value(1000).run()
    easy_bce, hard_bce = 1000 * -math.log(0.9), -math.log(0.1)
    easy_focal, hard_focal = 0.01 * easy_bce, 0.81 * hard_bce
    shares = chart_specs(at)[3]["data"]
    bce, focal_bars = shares[0]["y"], shares[1]["y"]
    assert bce[0] == pytest.approx(easy_bce / (easy_bce + hard_bce) * 100)
    assert focal_bars[0] == pytest.approx(easy_focal / (easy_focal + hard_focal) * 100)
    assert bce[0] > 95 and focal_bars[0] < 40


@pytest.mark.parametrize(("label", "p"), [(1, 0.0), (0, 1.0), (1, 1.0)])
def test_probabilities_of_zero_and_one_stay_finite(page, label, p):
    at = set_state(page("focal"), label=label, p=p, gamma=0.5)
    assert metric(at, "Focal loss") == fmt(focal(label, p, gamma=0.5))
    assert "clipped" in screen_text(at)
    assert not NAN_OR_INF.search(screen_text(at))


def test_the_panel_follows_a_move_and_the_point_drags_the_probability(page):
    at = page("focal")
    (panel,) = panels(at)
    # Dragging the point to a true-class probability p_t sets p = y·p_t + (1 − y)(1 − p_t).
    assert panel["charts"][0]["drag"]["control"] == "focal_prob"
    # α is greyed out while the class weight is off.
    alpha = next(control for control in panel["controls"] if control["key"] == "focal_alpha")
    assert alpha["enabled"] == ["v", "focal_alpha_on"]
    at = set_state(at, label=0, p=0.8, gamma=1.0, alpha=0.25)
    # By hand: y = 0, p = 0.8 -> p_t = 0.2, α_t = 1 − 0.25 = 0.75,
    # FL = −0.75 · 0.8 · ln 0.2, BCE = −ln 0.2, their ratio 0.75 · 0.8 = 0.6.
    expected = -0.75 * 0.8 * math.log(0.2)
    assert metric(at, "p_t") == "0.2"
    assert metric(at, "Focal loss") == fmt(expected)
    assert metric(at, "Focal ÷ BCE") == "0.6"
    loss_chart, grad_chart = chart_specs(at)[:2]
    marker = next(t for t in loss_chart["data"] if t.get("name") == "current value")
    assert marker["x"] == [pytest.approx(0.2)] and marker["y"] == [pytest.approx(expected)]
    # Against p_t the gradient of a label 0 is −∂L/∂p.
    grad_marker = next(t for t in grad_chart["data"] if t.get("name") == "current value")
    assert grad_marker["y"] == [pytest.approx(-focal_grad(0, 0.8, gamma=1.0, alpha=0.25)[0])]


def test_a_link_of_the_switch_it_replaces_still_turns_alpha_on(page):
    at = page("focal", query_params={"focal_alpha_on": "true", "focal_alpha": "0.4", "focal_prob": "0.6"})
    assert control_value(at, "focal_alpha_on") == "on"
    assert metric(at, "Focal loss") == fmt(-0.4 * 0.4**2 * math.log(0.6))  # y = 1, γ = 2, by hand
    # The address (what "Copy link to this view" copies) keeps the values under today's names.
    assert at.query_params["focal_alpha_on"] == "on" and at.query_params["focal_alpha"] == "0.4"


def test_the_example_probabilities_and_retinanet_factors_are_the_pages_own(page):
    text = " ".join(screen_text(page("focal")).split())
    # The examples the page draws (course/samples.py) are the ones the text names.
    assert "gets right with p_t = 0.9 and a hard one it gets wrong with p_t = 0.1" in text
    assert "(label 0, p = 0.1) and one object the detector misses (label 1, p = 0.1)" in text
    # By hand: (1 − 0.9)² = 1/100, and (1 − p_t)² = 1/1000 at p_t = 1 − 1/√1000 ≈ 0.9684.
    assert "p_t = 0.9 costs 100 times less" in text
    assert f"p_t ≈ {fmt(1 - 1000 ** -0.5)} 1000 times less" in text

"""The categorical cross-entropy lesson: every number on screen is what `losses` computes, and
the Tom/Jerry example shows both the formula's 0.105 and Keras's 0.201."""

import math
import re

import numpy as np
import pytest

from course.numbers import fmt
from losses import categorical_cross_entropy, categorical_cross_entropy_grad
from tests.conftest import chart_specs, control_value, metric, panels, screen_text, set_controls

SLUG = "cce"
NAN_OR_INF = re.compile(r"(?<![\w.])(nan|inf)(?![\w])", re.IGNORECASE)


CLASS_NAMES = ("Tom", "Jerry", "Spike", "Tyke", "Butch", "Nibbles")


def set_probabilities(at, k, label, probabilities):
    at.slider(key="cce_k").set_value(k).run()
    return set_controls(at, cce_label=CLASS_NAMES[label],
                        **{f"cce_p{index}": value for index, value in enumerate(probabilities)})


def loss_chart(at):
    return next(spec for spec in chart_specs(at) if spec["layout"]["title"]["text"].startswith("CE against"))


def test_loads_with_formula_charts_and_numbers(page):
    at = page(SLUG)
    assert at.title[0].value == "Categorical cross-entropy"
    assert len(chart_specs(at)) == 3  # the distributions, the loss, its gradient
    # Default: K = 3, true class Tom, p = [0.7, 0.2, 0.1] -> -ln 0.7 both ways (by hand).
    assert metric(at, "CE as written") == fmt(-math.log(0.7)) == "0.3567"
    assert metric(at, "CE as Keras") == "0.3567"
    assert metric(at, "Row sum") == "1"
    assert metric(at, "Gradient") == fmt(-1 / 0.7)
    assert not at.warning


def test_tom_jerry_shows_the_formula_and_keras_values_and_the_sum_warning(page):
    at = page(SLUG)
    at.button(key="cce_preset_0").click().run()
    assert at.slider(key="cce_k").value == 2
    assert control_value(at, "cce_label") == "Tom"
    assert (control_value(at, "cce_p0"), control_value(at, "cce_p1")) == (0.9, 0.2)
    as_written, keras = fmt(-math.log(0.9)), fmt(-math.log(0.9 / 1.1))
    assert (as_written, keras) == ("0.1054", "0.2007")
    assert metric(at, "CE as written") == as_written
    assert metric(at, "CE as Keras") == keras
    assert metric(at, "Row sum") == "1.1"
    text = screen_text(at)
    assert as_written in text and keras in text
    (warning,) = at.warning
    assert "sums to **1.1**" in warning.value
    assert as_written in warning.value and keras in warning.value
    # The bar chart adds the row divided by its sum, which is what Keras scores.
    bars = next(spec for spec in chart_specs(at) if spec["layout"]["title"]["text"].startswith("The label"))
    scaled = next(trace for trace in bars["data"] if "row sum" in trace["name"])
    assert scaled["y"] == pytest.approx([0.9 / 1.1, 0.2 / 1.1])
    # The loss chart also draws Keras's curve, through the current point.
    keras_curve = next(trace for trace in loss_chart(at)["data"] if "Keras" in trace["name"])
    index = int(np.argmin(np.abs(np.array(keras_curve["x"]) - 0.9)))
    assert keras_curve["y"][index] == pytest.approx(-math.log(0.9 / 1.1), rel=1e-3)


def test_tom_jerry_summing_to_one_gives_one_number_and_no_warning(page):
    at = page(SLUG)
    at.button(key="cce_preset_0").click().run()
    at.button(key="cce_preset_1").click().run()
    assert metric(at, "CE as written") == metric(at, "CE as Keras") == fmt(-math.log(0.9))
    assert not at.warning


def test_the_worked_calculation_shows_both_forms(page):
    at = page(SLUG)
    at.button(key="cce_preset_0").click().run()
    latex = "\n".join(element.value for element in at.latex)
    assert r"1\cdot\ln 0.9 + 0\cdot\ln 0.2" in latex
    assert "S = 0.9 + 0.2 = 1.1" in latex
    assert r"-\ln 0.8182 = 0.2007" in latex


@pytest.mark.parametrize(("k", "label", "probabilities"), [
    (4, 3, (0.1, 0.2, 0.3, 0.4)),
    (3, 1, (0.5, 0.5, 0.5)),
    (6, 5, (0.3, 0.1, 0.1, 0.1, 0.1, 0.05)),
    (2, 1, (0.6, 0.1)),
])
def test_controls_change_the_loss_to_what_losses_computes(page, k, label, probabilities):
    at = set_probabilities(page(SLUG), k, label, probabilities)
    y, p = np.eye(k)[label], np.array(probabilities)
    as_written = categorical_cross_entropy(y, p)
    assert metric(at, "CE as written") == fmt(as_written)
    assert metric(at, "CE as Keras") == fmt(categorical_cross_entropy(y, p, normalize=True))
    assert metric(at, "Gradient") == fmt(categorical_cross_entropy_grad(y, p)[label])
    total = p.sum()
    if abs(total - 1) > 1e-9:
        assert f"sums to **{fmt(total)}**" in at.warning[0].value
    else:
        assert not at.warning
    marker = next(t for t in loss_chart(at)["data"] if t.get("mode") == "markers")
    assert marker["x"] == [pytest.approx(probabilities[label])]
    assert marker["y"] == [pytest.approx(as_written)]
    # Only the true class's term is non-zero, and the terms add up to the loss.
    table = at.dataframe[0].value
    terms = table["Term −yₖ ln pₖ"].to_numpy()
    assert terms[label] == pytest.approx(as_written)
    assert np.delete(terms, label) == pytest.approx(0.0)
    assert not NAN_OR_INF.search(screen_text(at))


def test_logits_go_through_a_softmax(page):
    at = page(SLUG)
    at.button(key="cce_preset_3").click().run()  # logits 2, 1, 0.1; true class Tom
    assert at.toggle(key="cce_logits").value is True
    by_hand = -math.log(math.exp(2) / (math.exp(2) + math.exp(1) + math.exp(0.1)))
    assert metric(at, "CE as written") == fmt(by_hand) == "0.417"
    assert metric(at, "CE as Keras") == fmt(by_hand)
    assert metric(at, "Row sum") == "1"
    set_controls(at, cce_z2=4.0)  # the wrong class Spike now has the largest logit
    by_hand = -math.log(math.exp(2) / (math.exp(2) + math.exp(1) + math.exp(4)))
    assert metric(at, "CE as written") == fmt(by_hand)
    assert r"\mathrm{softmax}(2, 1, 4)" in "\n".join(element.value for element in at.latex)
    assert not at.warning


def test_a_zero_probability_for_the_true_class_is_clipped_with_the_current_numbers(page):
    at = set_probabilities(page(SLUG), 3, 2, (0.6, 0.4, 0.0))
    assert metric(at, "CE as written") == fmt(-math.log(1e-7)) == "16.12"
    (info,) = at.info
    assert "**Spike**" in info.value and "16.12" in info.value


def test_an_all_zero_prediction_explains_itself(page):
    at = set_probabilities(page(SLUG), 2, 0, (0.0, 0.0))
    assert not at.exception
    assert any("sums to (almost) 0" in warning.value for warning in at.warning)
    assert metric(at, "CE as Keras") == "undefined"  # no row sum to divide by
    assert not NAN_OR_INF.search(screen_text(at))


def test_the_tom_jerry_section_is_computed(page):
    text = screen_text(page(SLUG))
    assert "[0.9, 0.2]" in text
    assert fmt(-math.log(0.9)) in text and fmt(-math.log(0.9 / 1.1)) in text and fmt(1.1) in text


def test_tiny_softmax_outputs_are_powers_of_ten_in_the_worked_calculation(page):
    at = page(SLUG)
    at.button(key="cce_preset_3").click().run()  # logits, three classes
    set_controls(at, cce_z0=-5.0, cce_z1=5.0, cce_z2=5.0)
    # By hand: Tom's probability is e⁻⁵ / (e⁻⁵ + 2e⁵) = 1 / (1 + 2e¹⁰) ≈ 2.27 × 10⁻⁵.
    tom = 1 / (1 + 2 * math.exp(10))
    assert f"{tom:.2e}" == "2.27e-05"
    latex = "\n".join(element.value for element in at.latex)
    assert r"2.27 \times 10^{-5}" in latex
    assert "e-05" not in latex


def test_the_panel_follows_a_gesture_readouts_marker_and_bars(page):
    at = page(SLUG)
    at.button(key="cce_preset_0").click().run()  # Tom/Jerry: K = 2, true class Tom
    assert [control["key"] for control in panels(at)[0]["controls"]] == ["cce_label", "cce_p0", "cce_p1"]
    at = set_controls(at, cce_p0=0.4, cce_p1=0.4)  # the end of a drag of both sliders
    # By hand: as written −ln 0.4; Keras divides by the row sum 0.8, so −ln 0.5; ∂L/∂p = −1/0.4.
    assert metric(at, "CE as written") == fmt(-math.log(0.4)) == "0.9163"
    assert metric(at, "CE as Keras") == fmt(math.log(2))
    assert metric(at, "Row sum") == "0.8"
    assert metric(at, "Gradient") == "-2.5"
    marker = next(t for t in loss_chart(at)["data"] if t.get("mode") == "markers")
    assert (marker["x"], marker["y"]) == ([pytest.approx(0.4)], [pytest.approx(-math.log(0.4))])
    bars = next(spec for spec in chart_specs(at) if spec["layout"]["title"]["text"].startswith("The label"))
    assert [trace["y"] for trace in bars["data"]] == [[1, 0], [0.4, 0.4], [pytest.approx(0.5)] * 2]
    # The true class moves in the panel too: Jerry's probability is now on the x axis.
    at = set_controls(at, cce_label="Jerry", cce_p1=0.25)
    assert metric(at, "CE as written") == fmt(-math.log(0.25))
    marker = next(t for t in loss_chart(at)["data"] if t.get("mode") == "markers")
    assert marker["x"] == [pytest.approx(0.25)]
    # The browser gets each moving part as an expression of the controls (a row of them).
    bars_spec = panels(at)[0]["charts"][2]
    assert bars_spec["kind"] == "bars" and bars_spec["series"][1][0] == "vec"

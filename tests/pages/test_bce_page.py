"""The binary cross-entropy lesson: every number on screen is what `losses` computes."""

import math
import re

import pytest

from course.numbers import fmt
from losses import binary_cross_entropy, binary_cross_entropy_grad
from tests.conftest import chart_specs, control_value, metric, screen_text, set_controls

SLUG = "bce"
CLIPPED_MAX = -math.log(1e-7)  # the loss of a sure, wrong prediction after Keras's clip
NAN_OR_INF = re.compile(r"(?<![\w.])(nan|inf)(?![\w])", re.IGNORECASE)


LABEL_TEXTS = {1: "y = 1 (positive)", 0: "y = 0 (negative)"}  # what the label buttons show


def set_state(at, label, probability):
    return set_controls(at, bce_label=LABEL_TEXTS[label], bce_prob=probability)


def markers(spec):
    return [trace for trace in spec["data"] if trace.get("mode") == "markers"]


def test_loads_with_formula_charts_and_numbers(page):
    at = page(SLUG)
    assert at.title[0].value == "Binary cross-entropy"
    assert len(chart_specs(at)) == 2
    # Default: y = 1, p = 0.8 -> -ln 0.8 = 0.2231, dL/dp = -1/0.8 = -1.25, dL/dz = 0.8 - 1 (by hand).
    assert metric(at, "BCE") == fmt(-math.log(0.8)) == "0.2231"
    assert metric(at, "Gradient ∂L/∂p") == "-1.25"
    assert metric(at, "Gradient ∂L/∂z") == "-0.2"
    assert not at.info  # nothing is clipped


@pytest.mark.parametrize(("label", "probability"), [(1, 0.3), (0, 0.3), (0, 0.999), (1, 0.001), (1, 0.0),
                                                    (0, 1.0), (0, 0.0)])
def test_controls_change_the_loss_to_what_losses_computes(page, label, probability):
    at = set_state(page(SLUG), label, probability)
    loss = binary_cross_entropy(label, probability)
    grad = binary_cross_entropy_grad(label, probability)[0]
    assert metric(at, "BCE") == fmt(loss)
    assert metric(at, "Gradient ∂L/∂p") == fmt(grad)
    assert metric(at, "Gradient ∂L/∂z") == fmt(probability - label)
    loss_chart, grad_chart = chart_specs(at)
    assert markers(loss_chart)[0]["x"] == [pytest.approx(probability)]
    assert markers(loss_chart)[0]["y"] == [pytest.approx(loss)]
    # An off-chart gradient sits on the chart's edge and keeps its value in customdata.
    current = markers(grad_chart)[0]
    assert current.get("customdata", current["y"]) == [pytest.approx(grad)]
    low, high = grad_chart["layout"]["yaxis"]["range"]
    assert low <= current["y"][0] <= high
    # Both curves are drawn: the active label's and the other label's.
    assert len([t for t in loss_chart["data"] if t.get("mode") == "lines"]) == 2
    assert not NAN_OR_INF.search(screen_text(at))


def test_the_ends_of_the_slider_are_reachable_and_clipped_with_the_current_numbers(page):
    at = set_state(page(SLUG), 1, 0.0)
    assert control_value(at, "bce_prob") == 0.0
    assert metric(at, "BCE") == fmt(CLIPPED_MAX) == "16.12"
    (info,) = at.info
    assert "p = 0**" in info.value and "y = 1**" in info.value and "16.12" in info.value
    at = set_state(at, 0, 1.0)
    assert metric(at, "BCE") == "16.12"
    assert "p = 1**" in at.info[0].value and "1 − p = 0" in at.info[0].value
    # The right answer with certainty costs (almost) nothing and needs no explanation.
    at = set_state(at, 1, 1.0)
    assert metric(at, "BCE") == fmt(-math.log(1 - 1e-7))
    assert not at.info


def test_presets_reproduce_their_worked_numbers(page):
    at = page(SLUG)
    at.button(key="bce_preset_0").click().run()  # confident and right: y = 1, p = 0.99
    assert metric(at, "BCE") == fmt(-math.log(0.99))
    at.button(key="bce_preset_1").click().run()  # unsure: -ln 0.5 = ln 2
    assert metric(at, "BCE") == fmt(math.log(2)) == "0.6931"
    at.button(key="bce_preset_2").click().run()  # confidently wrong: y = 0, p = 0.99
    assert control_value(at, "bce_label") == "y = 0 (negative)"
    assert control_value(at, "bce_prob") == 0.99
    assert metric(at, "BCE") == fmt(-math.log(0.01)) == "4.605"
    at.button(key="bce_preset_3").click().run()  # certain and wrong: y = 0, p = 1
    assert metric(at, "BCE") == "16.12"
    assert "16.12" in at.info[0].value


def test_the_text_corrects_exponential_growth_with_live_numbers(page):
    text = screen_text(page(SLUG))
    # -ln p at p = 0.1, 0.01, 0.001: each tenfold drop adds ln 10 (by hand).
    for value in (-math.log(0.1), -math.log(0.01), -math.log(0.001), math.log(10)):
        assert fmt(value) in text
    assert "logarithmically" in text
    assert "convex" in text
    # Confidently wrong vs confidently right at p = 0.99.
    assert fmt(-math.log(0.01)) in text and fmt(-math.log(0.99)) in text
    assert "from_logits=True" in text and "BCEWithLogitsLoss" in text


def test_a_gradient_off_the_chart_is_stated_in_words(page):
    at = page(SLUG)
    assert not any("too large to draw" in caption.value for caption in at.caption)
    at = set_state(at, 1, 0.01)  # dL/dp = -1/0.01 = -100, beyond the chart's ±12
    assert any("**-100**" in caption.value and "too large to draw" in caption.value
               for caption in at.caption)


def test_batch_table_shows_each_sample_and_the_confident_mistake(page):
    at = set_state(page(SLUG), 0, 0.25)
    table = at.dataframe[0].value
    mine = table[table["Sample"] == "your sample"].iloc[0]
    assert mine["BCE"] == pytest.approx(-math.log(0.75))
    mistake = table[table["Sample"] == "confidently wrong"].iloc[0]
    assert mistake["BCE"] == pytest.approx(-math.log(1 - 0.97))
    assert math.isclose(table["Share of the total"].sum(), 100.0)
    share = mistake["BCE"] / table["BCE"].sum() * 100
    assert f"{share:.1f} %" in screen_text(at)
    assert fmt(table["BCE"].mean()) in screen_text(at)


def test_keras_float32_clip_is_stated_next_to_the_float64_value(page):
    text = " ".join(screen_text(page(SLUG)).split())
    # By hand: below 1 the float32 values are 2⁻²⁴ apart, and 1 − 10⁻⁷ rounds to 1 − 2·2⁻²⁴ =
    # 1 − 2⁻²³, so Keras's loss for p = 1, y = 0 is −ln 2⁻²³ = 23 ln 2; for p = 0, y = 1 the
    # float32 of 10⁻⁷ keeps the float64 value to four digits.
    keras_p1 = fmt(23 * math.log(2))
    assert keras_p1 == "15.94"
    assert f"rounds to {1 - 2**-23:.8f}" in text and "0.99999988" in text
    assert f"**{keras_p1}** in Keras" in text
    assert f"costs **{fmt(CLIPPED_MAX)}**, as here" in text
    # Check yourself, inside its expander, says the same.
    assert f"Why does Keras report about {keras_p1} when p = 1 and y = 0" in text
    assert f"it would be {fmt(CLIPPED_MAX)}" in text
    assert "16.1 when" not in text


def test_certain_and_wrong_marks_the_gradient_at_the_top_edge_with_its_value(page):
    at = page(SLUG)
    at.button(key="bce_preset_3").click().run()  # Certain and wrong: y = 0, p = 1
    # By hand: p is clipped to 1 − 10⁻⁷, so ∂L/∂p = 1/(1 − p) = 10⁷.
    assert metric(at, "Gradient ∂L/∂p") == "10,000,000"
    gradient_chart = chart_specs(at)[1]
    (current,) = [trace for trace in markers(gradient_chart) if trace["name"] == "current value"]
    top = gradient_chart["layout"]["yaxis"]["range"][1]
    assert current["y"] == [top] and current["marker"]["symbol"] == "triangle-up"
    assert current["customdata"][0] == pytest.approx(1e7, rel=1e-6)
    notes = [note["text"] for note in gradient_chart["layout"].get("annotations", [])]
    assert "10,000,000 ↑" in notes

"""The KL divergence lesson: both directions equal `losses.kl_divergence`, KL = cross-entropy −
entropy with the current numbers, and zeros in the label y or the prediction p are handled and
explained. The page writes y for the label and p for the prediction, like the rest of the app."""

import json
import math
import re

import numpy as np
import pytest

from course.numbers import fmt
from losses import categorical_cross_entropy, kl_divergence
from tests.conftest import chart_specs, metric, panels, screen_text, set_controls

SLUG = "kl"
NAN_OR_INF = re.compile(r"(?<![\w.])(nan|inf)(?![\w])", re.IGNORECASE)


def set_weights(at, p_weights, q_weights):
    at.slider(key="kl_k").set_value(len(p_weights)).run()
    return set_controls(at, **{f"kl_p{index}": value for index, value in enumerate(p_weights)},
                        **{f"kl_q{index}": value for index, value in enumerate(q_weights)})


def test_loads_with_both_directions(page):
    at = page(SLUG)
    assert at.title[0].value == "KL divergence"
    # Default: y = [0.6, 0.3, 0.1], p = [0.2, 0.5, 0.3] (by hand).
    forward = 0.6 * math.log(0.6 / 0.2) + 0.3 * math.log(0.3 / 0.5) + 0.1 * math.log(0.1 / 0.3)
    backward = 0.2 * math.log(0.2 / 0.6) + 0.5 * math.log(0.5 / 0.3) + 0.3 * math.log(0.3 / 0.1)
    assert metric(at, "KL(y‖p)") == fmt(forward) == "0.3961"
    assert metric(at, "KL(p‖y)") == fmt(backward) == "0.3653"
    assert len(chart_specs(at)) == 3


@pytest.mark.parametrize(("p_weights", "q_weights"), [
    ((0.2, 0.2, 0.4), (0.5, 0.1, 0.9)),
    ((1.0, 0.0), (0.3, 0.7)),
    ((0.1, 0.2, 0.3, 0.4, 0.5), (0.5, 0.4, 0.3, 0.2, 0.1)),
    ((0.9, 0.05, 0.05, 0.0), (0.25, 0.25, 0.25, 0.25)),
])
def test_asymmetry_numbers_equal_losses_both_ways(page, p_weights, q_weights):
    at = set_weights(page(SLUG), p_weights, q_weights)
    p = np.array(p_weights) / sum(p_weights)
    q = np.array(q_weights) / sum(q_weights)
    forward, backward = kl_divergence(p, q), kl_divergence(q, p)
    assert metric(at, "KL(y‖p)") == fmt(forward)
    assert metric(at, "KL(p‖y)") == fmt(backward)
    assert f"KL(y‖p) = **{fmt(forward)}** but KL(p‖y) = **{fmt(backward)}**" in screen_text(at)
    # The normalised values are shown.
    assert f"y = **({', '.join(fmt(v) for v in p)})**" in screen_text(at)
    # Both curves of the sweep chart are marked at the current p weight of class A.
    sweep = chart_specs(at)[0]
    marks = [t for t in sweep["data"] if t.get("mode") == "markers"]
    assert [m["x"] for m in marks] == [[pytest.approx(q_weights[0])]] * 2
    assert [m["y"] for m in marks] == [[pytest.approx(forward)], [pytest.approx(backward)]]
    assert not NAN_OR_INF.search(screen_text(at))


def test_kl_is_cross_entropy_minus_entropy_with_the_current_numbers(page):
    at = set_weights(page(SLUG), (0.5, 0.3, 0.2), (0.2, 0.2, 0.6))
    p, q = np.array([0.5, 0.3, 0.2]), np.array([0.2, 0.2, 0.6])
    cross_entropy, entropy = categorical_cross_entropy(p, q), categorical_cross_entropy(p, p)
    assert metric(at, "Cross-entropy") == fmt(cross_entropy)
    assert metric(at, "Entropy") == fmt(entropy)
    assert entropy == pytest.approx(-(0.5 * math.log(0.5) + 0.3 * math.log(0.3) + 0.2 * math.log(0.2)))
    kl = kl_divergence(p, q)
    assert cross_entropy - entropy == pytest.approx(kl)
    assert f"{fmt(cross_entropy)} − {fmt(entropy)} = {fmt(kl)}" in screen_text(at)
    latex = "\n".join(element.value for element in at.latex)
    assert f"= {fmt(cross_entropy)} - {fmt(entropy)} = {fmt(kl)}" in latex


def test_a_zero_in_p_contributes_nothing(page):
    at = page(SLUG)
    at.button(key="kl_preset_2").click().run()  # y = [0.7, 0.3, 0], p = [0.4, 0.3, 0.3]
    forward = 0.7 * math.log(0.7 / 0.4) + 0.3 * math.log(0.3 / 0.3)  # 0·ln 0 = 0 for class C
    assert metric(at, "KL(y‖p)") == fmt(forward) == "0.3917"
    # The reverse direction has p > 0 where y = 0: y is clipped to 1e-7 there.
    backward = 0.4 * math.log(0.4 / 0.7) + 0.3 * math.log(0.3 / 0.3) + 0.3 * math.log(0.3 / 1e-7)
    assert metric(at, "KL(p‖y)") == fmt(backward)
    infos = "\n".join(info.value for info in at.info)
    assert "0 · ln 0 = 0" in infos and "**C**" in infos and fmt(backward) in infos
    table = at.dataframe[0].value
    assert table.iloc[2]["Term of KL(y‖p)"] == 0.0


def test_a_zero_in_q_where_p_is_positive_gives_the_clipped_large_value(page):
    at = page(SLUG)
    at.button(key="kl_preset_3").click().run()  # y = [0.5, 0.3, 0.2], p = [0.6, 0.4, 0]
    forward = 0.5 * math.log(0.5 / 0.6) + 0.3 * math.log(0.3 / 0.4) + 0.2 * math.log(0.2 / 1e-7)
    assert metric(at, "KL(y‖p)") == fmt(forward)
    (warning,) = at.warning
    assert "**C**" in warning.value and fmt(forward) in warning.value and "10⁻⁷" in warning.value
    assert not NAN_OR_INF.search(screen_text(at))


def test_equal_distributions_have_zero_divergence(page):
    at = page(SLUG)
    at.button(key="kl_preset_0").click().run()
    assert metric(at, "KL(y‖p)") == metric(at, "KL(p‖y)") == "0"


def test_all_zero_weights_explain_themselves(page):
    at = set_weights(page(SLUG), (0.0, 0.0), (0.5, 0.5))
    assert not at.exception
    assert "Every weight of **y** is 0" in at.warning[0].value
    assert metric(at, "KL(y‖p)") == metric(at, "KL(p‖y)") == "undefined"  # no distribution y
    assert not NAN_OR_INF.search(screen_text(at))


def test_with_every_weight_of_y_at_0_the_charts_fit_their_axes_to_what_is_drawn(page):
    # The sweep's declared range is undefined here (no distribution y): none is sent, where a
    # range of NaN made Plotly throw "Something went wrong with axis scaling".
    at = set_weights(page(SLUG), (0.0, 0.0, 0.0), (1.0, 0.5, 0.3))
    for spec in panels(at)[0]["charts"]:
        y_axis = json.loads(spec["figure"])["layout"]["yaxis"]
        assert "range" not in y_axis or all(math.isfinite(end) for end in y_axis["range"]), y_axis


def test_vae_and_distillation_are_explained(page):
    text = screen_text(page(SLUG))
    assert "variational autoencoder" in text and "prior" in text
    assert "distillation" in text and "temperature" in text


def test_one_notation_on_the_page_y_the_label_p_the_prediction(page):
    at = page(SLUG)
    text = screen_text(at)
    assert r"D_{\mathrm{KL}}(y \,\|\, p)" in at.latex[0].value  # the header formula
    assert "D_KL(y ‖ p) = Σₖ yₖ ln(yₖ / pₖ)" in " ".join(text.split())
    # No other pair of letters for the two distributions, in the prose, metrics, charts or table.
    for stale in ("KL(P‖Q)", "KL(Q‖P)", "H(P, Q)", "P (true)", "Q (predicted)", "Q's weight"):
        assert stale not in text, stale
    labels = [control["label"] for control in panels(at)[0]["controls"]]
    assert "y weight of A" in labels and "p weight of A" in labels
    for chart in chart_specs(at):
        assert "Q" not in chart["layout"]["title"]["text"].replace("KL", "")


def test_the_asymmetry_text_states_the_restriction(page):
    text = " ".join(screen_text(page(SLUG)).split())
    assert "both directions are smallest, at 0, for the same p: p = y" in text
    assert "only when p is **restricted**" in text
    assert "mass-covering" in text and "mode-seeking" in text


def test_the_gradient_text_gives_the_logit_gradient_p_minus_y(page):
    at = set_weights(page(SLUG), (0.5, 0.3, 0.2), (0.2, 0.2, 0.6))
    y, p = np.array([0.5, 0.3, 0.2]), np.array([0.2, 0.2, 0.6])
    # Independently: finite differences of KL(y‖softmax(z)) at logits z with softmax(z) = p.
    z, h = np.log(p), 1e-6

    def kl_at(logits):
        q = np.exp(logits) / np.exp(logits).sum()
        return float(np.sum(y * np.log(y / q)))

    numeric = [(kl_at(z + h * np.eye(3)[k]) - kl_at(z - h * np.eye(3)[k])) / (2 * h) for k in range(3)]
    assert numeric == pytest.approx([-0.3, -0.1, 0.4], abs=1e-6)  # p − y by hand
    text = " ".join(screen_text(at).split())
    assert f"**({', '.join(fmt(value) for value in numeric)})**" in text
    assert "raise every* probability" in text and "pₖ − yₖ" in text


def test_the_panel_follows_a_gesture_and_the_sweep_is_draggable(page):
    at = page(SLUG)
    assert [control["key"] for control in panels(at)[0]["controls"]] == [
        "kl_p0", "kl_p1", "kl_p2", "kl_q0", "kl_q1", "kl_q2"]
    # Dragging on the sweep chart sets p's weight for class A to the x under the pointer.
    assert panels(at)[0]["charts"][0]["drag"]["control"] == "kl_q0"
    at = set_controls(at, kl_p0=0.5, kl_p1=0.5, kl_p2=0.0, kl_q0=0.25, kl_q1=0.75, kl_q2=0.0)
    # By hand: y = (½, ½, 0), p = (¼, ¾, 0): KL(y‖p) = ½ ln 2 + ½ ln ⅔; H(y) = ln 2.
    forward = 0.5 * math.log(0.5 / 0.25) + 0.5 * math.log(0.5 / 0.75)
    backward = 0.25 * math.log(0.25 / 0.5) + 0.75 * math.log(0.75 / 0.5)
    assert metric(at, "KL(y‖p)") == fmt(forward)
    assert metric(at, "KL(p‖y)") == fmt(backward)
    assert metric(at, "Entropy") == fmt(math.log(2))
    sweep, bars, gradient = chart_specs(at)
    marks = [t for t in sweep["data"] if t.get("mode") == "markers"]
    assert [(m["x"], m["y"]) for m in marks] == [([0.25], [pytest.approx(forward)]),
                                                  ([0.25], [pytest.approx(backward)])]
    assert [trace["y"] for trace in bars["data"]] == [[0.5, 0.5, 0], [0.25, 0.75, 0]]
    # −yₖ/pₖ: −2, −⅔, and 0 for class C (y = 0 there).
    assert gradient["data"][0]["y"] == [pytest.approx(-2), pytest.approx(-2 / 3), 0]


def test_a_gradient_bar_beyond_the_chart_carries_its_value(page):
    at = page(SLUG)
    at.button(key="kl_preset_3").click().run()  # y = [0.5, 0.3, 0.2], p = [0.6, 0.4, 0]
    gradient_chart = chart_specs(at)[2]
    # By hand: class C's gradient is −y/p with p clipped to 10⁻⁷: −0.2 / 10⁻⁷ = −2,000,000.
    notes = [note["text"] for note in gradient_chart["layout"].get("annotations", [])]
    assert notes == [f"{fmt(-0.2 / 1e-7)} ↓"] == ["-2,000,000 ↓"]

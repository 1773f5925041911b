"""The sparse categorical cross-entropy lesson: integer labels give the same value as one-hot
labels on screen, the output layer has one probability per class, and the speed measurement
shows a ratio (its value is never asserted: timings depend on the machine)."""

import math
import re

import numpy as np
import pytest

from course.numbers import fmt
from losses import categorical_cross_entropy, softmax, sparse_categorical_cross_entropy
from tests.conftest import chart_specs, control_value, metric, panels, screen_text, set_controls

SLUG = "sparse_cce"
NAN_OR_INF = re.compile(r"(?<![\w.])(nan|inf)(?![\w])", re.IGNORECASE)


def by_hand(logits, label):
    """−ln softmax(z)[label], written out."""
    exps = [math.exp(z) for z in logits]
    return -math.log(exps[label] / sum(exps))


def test_loads_with_equal_sparse_and_one_hot_values(page):
    at = page(SLUG)
    assert at.title[0].value == "Sparse categorical cross-entropy"
    expected = fmt(by_hand((2.0, 0.5, -1.0), 0))
    assert metric(at, "Sparse CE, integer label") == expected
    assert metric(at, "CE, one-hot label") == expected
    assert "integer **0** (cat); written one-hot it is **[1, 0, 0]**" in screen_text(at)
    assert len(chart_specs(at)) == 3


@pytest.mark.parametrize(("label", "logits"), [
    (1, (0.3, 2.5, -4.0)), (2, (5.0, -5.0, -5.0)), (0, (0.0, 0.0, 0.0)),
])
def test_sparse_and_one_hot_agree_for_every_state(page, label, logits):
    at = set_controls(page(SLUG), sparse_cce_label=f"{label} = {('cat', 'dog', 'rabbit')[label]}",
                      **{f"sparse_cce_z{index}": value for index, value in enumerate(logits)})
    p = softmax(logits)
    one_hot = np.eye(3)[label]
    sparse_shown = metric(at, "Sparse CE, integer label")
    one_hot_label = "[" + ", ".join(str(int(v)) for v in one_hot) + "]"
    text = screen_text(at)
    assert f"integer **{label}**" in text and f"one-hot it is **{one_hot_label}**" in text
    assert sparse_shown == fmt(sparse_categorical_cross_entropy([label], [p]))
    assert metric(at, "CE, one-hot label") == fmt(categorical_cross_entropy([one_hot], [p]))
    assert sparse_shown == fmt(by_hand(logits, label))
    loss_chart = chart_specs(at)[0]
    marker = next(t for t in loss_chart["data"] if t.get("mode") == "markers")
    assert marker["x"] == [pytest.approx(p[label])]
    assert marker["y"] == [pytest.approx(-math.log(p[label]))]
    assert not NAN_OR_INF.search(screen_text(at))


def test_presets_reproduce_their_worked_numbers(page):
    at = page(SLUG)
    at.button(key="sparse_cce_preset_1").click().run()  # equal logits: p = 1/3 each, loss ln 3
    assert metric(at, "Sparse CE") == fmt(math.log(3)) == "1.099"
    at.button(key="sparse_cce_preset_2").click().run()  # confidently wrong: rabbit, logits 4, 1, -3
    assert control_value(at, "sparse_cce_label") == "2 = rabbit"
    assert metric(at, "Sparse CE, integer label") == fmt(by_hand((4.0, 1.0, -3.0), 2))


def test_the_output_layer_has_one_probability_per_class(page):
    at = page(SLUG)
    bars = chart_specs(at)[2]
    output = next(trace for trace in bars["data"] if trace["name"].startswith("Output"))
    assert len(output["y"]) == 3
    assert sum(output["y"]) == pytest.approx(1.0)
    text = screen_text(at)
    assert "3 units, one\nprobability per class" in text
    assert "gives one integer" in text  # the claim is quoted, and corrected


def test_the_batch_agrees_row_by_row(page):
    at = page(SLUG)
    table = at.dataframe[0].value
    assert table["Sparse CE"].to_numpy() == pytest.approx(table["CE on one-hot"].to_numpy())
    assert table.iloc[-1]["Sample"] == "your sample"
    assert metric(at, "Batch mean, sparse CE") == metric(at, "Batch mean, CE on one-hot labels")
    assert metric(at, "Batch mean, sparse CE") == fmt(table["Sparse CE"].mean())


def test_measure_shows_a_finite_positive_ratio_and_the_label_memory(page):
    at = page(SLUG)
    assert not [m for m in at.metric if m.label.startswith("Time ratio")]  # nothing until asked
    at.select_slider(key="sparse_cce_n").set_value("1,000").run()
    at.select_slider(key="sparse_cce_classes").set_value("10").run()
    at.button(key="sparse_cce_measure").click().run()
    assert not at.exception
    ratio = float(metric(at, "Time ratio").replace(",", ""))
    assert math.isfinite(ratio) and ratio > 0
    # The memory is not a timing: 1,000 int64 labels against 1,000 × 10 float64 one-hot entries.
    assert metric(at, "Integer labels (MB)") == fmt(1_000 * 8 / 1e6)
    assert metric(at, "One-hot labels (MB)") == fmt(1_000 * 10 * 8 / 1e6)
    assert metric(at, "Memory ratio") == "10"
    assert "**1,000 samples × 10 classes**" in screen_text(at)
    assert not NAN_OR_INF.search(screen_text(at))


def test_a_batch_too_large_to_time_disables_the_button(page):
    at = page(SLUG)
    at.select_slider(key="sparse_cce_n").set_value("200,000").run()
    at.select_slider(key="sparse_cce_classes").set_value("1,000").run()
    assert at.button(key="sparse_cce_measure").proto.disabled
    assert "200,000,000" in at.info[0].value


def test_the_panel_follows_a_gesture_readouts_marker_and_bars(page):
    at = page(SLUG)
    assert [control["key"] for control in panels(at)[0]["controls"]] == [
        "sparse_cce_label", "sparse_cce_z0", "sparse_cce_z1", "sparse_cce_z2"]
    # A gesture's end:
    at = set_controls(at, sparse_cce_label="1 = dog", sparse_cce_z0=0.0, sparse_cce_z1=0.0, sparse_cce_z2=0.0)
    # By hand: equal logits give p = 1/3 each; −ln(1/3) = ln 3 for either label format; −1/p = −3.
    assert metric(at, "Sparse CE") == metric(at, "CE, one-hot") == fmt(math.log(3))
    assert metric(at, "Gradient") == "-3"
    loss_chart, _, bars = chart_specs(at)
    marker = next(t for t in loss_chart["data"] if t.get("mode") == "markers")
    assert (marker["x"], marker["y"]) == ([pytest.approx(1 / 3)], [pytest.approx(math.log(3))])
    assert [trace["y"] for trace in bars["data"]] == [[pytest.approx(1 / 3)] * 3, [0, 1, 0]]
    # The browser computes the output layer itself, from the logits: a softmax of a row.
    output = panels(at)[0]["charts"][2]["series"][0]
    assert output[0] == "softmax" and output[1][0] == "vec"

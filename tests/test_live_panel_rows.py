"""Row expressions of the live panel (ui/live_panel.py: Vector, Item, Replace, Softmax, a Loss of
rows, LiveBars): what Python computes for one sample and over a chart's grid, against values
worked out by hand or with `losses` called directly. The browser's twin is exercised end to end
by tests/browser/test_live_panel_class_distributions.py."""

from __future__ import annotations

import json
import math

import numpy as np
import pytest

from losses import categorical_cross_entropy, softmax
from ui.live_panel import Grad, Item, LiveBars, Loss, Ref, Replace, Softmax, Vector, X, _shown

VALUES = {"p0": 0.9, "p1": 0.2, "label": 0.0}
P = Vector(Ref("p0"), Ref("p1"))
Y = Replace(Vector(0.0, 0.0), Ref("label"), 1.0)


def test_a_vector_is_its_entries_and_an_item_picks_one():
    assert P.evaluate(VALUES).tolist() == [0.9, 0.2]
    assert Y.evaluate(VALUES).tolist() == [1.0, 0.0]
    assert Item(P, 1).evaluate(VALUES) == 0.2
    assert P.to_json() == ["vec", [["v", "p0"], ["v", "p1"]]]


def test_over_a_grid_a_row_has_one_row_per_x():
    x = np.array([0.1, 0.5])
    swept = Replace(P, Ref("label"), X).evaluate(VALUES, x)
    assert swept.tolist() == [[0.1, 0.2], [0.5, 0.2]]
    assert Vector(X, 1.0).evaluate(VALUES, x).tolist() == [[0.1, 1.0], [0.5, 1.0]]


def test_the_tom_jerry_losses_as_written_and_as_keras_computes_them():
    # By hand: −ln 0.9 as written; Keras divides by the row sum 1.1 first: −ln(0.9/1.1).
    assert Loss("categorical_cross_entropy", Y, P).evaluate(VALUES) == pytest.approx(-math.log(0.9))
    keras = Loss("categorical_cross_entropy", Y, P, normalize=True).evaluate(VALUES)
    assert keras == pytest.approx(-math.log(0.9 / 1.1))
    gradient = Item(Grad("categorical_cross_entropy", Y, P), Ref("label"))
    assert gradient.evaluate(VALUES) == pytest.approx(-1 / 0.9)


def test_a_loss_over_the_grid_sweeps_the_replaced_entry():
    x = np.array([0.25, 0.5, 1.0])
    curve = Loss("categorical_cross_entropy", Y, Replace(P, Ref("label"), X)).evaluate(VALUES, x)
    assert curve == pytest.approx(-np.log(np.clip(x, 1e-7, 1 - 1e-7)))
    sparse = Loss("sparse_categorical_cross_entropy", Ref("label"), Replace(P, Ref("label"), X))
    assert sparse.evaluate(VALUES, x) == pytest.approx(curve)


def test_softmax_of_a_row_is_losses_softmax():
    logits = {"z0": 2.0, "z1": 1.0, "z2": 0.1}
    row = Softmax(Vector(*(Ref(key) for key in logits)))
    assert row.evaluate(logits) == pytest.approx(softmax(list(logits.values())))
    assert row.to_json()[0] == "softmax"


def test_a_refused_input_is_undefined_not_an_error():
    zeros = {"p0": 0.0, "p1": 0.0, "label": 0.0}
    keras = Loss("categorical_cross_entropy", Y, P, normalize=True)
    assert _shown(keras, zeros) == "undefined"  # no row sum to divide by
    # Over the grid only the refused point is missing: a gap in the curve.
    curve = Loss("categorical_cross_entropy", Y, Replace(P, Ref("label"), X), normalize=True)
    values = curve.evaluate(zeros, np.array([0.0, 0.5]))
    assert math.isnan(values[0])
    assert values[1] == pytest.approx(categorical_cross_entropy([1.0, 0.0], [0.5, 0.0], normalize=True))


def test_live_bars_draw_each_row_and_tell_the_browser_how():
    bars = LiveBars("Label and prediction", "Class", "Probability", ["Tom", "Jerry"],
                    [("y", Y), ("p", P)])
    spec = bars.spec(VALUES)
    figure = json.loads(spec["figure"])
    assert [trace["y"] for trace in figure["data"]] == [[1.0, 0.0], [0.9, 0.2]]
    assert [trace["type"] for trace in figure["data"]] == ["bar", "bar"]
    assert spec["kind"] == "bars" and spec["series"] == [Y.to_json(), P.to_json()]

"""The worked examples of DESIGN.md, computed by the library exactly as the lessons state them."""

from __future__ import annotations

import math

import pytest

import losses


def test_tom_and_jerry_cross_entropy_as_written():
    """Label "Tom" = [1, 0]; the model says 0.9 Tom, 0.2 Jerry (not a distribution)."""
    loss = losses.categorical_cross_entropy([1, 0], [0.9, 0.2])
    assert loss == pytest.approx(-math.log(0.9), rel=1e-12)
    assert round(loss, 3) == 0.105


def test_tom_and_jerry_cross_entropy_normalised_like_keras():
    loss = losses.categorical_cross_entropy([1, 0], [0.9, 0.2], normalize=True)
    assert loss == pytest.approx(-math.log(0.9 / 1.1), rel=1e-12)
    assert round(loss, 3) == 0.201


def test_same_error_of_ten_on_a_large_value():
    assert losses.mse([1010], [1000]) == pytest.approx(100.0, rel=1e-12)
    assert losses.mape([1010], [1000]) == pytest.approx(100 * 10 / 1010, rel=1e-12)
    assert round(losses.mape([1010], [1000]), 3) == 0.990


def test_same_error_of_ten_on_a_small_value():
    assert losses.mse([15], [5]) == pytest.approx(100.0, rel=1e-12)
    assert losses.mape([15], [5]) == pytest.approx(100 * 10 / 15, rel=1e-12)
    assert round(losses.mape([15], [5]), 2) == 66.67


def test_scalars_are_accepted_as_one_sample():
    assert losses.mse(1010, 1000) == pytest.approx(100.0)
    assert losses.mape(15, 5) == pytest.approx(100 * 10 / 15)

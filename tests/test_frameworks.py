"""Keras's float32 steps (course/frameworks.py): its clip's upper end and the cost of a certain,
wrong prediction, worked out from float32's spacing below 1 (2⁻²⁴)."""

from __future__ import annotations

import math

import pytest

from course.frameworks import keras_binary_cross_entropy, keras_clip_top


def test_the_clip_top_is_1_minus_1e7_rounded_to_float32():
    # float32 numbers just below 1 are 2⁻²⁴ apart; 1e-7 is closest to two of those steps.
    assert keras_clip_top() == 1 - 2 * 2**-24
    assert keras_clip_top() < 1 - 1e-7


def test_a_certain_wrong_prediction_costs_23_ln_2_in_keras():
    # 1 − clip top = 2⁻²³, so −ln(2⁻²³) = 23 ln 2 ≈ 15.94, a little less than −ln(1e-7) ≈ 16.12.
    assert keras_binary_cross_entropy(0.0, 1.0) == pytest.approx(23 * math.log(2), rel=1e-6)
    assert keras_binary_cross_entropy(1.0, 1.0) == pytest.approx(0.0, abs=1e-6)


def test_an_ordinary_prediction_costs_its_cross_entropy():
    assert keras_binary_cross_entropy(1.0, 0.8) == pytest.approx(-math.log(0.8), rel=1e-6)
    assert keras_binary_cross_entropy(0.0, 0.8) == pytest.approx(-math.log(0.2), rel=1e-6)

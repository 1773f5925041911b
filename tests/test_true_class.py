"""Classification losses seen from the true class (course/true_class.py): the logit and the
sigmoid undo each other, and each loss and gradient along either axis is what the formula and a
finite difference give."""

from __future__ import annotations

import numpy as np
import pytest

from course.true_class import (
    MARGIN,
    PROBABILITY,
    loss_along_axis,
    margin_to_probability,
    probability_to_margin,
    sigmoid_slope,
)
from losses import loss_spec

STEP = 1e-6


def test_the_logit_and_the_sigmoid_undo_each_other():
    p = np.array([0.01, 0.2, 0.5, 0.9, 0.999])
    assert np.allclose(margin_to_probability(probability_to_margin(p)), p)
    assert probability_to_margin(0.5) == 0.0
    assert np.isfinite(probability_to_margin(0.0)) and np.isfinite(probability_to_margin(1.0))
    assert margin_to_probability(800.0) == 1.0 and margin_to_probability(-800.0) == 0.0


def test_the_sigmoid_slope_is_its_derivative():
    m = np.array([-3.0, -0.5, 0.0, 1.2, 4.0])
    numeric = (margin_to_probability(m + STEP) - margin_to_probability(m - STEP)) / (2 * STEP)
    assert np.allclose(sigmoid_slope(margin_to_probability(m)), numeric, rtol=1e-6)


def test_bce_from_the_true_class_is_minus_ln_p():
    p = np.array([0.1, 0.5, 0.9])
    loss, grad = loss_along_axis(loss_spec("binary_cross_entropy"), p, PROBABILITY)
    assert np.allclose(loss, -np.log(p)) and np.allclose(grad, -1 / p)


def test_hinge_on_the_margin_is_max_0_1_minus_m():
    m = np.array([-1.0, 0.5, 2.0])
    loss, grad = loss_along_axis(loss_spec("hinge"), m, MARGIN)
    assert np.allclose(loss, [2.0, 0.5, 0.0]) and np.allclose(grad, [-1.0, -1.0, 0.0])


@pytest.mark.parametrize("key", ["binary_cross_entropy", "focal", "hinge", "gan_generator_nonsaturating"])
@pytest.mark.parametrize("axis", [PROBABILITY, MARGIN])
def test_each_gradient_is_the_slope_of_its_loss_along_the_axis(key, axis):
    x = np.array([0.3, 0.6]) if axis == PROBABILITY else np.array([-1.3, 0.4])
    spec = loss_spec(key)
    _, grad = loss_along_axis(spec, x, axis)
    above, _ = loss_along_axis(spec, x + STEP, axis)
    below, _ = loss_along_axis(spec, x - STEP, axis)
    assert np.allclose(grad, (above - below) / (2 * STEP), rtol=1e-5)


def test_an_unknown_axis_or_a_loss_of_two_probabilities_is_refused():
    with pytest.raises(ValueError, match="x axis"):
        loss_along_axis(loss_spec("binary_cross_entropy"), [0.5], "logit")
    with pytest.raises(ValueError, match="not a loss of one true-class probability"):
        loss_along_axis(loss_spec("gan_discriminator"), [0.5], PROBABILITY)

"""Distributions over classes from the sliders (course/distributions.py): one-hot labels, shares
that sum to 1, the sweep a chart draws through the current state, and the worked sums."""

from __future__ import annotations

import numpy as np
import pytest

from course.distributions import (
    cross_entropy_terms_latex,
    kl_terms_latex,
    normalise,
    one_hot,
    replace_class,
    softmax_logit_gradient,
)


def test_one_hot_marks_the_class():
    assert one_hot(2, 4).tolist() == [0.0, 0.0, 1.0, 0.0]
    assert one_hot([0, 1], 2).tolist() == [[1.0, 0.0], [0.0, 1.0]]


def test_normalise_divides_by_the_sum_and_refuses_all_zeros():
    assert normalise([1.0, 3.0]).tolist() == [0.25, 0.75]
    assert np.allclose(normalise([[2.0, 2.0], [1.0, 0.0]]), [[0.5, 0.5], [1.0, 0.0]])
    with pytest.raises(ValueError, match="Every weight is 0"):
        normalise([0.0, 0.0])


def test_replacing_a_class_passes_through_the_current_values_and_drops_empty_rows():
    values = [0.0, 0.5, 0.0]
    kept, rows = replace_class(values, 1, [0.0, 0.25, 0.5])
    assert kept.tolist() == [0.25, 0.5]  # 0 would leave no prediction at all
    assert rows.tolist() == [[0.0, 0.25, 0.0], [0.0, 0.5, 0.0]]


def test_the_softmax_logit_gradient_is_the_slope_of_cross_entropy_through_the_softmax():
    z, label, step = np.array([0.3, -1.0, 2.0]), np.array([0.0, 1.0, 0.0]), 1e-6

    def cross_entropy(logits):
        return -np.sum(label * (logits - np.log(np.sum(np.exp(logits)))))

    numeric = [(cross_entropy(z + step * e) - cross_entropy(z - step * e)) / (2 * step) for e in np.eye(3)]
    p = np.exp(z) / np.exp(z).sum()
    assert np.allclose(softmax_logit_gradient(label, p), numeric, atol=1e-8)


def test_the_worked_sums_show_each_term_with_its_numbers():
    assert cross_entropy_terms_latex([1, 0], [0.9, 0.2]) == r"-\big(1\cdot\ln 0.9 + 0\cdot\ln 0.2\big)"
    # A class of the label with probability 0 contributes 0 (0 · ln 0 = 0).
    assert kl_terms_latex([0.5, 0.0, 0.5], [0.25, 0.5, 0.25]) == (
        r"0.5\cdot\ln\frac{0.5}{0.25} + 0 + 0.5\cdot\ln\frac{0.5}{0.25}")

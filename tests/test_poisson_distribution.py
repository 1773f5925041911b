"""The Poisson distribution the Poisson lesson draws (course/poisson_distribution.py), against
SciPy's and the factorial itself."""

from __future__ import annotations

import math

import numpy as np
import pytest
from scipy.stats import poisson

from course.poisson_distribution import log_factorial, poisson_pmf


@pytest.mark.parametrize("count", [0, 1, 5, 20])
def test_log_factorial_is_the_log_of_the_factorial(count):
    assert log_factorial(count) == pytest.approx(math.log(math.factorial(count)), abs=1e-12)


def test_a_negative_count_is_refused():
    with pytest.raises(ValueError, match="negative"):
        log_factorial(-1)


@pytest.mark.parametrize("rate", [0.3, 1.0, 4.5, 80.0])
def test_the_probabilities_are_scipys(rate):
    counts = np.arange(150)
    assert np.allclose(poisson_pmf(rate, counts), poisson.pmf(counts, rate), rtol=1e-10, atol=1e-300)


def test_large_counts_and_rates_stay_finite():
    probabilities = poisson_pmf(1e4, [0, 1e4, 3e4])
    assert np.all(np.isfinite(probabilities))
    assert probabilities[1] == pytest.approx(poisson.pmf(10_000, 1e4))


def test_a_rate_of_0_puts_every_probability_on_0_and_a_negative_rate_is_refused():
    assert poisson_pmf(0.0, [0, 1, 2]).tolist() == [1.0, 0.0, 0.0]
    with pytest.raises(ValueError, match="cannot be negative"):
        poisson_pmf(-0.5, [0])

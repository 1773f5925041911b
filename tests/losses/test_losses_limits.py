"""Inputs at the edge of floating point: refused in plain words, never an inf or a NaN."""

import numpy as np
import pytest

import losses


def test_a_prediction_row_summing_to_almost_zero_cannot_be_normalised():
    with pytest.raises(ValueError, match="sums to"):
        losses.categorical_cross_entropy_grad([0, 1], [5e-324, 0], normalize=True)
    with pytest.raises(ValueError, match="sums to"):
        losses.categorical_cross_entropy([0, 1], [1e-9, 0], normalize=True)


@pytest.mark.parametrize(
    ("func", "args"),
    [
        (losses.mse, ([1e200], [-1e200])),
        (losses.mse_grad, ([1.0], [1e101])),
        (losses.poisson, ([1e308], [1e308])),
        (losses.huber, ([1e150], [0.0])),
    ],
)
def test_numbers_too_large_to_square_are_refused(func, args):
    with pytest.raises(ValueError, match="too large"):
        func(*args)


def test_the_largest_accepted_numbers_still_give_finite_losses():
    assert np.isfinite(losses.mse([1e100], [-1e100]))
    assert np.isfinite(losses.poisson([1e100], [1e100]))

"""Probabilities of exactly 0 and 1 are clipped to [1e-7, 1 - 1e-7]: finite losses and gradients.

A confidently wrong prediction costs about -ln(1e-7) ≈ 16.1, so "large" here means ≥ 15.
"""

from __future__ import annotations

import math

import numpy as np
import pytest

import losses

LARGE = 15.0

# every combination of a hard label and a sure prediction, right and wrong
HARD_Y = np.array([0.0, 0.0, 1.0, 1.0])
SURE_P = np.array([0.0, 1.0, 0.0, 1.0])
WRONG = HARD_Y != SURE_P

ONE_HOT = np.array([[1.0, 0.0, 0.0], [1.0, 0.0, 0.0], [0.0, 0.0, 1.0]])
SURE_ROWS = np.array([[1.0, 0.0, 0.0], [0.0, 1.0, 0.0], [0.0, 0.0, 1.0]])
ROW_WRONG = np.array([False, True, False])

CALLS = [
    ("binary_cross_entropy", (HARD_Y, SURE_P), {}),
    ("focal", (HARD_Y, SURE_P), {}),
    ("focal", (HARD_Y, SURE_P), {"gamma": 0.5, "alpha": 0.25}),
    ("focal", (HARD_Y, SURE_P), {"gamma": 0.0}),
    ("categorical_cross_entropy", (ONE_HOT, SURE_ROWS), {}),
    ("categorical_cross_entropy", (ONE_HOT, SURE_ROWS), {"normalize": True}),
    ("sparse_categorical_cross_entropy", ([0, 0, 2], SURE_ROWS), {}),
    ("kl_divergence", (ONE_HOT, SURE_ROWS), {}),
    ("gan_discriminator", (SURE_P, SURE_P), {}),
    ("gan_generator_minimax", (SURE_P,), {}),
    ("gan_generator_nonsaturating", (SURE_P,), {}),
]


def _id(call):
    name, _, kwargs = call
    return name + "".join(f"-{k}={v}" for k, v in kwargs.items())


@pytest.mark.parametrize(("name", "args", "kwargs"), CALLS, ids=[_id(c) for c in CALLS])
def test_losses_and_gradients_stay_finite_at_zero_and_one(name, args, kwargs):
    with np.errstate(all="raise"):  # no silent division by zero or log(0) on the way
        per_sample = getattr(losses, name)(*args, **kwargs, reduction="none")
        grad = getattr(losses, name + "_grad")(*args, **kwargs)
    assert np.all(np.isfinite(per_sample))
    assert np.all(np.isfinite(grad))
    assert grad.shape == np.shape(args[-1])
    for reduction in ("mean", "sum"):
        assert math.isfinite(getattr(losses, name)(*args, **kwargs, reduction=reduction))


def test_binary_cross_entropy_confidently_wrong_is_large_and_right_is_tiny():
    per_sample = losses.binary_cross_entropy(HARD_Y, SURE_P, reduction="none")
    assert np.all(per_sample[WRONG] >= LARGE)
    assert np.all(per_sample[~WRONG] < 1e-6)
    assert per_sample[WRONG] == pytest.approx(-math.log(1e-7), rel=1e-6)


@pytest.mark.parametrize("gamma", [0.0, 0.5, 2.0])
def test_focal_confidently_wrong_is_large(gamma):
    per_sample = losses.focal(HARD_Y, SURE_P, gamma=gamma, reduction="none")
    assert np.all(per_sample[WRONG] >= LARGE)
    assert np.all(per_sample[~WRONG] < 1e-6)


@pytest.mark.parametrize("normalize", [False, True])
def test_categorical_cross_entropy_confidently_wrong_is_large(normalize):
    per_row = losses.categorical_cross_entropy(ONE_HOT, SURE_ROWS, normalize=normalize, reduction="none")
    assert np.all(per_row[ROW_WRONG] >= LARGE)
    assert np.all(per_row[~ROW_WRONG] < 1e-6)


def test_sparse_cross_entropy_and_kl_confidently_wrong_are_large():
    sparse = losses.sparse_categorical_cross_entropy([0, 0, 2], SURE_ROWS, reduction="none")
    assert np.all(sparse[ROW_WRONG] >= LARGE)
    assert np.all(sparse[~ROW_WRONG] < 1e-6)
    kl = losses.kl_divergence(ONE_HOT, SURE_ROWS, reduction="none")
    assert np.all(kl[ROW_WRONG] >= LARGE)
    assert np.all(np.abs(kl[~ROW_WRONG]) < 1e-6)


def test_gan_losses_confidently_wrong_are_large():
    # the discriminator calls a real sample fake, or a fake sample real
    assert losses.gan_discriminator([0.0], [0.0]) >= LARGE
    assert losses.gan_discriminator([1.0], [1.0]) >= LARGE
    assert losses.gan_discriminator([1.0], [0.0]) < 1e-6
    # the generator's fakes are spotted for sure
    assert losses.gan_generator_nonsaturating([0.0]) >= LARGE
    # the minimax loss is bounded above by 0 and reaches about -16.1 when D is fooled for sure
    assert losses.gan_generator_minimax([1.0]) <= -LARGE
    assert abs(losses.gan_generator_minimax([0.0])) < 1e-6


def test_all_zero_prediction_row_without_normalize_is_large_not_infinite():
    loss = losses.categorical_cross_entropy([[1.0, 0.0]], [[0.0, 0.0]])
    assert LARGE <= loss < 20


def test_poisson_rate_of_zero_is_finite():
    with np.errstate(all="raise"):
        assert math.isfinite(losses.poisson([0.0, 3.0], [0.0, 0.0]))
        assert np.all(np.isfinite(losses.poisson_grad([0.0, 3.0], [0.0, 0.0])))
    assert losses.poisson([3.0], [0.0]) >= LARGE  # 3 events at a predicted rate of 0


def test_triplet_with_coincident_points_is_finite():
    a = np.zeros((2, 3))
    with np.errstate(all="raise"):
        assert losses.triplet(a, a, a, reduction="none") == pytest.approx([1.0, 1.0])
        np.testing.assert_array_equal(losses.triplet_grad(a, a, a), 0.0)

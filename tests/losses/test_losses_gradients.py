"""Every ``name_grad`` against central finite differences of the loss itself.

The derivative of each sample's loss with respect to each entry of the prediction is
estimated by nudging that one entry up and down and differencing ``reduction="sum"``
(a sample's loss depends only on its own prediction, so the sum isolates it). Points are
chosen away from kinks: errors not near 0 or δ, hinge margins not near 1, probabilities
in [0.05, 0.95], triplets not near the margin.
"""

from __future__ import annotations

import numpy as np
import pytest

import losses

H = 1e-6


def numeric_grad(total, x):
    """Central differences of the scalar function ``total`` at every entry of ``x``."""
    x = np.array(x, dtype=float)
    grad = np.zeros_like(x)
    for index in np.ndindex(x.shape):
        up, down = x.copy(), x.copy()
        up[index] += H
        down[index] -= H
        grad[index] = (total(up) - total(down)) / (2 * H)
    return grad


def assert_grad_matches(analytic, total, x, rtol=1e-5, atol=1e-6):
    x = np.asarray(x, dtype=float)
    assert isinstance(analytic, np.ndarray)
    assert analytic.shape == x.shape
    np.testing.assert_allclose(analytic, numeric_grad(total, x), rtol=rtol, atol=atol)


def rng(seed):
    return np.random.default_rng(seed)


def errors_away_from(threshold, r, n=30):
    """Errors with |e| in [0.1, 0.8·t] or [1.25·t, 3·t], random signs: both zones, no kink."""
    inside = r.uniform(0.1, 0.8, n // 2) * threshold
    inside = np.maximum(inside, 0.05)
    outside = r.uniform(1.25, 3.0, n - n // 2) * threshold
    return r.choice([-1.0, 1.0], n) * np.concatenate([inside, outside])


# ---------------------------------------------------------------- regression


def test_mse_grad():
    r = rng(1)
    y = r.normal(0, 3, 30)
    p = y + r.normal(0, 2, 30)
    assert_grad_matches(losses.mse_grad(y, p), lambda q: losses.mse(y, q, reduction="sum"), p)


def test_mae_grad():
    r = rng(2)
    y = r.normal(0, 3, 30)
    p = y + errors_away_from(1.0, r)
    assert_grad_matches(losses.mae_grad(y, p), lambda q: losses.mae(y, q, reduction="sum"), p)


@pytest.mark.parametrize("delta", [0.3, 1.0, 2.5])
def test_huber_grad(delta):
    r = rng(3)
    y = r.normal(0, 3, 30)
    p = y + errors_away_from(delta, r)
    analytic = losses.huber_grad(y, p, delta=delta)
    assert_grad_matches(analytic, lambda q: losses.huber(y, q, delta=delta, reduction="sum"), p)
    assert np.any(np.abs(analytic) == delta) and np.any(np.abs(analytic) < delta)  # both zones


@pytest.mark.parametrize("beta", [0.3, 1.0, 2.5])
def test_smooth_l1_grad(beta):
    r = rng(4)
    y = r.normal(0, 3, 30)
    p = y + errors_away_from(beta, r)
    analytic = losses.smooth_l1_grad(y, p, beta=beta)
    assert_grad_matches(analytic, lambda q: losses.smooth_l1(y, q, beta=beta, reduction="sum"), p)
    assert np.any(np.abs(analytic) == 1.0) and np.any(np.abs(analytic) < 1.0)


def test_mape_grad():
    r = rng(5)
    y = r.choice([-1.0, 1.0], 30) * r.uniform(0.5, 10, 30)
    p = y + errors_away_from(1.0, r)
    assert_grad_matches(
        losses.mape_grad(y, p), lambda q: losses.mape(y, q, reduction="sum"), p, rtol=1e-5, atol=1e-4
    )


def test_regression_grads_keep_a_2d_shape():
    r = rng(6)
    y = r.normal(0, 3, (4, 5))
    p = y + errors_away_from(1.0, r, 20).reshape(4, 5)
    for name in ("mse", "mae", "huber", "smooth_l1"):
        fn, grad = getattr(losses, name), getattr(losses, name + "_grad")
        assert_grad_matches(grad(y, p), lambda q, fn=fn: fn(y, q, reduction="sum"), p)


# ---------------------------------------------------------------- classification


def probabilities(r, shape):
    return r.uniform(0.05, 0.95, shape)


@pytest.mark.parametrize("soft", [False, True], ids=["hard-labels", "soft-labels"])
def test_binary_cross_entropy_grad(soft):
    r = rng(7)
    y = r.uniform(0, 1, 30) if soft else r.integers(0, 2, 30).astype(float)
    p = probabilities(r, 30)
    assert_grad_matches(
        losses.binary_cross_entropy_grad(y, p),
        lambda q: losses.binary_cross_entropy(y, q, reduction="sum"),
        p,
    )


@pytest.mark.parametrize("normalize", [False, True])
@pytest.mark.parametrize("soft", [False, True], ids=["one-hot", "soft-labels"])
def test_categorical_cross_entropy_grad(normalize, soft):
    r = rng(8)
    if soft:
        y = r.uniform(0.05, 1, (6, 4))
        y /= y.sum(axis=1, keepdims=True)
    else:
        y = np.eye(4)[r.integers(0, 4, 6)]
    p = probabilities(r, (6, 4))  # rows do not sum to 1: normalize matters
    analytic = losses.categorical_cross_entropy_grad(y, p, normalize=normalize)
    assert_grad_matches(
        analytic, lambda q: losses.categorical_cross_entropy(y, q, normalize=normalize, reduction="sum"), p
    )


@pytest.mark.parametrize("normalize", [False, True])
def test_categorical_cross_entropy_grad_of_a_single_row(normalize):
    y, p = np.array([0.0, 1.0, 0.0]), np.array([0.3, 0.6, 0.2])
    analytic = losses.categorical_cross_entropy_grad(y, p, normalize=normalize)
    assert_grad_matches(
        analytic, lambda q: losses.categorical_cross_entropy(y, q, normalize=normalize, reduction="sum"), p
    )


def test_sparse_categorical_cross_entropy_grad():
    r = rng(9)
    labels = r.integers(0, 5, 8)
    p = probabilities(r, (8, 5))
    analytic = losses.sparse_categorical_cross_entropy_grad(labels, p)
    assert_grad_matches(
        analytic, lambda q: losses.sparse_categorical_cross_entropy(labels, q, reduction="sum"), p
    )
    assert np.count_nonzero(analytic) == 8  # only the true class of each row moves the loss


def test_sparse_categorical_cross_entropy_grad_of_a_single_row():
    p = np.array([0.3, 0.6, 0.2])
    analytic = losses.sparse_categorical_cross_entropy_grad(2, p)
    assert_grad_matches(analytic, lambda q: losses.sparse_categorical_cross_entropy(2, q, reduction="sum"), p)


@pytest.mark.parametrize("labels", [(-1.0, 1.0), (0.0, 1.0)], ids=["labels-1+1", "labels01"])
def test_hinge_grad(labels):
    r = rng(10)
    y = r.choice(labels, 30)
    signs = np.where(y == 0, -1.0, y)
    margin = np.concatenate([r.uniform(-2, 0.8, 15), r.uniform(1.2, 3, 15)])  # y·ŷ, never near 1
    score = signs * margin
    analytic = losses.hinge_grad(y, score)
    assert_grad_matches(analytic, lambda q: losses.hinge(y, q, reduction="sum"), score)
    assert np.any(analytic == 0) and np.any(analytic != 0)


@pytest.mark.parametrize("alpha", [None, 0.25, 0.9])
@pytest.mark.parametrize("gamma", [0.0, 0.5, 2.0])
@pytest.mark.parametrize("soft", [False, True], ids=["hard-labels", "soft-labels"])
def test_focal_grad(gamma, alpha, soft):
    r = rng(11)
    y = r.uniform(0, 1, 30) if soft else r.integers(0, 2, 30).astype(float)
    p = probabilities(r, 30)
    analytic = losses.focal_grad(y, p, gamma=gamma, alpha=alpha)
    assert_grad_matches(analytic, lambda q: losses.focal(y, q, gamma=gamma, alpha=alpha, reduction="sum"), p)


# ---------------------------------------------------------------- distributions


def test_kl_divergence_grad():
    r = rng(12)
    y = r.uniform(0.0, 1.0, (6, 4))
    y[0, 0] = 0.0
    y /= y.sum(axis=1, keepdims=True)
    p = probabilities(r, (6, 4))
    assert_grad_matches(
        losses.kl_divergence_grad(y, p), lambda q: losses.kl_divergence(y, q, reduction="sum"), p
    )


def test_kl_divergence_grad_of_a_single_row():
    y, p = np.array([0.2, 0.8]), np.array([0.5, 0.5])
    assert_grad_matches(
        losses.kl_divergence_grad(y, p), lambda q: losses.kl_divergence(y, q, reduction="sum"), p
    )


def test_poisson_grad():
    r = rng(13)
    y = r.poisson(3.0, 30).astype(float)
    rate = r.uniform(0.2, 8.0, 30)
    assert_grad_matches(losses.poisson_grad(y, rate), lambda q: losses.poisson(y, q, reduction="sum"), rate)


# ---------------------------------------------------------------- metric learning


@pytest.mark.parametrize("margin", [0.3, 1.0, 2.0])
def test_triplet_grad_with_respect_to_the_anchor(margin):
    r = rng(14)
    a, p = r.normal(0, 1, (40, 3)), r.normal(0, 1, (40, 3))
    n = r.normal(0, 2.5, (40, 3))
    hinge_argument = np.linalg.norm(a - p, axis=1) - np.linalg.norm(a - n, axis=1) + margin
    keep = np.abs(hinge_argument) > 0.05  # away from the kink of the max
    a, p, n = a[keep], p[keep], n[keep]
    analytic = losses.triplet_grad(a, p, n, margin=margin)
    assert_grad_matches(analytic, lambda q: losses.triplet(q, p, n, margin=margin, reduction="sum"), a)
    active = np.any(analytic != 0, axis=1)
    assert active.any() and not active.all()


def test_triplet_grad_of_a_single_triplet():
    a, p, n = np.array([0.0, 0.0]), np.array([1.0, 0.5]), np.array([0.5, -0.4])
    analytic = losses.triplet_grad(a, p, n)
    assert_grad_matches(analytic, lambda q: losses.triplet(q, p, n, reduction="sum"), a)
    assert np.any(analytic != 0)


# ---------------------------------------------------------------- adversarial


def test_gan_discriminator_grad_with_respect_to_d_fake():
    r = rng(15)
    d_real, d_fake = probabilities(r, 30), probabilities(r, 30)
    assert_grad_matches(
        losses.gan_discriminator_grad(d_real, d_fake),
        lambda q: losses.gan_discriminator(d_real, q, reduction="sum"),
        d_fake,
    )


def test_gan_generator_minimax_grad():
    d_fake = probabilities(rng(16), 30)
    assert_grad_matches(
        losses.gan_generator_minimax_grad(d_fake),
        lambda q: losses.gan_generator_minimax(q, reduction="sum"),
        d_fake,
    )


def test_gan_generator_nonsaturating_grad():
    d_fake = probabilities(rng(17), 30)
    assert_grad_matches(
        losses.gan_generator_nonsaturating_grad(d_fake),
        lambda q: losses.gan_generator_nonsaturating(q, reduction="sum"),
        d_fake,
    )


def test_gan_generator_gradients_tell_the_lesson():
    """Minimax saturates (≈ -1) when D easily spots fakes; non-saturating is large there."""
    d_fake = np.array([0.01])
    assert losses.gan_generator_minimax_grad(d_fake)[0] == pytest.approx(-1 / 0.99)
    assert losses.gan_generator_nonsaturating_grad(d_fake)[0] == pytest.approx(-100.0)

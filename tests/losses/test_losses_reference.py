"""Every loss against an independent reference (sklearn, scipy or a hand-written loop).

Inputs are random with fixed seeds; each loss is checked for every reduction. The
references never call ``losses``: they are what a student could compute by hand.
"""

from __future__ import annotations

import math

import numpy as np
import pytest
from scipy import special, stats
from sklearn import metrics

import losses

REDUCTIONS = ("mean", "sum", "none")
N = 40


def rng(seed: int) -> np.random.Generator:
    return np.random.default_rng(seed)


def reduced(per_sample, reduction):
    """Reduce a per-sample reference array the way the contract describes."""
    per_sample = np.asarray(per_sample, dtype=float)
    return {"mean": per_sample.mean(), "sum": per_sample.sum(), "none": per_sample}[reduction]


def assert_matches(actual, expected, reduction, rtol=1e-10, atol=1e-12):
    if reduction == "none":
        assert isinstance(actual, np.ndarray)
        assert actual.shape == np.shape(expected)
    else:
        assert isinstance(actual, float)
    np.testing.assert_allclose(actual, expected, rtol=rtol, atol=atol)


def sklearn_reference(metric, y, p, reduction, **kwargs):
    """mean: the metric itself; sum: n times it; none: the metric weighted on one sample at a time."""
    if reduction == "mean":
        return metric(y, p, **kwargs)
    if reduction == "sum":
        return len(y) * metric(y, p, **kwargs)
    one_hot = np.eye(len(y))
    return np.array([metric(y, p, sample_weight=one_hot[i], **kwargs) for i in range(len(y))])


def regression_data(seed):
    r = rng(seed)
    y = r.normal(0.0, 3.0, N)
    p = y + r.normal(0.0, 2.0, N)
    return y, p


def probability_rows(r, n, k, low=0.02):
    """Rows of probabilities that sum to 1, every entry at least ``low / k``."""
    raw = r.uniform(low, 1.0, (n, k))
    return raw / raw.sum(axis=1, keepdims=True)


# ---------------------------------------------------------------- regression


@pytest.mark.parametrize("reduction", REDUCTIONS)
def test_mse_matches_sklearn(reduction):
    y, p = regression_data(1)
    expected = sklearn_reference(metrics.mean_squared_error, y, p, reduction)
    assert_matches(losses.mse(y, p, reduction=reduction), expected, reduction)


@pytest.mark.parametrize("reduction", REDUCTIONS)
def test_mae_matches_sklearn(reduction):
    y, p = regression_data(2)
    expected = sklearn_reference(metrics.mean_absolute_error, y, p, reduction)
    assert_matches(losses.mae(y, p, reduction=reduction), expected, reduction)


@pytest.mark.parametrize("reduction", REDUCTIONS)
def test_mape_matches_sklearn_times_100(reduction):
    r = rng(3)
    y = r.choice([-1.0, 1.0], N) * r.uniform(0.5, 20.0, N)
    p = y + r.normal(0.0, 3.0, N)

    def percent(yy, pp, **kwargs):
        return 100.0 * metrics.mean_absolute_percentage_error(yy, pp, **kwargs)

    expected = sklearn_reference(percent, y, p, reduction)
    assert_matches(losses.mape(y, p, reduction=reduction), expected, reduction)


@pytest.mark.parametrize("delta", [0.1, 1.0, 2.5])
@pytest.mark.parametrize("reduction", REDUCTIONS)
def test_huber_matches_scipy_huber(reduction, delta):
    y, p = regression_data(4)
    expected = reduced(special.huber(delta, p - y), reduction)
    assert_matches(losses.huber(y, p, delta=delta, reduction=reduction), expected, reduction)


def test_huber_default_delta_is_one():
    y, p = regression_data(5)
    assert losses.huber(y, p) == pytest.approx(np.mean(special.huber(1.0, p - y)), rel=1e-12)


def torch_smooth_l1(y, p, beta):
    """PyTorch's documented formula, one sample at a time."""
    out = []
    for yi, pi in zip(y, p, strict=True):
        e = abs(yi - pi)
        out.append(0.5 * e * e / beta if e < beta else e - 0.5 * beta)
    return np.array(out)


@pytest.mark.parametrize("beta", [0.2, 1.0, 3.0])
@pytest.mark.parametrize("reduction", REDUCTIONS)
def test_smooth_l1_matches_scipy_huber_over_beta(reduction, beta):
    y, p = regression_data(6)
    expected = reduced(special.huber(beta, p - y) / beta, reduction)
    assert_matches(losses.smooth_l1(y, p, beta=beta, reduction=reduction), expected, reduction)


@pytest.mark.parametrize("beta", [0.2, 1.0, 3.0])
@pytest.mark.parametrize("reduction", REDUCTIONS)
def test_smooth_l1_matches_pytorch_formula(reduction, beta):
    y, p = regression_data(7)
    expected = reduced(torch_smooth_l1(y, p, beta), reduction)
    assert_matches(losses.smooth_l1(y, p, beta=beta, reduction=reduction), expected, reduction)


def test_regression_none_keeps_the_input_shape():
    y, p = regression_data(8)
    y, p = y.reshape(8, 5), p.reshape(8, 5)
    for fn in (losses.mse, losses.mae, losses.huber, losses.smooth_l1, losses.mape):
        assert fn(y, p, reduction="none").shape == (8, 5)
    np.testing.assert_allclose(losses.mse(y, p), metrics.mean_squared_error(y.ravel(), p.ravel()))


# ---------------------------------------------------------------- classification


def bce_data(seed, n=N):
    r = rng(seed)
    y = r.integers(0, 2, n).astype(float)
    y[:2] = [0.0, 1.0]  # both classes present
    p = r.uniform(0.02, 0.98, n)
    return y, p


@pytest.mark.parametrize("reduction", REDUCTIONS)
def test_binary_cross_entropy_matches_sklearn_log_loss(reduction):
    y, p = bce_data(10)
    if reduction == "sum":
        expected = metrics.log_loss(y, p, labels=[0, 1], normalize=False)
    else:
        expected = sklearn_reference(metrics.log_loss, y, p, reduction, labels=[0, 1])
    assert_matches(losses.binary_cross_entropy(y, p, reduction=reduction), expected, reduction)


@pytest.mark.parametrize("reduction", REDUCTIONS)
def test_binary_cross_entropy_matches_xlogy_formula_with_soft_labels(reduction):
    r = rng(11)
    y = r.uniform(0.0, 1.0, N)
    y[:3] = [0.0, 1.0, 0.5]
    p = r.uniform(0.02, 0.98, N)
    expected = reduced(-(special.xlogy(y, p) + special.xlogy(1 - y, 1 - p)), reduction)
    assert_matches(losses.binary_cross_entropy(y, p, reduction=reduction), expected, reduction)


@pytest.mark.parametrize("reduction", REDUCTIONS)
def test_categorical_cross_entropy_matches_xlogy(reduction):
    r = rng(12)
    y = probability_rows(r, 15, 4)  # soft labels
    y[0] = [0.0, 1.0, 0.0, 0.0]
    p = r.uniform(0.02, 1.0, (15, 4))  # rows need not sum to 1 without normalize
    expected = reduced(-special.xlogy(y, p).sum(axis=1), reduction)
    actual = losses.categorical_cross_entropy(y, p, reduction=reduction)
    assert_matches(actual, expected, reduction)


@pytest.mark.parametrize("reduction", REDUCTIONS)
def test_categorical_cross_entropy_normalize_divides_rows_by_their_sum(reduction):
    r = rng(13)
    y = np.eye(5)[r.integers(0, 5, 15)]
    p = r.uniform(0.05, 1.0, (15, 5))
    p_normalised = p / p.sum(axis=1, keepdims=True)
    expected = reduced(-special.xlogy(y, p_normalised).sum(axis=1), reduction)
    actual = losses.categorical_cross_entropy(y, p, normalize=True, reduction=reduction)
    assert_matches(actual, expected, reduction)
    unnormalised = losses.categorical_cross_entropy(y, p_normalised, normalize=False, reduction=reduction)
    assert_matches(actual, unnormalised, reduction)
    # normalising really changes the answer for rows that do not sum to 1
    without = losses.categorical_cross_entropy(y, p, reduction=reduction)
    assert not np.allclose(without, actual)


@pytest.mark.parametrize("reduction", REDUCTIONS)
def test_categorical_cross_entropy_matches_sklearn_on_one_hot_labels(reduction):
    r = rng(14)
    k = 4
    labels = r.integers(0, k, 30)
    labels[:k] = np.arange(k)
    y = np.eye(k)[labels]
    p = probability_rows(r, 30, k)
    if reduction == "sum":
        expected = metrics.log_loss(y, p, normalize=False)
    elif reduction == "mean":
        expected = metrics.log_loss(y, p)
    else:
        expected = np.array(
            [metrics.log_loss(labels[i : i + 1], p[i : i + 1], labels=range(k)) for i in range(30)]
        )
    assert_matches(losses.categorical_cross_entropy(y, p, reduction=reduction), expected, reduction)


@pytest.mark.parametrize("reduction", REDUCTIONS)
def test_sparse_categorical_cross_entropy_matches_sklearn(reduction):
    r = rng(15)
    k = 5
    labels = r.integers(0, k, 30)
    p = probability_rows(r, 30, k)
    if reduction == "sum":
        expected = metrics.log_loss(labels, p, labels=range(k), normalize=False)
    else:
        expected = sklearn_reference(metrics.log_loss, labels, p, reduction, labels=range(k))
    actual = losses.sparse_categorical_cross_entropy(labels, p, reduction=reduction)
    assert_matches(actual, expected, reduction)
    # float labels that are whole numbers are accepted too
    as_floats = losses.sparse_categorical_cross_entropy(labels.astype(float), p, reduction=reduction)
    assert_matches(as_floats, expected, reduction)


def test_single_row_distributions_are_one_sample():
    p = [0.2, 0.5, 0.3]
    assert losses.categorical_cross_entropy([0, 1, 0], p) == pytest.approx(-math.log(0.5))
    assert losses.sparse_categorical_cross_entropy(1, p) == pytest.approx(-math.log(0.5))
    assert losses.categorical_cross_entropy([0, 1, 0], p, reduction="none").shape == (1,)
    assert losses.kl_divergence([0, 1, 0], p) == pytest.approx(-math.log(0.5))


@pytest.mark.parametrize(
    "labels",
    [pytest.param((-1.0, 1.0), id="labels-1+1"), pytest.param((0.0, 1.0), id="labels01")],
)
@pytest.mark.parametrize("reduction", REDUCTIONS)
def test_hinge_matches_sklearn(reduction, labels):
    r = rng(16)
    y = r.choice(labels, N)
    y[:2] = labels
    score = r.normal(0.0, 1.5, N)
    expected = sklearn_reference(metrics.hinge_loss, y, score, reduction, labels=list(labels))
    assert_matches(losses.hinge(y, score, reduction=reduction), expected, reduction)
    # and a hand check: 0 means -1
    signs = np.where(y == 0, -1.0, y)
    assert_matches(
        losses.hinge(y, score, reduction=reduction),
        reduced(np.maximum(0.0, 1.0 - signs * score), reduction),
        reduction,
    )


def focal_by_hand(y, p, gamma, alpha):
    """Lin et al.'s focal loss for hard labels, one sample at a time."""
    out = []
    for yi, pi in zip(y, p, strict=True):
        p_t = pi if yi == 1 else 1.0 - pi
        alpha_t = 1.0 if alpha is None else (alpha if yi == 1 else 1.0 - alpha)
        out.append(-alpha_t * (1.0 - p_t) ** gamma * math.log(p_t))
    return np.array(out)


@pytest.mark.parametrize("alpha", [None, 0.25, 0.8])
@pytest.mark.parametrize("gamma", [0.0, 0.5, 2.0, 3.7])
@pytest.mark.parametrize("reduction", REDUCTIONS)
def test_focal_matches_hand_formula(reduction, gamma, alpha):
    y, p = bce_data(17)
    expected = reduced(focal_by_hand(y, p, gamma, alpha), reduction)
    actual = losses.focal(y, p, gamma=gamma, alpha=alpha, reduction=reduction)
    assert_matches(actual, expected, reduction)


@pytest.mark.parametrize("reduction", REDUCTIONS)
def test_focal_with_gamma_zero_is_bce(reduction):
    y, p = bce_data(18)
    expected = (
        metrics.log_loss(y, p, labels=[0, 1])
        if reduction == "mean"
        else reduced(
            [metrics.log_loss(y[i : i + 1], p[i : i + 1], labels=[0, 1]) for i in range(N)], reduction
        )
    )
    assert_matches(losses.focal(y, p, gamma=0.0, reduction=reduction), expected, reduction)


def test_focal_default_gamma_is_two():
    y, p = bce_data(19)
    assert losses.focal(y, p) == pytest.approx(focal_by_hand(y, p, 2.0, None).mean(), rel=1e-12)


# ---------------------------------------------------------------- distributions


@pytest.mark.parametrize("reduction", REDUCTIONS)
def test_kl_divergence_matches_scipy_rel_entr(reduction):
    r = rng(20)
    y = probability_rows(r, 20, 6)
    y[:5, :2] = 0.0  # 0 ln 0 = 0
    y = y / y.sum(axis=1, keepdims=True)
    p = probability_rows(r, 20, 6)
    expected = reduced(special.rel_entr(y, p).sum(axis=1), reduction)
    assert_matches(losses.kl_divergence(y, p, reduction=reduction), expected, reduction)
    expected_entropy = reduced(stats.entropy(y, p, axis=1), reduction)
    assert_matches(losses.kl_divergence(y, p, reduction=reduction), expected_entropy, reduction)


def poisson_data(seed):
    r = rng(seed)
    y = r.poisson(3.0, N).astype(float)
    y[0] = 0.0
    rate = r.uniform(0.3, 8.0, N)
    return y, rate


@pytest.mark.parametrize("reduction", REDUCTIONS)
def test_poisson_matches_xlogy_formula(reduction):
    y, rate = poisson_data(21)
    expected = reduced(rate - special.xlogy(y, rate + 1e-8), reduction)
    assert_matches(losses.poisson(y, rate, reduction=reduction), expected, reduction)


@pytest.mark.parametrize("reduction", REDUCTIONS)
def test_poisson_is_the_negative_log_likelihood_without_ln_y_factorial(reduction):
    y, rate = poisson_data(22)
    expected = reduced(-stats.poisson.logpmf(y, rate) - special.gammaln(y + 1), reduction)
    # the only difference is the 1e-8 inside the log: y·1e-8/rate at most ~1e-7 per sample
    actual = losses.poisson(y, rate, reduction=reduction)
    assert_matches(actual, expected, reduction, rtol=0, atol=N * 1e-7)


# ---------------------------------------------------------------- metric learning


def triplet_by_loop(a, p, n, margin):
    """torch.nn.functional.triplet_margin_loss's formula (without its eps), row by row."""
    return np.array(
        [max(0.0, math.dist(ai, pi) - math.dist(ai, ni) + margin) for ai, pi, ni in zip(a, p, n, strict=True)]
    )


@pytest.mark.parametrize("margin", [0.3, 1.0, 2.5])
@pytest.mark.parametrize("reduction", REDUCTIONS)
def test_triplet_matches_python_loop(reduction, margin):
    r = rng(23)
    a, p = r.normal(0.0, 1.0, (25, 3)), r.normal(0.0, 1.0, (25, 3))
    n = r.normal(0.0, 4.0, (25, 3))
    per_triplet = triplet_by_loop(a, p, n, margin)
    assert 0 < np.count_nonzero(per_triplet) < 25  # both active and inactive triplets
    expected = reduced(per_triplet, reduction)
    assert_matches(losses.triplet(a, p, n, margin=margin, reduction=reduction), expected, reduction)


def test_triplet_default_margin_is_one():
    r = rng(24)
    a, p, n = (r.normal(0.0, 1.0, (10, 2)) for _ in range(3))
    assert losses.triplet(a, p, n) == pytest.approx(triplet_by_loop(a, p, n, 1.0).mean(), rel=1e-12)


# ---------------------------------------------------------------- adversarial


def gan_data(seed):
    r = rng(seed)
    return r.uniform(0.02, 0.98, N), r.uniform(0.02, 0.98, N)


@pytest.mark.parametrize("reduction", REDUCTIONS)
def test_gan_discriminator_is_bce_with_real_one_and_fake_zero(reduction):
    d_real, d_fake = gan_data(25)
    ones, zeros = np.ones(N), np.zeros(N)
    expected = losses.binary_cross_entropy(ones, d_real, reduction=reduction) + losses.binary_cross_entropy(
        zeros, d_fake, reduction=reduction
    )
    actual = losses.gan_discriminator(d_real, d_fake, reduction=reduction)
    assert_matches(actual, expected, reduction)
    by_sklearn = reduced(
        [
            metrics.log_loss([1], [r], labels=[0, 1]) + metrics.log_loss([0], [f], labels=[0, 1])
            for r, f in zip(d_real, d_fake, strict=True)
        ],
        reduction,
    )
    assert_matches(actual, by_sklearn, reduction)


@pytest.mark.parametrize("reduction", REDUCTIONS)
def test_gan_generator_nonsaturating_is_bce_with_label_one(reduction):
    _, d_fake = gan_data(26)
    expected = losses.binary_cross_entropy(np.ones(N), d_fake, reduction=reduction)
    assert_matches(losses.gan_generator_nonsaturating(d_fake, reduction=reduction), expected, reduction)
    assert_matches(
        losses.gan_generator_nonsaturating(d_fake, reduction=reduction),
        reduced(-np.log(d_fake), reduction),
        reduction,
    )


@pytest.mark.parametrize("reduction", REDUCTIONS)
def test_gan_generator_minimax_is_minus_bce_with_label_zero(reduction):
    _, d_fake = gan_data(27)
    expected = -losses.binary_cross_entropy(np.zeros(N), d_fake, reduction=reduction)
    assert_matches(losses.gan_generator_minimax(d_fake, reduction=reduction), expected, reduction)
    assert_matches(
        losses.gan_generator_minimax(d_fake, reduction=reduction),
        reduced(np.log1p(-d_fake), reduction),
        reduction,
    )

"""Properties every student can check on paper, tested on many inputs with hypothesis."""

from __future__ import annotations

import numpy as np
import pytest
from hypothesis import assume, given, settings
from hypothesis import strategies as st
from hypothesis.extra.numpy import arrays
from scipy import special

import losses

PROPERTY = settings(max_examples=60, deadline=None)

sizes = st.integers(min_value=1, max_value=12)
reals = st.floats(min_value=-1e3, max_value=1e3, allow_nan=False, allow_infinity=False)
unit = st.floats(min_value=0.0, max_value=1.0, allow_nan=False, allow_infinity=False)
positive_params = st.floats(min_value=1e-3, max_value=10.0, allow_nan=False, allow_infinity=False)
nonzero_labels = st.floats(min_value=1e-3, max_value=1e3, allow_nan=False).flatmap(
    lambda v: st.sampled_from([v, -v])
)


def vectors(elements, n=None):
    return arrays(np.float64, n if n is not None else sizes, elements=elements)


@st.composite
def regression_pairs(draw):
    n = draw(sizes)
    return draw(vectors(reals, n)), draw(vectors(reals, n))


@st.composite
def probability_pairs(draw, hard_labels=False):
    n = draw(sizes)
    labels = vectors(st.sampled_from([0.0, 1.0]), n) if hard_labels else vectors(unit, n)
    return draw(labels), draw(vectors(unit, n))


@st.composite
def probability_tables(draw, distributions=False):
    """Two (rows, classes) tables in [0, 1]; with ``distributions`` each row sums to 1."""
    rows = draw(st.integers(1, 6))
    classes = draw(st.integers(2, 5))
    shape = (rows, classes)
    y = draw(arrays(np.float64, shape, elements=unit))
    p = draw(arrays(np.float64, shape, elements=unit))
    if distributions:
        assume(np.all(y.sum(axis=1) > 1e-3) and np.all(p.sum(axis=1) > 1e-3))
        y = y / y.sum(axis=1, keepdims=True)
        p = p / p.sum(axis=1, keepdims=True)
    return y, p


@st.composite
def sparse_inputs(draw):
    rows = draw(st.integers(1, 6))
    classes = draw(st.integers(2, 5))
    p = draw(arrays(np.float64, (rows, classes), elements=unit))
    labels = draw(arrays(np.int64, rows, elements=st.integers(0, classes - 1)))
    return labels, p


@st.composite
def hinge_inputs(draw):
    n = draw(sizes)
    return draw(vectors(st.sampled_from([-1.0, 0.0, 1.0]), n)), draw(vectors(reals, n))


@st.composite
def count_inputs(draw):
    n = draw(sizes)
    counts = draw(arrays(np.float64, n, elements=st.integers(0, 50).map(float)))
    rates = draw(vectors(st.floats(0.0, 100.0, allow_nan=False), n))
    return counts, rates


coordinates = st.floats(min_value=-100, max_value=100, allow_nan=False)


@st.composite
def triplet_inputs(draw):
    rows = draw(st.integers(1, 5))
    dim = draw(st.integers(1, 4))
    return tuple(draw(arrays(np.float64, (rows, dim), elements=coordinates)) for _ in range(3))


@st.composite
def gan_inputs(draw):
    n = draw(sizes)
    return draw(vectors(unit, n)), draw(vectors(unit, n))


# ---------------------------------------------------------------- zero at a perfect prediction


@PROPERTY
@given(y=vectors(reals), delta=positive_params)
def test_regression_losses_are_zero_at_a_perfect_prediction(y, delta):
    assert losses.mse(y, y) == 0.0
    assert losses.mae(y, y) == 0.0
    assert losses.huber(y, y, delta=delta) == 0.0
    assert losses.smooth_l1(y, y, beta=delta) == 0.0
    np.testing.assert_array_equal(losses.mse(y, y, reduction="none"), 0.0)


@PROPERTY
@given(y=vectors(nonzero_labels))
def test_mape_is_zero_at_a_perfect_prediction(y):
    assert losses.mape(y, y) == 0.0


@PROPERTY
@given(tables=probability_tables())
def test_kl_divergence_is_zero_when_the_prediction_is_the_label(tables):
    y, _ = tables
    # only the clipping to [1e-7, 1 - 1e-7] can move it away from 0, by about 1e-7 per class
    np.testing.assert_allclose(losses.kl_divergence(y, y, reduction="none"), 0.0, atol=1e-6)


@PROPERTY
@given(
    y=vectors(st.sampled_from([-1.0, 0.0, 1.0])),
    margin=st.floats(min_value=1.0, max_value=1e3, allow_nan=False),
)
def test_hinge_is_zero_once_the_margin_is_at_least_one(y, margin):
    signs = np.where(y == 0, -1.0, y)
    assert losses.hinge(y, signs * margin) == 0.0
    np.testing.assert_array_equal(losses.hinge_grad(y, signs * margin), 0.0)


@PROPERTY
@given(
    inputs=triplet_inputs(),
    extra=st.floats(min_value=0.01, max_value=10.0),
    margin=positive_params,
)
def test_triplet_is_zero_when_the_negative_is_far_enough(inputs, extra, margin):
    a, p, direction = inputs
    lengths = np.linalg.norm(direction, axis=1, keepdims=True)
    assume(np.all(lengths > 0.1))
    d_pos = np.linalg.norm(a - p, axis=1, keepdims=True)
    n = a + direction / lengths * (d_pos + margin + extra)  # ‖a - n‖ = ‖a - p‖ + margin + extra
    assert losses.triplet(a, p, n, margin=margin) == 0.0
    np.testing.assert_array_equal(losses.triplet_grad(a, p, n, margin=margin), 0.0)


# ---------------------------------------------------------------- non-negativity


@PROPERTY
@given(pair=regression_pairs(), delta=positive_params)
def test_regression_losses_are_non_negative(pair, delta):
    y, p = pair
    for per_sample in (
        losses.mse(y, p, reduction="none"),
        losses.mae(y, p, reduction="none"),
        losses.huber(y, p, delta=delta, reduction="none"),
        losses.smooth_l1(y, p, beta=delta, reduction="none"),
    ):
        assert np.all(per_sample >= 0)


@PROPERTY
@given(y=vectors(nonzero_labels, 5), p=vectors(reals, 5))
def test_mape_is_non_negative(y, p):
    assert np.all(losses.mape(y, p, reduction="none") >= 0)


@PROPERTY
@given(
    pair=probability_pairs(),
    gamma=st.floats(0.0, 5.0),
    alpha=st.none() | st.floats(0.0, 1.0),
)
def test_probability_losses_are_non_negative(pair, gamma, alpha):
    y, p = pair
    assert np.all(losses.binary_cross_entropy(y, p, reduction="none") >= 0)
    assert np.all(losses.focal(y, p, gamma=gamma, alpha=alpha, reduction="none") >= 0)


@PROPERTY
@given(tables=probability_tables(), sparse=sparse_inputs())
def test_cross_entropies_are_non_negative(tables, sparse):
    y, p = tables
    assert np.all(losses.categorical_cross_entropy(y, p, reduction="none") >= 0)
    labels, q = sparse
    assert np.all(losses.sparse_categorical_cross_entropy(labels, q, reduction="none") >= 0)


@PROPERTY
@given(tables=probability_tables(distributions=True))
def test_kl_divergence_is_non_negative_between_distributions(tables):
    y, p = tables
    # Gibbs' inequality; clipping a 0 up to 1e-7 can only cost about 1e-7 per class
    assert np.all(losses.kl_divergence(y, p, reduction="none") >= -1e-6)


@PROPERTY
@given(inputs=hinge_inputs(), triplets=triplet_inputs(), margin=positive_params, gan=gan_inputs())
def test_hinge_triplet_and_gan_losses_are_non_negative(inputs, triplets, margin, gan):
    assert np.all(losses.hinge(*inputs, reduction="none") >= 0)
    assert np.all(losses.triplet(*triplets, margin=margin, reduction="none") >= 0)
    d_real, d_fake = gan
    assert np.all(losses.gan_discriminator(d_real, d_fake, reduction="none") >= 0)
    assert np.all(losses.gan_generator_nonsaturating(d_fake, reduction="none") >= 0)


def test_poisson_and_minimax_can_be_negative():
    """The two exceptions, so the lesson is right not to promise non-negativity for them."""
    assert losses.poisson([5.0], [5.0]) < 0
    assert losses.gan_generator_minimax([0.5]) < 0


# ---------------------------------------------------------------- relations between losses


@PROPERTY
@given(pair=regression_pairs(), slack=st.floats(min_value=1e-6, max_value=100.0))
def test_huber_is_half_mse_when_delta_exceeds_every_error(pair, slack):
    y, p = pair
    delta = float(np.max(np.abs(y - p))) + slack
    np.testing.assert_array_equal(
        losses.huber(y, p, delta=delta, reduction="none"), 0.5 * losses.mse(y, p, reduction="none")
    )
    assert losses.huber(y, p, delta=delta) == pytest.approx(0.5 * losses.mse(y, p), rel=1e-12, abs=1e-300)


@PROPERTY
@given(pair=regression_pairs(), delta=st.floats(min_value=1e-4, max_value=0.1))
def test_huber_over_delta_approaches_mae_for_a_small_delta(pair, delta):
    y, p = pair
    scaled_huber = losses.huber(y, p, delta=delta, reduction="none") / delta
    gap = np.abs(scaled_huber - losses.mae(y, p, reduction="none"))
    assert np.all(gap <= delta / 2 + 1e-9)
    assert abs(losses.huber(y, p, delta=delta) / delta - losses.mae(y, p)) <= delta / 2 + 1e-9


@PROPERTY
@given(pair=probability_pairs())
def test_focal_with_gamma_zero_and_no_alpha_is_bce(pair):
    y, p = pair
    np.testing.assert_allclose(
        losses.focal(y, p, gamma=0.0, alpha=None, reduction="none"),
        losses.binary_cross_entropy(y, p, reduction="none"),
        rtol=1e-12,
        atol=1e-15,
    )


@PROPERTY
@given(pair=probability_pairs(hard_labels=True), alpha=st.floats(0.0, 1.0))
def test_focal_with_gamma_zero_and_alpha_is_weighted_bce(pair, alpha):
    y, p = pair
    weights = np.where(y == 1, alpha, 1 - alpha)
    np.testing.assert_allclose(
        losses.focal(y, p, gamma=0.0, alpha=alpha, reduction="none"),
        weights * losses.binary_cross_entropy(y, p, reduction="none"),
        rtol=1e-12,
        atol=1e-15,
    )


@PROPERTY
@given(inputs=sparse_inputs())
def test_sparse_cross_entropy_is_cross_entropy_on_one_hot_labels(inputs):
    labels, p = inputs
    one_hot = np.eye(p.shape[1])[labels]
    np.testing.assert_allclose(
        losses.sparse_categorical_cross_entropy(labels, p, reduction="none"),
        losses.categorical_cross_entropy(one_hot, p, reduction="none"),
        rtol=1e-12,
        atol=1e-15,
    )
    np.testing.assert_allclose(
        losses.sparse_categorical_cross_entropy_grad(labels, p),
        losses.categorical_cross_entropy_grad(one_hot, p),
        rtol=1e-12,
    )


@PROPERTY
@given(tables=probability_tables())
def test_kl_is_cross_entropy_minus_the_entropy_of_the_labels(tables):
    y, p = tables
    entropy = special.entr(y).sum(axis=1)  # -Σ y ln y with 0 ln 0 = 0
    np.testing.assert_allclose(
        losses.kl_divergence(y, p, reduction="none"),
        losses.categorical_cross_entropy(y, p, reduction="none") - entropy,
        rtol=1e-9,
        atol=1e-9,
    )
    np.testing.assert_allclose(losses.kl_divergence_grad(y, p), losses.categorical_cross_entropy_grad(y, p))


@PROPERTY
@given(pair=regression_pairs(), beta=positive_params)
def test_smooth_l1_is_huber_over_beta(pair, beta):
    y, p = pair
    np.testing.assert_allclose(
        losses.smooth_l1(y, p, beta=beta, reduction="none"),
        losses.huber(y, p, delta=beta, reduction="none") / beta,
        rtol=1e-12,
        atol=1e-12,
    )
    np.testing.assert_allclose(
        losses.smooth_l1_grad(y, p, beta=beta),
        losses.huber_grad(y, p, delta=beta) / beta,
        rtol=1e-12,
        atol=1e-15,
    )


@PROPERTY
@given(
    y_rows=probability_tables(distributions=True),
    raw=st.data(),
)
def test_normalised_cross_entropy_ignores_the_scale_of_a_prediction_row(y_rows, raw):
    y, _ = y_rows
    p = raw.draw(arrays(np.float64, y.shape, elements=st.floats(1e-3, 1.0)), label="p")
    row = raw.draw(st.integers(0, y.shape[0] - 1), label="row")
    largest_scale = 1.0 / p[row].max()  # keep every entry ≤ 1
    c = raw.draw(st.floats(1e-3, 1.0), label="c") * largest_scale
    scaled = p.copy()
    scaled[row] *= c
    np.testing.assert_allclose(
        losses.categorical_cross_entropy(y, scaled, normalize=True, reduction="none"),
        losses.categorical_cross_entropy(y, p, normalize=True, reduction="none"),
        rtol=1e-9,
        atol=1e-12,
    )


# ---------------------------------------------------------------- reductions


def _reduction_cases():
    """(name, call taking a reduction, strategy for its inputs)."""

    def one(fn, **kw):
        return lambda args, reduction: fn(*args, reduction=reduction, **kw)

    return [
        ("mse", one(losses.mse), regression_pairs()),
        ("mae", one(losses.mae), regression_pairs()),
        ("huber", one(losses.huber, delta=0.7), regression_pairs()),
        ("smooth_l1", one(losses.smooth_l1, beta=0.7), regression_pairs()),
        ("mape", one(losses.mape), st.tuples(vectors(nonzero_labels, 6), vectors(reals, 6))),
        ("binary_cross_entropy", one(losses.binary_cross_entropy), probability_pairs()),
        ("categorical_cross_entropy", one(losses.categorical_cross_entropy), probability_tables()),
        (
            "categorical_cross_entropy_normalized",
            one(losses.categorical_cross_entropy, normalize=True),
            probability_tables(distributions=True),
        ),
        ("sparse_categorical_cross_entropy", one(losses.sparse_categorical_cross_entropy), sparse_inputs()),
        ("kl_divergence", one(losses.kl_divergence), probability_tables()),
        ("poisson", one(losses.poisson), count_inputs()),
        ("hinge", one(losses.hinge), hinge_inputs()),
        ("focal", one(losses.focal, gamma=1.5, alpha=0.3), probability_pairs()),
        ("triplet", one(losses.triplet, margin=0.5), triplet_inputs()),
        ("gan_discriminator", one(losses.gan_discriminator), gan_inputs()),
        ("gan_generator_minimax", one(losses.gan_generator_minimax), gan_inputs().map(lambda g: g[1:])),
        (
            "gan_generator_nonsaturating",
            one(losses.gan_generator_nonsaturating),
            gan_inputs().map(lambda g: g[1:]),
        ),
    ]


REDUCTION_CASES = _reduction_cases()


@pytest.mark.parametrize(
    ("call", "inputs"), [case[1:] for case in REDUCTION_CASES], ids=[case[0] for case in REDUCTION_CASES]
)
@settings(max_examples=40, deadline=None)
@given(data=st.data())
def test_sum_and_mean_reduce_the_per_sample_losses(call, inputs, data):
    args = data.draw(inputs, label="inputs")
    per_sample = call(args, "none")
    assert isinstance(per_sample, np.ndarray)
    total, mean = call(args, "sum"), call(args, "mean")
    assert isinstance(total, float) and isinstance(mean, float)
    assert total == pytest.approx(float(np.sum(per_sample)), rel=1e-12, abs=1e-12)
    assert mean == pytest.approx(float(np.mean(per_sample)), rel=1e-12, abs=1e-12)
    assert np.all(np.isfinite(per_sample))


@PROPERTY
@given(pair=regression_pairs(), tables=probability_tables())
def test_losses_do_not_modify_their_inputs(pair, tables):
    y, p = pair
    y0, p0 = y.copy(), p.copy()
    losses.huber(y, p)
    losses.huber_grad(y, p)
    np.testing.assert_array_equal(y, y0)
    np.testing.assert_array_equal(p, p0)
    t, q = tables
    t0, q0 = t.copy(), q.copy()
    assume(np.all(q.sum(axis=1) > 1e-3))
    losses.categorical_cross_entropy_grad(t, q, normalize=True)
    losses.kl_divergence_grad(t, q)
    losses.sparse_categorical_cross_entropy_grad(np.zeros(len(q), dtype=int), q)
    np.testing.assert_array_equal(t, t0)
    np.testing.assert_array_equal(q, q0)

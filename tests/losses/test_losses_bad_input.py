"""Bad input is turned away with a ValueError and a message in words, never a NaN or a traceback."""

from __future__ import annotations

import math

import numpy as np
import pytest

import losses as L

WORDS = r"\w"

# ---------------------------------------------------------------- the contract's cases, one per line

CASES = [
    # shape mismatch
    (L.mse, ([1.0, 2.0], [1.0]), {}),
    (L.mae_grad, ([1.0, 2.0], [[1.0, 2.0]]), {}),
    (L.binary_cross_entropy, ([0.0, 1.0, 1.0], [0.5, 0.5]), {}),
    (L.categorical_cross_entropy, ([[1, 0, 0]], [[0.5, 0.5]]), {}),
    (L.kl_divergence, ([[1, 0]], [[0.5, 0.5], [0.5, 0.5]]), {}),
    (L.sparse_categorical_cross_entropy, ([0, 1, 1], [[0.5, 0.5], [0.5, 0.5]]), {}),
    (L.sparse_categorical_cross_entropy, ([[0], [1]], [[0.5, 0.5], [0.5, 0.5]]), {}),
    (L.triplet, ([[0.0, 0.0]], [[1.0, 0.0]], [[1.0, 0.0, 0.0]]), {}),
    (L.gan_discriminator, ([0.5, 0.5], [0.5]), {}),
    # more than one row per sample for a distribution
    (L.categorical_cross_entropy, (np.full((2, 2, 2), 0.5), np.full((2, 2, 2), 0.5)), {}),
    (L.sparse_categorical_cross_entropy_grad, ([0], np.full((1, 2, 2), 0.5)), {}),
    # empty input
    (L.mse, ([], []), {}),
    (L.categorical_cross_entropy, ([[]], [[]]), {}),
    (L.gan_generator_minimax, ([],), {}),
    # NaN and inf
    (L.mse, ([1.0, math.nan], [1.0, 2.0]), {}),
    (L.huber_grad, ([1.0, 2.0], [1.0, math.inf]), {}),
    (L.focal, ([0.0, 1.0], [0.5, math.nan]), {}),
    (L.triplet_grad, ([[0.0, -math.inf]], [[1.0, 0.0]], [[0.0, 1.0]]), {}),
    (L.gan_generator_nonsaturating, ([math.nan],), {}),
    (L.mse, ([1.0, None], [1.0, 2.0]), {}),
    # not numbers
    (L.mse, (["a", "b"], [1.0, 2.0]), {}),
    (L.poisson, ([1.0, 2.0], "lots"), {}),
    (L.hinge, ([1.0, -1.0], [[1.0, 2.0], [3.0]]), {}),
    (L.kl_divergence, ({"a": 1}, [0.5, 0.5]), {}),
    # probabilities outside [0, 1]
    (L.binary_cross_entropy, ([0.0, 1.0], [0.5, 1.2]), {}),
    (L.binary_cross_entropy_grad, ([0.0, 1.0], [-0.1, 0.5]), {}),
    (L.binary_cross_entropy, ([0.0, 1.5], [0.5, 0.5]), {}),
    (L.categorical_cross_entropy, ([[1, 0]], [[1.1, 0.2]]), {}),
    (L.categorical_cross_entropy_grad, ([[1, 0]], [[-0.1, 0.2]]), {"normalize": True}),
    (L.categorical_cross_entropy, ([[2, 0]], [[0.8, 0.2]]), {}),
    (L.sparse_categorical_cross_entropy, ([0], [[1.5, 0.2]]), {}),
    (L.sparse_categorical_cross_entropy_grad, ([0], [[-0.5, 0.2]]), {}),
    (L.kl_divergence, ([[0.5, 0.5]], [[1.2, 0.2]]), {}),
    (L.kl_divergence_grad, ([[-0.5, 1.5]], [[0.5, 0.5]]), {}),
    (L.focal, ([0.0, 1.0], [0.5, 1.01]), {}),
    (L.focal_grad, ([0.0, 2.0], [0.5, 0.5]), {}),
    (L.gan_discriminator, ([1.1], [0.5]), {}),
    (L.gan_discriminator_grad, ([0.5], [-0.2]), {}),
    (L.gan_generator_minimax, ([1.5],), {}),
    (L.gan_generator_minimax_grad, ([-0.5],), {}),
    (L.gan_generator_nonsaturating, ([2.0],), {}),
    (L.gan_generator_nonsaturating_grad, ([-1.0],), {}),
    # a prediction row of zeros cannot be normalised
    (L.categorical_cross_entropy, ([[1, 0]], [[0.0, 0.0]]), {"normalize": True}),
    (L.categorical_cross_entropy_grad, ([[1, 0]], [[0.0, 0.0]]), {"normalize": True}),
    # sparse labels out of range or not whole numbers
    (L.sparse_categorical_cross_entropy, ([2], [[0.5, 0.5]]), {}),
    (L.sparse_categorical_cross_entropy, ([-1], [[0.5, 0.5]]), {}),
    (L.sparse_categorical_cross_entropy, ([0.5], [[0.5, 0.5]]), {}),
    (L.sparse_categorical_cross_entropy_grad, ([0, 3], [[0.5, 0.5], [0.5, 0.5]]), {}),
    # Poisson: negative counts and negative rates
    (L.poisson, ([-1.0, 2.0], [1.0, 1.0]), {}),
    (L.poisson_grad, ([-1.0, 2.0], [1.0, 1.0]), {}),
    (L.poisson, ([1.0, 2.0], [1.0, -0.5]), {}),
    (L.poisson_grad, ([1.0, 2.0], [-1.0, 1.0]), {}),
    # parameters: delta, beta, margin must be > 0; gamma >= 0; alpha in [0, 1]
    (L.huber, ([1.0], [2.0]), {"delta": 0.0}),
    (L.huber, ([1.0], [2.0]), {"delta": -1.0}),
    (L.huber_grad, ([1.0], [2.0]), {"delta": 0}),
    (L.huber, ([1.0], [2.0]), {"delta": math.nan}),
    (L.huber, ([1.0], [2.0]), {"delta": math.inf}),
    (L.huber, ([1.0], [2.0]), {"delta": "big"}),
    (L.huber, ([1.0], [2.0]), {"delta": None}),
    (L.smooth_l1, ([1.0], [2.0]), {"beta": 0.0}),
    (L.smooth_l1, ([1.0], [2.0]), {"beta": -0.5}),
    (L.smooth_l1_grad, ([1.0], [2.0]), {"beta": 0.0}),
    (L.triplet, ([[0.0, 0.0]], [[1.0, 0.0]], [[0.0, 1.0]]), {"margin": 0.0}),
    (L.triplet, ([[0.0, 0.0]], [[1.0, 0.0]], [[0.0, 1.0]]), {"margin": -1.0}),
    (L.triplet_grad, ([[0.0, 0.0]], [[1.0, 0.0]], [[0.0, 1.0]]), {"margin": 0.0}),
    (L.focal, ([1.0], [0.5]), {"gamma": -0.1}),
    (L.focal_grad, ([1.0], [0.5]), {"gamma": -2.0}),
    (L.focal, ([1.0], [0.5]), {"gamma": math.nan}),
    (L.focal, ([1.0], [0.5]), {"alpha": -0.1}),
    (L.focal, ([1.0], [0.5]), {"alpha": 1.5}),
    (L.focal_grad, ([1.0], [0.5]), {"alpha": 2.0}),
    (L.focal, ([1.0], [0.5]), {"alpha": "half"}),
    # hinge labels other than -1/0/+1
    (L.hinge, ([2.0, 1.0], [0.5, 0.5]), {}),
    (L.hinge, ([0.5, 1.0], [0.5, 0.5]), {}),
    (L.hinge, ([-2.0], [0.5]), {}),
    (L.hinge_grad, ([1.0, 0.5], [0.5, 0.5]), {}),
    # an unknown reduction
    (L.mse, ([1.0], [2.0]), {"reduction": "average"}),
    (L.mse, ([1.0], [2.0]), {"reduction": "Mean"}),
    (L.mae, ([1.0], [2.0]), {"reduction": None}),
    (L.categorical_cross_entropy, ([[1, 0]], [[0.5, 0.5]]), {"reduction": "batchmean"}),
    (L.triplet, ([[0.0, 0.0]], [[1.0, 0.0]], [[0.0, 1.0]]), {"reduction": "max"}),
    (L.gan_generator_minimax, ([0.5],), {"reduction": ""}),
]


def _case_id(case):
    fn, _, kwargs = case
    return fn.__name__ + ("-" + "-".join(f"{k}={v}" for k, v in kwargs.items()) if kwargs else "")


@pytest.mark.parametrize(("fn", "args", "kwargs"), CASES, ids=[_case_id(c) for c in CASES])
def test_bad_input_raises_a_value_error_in_words(fn, args, kwargs):
    with pytest.raises(ValueError, match=WORDS):
        fn(*args, **kwargs)


@pytest.mark.parametrize("fn", [L.mape, L.mape_grad])
def test_mape_with_a_label_of_zero_says_why(fn):
    with pytest.raises(ValueError, match="label") as error:
        fn([3.0, 0.0], [2.0, 1.0])
    assert "0" in str(error.value)


@pytest.mark.parametrize("fn", [L.mape, L.mape_grad])
def test_mape_refuses_a_label_so_close_to_0_that_the_percentage_overflows(fn):
    # By hand: a label of 1e-320 and a prediction of 1e100 would give 100 · 1e100 / 1e-320 =
    # 1e422, past the largest float (about 1.8e308). Labels below 1e-100 in size are refused.
    with pytest.raises(ValueError, match="close to 0"):
        fn([1.0, 1e-320], [1.0, 1e100])


def test_mape_takes_the_smallest_label_it_allows_and_stays_finite():
    # By hand: 100 · |1e100 − 1e-100| / 1e-100 ≈ 1e202, and the gradient 100 / 1e-100 = 1e102.
    per_sample = L.mape([1e-100, -1e-100], [1e100, -1e100], reduction="none")
    assert per_sample == pytest.approx([1e202, 1e202])
    assert L.mape_grad([1e-100], [1e100]) == pytest.approx([1e102])


def test_loss_spec_of_an_unknown_loss():
    with pytest.raises(ValueError, match="nope"):
        L.loss_spec("nope")


# ---------------------------------------------------------------- the generic cases, for every function

VALID = {
    "mse": ([1.0, 2.0], [1.5, 2.5]),
    "mae": ([1.0, 2.0], [1.5, 2.5]),
    "huber": ([1.0, 2.0], [1.5, 2.5]),
    "smooth_l1": ([1.0, 2.0], [1.5, 2.5]),
    "mape": ([1.0, 2.0], [1.5, 2.5]),
    "binary_cross_entropy": ([0.0, 1.0], [0.3, 0.8]),
    "categorical_cross_entropy": ([[1.0, 0.0], [0.0, 1.0]], [[0.7, 0.3], [0.4, 0.6]]),
    "sparse_categorical_cross_entropy": ([0.0, 1.0], [[0.7, 0.3], [0.4, 0.6]]),
    "kl_divergence": ([[1.0, 0.0], [0.5, 0.5]], [[0.7, 0.3], [0.4, 0.6]]),
    "poisson": ([1.0, 3.0], [0.5, 2.0]),
    "hinge": ([-1.0, 1.0], [0.3, -0.2]),
    "focal": ([0.0, 1.0], [0.3, 0.8]),
    "triplet": ([[0.0, 0.0], [1.0, 1.0]], [[1.0, 0.0], [1.0, 2.0]], [[0.0, 1.0], [3.0, 3.0]]),
    "gan_discriminator": ([0.9, 0.8], [0.1, 0.3]),
    "gan_generator_minimax": ([0.1, 0.3],),
    "gan_generator_nonsaturating": ([0.1, 0.3],),
}


def _with_first_entry(value, entry):
    array = np.array(value, dtype=object)
    array.flat[0] = entry
    return array.tolist()


CORRUPTIONS = {
    "nan": lambda v: _with_first_entry(v, math.nan),
    "inf": lambda v: _with_first_entry(v, math.inf),
    "-inf": lambda v: _with_first_entry(v, -math.inf),
    "text": lambda v: _with_first_entry(v, "one"),
    "empty": lambda v: [],
    "one-sample-too-few": lambda v: v[:-1],
}


def _generic_cases():
    for name, args in VALID.items():
        for function in (getattr(L, name), getattr(L, name + "_grad")):
            for position in range(len(args)):
                for kind, corrupt in CORRUPTIONS.items():
                    if kind == "one-sample-too-few" and len(args) == 1:
                        continue  # a single argument cannot disagree with itself
                    bad = list(args)
                    bad[position] = corrupt(args[position])
                    yield pytest.param(function, tuple(bad), id=f"{function.__name__}-arg{position}-{kind}")


@pytest.mark.parametrize("name", list(VALID))
def test_the_valid_inputs_of_the_generic_table_are_valid(name):
    loss, grad = getattr(L, name), getattr(L, name + "_grad")
    assert math.isfinite(loss(*VALID[name]))
    assert np.all(np.isfinite(grad(*VALID[name])))


@pytest.mark.parametrize(("fn", "args"), list(_generic_cases()))
def test_every_function_rejects_nan_inf_text_empty_and_mismatched_input(fn, args):
    with pytest.raises(ValueError, match=WORDS):
        fn(*args)


@pytest.mark.parametrize("name", list(VALID))
@pytest.mark.parametrize("reduction", ["avg", "MEAN", "mean ", None, 1])
def test_every_loss_rejects_an_unknown_reduction(name, reduction):
    with pytest.raises(ValueError, match="reduction"):
        getattr(L, name)(*VALID[name], reduction=reduction)

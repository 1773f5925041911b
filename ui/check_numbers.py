"""The numbers of each lesson's "Check yourself" questions, computed with ``losses``.

A question states its inputs and its answer through placeholders (``{{q1_loss}}``), and
``ui.lesson.lesson_footer`` fills them from here, so an answer is never typed by hand and
always agrees with what the page itself computes. The inputs are chosen here, once, next to
the calculation that uses them.
"""

from __future__ import annotations

import math
from collections.abc import Callable

import numpy as np

from losses import (
    binary_cross_entropy,
    categorical_cross_entropy,
    focal,
    gan_generator_minimax_grad,
    gan_generator_nonsaturating_grad,
    hinge,
    hinge_grad,
    huber,
    huber_grad,
    mae,
    mae_grad,
    mape,
    mse,
    mse_grad,
    poisson,
    smooth_l1,
    sparse_categorical_cross_entropy,
)
from ui.frameworks import keras_binary_cross_entropy, keras_clip_top
from ui.numbers import fmt


def _listed(values) -> str:
    """``[1.0, 2.0, 6.0]`` -> "1, 2, 6"."""
    return ", ".join(fmt(value) for value in values)


def _mse() -> dict:
    small, large, labels, house = 1.0, 3.0, (1.0, 2.0, 6.0), 2500.0
    best = float(np.mean(labels))
    return {"small_miss": small, "large_miss": large,
            "loss_ratio": mse(0.0, large) / mse(0.0, small),
            "grad_ratio": float(mse_grad(0.0, large)[0] / mse_grad(0.0, small)[0]),
            "labels": _listed(labels), "best_constant": best,
            "best_mse": mse(labels, [best] * len(labels)),
            "house_mse": house, "house_rmse": math.sqrt(house)}


def _mae() -> dict:
    label, prediction, labels = 3.0, 7.0, (1.0, 2.0, 3.0, 100.0)
    middle = np.sort(labels)[len(labels) // 2 - 1: len(labels) // 2 + 1]
    return {"q1_label": label, "q1_prediction": prediction, "q1_abs": mae(label, prediction),
            "q1_squared": mse(label, prediction), "q2_far": 100.0, "q2_near": 0.1,
            "q2_grad": float(mae_grad(0.0, 100.0)[0]), "q2_grad_near": float(mae_grad(0.0, 0.1)[0]),
            "q4_labels": _listed(labels), "q4_low": float(middle[0]), "q4_high": float(middle[1]),
            "q4_mean": float(np.mean(labels))}


def _huber() -> dict:
    small, large, beta, error = 0.5, 3.0, 2.0, 4.0
    return {"q1_error": small, "q1_loss": huber(0.0, small, delta=1.0),
            "q2_error": large, "q2_loss": huber(0.0, large, delta=1.0),
            "q2_grad": float(huber_grad(0.0, large, delta=1.0)[0]),
            "q4_beta": beta, "q4_error": error, "q4_smooth": smooth_l1(0.0, error, beta=beta),
            "q4_huber": huber(0.0, error, delta=beta)}


def _binary_cross_entropy() -> dict:
    return {"ln_2": binary_cross_entropy(1.0, 0.5),
            "ln_10": binary_cross_entropy(1.0, 0.001) - binary_cross_entropy(1.0, 0.01),
            "max_loss": binary_cross_entropy(1.0, 0.0), "clip_top": keras_clip_top(),
            "keras_certain_wrong": keras_binary_cross_entropy(0.0, 1.0)}


def _mape() -> dict:
    return {"q1_label": 200.0, "q1_forecast": 150.0, "q1_ape": mape(200.0, 150.0),
            "q2_mse": mse(1010.0, 1000.0), "q2_mape_a": mape(1010.0, 1000.0), "q2_mape_b": mape(15.0, 5.0),
            "q3_label": 10.0, "q3_worst": mape(10.0, 0.0)}


def _compare_regression() -> dict:
    small, large, label = 2.0, 4.0, 4.0
    values = {"q1_small": small, "q1_large": large, "q3_label": label, "q3_low": 2.0, "q3_high": 6.0,
              "q3_low_loss": poisson(label, 2.0), "q3_high_loss": poisson(label, 6.0)}
    for name, loss in (("mse", mse), ("mae", mae), ("huber", huber)):
        values[f"q1_{name}_small"], values[f"q1_{name}_large"] = loss(0.0, small), loss(0.0, large)
        values[f"q1_{name}_ratio"] = loss(0.0, large) / loss(0.0, small)
    return values


def _categorical_cross_entropy() -> dict:
    source_label, source_prediction = (1.0, 0.0), (0.9, 0.2)
    return {"q1_loss": categorical_cross_entropy([0.0, 1.0, 0.0], [0.2, 0.7, 0.1]),
            "q3_written": categorical_cross_entropy(source_label, source_prediction),
            "q3_sum": float(sum(source_prediction)),
            "q3_keras": categorical_cross_entropy(source_label, source_prediction, normalize=True)}


def _sparse_categorical_cross_entropy() -> dict:
    return {"q1_loss": sparse_categorical_cross_entropy([2], [[0.1, 0.3, 0.6]])}


def _hinge() -> dict:
    return {"q1_loss": hinge(1.0, 0.3), "q1_margin": 1.0 * 0.3,
            "q2_loss": hinge(-1.0, -2.0), "q2_grad": float(hinge_grad(-1.0, -2.0)[0]),
            "q3_margin": -1.0 * 0.5, "q3_loss": hinge(-1.0, 0.5), "q3_grad": float(hinge_grad(-1.0, 0.5)[0])}


def _focal() -> dict:
    easy, half = 0.9, 0.5
    kept = focal(1.0, easy, gamma=2.0) / binary_cross_entropy(1.0, easy)
    return {"q2_p_t": easy, "q2_factor": kept, "q2_lost_pct": (1 - kept) * 100,
            "q3_p": half, "q3_loss": focal(1.0, half, gamma=2.0),
            # BCE is −ln p_t, so p_t = e^(−BCE): the probability the loss scores as the true class's.
            "q4_p_t": math.exp(-binary_cross_entropy(0.0, 0.2)), **_retinanet()}


def _retinanet() -> dict:
    """How many times less than BCE the focal loss (γ = 2) charges easy examples: p_t = 0.9, and
    the p_t where the factor (1 − p_t)² reaches one thousandth."""
    easy, easier = 0.9, 1 - 1000 ** -0.5
    return {"rn_easy_p_t": easy, "rn_easier_p_t": easier,
            "rn_easy_times": binary_cross_entropy(1.0, easy) / focal(1.0, easy, gamma=2.0),
            "rn_easier_times": binary_cross_entropy(1.0, easier) / focal(1.0, easier, gamma=2.0)}


def _gan() -> dict:
    d_fake = 0.02
    nonsaturating = float(gan_generator_nonsaturating_grad(d_fake)[0])
    minimax = float(gan_generator_minimax_grad(d_fake)[0])
    return {"q2_d_fake": d_fake, "q2_nonsat": nonsaturating, "q2_minimax": minimax,
            "q2_ratio": nonsaturating / minimax}


def _poisson() -> dict:
    return {"q1_loss": poisson(0.0, 2.0), "q2_loss": poisson(4.0, 4.0), "q4_loss": poisson(3.0, 0.0)}


def _your_data() -> dict:
    return {"q1_loss": binary_cross_entropy(1.0, 0.01)}


CHECK_NUMBERS: dict[str, Callable[[], dict]] = {
    "mse": _mse,
    "mae": _mae,
    "huber": _huber,
    "mape": _mape,
    "bce": _binary_cross_entropy,
    "compare_regression": _compare_regression,
    "cce": _categorical_cross_entropy,
    "sparse_cce": _sparse_categorical_cross_entropy,
    "hinge": _hinge,
    "focal": _focal,
    "gan": _gan,
    "poisson": _poisson,
    "your_data": _your_data,
}


def check_numbers(slug: str) -> dict:
    """The placeholder values of a lesson's "Check yourself" (none for a lesson without)."""
    maker = CHECK_NUMBERS.get(slug)
    return maker() if maker else {}

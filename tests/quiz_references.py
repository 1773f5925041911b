"""Independent references for the numeric quiz questions: each question is recomputed from its
own inputs in content/quiz.toml, without ``losses``, so a teacher's new question is checked
with no Python edit.

One reference per loss (``LOSS_REFERENCES``: scikit-learn, SciPy or the plain formula of
DESIGN.md's table, one value per sample) and one per quantity: a loss is reduced by its mean or
sum; a gradient is differentiated numerically from the loss's reference (``gradient_reference``),
so every loss has a gradient reference too. Nothing here imports ``losses``; the defaults of the
parameters are the documented ones (DESIGN.md), written here again on purpose.
"""

from __future__ import annotations

import math

import numpy as np
from scipy import special
from sklearn import metrics

from course.quiz import Question

EPSILON = 1e-7
"""Keras's fuzz factor: the contract clips probabilities to [1e-7, 1 - 1e-7] (DESIGN.md)."""
RELATIVE_AGREEMENT = 1e-6
"""How close ``losses`` and a reference must be: far tighter than any tolerance a question states."""


def _clipped(p) -> np.ndarray:
    return np.clip(np.asarray(p, dtype=float), EPSILON, 1.0 - EPSILON)


def _one_at_a_time(metric, y_true, y_pred) -> np.ndarray:
    """A scikit-learn metric applied to each sample on its own: the per-sample values."""
    y_true, y_pred = np.atleast_1d(np.asarray(y_true, float)), np.atleast_1d(np.asarray(y_pred, float))
    return np.array([metric([y], [p]) for y, p in zip(y_true.ravel(), y_pred.ravel(), strict=True)])


def _rows(values) -> np.ndarray:
    """Distributions over classes, one row per sample (a single row is one sample)."""
    return np.atleast_2d(np.asarray(values, dtype=float))


def mse(y_true, y_pred):
    return _one_at_a_time(metrics.mean_squared_error, y_true, y_pred)


def mae(y_true, y_pred):
    return _one_at_a_time(metrics.mean_absolute_error, y_true, y_pred)


def mape(y_true, y_pred):
    return 100.0 * _one_at_a_time(metrics.mean_absolute_percentage_error, y_true, y_pred)


def huber(y_true, y_pred, delta=1.0):
    return special.huber(delta, np.asarray(y_pred, float) - np.asarray(y_true, float)).ravel()


def smooth_l1(y_true, y_pred, beta=1.0):
    """PyTorch's definition: Huber with δ = β, divided by β."""
    return huber(y_true, y_pred, delta=beta) / beta


def binary_cross_entropy(y_true, y_pred):
    y, p = np.asarray(y_true, float).ravel(), _clipped(y_pred).ravel()
    return -(special.xlogy(y, p) + special.xlogy(1.0 - y, 1.0 - p))


def categorical_cross_entropy(y_true, y_pred, normalize=False):
    """Keras: with ``normalize`` each row of predictions is divided by its sum, then clipped."""
    p = _rows(y_pred)
    if normalize:
        p = p / p.sum(axis=1, keepdims=True)
    return -special.xlogy(_rows(y_true), _clipped(p)).sum(axis=1)


def sparse_categorical_cross_entropy(y_true, y_pred):
    p = _clipped(_rows(y_pred))
    labels = np.atleast_1d(np.asarray(y_true)).astype(int)
    return np.array([-math.log(row[label]) for row, label in zip(p, labels, strict=True)])


def kl_divergence(y_true, y_pred):
    return special.rel_entr(_rows(y_true), _clipped(_rows(y_pred))).sum(axis=1)


def poisson(y_true, y_pred):
    """Poisson's negative log-likelihood without its constant ln(y!) (Keras drops it):
    rate − y ln(rate). (``losses`` adds 1e-8 inside the log, a difference far below any tolerance.)"""
    y, rate = np.asarray(y_true, float).ravel(), np.asarray(y_pred, float).ravel()
    return rate - special.xlogy(y, rate)


def hinge(y_true, y_pred):
    """max(0, 1 − y·score), with the label 0 standing for −1 (scikit-learn's hinge_loss does the same)."""
    y, score = np.asarray(y_true, float).ravel(), np.asarray(y_pred, float).ravel()
    return np.maximum(0.0, 1.0 - np.where(y == 0, -1.0, y) * score)


def focal(y_true, y_pred, gamma=2.0, alpha=None):
    """Lin et al.'s focal loss, one sample at a time."""
    losses_ = []
    for y, p in zip(np.asarray(y_true, float).ravel(), _clipped(y_pred).ravel(), strict=True):
        p_t = p if y == 1 else 1.0 - p
        alpha_t = 1.0 if alpha is None else (alpha if y == 1 else 1.0 - alpha)
        losses_.append(-alpha_t * (1.0 - p_t) ** gamma * math.log(p_t))
    return np.array(losses_)


def triplet(anchor, positive, negative, margin=1.0):
    """max(0, ‖a − p‖ − ‖a − n‖ + margin), one triplet (one row) at a time."""
    a, p, n = _rows(anchor), _rows(positive), _rows(negative)
    return np.array([max(0.0, math.dist(ai, pi) - math.dist(ai, ni) + margin)
                     for ai, pi, ni in zip(a, p, n, strict=True)])


def gan_discriminator(d_real, d_fake):
    return -(np.log(_clipped(d_real)) + np.log(1.0 - _clipped(d_fake))).ravel()


def gan_generator_minimax(d_fake):
    return np.log(1.0 - _clipped(d_fake)).ravel()


def gan_generator_nonsaturating(d_fake):
    return -np.log(_clipped(d_fake)).ravel()


LOSS_REFERENCES = {function.__name__: function for function in (
    mse, mae, mape, huber, smooth_l1, binary_cross_entropy, categorical_cross_entropy,
    sparse_categorical_cross_entropy, kl_divergence, poisson, hinge, focal, triplet,
    gan_discriminator, gan_generator_minimax, gan_generator_nonsaturating)}
"""Loss name in ``losses`` -> its per-sample reference, called with the question's inputs and params."""

DIFFERENTIATED = {"triplet": "anchor"}
"""The input a loss's gradient is taken with respect to, where it is not the last one (the
prediction y_pred, or d_fake for the GAN losses): DESIGN.md's contract."""


def loss_reference(question: Question) -> float:
    """The question's loss, reduced as it asks (mean or sum over the samples)."""
    per_sample = LOSS_REFERENCES[question.loss](**question.inputs, **question.params)
    return float(per_sample.sum() if question.reduction == "sum" else per_sample.mean())


def gradient_reference(question: Question) -> tuple[float, float]:
    """The derivative of the question's loss with respect to its one prediction, from the left
    and from the right: one-sided differences of the loss's reference, Richardson-extrapolated
    (error of order h²). They agree where the loss is smooth and differ at a kink."""
    names = list(question.inputs)
    name = DIFFERENTIATED.get(question.loss, names[-1])
    point = np.asarray(question.inputs[name], dtype=float)
    if point.size != 1:
        raise ValueError(f"the gradient is asked with respect to {name}, which has {point.size} values")
    x = float(point.ravel()[0])

    def loss_at(value: float) -> float:
        moved = np.full(point.shape, value) if point.shape else value
        per_sample = LOSS_REFERENCES[question.loss](**{**question.inputs, name: moved}, **question.params)
        return float(per_sample.sum())  # one prediction: one sample

    h = 1e-4 * max(1.0, abs(x))
    here = loss_at(x)

    def one_sided(step: float) -> float:
        slope = (loss_at(x + step) - here) / step
        half = (loss_at(x + step / 2) - here) / (step / 2)
        return 2 * half - slope

    return one_sided(-h), one_sided(h)


def disagreement(question: Question, computed: float) -> str | None:
    """Why ``computed``, the answer the app gives to a numeric question, does not match the
    independent reference; None when it does."""
    if question.loss not in LOSS_REFERENCES:
        return (f"{question.id}: no independent reference for the loss {question.loss!r}; add one to "
                "tests/quiz_references.py")
    if question.quantity == "gradient":
        left, right = gradient_reference(question)
        if not math.isclose(left, right, rel_tol=RELATIVE_AGREEMENT, abs_tol=1e-6):
            return (f"{question.id}: the gradient is asked at a kink of the loss, where the slope from the "
                    f"left ({left:.6g}) and from the right ({right:.6g}) differ; ask about a prediction "
                    "off the kink")
        reference = (left + right) / 2
    else:
        reference = loss_reference(question)
    if not math.isclose(computed, reference, rel_tol=RELATIVE_AGREEMENT, abs_tol=1e-6):
        return (f"{question.id}: the app computes {computed!r}, the independent reference {reference!r} "
                f"({question.quantity} of {question.loss} on {question.inputs}, {question.params})")
    return None


def reference_value(question: Question) -> float:
    """The independent reference of a numeric question's answer (for a gradient, off a kink)."""
    if question.quantity == "gradient":
        return sum(gradient_reference(question)) / 2
    return loss_reference(question)

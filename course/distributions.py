"""Probability distributions over classes, built from what the student set on the sliders.

The cross-entropy and KL lessons let a student give a distribution as one slider per class.
These helpers turn slider values into the arrays the losses take, into the families of
distributions their charts sweep through, and into the sums their worked calculations show.
"""

from __future__ import annotations

import numpy as np

from course.numbers import fmt_latex
from losses import EPSILON


def one_hot(label, n_classes: int) -> np.ndarray:
    """The one-hot label of class ``label``: 1 for that class, 0 for the others (one row per
    label when given several)."""
    return np.eye(n_classes)[np.asarray(label, dtype=int)]


def normalise(weights) -> np.ndarray:
    """Weights divided by their sum, so they add up to 1 (row by row for a table).

    Raises ValueError when every weight (of a row) is 0: there is nothing to share out.
    """
    weights = np.asarray(weights, dtype=float)
    total = weights.sum(axis=-1, keepdims=True)
    if np.any(total <= 0):
        raise ValueError("Every weight is 0: give at least one class a weight above 0.")
    return weights / total


def replace_class(values, k: int, new_values) -> tuple[np.ndarray, np.ndarray]:
    """One row per new value: ``values`` with class k's entry set to it, the others unchanged.

    This is what the student sees while dragging class k's slider, so a chart drawn against
    class k's value passes through the current state. New values that would leave a row of
    zeros (no prediction at all) are dropped. Returns (the new values kept, the rows).
    """
    values = np.asarray(values, dtype=float)
    new_values = np.asarray(new_values, dtype=float)
    rest = values.sum() - values[k]
    kept = new_values[new_values + rest > 0]
    rows = np.tile(values, (len(kept), 1))
    rows[:, k] = kept
    return kept, rows


def cross_entropy_terms_latex(labels, probabilities) -> str:
    """−(y₁·ln p₁ + y₂·ln p₂ + …) written out with the numbers, for a worked calculation.

    Each p is shown as the loss uses it, clipped to [1e-7, 1 − 1e-7].
    """
    clipped = np.clip(np.asarray(probabilities, dtype=float), EPSILON, 1 - EPSILON)
    terms = [rf"{y:g}\cdot\ln {fmt_latex(p)}"
             for y, p in zip(np.asarray(labels, dtype=float), clipped, strict=True)]
    return rf"-\big({' + '.join(terms)}\big)"


def kl_terms_latex(true, predicted) -> str:
    """p₁·ln(p₁/q₁) + p₂·ln(p₂/q₂) + … written out with the numbers, for a worked calculation.

    A class with pₖ = 0 is written as 0 (0·ln 0 = 0); each q is shown as the loss uses it,
    clipped to [1e-7, 1 − 1e-7].
    """
    clipped = np.clip(np.asarray(predicted, dtype=float), EPSILON, 1 - EPSILON)
    terms = [rf"{fmt_latex(p)}\cdot\ln\frac{{{fmt_latex(p)}}}{{{fmt_latex(q)}}}" if p > 0 else "0"
             for p, q in zip(np.asarray(true, dtype=float), clipped, strict=True)]
    return " + ".join(terms)


def softmax_logit_gradient(label, predicted) -> np.ndarray:
    """∂KL(y‖p)/∂zₖ for p = softmax(z): the chain rule through the softmax,
    Σⱼ (−yⱼ/pⱼ) · pⱼ(δⱼₖ − pₖ) = −yₖ + pₖ Σⱼ yⱼ = pₖ − yₖ (y sums to 1). The same as for
    cross-entropy, whose gradient differs from KL's only by the entropy of y, a constant."""
    return np.asarray(predicted, dtype=float) - np.asarray(label, dtype=float)

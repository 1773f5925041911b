"""Classification losses: the label is a class, the prediction a probability or a score.

Probabilities are clipped to [1e-7, 1 - 1e-7] before any logarithm (Keras's epsilon), so
a confidently wrong prediction costs a large but finite amount. Gradients are taken with
respect to the prediction as given (the probability, or the raw score for hinge).
"""

from __future__ import annotations

import numpy as np

from losses._validation import (
    EPSILON,
    as_array,
    as_rows,
    check_fraction,
    check_in_unit_interval,
    check_non_negative,
    clip_probabilities,
    pair,
    reduce,
)


def binary_cross_entropy(y_true, y_pred, *, reduction="mean"):
    """Binary cross-entropy (log loss).

    Per sample: ``-(y ln p + (1 - y) ln(1 - p))``, with p the predicted probability of
    class 1 and y in [0, 1].
    """
    y, p = _probability_pair(y_true, y_pred)
    return reduce(-(y * np.log(p) + (1 - y) * np.log(1 - p)), reduction)


def binary_cross_entropy_grad(y_true, y_pred):
    """d/dp of BCE = ``-y/p + (1 - y)/(1 - p)`` (at the clipped p)."""
    y, p = _probability_pair(y_true, y_pred)
    return -y / p + (1 - y) / (1 - p)


def categorical_cross_entropy(y_true, y_pred, *, normalize=False, reduction="mean"):
    """Categorical cross-entropy over K classes, one row per sample.

    Per row: ``-Σₖ yₖ ln pₖ``. With ``normalize=True`` each prediction row is first
    divided by its sum, as Keras's ``CategoricalCrossentropy`` does.
    """
    y, p, _, _ = _distribution_pair(y_true, y_pred, normalize=normalize)
    return reduce(-np.sum(y * np.log(p), axis=1), reduction)


def categorical_cross_entropy_grad(y_true, y_pred, *, normalize=False):
    """d/dpⱼ of CE = ``-yⱼ/pⱼ``; with ``normalize=True``, ``-yⱼ/(S·p̂ⱼ) + Σₖyₖ / S``.

    S is the row sum of the raw prediction and p̂ = p/S: dividing by S adds ``(Σₖyₖ) ln S``
    to the loss. The gradient has the shape of ``y_pred``.
    """
    y, p, row_sum, shape = _distribution_pair(y_true, y_pred, normalize=normalize)
    grad = -y / (p * row_sum) + y.sum(axis=1, keepdims=True) / row_sum if normalize else -y / p
    return grad.reshape(shape)


def sparse_categorical_cross_entropy(y_true, y_pred, *, reduction="mean"):
    """Cross-entropy with integer labels: per sample ``-ln p[label]``.

    ``y_true`` holds one class index per sample; ``y_pred`` one probability per class.
    Equal to categorical cross-entropy on the one-hot labels.
    """
    labels, p, _ = _sparse_pair(y_true, y_pred)
    rows = np.arange(len(labels))
    return reduce(-np.log(clip_probabilities(p[rows, labels])), reduction)


def sparse_categorical_cross_entropy_grad(y_true, y_pred):
    """d/dpⱼ of ``-ln p[label]`` = ``-1/p[label]`` for j = label, 0 for the other classes."""
    labels, p, shape = _sparse_pair(y_true, y_pred)
    rows = np.arange(len(labels))
    grad = np.zeros_like(p)
    grad[rows, labels] = -1.0 / clip_probabilities(p[rows, labels])
    return grad.reshape(shape)


def softmax(logits):
    """Turn raw scores (logits) into probabilities that sum to 1, one row per sample.

    ``p_k = e^{z_k} / Σ_j e^{z_j}``: what a softmax output layer computes. The largest logit
    is subtracted first so that e^z cannot overflow (the result is unchanged). A 1-D input is
    one sample and gives a 1-D output.
    """
    z = as_array(logits, "logits")
    exp = np.exp(z - z.max(axis=-1, keepdims=True))
    return exp / exp.sum(axis=-1, keepdims=True)


def hinge(y_true, y_pred, *, reduction="mean"):
    """Hinge loss (SVMs). Per sample: ``max(0, 1 - y·ŷ)``, y in {-1, +1}, ŷ a raw score.

    Labels 0/1 are accepted, 0 meaning -1.
    """
    y, score = _hinge_pair(y_true, y_pred)
    return reduce(np.maximum(0.0, 1.0 - y * score), reduction)


def hinge_grad(y_true, y_pred):
    """d/dŷ of hinge = ``-y`` while the margin y·ŷ is below 1, else 0."""
    y, score = _hinge_pair(y_true, y_pred)
    return np.where(y * score < 1.0, -y, 0.0)


def focal(y_true, y_pred, *, gamma=2.0, alpha=None, reduction="mean"):
    """Focal loss (Lin et al., 2017).

    Per sample: ``-αₜ (1 - pₜ)^γ ln pₜ`` with pₜ = p if y = 1 else 1 - p, and αₜ = α for
    y = 1, 1 - α for y = 0 (1 when alpha is None). For soft labels y in [0, 1] the two
    terms are weighted by y and 1 - y. With γ = 0 and no alpha it is exactly BCE.
    """
    y, p, gamma, a1, a0 = _focal_inputs(y_true, y_pred, gamma, alpha)
    positive = -a1 * y * (1 - p) ** gamma * np.log(p)
    negative = -a0 * (1 - y) * p**gamma * np.log(1 - p)
    return reduce(positive + negative, reduction)


def focal_grad(y_true, y_pred, *, gamma=2.0, alpha=None):
    """d/dp of the focal loss, term by term (product rule on ``(1 - p)^γ ln p``)."""
    y, p, gamma, a1, a0 = _focal_inputs(y_true, y_pred, gamma, alpha)
    d_positive = -a1 * y * ((1 - p) ** gamma / p - gamma * (1 - p) ** (gamma - 1) * np.log(p))
    d_negative = -a0 * (1 - y) * (gamma * p ** (gamma - 1) * np.log(1 - p) - p**gamma / (1 - p))
    return d_positive + d_negative


def _probability_pair(y_true, y_pred):
    y, p = pair(y_true, y_pred, what_pred="predicted probabilities")
    check_in_unit_interval(y, "labels")
    check_in_unit_interval(p, "predicted probabilities")
    return y, clip_probabilities(p)


def _distribution_pair(y_true, y_pred, *, normalize):
    """Rows of labels and clipped (optionally normalised) probabilities, the raw row sums,
    and the prediction's original shape."""
    y, p = pair(y_true, y_pred, what_pred="predicted probabilities")
    shape = p.shape
    y = as_rows(y, "labels")
    p = as_rows(p, "predicted probabilities")
    check_in_unit_interval(y, "labels")
    check_in_unit_interval(p, "predicted probabilities")
    row_sum = p.sum(axis=1, keepdims=True)
    if normalize:
        if np.any(row_sum < EPSILON):
            raise ValueError("A prediction row sums to (almost) 0: it cannot be divided by its sum.")
        p = p / row_sum
    return y, clip_probabilities(p), row_sum, shape


def _sparse_pair(y_true, y_pred):
    labels = as_array(y_true, "labels")
    p = as_array(y_pred, "predicted probabilities")
    shape = p.shape
    p = as_rows(p, "predicted probabilities")
    if labels.ndim != 1:
        raise ValueError("Sparse labels must be a list of class numbers, one per sample.")
    if len(labels) != p.shape[0]:
        raise ValueError(
            f"There must be one label per prediction row: got {len(labels)} labels "
            f"and {p.shape[0]} rows."
        )
    check_in_unit_interval(p, "predicted probabilities")
    n_classes = p.shape[1]
    if np.any(labels != np.round(labels)) or np.any(labels < 0) or np.any(labels >= n_classes):
        raise ValueError(
            f"Each label must be a whole class number from 0 to {n_classes - 1} "
            f"(there are {n_classes} classes)."
        )
    return labels.astype(int), p, shape


def _hinge_pair(y_true, y_pred):
    y, score = pair(y_true, y_pred, what_pred="scores")
    if not np.all(np.isin(y, (-1.0, 0.0, 1.0))):
        raise ValueError("Hinge labels must be -1 or +1 (0/1 are accepted, 0 meaning -1).")
    return np.where(y == 0, -1.0, y), score


def _focal_inputs(y_true, y_pred, gamma, alpha):
    gamma = check_non_negative(gamma, "Focal's gamma (γ)")
    if alpha is None:
        a1 = a0 = 1.0
    else:
        a1 = check_fraction(alpha, "Focal's alpha (α)")
        a0 = 1.0 - a1
    y, p = _probability_pair(y_true, y_pred)
    return y, p, gamma, a1, a0

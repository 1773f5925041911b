"""Regression losses: the label y and the prediction ŷ are real numbers.

Every loss is computed per sample (one value per element of the arrays) and then reduced.
The gradients are the derivative of each sample's own loss with respect to ŷ, before any
averaging: the number backpropagation receives for that sample.
"""

from __future__ import annotations

import numpy as np

from losses._validation import check_positive, pair, reduce


def mse(y_true, y_pred, *, reduction="mean"):
    """Mean squared error.

    Per sample: ``(y - ŷ)²``. The mean over samples is the MSE.
    """
    y, p = pair(y_true, y_pred)
    return reduce((y - p) ** 2, reduction)


def mse_grad(y_true, y_pred):
    """d/dŷ of ``(y - ŷ)²`` = ``2(ŷ - y)``: proportional to the error."""
    y, p = pair(y_true, y_pred)
    return 2.0 * (p - y)


def mae(y_true, y_pred, *, reduction="mean"):
    """Mean absolute error.

    Per sample: ``|y - ŷ|``.
    """
    y, p = pair(y_true, y_pred)
    return reduce(np.abs(y - p), reduction)


def mae_grad(y_true, y_pred):
    """d/dŷ of ``|y - ŷ|`` = ``sign(ŷ - y)``; at ŷ = y the subgradient 0 is used."""
    y, p = pair(y_true, y_pred)
    return np.sign(p - y)


def huber(y_true, y_pred, *, delta=1.0, reduction="mean"):
    """Huber loss.

    With e = ŷ - y, per sample: ``½e²`` if ``|e| ≤ δ``, else ``δ(|e| - ½δ)``.
    Quadratic near zero, linear beyond δ; δ must be > 0.
    """
    delta = check_positive(delta, "Huber's delta (δ)")
    y, p = pair(y_true, y_pred)
    return reduce(_huber(p - y, delta), reduction)


def huber_grad(y_true, y_pred, *, delta=1.0):
    """d/dŷ of Huber = ``e`` inside ``|e| ≤ δ``, ``δ·sign(e)`` outside (e = ŷ - y)."""
    delta = check_positive(delta, "Huber's delta (δ)")
    y, p = pair(y_true, y_pred)
    return np.clip(p - y, -delta, delta)


def smooth_l1(y_true, y_pred, *, beta=1.0, reduction="mean"):
    """Smooth L1 loss (PyTorch's), equal to Huber(δ = β) / β.

    With e = ŷ - y, per sample: ``½e²/β`` if ``|e| < β``, else ``|e| - ½β``.
    """
    beta = check_positive(beta, "Smooth L1's beta (β)")
    y, p = pair(y_true, y_pred)
    return reduce(_huber(p - y, beta) / beta, reduction)


def smooth_l1_grad(y_true, y_pred, *, beta=1.0):
    """d/dŷ of smooth L1 = ``e/β`` inside ``|e| ≤ β``, ``sign(e)`` outside."""
    beta = check_positive(beta, "Smooth L1's beta (β)")
    y, p = pair(y_true, y_pred)
    return np.clip((p - y) / beta, -1.0, 1.0)


def mape(y_true, y_pred, *, reduction="mean"):
    """Mean absolute percentage error, in percent.

    Per sample: ``100·|y - ŷ| / |y|``. Undefined when a label is 0.
    """
    y, p = _mape_pair(y_true, y_pred)
    return reduce(100.0 * np.abs(y - p) / np.abs(y), reduction)


def mape_grad(y_true, y_pred):
    """d/dŷ of ``100·|y - ŷ|/|y|`` = ``100·sign(ŷ - y)/|y|``."""
    y, p = _mape_pair(y_true, y_pred)
    return 100.0 * np.sign(p - y) / np.abs(y)


def _huber(error, delta):
    abs_error = np.abs(error)
    return np.where(abs_error <= delta, 0.5 * error**2, delta * (abs_error - 0.5 * delta))


SMALLEST_MAPE_LABEL = 1e-100
"""Below this size a label would make 100·|y − ŷ|/|y| overflow to infinity (predictions go up
to 1e100): such a label is refused, as 0 is."""


def _mape_pair(y_true, y_pred):
    y, p = pair(y_true, y_pred)
    if np.any(y == 0):
        raise ValueError("MAPE is undefined when a label is 0: it divides by the label.")
    if np.any(np.abs(y) < SMALLEST_MAPE_LABEL):
        raise ValueError("MAPE cannot use a label this close to 0 (below 1e-100 in size): it divides "
                         "by the label, and the percentage would be too large to compute.")
    return y, p

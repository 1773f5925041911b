"""Input checks shared by every loss: the one place where bad input is turned away.

Each check raises ``ValueError`` with a sentence a student can act on. The losses call
these helpers first and then compute on clean float arrays, so no loss ever returns a
NaN or an inf because of its input.
"""

from __future__ import annotations

import numpy as np

EPSILON = 1e-7
"""Keras's fuzz factor: probabilities are clipped to [EPSILON, 1 - EPSILON]."""

REDUCTIONS = ("mean", "sum", "none")

LARGEST_MAGNITUDE = 1e100
"""Inputs beyond this size are refused: squaring them would overflow to inf."""


def as_array(values, what: str) -> np.ndarray:
    """Return ``values`` as a float array of at least one dimension, or explain why not."""
    try:
        array = np.asarray(values, dtype=float)
    except (TypeError, ValueError):
        raise ValueError(f"The {what} must be numbers.") from None
    array = np.atleast_1d(array)
    if array.size == 0:
        raise ValueError(f"The {what} are empty: give at least one value.")
    if not np.all(np.isfinite(array)):
        raise ValueError(f"The {what} contain a missing (NaN) or infinite value.")
    if np.any(np.abs(array) > LARGEST_MAGNITUDE):
        raise ValueError(f"The {what} contain a number too large to compute with (above 1e100 in size).")
    return array


def pair(y_true, y_pred, *, what_true: str = "labels", what_pred: str = "predictions"):
    """Validate a label array and a prediction array of the same shape."""
    y = as_array(y_true, what_true)
    p = as_array(y_pred, what_pred)
    if y.shape != p.shape:
        raise ValueError(
            f"The {what_true} and the {what_pred} must have the same shape: "
            f"got {y.shape} and {p.shape}."
        )
    return y, p


def check_in_unit_interval(array: np.ndarray, what: str) -> None:
    """Probabilities (and probability labels) must lie in [0, 1]."""
    if np.any(array < 0) or np.any(array > 1):
        raise ValueError(f"The {what} must be probabilities between 0 and 1.")


def clip_probabilities(p: np.ndarray) -> np.ndarray:
    """Clip to [1e-7, 1 - 1e-7] so ln(0) never happens (a sure but wrong guess stays finite)."""
    return np.clip(p, EPSILON, 1.0 - EPSILON)


def check_positive(value, name: str) -> float:
    """A parameter such as delta, beta or the margin must be a finite number above 0."""
    value = _finite_parameter(value, name)
    if value <= 0:
        raise ValueError(f"{name} must be greater than 0 (got {value:g}).")
    return value


def check_non_negative(value, name: str) -> float:
    """A parameter such as the focal gamma must be a finite number of at least 0."""
    value = _finite_parameter(value, name)
    if value < 0:
        raise ValueError(f"{name} must be 0 or more (got {value:g}).")
    return value


def check_fraction(value, name: str) -> float:
    """A weight such as the focal alpha must lie in [0, 1]."""
    value = _finite_parameter(value, name)
    if not 0 <= value <= 1:
        raise ValueError(f"{name} must lie between 0 and 1 (got {value:g}).")
    return value


def _finite_parameter(value, name: str) -> float:
    try:
        value = float(value)
    except (TypeError, ValueError):
        raise ValueError(f"{name} must be a number.") from None
    if not np.isfinite(value):
        raise ValueError(f"{name} must be a finite number.")
    return value


def as_rows(array: np.ndarray, what: str) -> np.ndarray:
    """Distributions over classes: one row per sample, a 1-D input is a single sample."""
    if array.ndim == 1:
        return array[np.newaxis, :]
    if array.ndim != 2:
        raise ValueError(f"The {what} must be a table with one row per sample and one column per class.")
    return array


def reduce(per_sample: np.ndarray, reduction: str):
    """Apply the reduction: the mean (the cost), the sum, or every sample's own loss."""
    if reduction == "mean":
        return float(np.mean(per_sample))
    if reduction == "sum":
        return float(np.sum(per_sample))
    if reduction == "none":
        return per_sample
    raise ValueError(f"reduction must be one of {', '.join(REDUCTIONS)} (got {reduction!r}).")

"""Metric learning: losses on distances between embeddings."""

from __future__ import annotations

import numpy as np

from losses._validation import as_array, as_rows, check_positive, reduce


def triplet(anchor, positive, negative, *, margin=1.0, reduction="mean"):
    """Triplet margin loss, one row per triplet of embeddings.

    Per triplet: ``max(0, ‖a - p‖ - ‖a - n‖ + margin)``: zero once the negative is at least
    ``margin`` farther from the anchor than the positive is.
    """
    a, p, n, margin, _ = _triplet_inputs(anchor, positive, negative, margin)
    d_pos = np.linalg.norm(a - p, axis=1)
    d_neg = np.linalg.norm(a - n, axis=1)
    return reduce(np.maximum(0.0, d_pos - d_neg + margin), reduction)


def triplet_grad(anchor, positive, negative, *, margin=1.0):
    """d/d(anchor) = ``(a - p)/‖a - p‖ - (a - n)/‖a - n‖`` while the loss is positive, else 0.

    Where a distance is 0 its unit vector is taken as 0 (a subgradient).
    """
    a, p, n, margin, shape = _triplet_inputs(anchor, positive, negative, margin)
    to_pos, d_pos = _unit_vectors(a - p)
    to_neg, d_neg = _unit_vectors(a - n)
    active = (d_pos - d_neg + margin > 0)[:, np.newaxis]
    return np.where(active, to_pos - to_neg, 0.0).reshape(shape)


def _unit_vectors(diff):
    distance = np.linalg.norm(diff, axis=1)
    safe = np.where(distance > 0, distance, 1.0)[:, np.newaxis]
    return np.where(distance[:, np.newaxis] > 0, diff / safe, 0.0), distance


def _triplet_inputs(anchor, positive, negative, margin):
    margin = check_positive(margin, "The triplet margin")
    a = as_array(anchor, "anchor points")
    shape = a.shape
    p = as_array(positive, "positive points")
    n = as_array(negative, "negative points")
    if not a.shape == p.shape == n.shape:
        raise ValueError(
            "The anchor, positive and negative points must have the same shape: "
            f"got {a.shape}, {p.shape} and {n.shape}."
        )
    return (as_rows(a, "anchor points"), as_rows(p, "positive points"),
            as_rows(n, "negative points"), margin, shape)

"""Losses that compare distributions or model counts."""

from __future__ import annotations

import numpy as np

from losses._validation import (
    as_rows,
    check_in_unit_interval,
    clip_probabilities,
    pair,
    reduce,
)

POISSON_EPSILON = 1e-8
"""PyTorch's ``eps`` in ``poisson_nll_loss``: keeps ln(ŷ) finite at a rate of 0."""


def kl_divergence(y_true, y_pred, *, reduction="mean"):
    """Kullback-Leibler divergence KL(y ‖ p), one row per sample.

    Per row: ``Σₖ yₖ ln(yₖ / pₖ)``, with ``0·ln 0 = 0``. It equals the cross-entropy of
    p against y minus the entropy of y, and it is not symmetric.
    """
    y, p, _ = _kl_pair(y_true, y_pred)
    safe_y = np.where(y > 0, y, 1.0)
    return reduce(np.sum(np.where(y > 0, y * np.log(safe_y / p), 0.0), axis=1), reduction)


def kl_divergence_grad(y_true, y_pred):
    """d/dpₖ of KL = ``-yₖ/pₖ`` (the entropy of y does not depend on p)."""
    y, p, shape = _kl_pair(y_true, y_pred)
    return (-y / p).reshape(shape)


def poisson(y_true, y_pred, *, reduction="mean"):
    """Poisson loss for counts. Per sample: ``ŷ - y ln(ŷ + 1e-8)``, ŷ the predicted rate.

    It is the negative log-likelihood of a Poisson(ŷ) count, without the ``ln y!`` term that
    does not depend on ŷ, so it can be negative.
    """
    y, rate = _poisson_pair(y_true, y_pred)
    return reduce(rate - y * np.log(rate + POISSON_EPSILON), reduction)


def poisson_grad(y_true, y_pred):
    """d/dŷ of the Poisson loss = ``1 - y/(ŷ + 1e-8)``: zero when the rate equals the count."""
    y, rate = _poisson_pair(y_true, y_pred)
    return 1.0 - y / (rate + POISSON_EPSILON)


def _kl_pair(y_true, y_pred):
    y, p = pair(y_true, y_pred, what_true="true probabilities", what_pred="predicted probabilities")
    shape = p.shape
    y = as_rows(y, "true probabilities")
    p = as_rows(p, "predicted probabilities")
    check_in_unit_interval(y, "true probabilities")
    check_in_unit_interval(p, "predicted probabilities")
    return y, clip_probabilities(p), shape


def _poisson_pair(y_true, y_pred):
    y, rate = pair(y_true, y_pred, what_true="counts", what_pred="predicted rates")
    if np.any(y < 0):
        raise ValueError("Poisson counts cannot be negative.")
    if np.any(rate < 0):
        raise ValueError("A Poisson rate cannot be negative: it is an expected count.")
    return y, rate

"""The Poisson distribution of counts, which the Poisson lesson draws next to its loss.

The probabilities are computed in logarithms (with ``math.lgamma`` for ln k!), so large
counts and rates never overflow; numpy and the standard library are all it needs.
"""

from __future__ import annotations

import math

import numpy as np


def log_factorial(count: int) -> float:
    """ln(k!), through the log-gamma function: ln k! = ln Γ(k + 1), finite for any count."""
    if count < 0:
        raise ValueError("A count cannot be negative.")
    return math.lgamma(count + 1)


def poisson_pmf(rate: float, counts) -> np.ndarray:
    """P(k; rate) = rate^k e^(−rate) / k! for each whole count k.

    A rate of 0 puts all the probability on the count 0 (no event can happen).
    """
    if rate < 0:
        raise ValueError("A Poisson rate cannot be negative: it is an expected count.")
    counts = np.asarray(counts, dtype=int)
    if rate == 0:
        return (counts == 0).astype(float)
    log_factorials = np.array([log_factorial(int(k)) for k in counts.ravel()]).reshape(counts.shape)
    return np.exp(counts * math.log(rate) - rate - log_factorials)

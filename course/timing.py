"""A live measurement: is sparse cross-entropy faster than cross-entropy on one-hot labels?

The sparse lesson lets a student time the two label formats on a batch of the size they
choose. This is the only timing in the app; it runs only when the student asks for it.
"""

from __future__ import annotations

import time
from collections.abc import Callable
from dataclasses import dataclass

import numpy as np

from losses import categorical_cross_entropy, sparse_categorical_cross_entropy

MAX_CELLS = 10_000_000
"""Largest batch measured, in predicted probabilities (samples × classes): 80 MB per table
of floats, and about a second for the whole measurement on a laptop."""

REPEATS = 3
"""Each form is timed this many times and the best time kept: the slower runs measure
whatever else the computer was doing, not the loss."""


@dataclass(frozen=True)
class LabelFormatTiming:
    """What one measurement found, for N samples over K classes."""

    samples: int
    classes: int
    sparse_seconds: float
    one_hot_seconds: float
    integer_label_bytes: int
    one_hot_label_bytes: int
    sparse_loss: float
    one_hot_loss: float

    @property
    def ratio(self) -> float:
        """How many times longer the one-hot form took."""
        return self.one_hot_seconds / self.sparse_seconds

    @property
    def memory_ratio(self) -> float:
        """How many times more memory the one-hot labels take than the integer labels."""
        return self.one_hot_label_bytes / self.integer_label_bytes


def random_batch(samples: int, classes: int, seed: int = 0):
    """Random outputs for a batch: (integer labels, the same labels one-hot, probabilities
    whose rows sum to 1), from a seeded generator so every measurement uses the same data."""
    rng = np.random.default_rng(seed)
    probabilities = rng.random((samples, classes))
    probabilities /= probabilities.sum(axis=1, keepdims=True)
    labels = rng.integers(0, classes, size=samples)
    one_hot = np.zeros((samples, classes))
    one_hot[np.arange(samples), labels] = 1.0
    return labels, one_hot, probabilities


def best_time(compute: Callable[[], float], repeats: int = REPEATS) -> tuple[float, float]:
    """The shortest of ``repeats`` wall-clock times of ``compute()`` in seconds, and its result."""
    times = []
    for _ in range(repeats):
        start = time.perf_counter()
        result = compute()
        times.append(time.perf_counter() - start)
    return max(min(times), 1e-9), result  # a clock tick of 0 must not make the ratio infinite


def time_label_formats(samples: int, classes: int, seed: int = 0) -> LabelFormatTiming:
    """Time sparse cross-entropy on integer labels against cross-entropy on one-hot labels."""
    if samples * classes > MAX_CELLS:
        raise ValueError(f"{samples:,} samples × {classes:,} classes is more than the "
                         f"{MAX_CELLS:,} probabilities this page measures.")
    labels, one_hot, probabilities = random_batch(samples, classes, seed)
    sparse_seconds, sparse_loss = best_time(lambda: sparse_categorical_cross_entropy(labels, probabilities))
    one_hot_seconds, one_hot_loss = best_time(lambda: categorical_cross_entropy(one_hot, probabilities))
    return LabelFormatTiming(
        samples=samples,
        classes=classes,
        sparse_seconds=sparse_seconds,
        one_hot_seconds=one_hot_seconds,
        integer_label_bytes=labels.nbytes,
        one_hot_label_bytes=one_hot.nbytes,
        sparse_loss=sparse_loss,
        one_hot_loss=one_hot_loss,
    )

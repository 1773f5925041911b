"""The sparse lesson's "is it faster?" measurement (course/timing.py): both label formats measure
the same loss on the same batch, and the memory they take is what their shapes say. Only what the
clock measured is left unchecked: no test asserts a duration."""

from __future__ import annotations

import numpy as np
import pytest

from course.timing import MAX_CELLS, REPEATS, best_time, random_batch, time_label_formats


def test_a_random_batch_is_one_labelling_in_two_formats():
    labels, one_hot, probabilities = random_batch(50, 7, seed=3)
    assert labels.shape == (50,) and one_hot.shape == probabilities.shape == (50, 7)
    assert np.all(one_hot.sum(axis=1) == 1) and np.array_equal(one_hot.argmax(axis=1), labels)
    assert np.allclose(probabilities.sum(axis=1), 1.0) and np.all(probabilities >= 0)
    again = random_batch(50, 7, seed=3)
    assert all(np.array_equal(a, b) for a, b in zip((labels, one_hot, probabilities), again, strict=True))


def test_both_formats_give_the_cross_entropy_of_the_batch():
    timing = time_label_formats(200, 10, seed=1)
    labels, _, probabilities = random_batch(200, 10, seed=1)
    by_hand = -np.mean(np.log(probabilities[np.arange(200), labels]))
    assert timing.sparse_loss == pytest.approx(by_hand) and timing.one_hot_loss == pytest.approx(by_hand)
    assert (timing.samples, timing.classes) == (200, 10)


def test_one_hot_labels_take_a_float_per_class_where_integers_take_one_number():
    timing = time_label_formats(100, 25)
    assert timing.integer_label_bytes == 100 * 8  # int64
    assert timing.one_hot_label_bytes == 100 * 25 * 8  # float64
    assert timing.memory_ratio == 25


def test_the_best_of_the_repeats_is_kept_with_its_result():
    calls = []
    seconds, result = best_time(lambda: calls.append(1) or 42.0)
    assert result == 42.0 and len(calls) == REPEATS and seconds > 0


def test_a_batch_above_the_limit_is_refused_before_anything_is_allocated():
    with pytest.raises(ValueError, match="more than the"):
        time_label_formats(MAX_CELLS // 10 + 1, 10)

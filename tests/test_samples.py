"""The small batches the lessons tabulate (course/samples.py): the student's own sample last, one
name per sample, and the fixed samples what their descriptions say."""

from __future__ import annotations

import numpy as np
import pytest

from course.samples import (
    SCORE_LABELS,
    SCORES,
    TRIPLET_ANCHORS,
    TRIPLET_NEGATIVES,
    TRIPLET_POSITIVES,
    binary_batch,
    count_batch,
    detection_batch,
    easy_and_hard_examples,
    multiclass_batch,
    regression_batch,
    score_batch,
    triplet_batch,
)


@pytest.mark.parametrize(("batch", "own"), [
    (regression_batch(3.0, 4.0, 10.0), (3.0, 4.0)),
    (count_batch(2.0, 1.5), (2.0, 1.5)),
    (score_batch(-1.0, 0.3), (-1.0, 0.3)),
    (binary_batch(1.0, 0.7), (1.0, 0.7)),
    (easy_and_hard_examples(1, 0.7), (1.0, 0.7)),
])
def test_one_name_per_sample_and_the_students_own_last(batch, own):
    names, labels, predictions = batch
    assert len(names) == len(labels) == len(predictions) == len(set(names))
    # The regression batch ends with its outlier, after the student's sample.
    mine = names.index("your sample") if "your sample" in names else len(names) - 1
    assert (labels[mine], predictions[mine]) == own


def test_the_regression_outlier_misses_by_the_chosen_error():
    names, labels, predictions = regression_batch(3.0, 4.0, 12.5)
    assert names[-1] == "outlier" and predictions[-1] - labels[-1] == 12.5


def test_the_hinge_margins_are_the_ones_described():
    assert (SCORE_LABELS * SCORES).tolist() == [2.0, 0.4, 1.5, -0.8]


def test_the_triplet_distances_are_the_ones_described():
    d_pos = np.linalg.norm(TRIPLET_ANCHORS - TRIPLET_POSITIVES, axis=1)
    d_neg = np.linalg.norm(TRIPLET_ANCHORS - TRIPLET_NEGATIVES, axis=1)
    assert np.allclose(d_pos, [0.5, 0.5, 1.0, 2.0])
    assert np.allclose(d_neg, [3.0, 2 * np.sqrt(2), 1.5, 1.0])
    names, anchors, positives, negatives = triplet_batch([0, 0], [1, 0], [0, 2])
    assert names[-1] == "your triplet" and anchors.shape == positives.shape == negatives.shape == (5, 2)


def test_a_hard_example_gives_its_true_class_a_low_probability_for_either_label():
    for label in (0, 1):
        _, labels, p = easy_and_hard_examples(label, 0.5)
        p_true = np.where(labels == 1, p, 1 - p)
        assert p_true[0] == pytest.approx(0.9) and p_true[1] == pytest.approx(0.1)


def test_a_detection_image_is_many_easy_background_anchors_and_one_missed_object():
    labels, p = detection_batch(99)
    assert labels.tolist() == [0.0] * 99 + [1.0] and p[-1] == pytest.approx(0.1)


def test_the_multiclass_batch_holds_one_distribution_per_sample_with_the_students_last():
    names, labels, rows = multiclass_batch(2, [0.2, 0.3, 0.5])
    assert names[-1] == "your sample" and labels[-1] == 2 and rows[-1].tolist() == [0.2, 0.3, 0.5]
    assert np.allclose(rows.sum(axis=1), 1.0) and len(names) == len(labels) == len(rows)

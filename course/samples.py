"""Small batches of samples that the lessons tabulate, one per kind of task."""

from __future__ import annotations

import numpy as np

REGRESSION_LABELS = np.array([2.0, 4.0, 5.5, 7.0])
REGRESSION_PREDICTIONS = np.array([2.5, 3.5, 6.0, 6.5])
OUTLIER_LABEL = 8.0


def regression_batch(label: float, prediction: float, outlier_error: float):
    """A batch of six samples: four ordinary ones, the student's own, and one outlier.

    The outlier's prediction misses its label by ``outlier_error``. Returns the names, the
    labels and the predictions.
    """
    names = [f"sample {i + 1}" for i in range(len(REGRESSION_LABELS))] + ["your sample", "outlier"]
    labels = np.append(REGRESSION_LABELS, [label, OUTLIER_LABEL])
    predictions = np.append(REGRESSION_PREDICTIONS, [prediction, OUTLIER_LABEL + outlier_error])
    return names, labels, predictions


HOURS = ["9–10 h", "10–11 h", "11–12 h", "12–13 h"]
CALLS_PER_HOUR = np.array([4.0, 9.0, 0.0, 12.0])
PREDICTED_CALL_RATES = np.array([5.0, 7.5, 1.0, 11.0])


def count_batch(count: float, rate: float):
    """Calls to a help desk in four hours, each with the model's predicted rate, and the
    student's own hour. Returns the names, the observed counts and the predicted rates."""
    names = [*HOURS, "your hour"]
    return names, np.append(CALLS_PER_HOUR, count), np.append(PREDICTED_CALL_RATES, rate)


SCORE_LABELS = np.array([1.0, 1.0, -1.0, -1.0])
SCORES = np.array([2.0, 0.4, -1.5, 0.8])
"""Margins 2, 0.4, 1.5 and -0.8: beyond the margin, inside it, beyond it, on the wrong side."""


def score_batch(label: float, score: float):
    """Four samples with labels -1/+1 and raw scores, and the student's own. Returns the names,
    the labels (-1/+1) and the scores."""
    names = [f"sample {i + 1}" for i in range(len(SCORES))] + ["your sample"]
    return names, np.append(SCORE_LABELS, label), np.append(SCORES, score)


EASY_P_T = 0.9
HARD_P_T = 0.1
"""The probability each example gives its true class: 0.9 is an easy one, 0.1 a hard one."""


def easy_and_hard_examples(label: int, probability: float):
    """An easy and a hard example of the student's class, and the student's own sample.

    Returns the names, the labels and the predicted probabilities of class 1 (for a label 0
    the probability of the true class is 1 - p).
    """
    def probability_for(p_t: float) -> float:
        return p_t if label == 1 else 1.0 - p_t

    names = [f"easy example (p_t = {EASY_P_T})", f"hard example (p_t = {HARD_P_T})", "your sample"]
    probabilities = np.array([probability_for(EASY_P_T), probability_for(HARD_P_T), probability])
    return names, np.full(3, float(label)), probabilities


BACKGROUND_P = 0.1
"""An easy background anchor: label 0, predicted object probability 0.1 (p_t = 0.9)."""
MISSED_OBJECT_P = 0.1
"""A hard object anchor: label 1, predicted object probability 0.1 (p_t = 0.1)."""


def detection_batch(background_count: int):
    """One image's anchors in a detector: many easy background anchors and one missed object.
    Returns the labels and the predicted object probabilities (the object is last)."""
    labels = np.append(np.zeros(background_count), 1.0)
    probabilities = np.append(np.full(background_count, BACKGROUND_P), MISSED_OBJECT_P)
    return labels, probabilities


TRIPLET_NAMES = ["easy triplet 1", "easy triplet 2", "semi-hard triplet", "hard triplet"]
TRIPLET_ANCHORS = np.array([[0.0, 0.0], [1.0, 1.0], [0.0, 0.0], [0.0, 0.0]])
TRIPLET_POSITIVES = np.array([[0.5, 0.0], [1.0, 1.5], [1.0, 0.0], [1.2, 1.6]])
TRIPLET_NEGATIVES = np.array([[3.0, 0.0], [-1.0, -1.0], [0.0, 1.5], [-0.6, 0.8]])
"""d(a, p) and d(a, n): 0.5 and 3; 0.5 and 2.83; 1 and 1.5; 2 and 1."""


def triplet_batch(anchor, positive, negative):
    """Four triplets of 2-D embeddings and the student's own. Returns the names, the anchors,
    the positives and the negatives (one row per triplet)."""
    return ([*TRIPLET_NAMES, "your triplet"], np.vstack([TRIPLET_ANCHORS, anchor]),
            np.vstack([TRIPLET_POSITIVES, positive]), np.vstack([TRIPLET_NEGATIVES, negative]))


BINARY_NAMES = ("sure and right", "fairly sure and right", "unsure", "confidently wrong")
BINARY_LABELS = np.array([1.0, 0.0, 1.0, 0.0])
BINARY_PROBABILITIES = np.array([0.95, 0.2, 0.55, 0.97])
"""A binary batch: labels y and predicted probabilities p of class 1; the last one is a
confident mistake (p close to 1 for a sample labelled 0)."""


def binary_batch(label: float, probability: float):
    """Five samples for a binary classifier: four fixed ones and the student's own (last).

    Returns the names, the labels (0 or 1) and the predicted probabilities of class 1.
    """
    names = [*BINARY_NAMES, "your sample"]
    labels = np.append(BINARY_LABELS, label)
    probabilities = np.append(BINARY_PROBABILITIES, probability)
    return names, labels, probabilities


MULTICLASS_LABELS = np.array([0, 1, 2, 1])
MULTICLASS_PROBABILITIES = np.array([
    [0.80, 0.15, 0.05],
    [0.10, 0.70, 0.20],
    [0.30, 0.30, 0.40],
    [0.75, 0.20, 0.05],
])
"""A three-class batch: integer labels and one predicted distribution per sample (rows sum
to 1); the last sample is a confident mistake."""


def multiclass_batch(label: int, probabilities):
    """Five samples over three classes: four fixed ones and the student's own (last).

    Returns the names, the integer labels and the predicted probabilities (one row each).
    """
    names = [f"sample {i + 1}" for i in range(len(MULTICLASS_LABELS))] + ["your sample"]
    labels = np.append(MULTICLASS_LABELS, int(label))
    rows = np.vstack([MULTICLASS_PROBABILITIES, np.asarray(probabilities, dtype=float)])
    return names, labels, rows

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

"""The PyTorch lines of the catalogue compute the loss the page shows.

PyTorch, torchmetrics and torchvision are not installed here, so each line is run against a
numpy stand-in that follows the library's documented definition and defaults, and the result
is compared with an independent reference (scikit-learn, or a value worked out by hand).
"""

from __future__ import annotations

import math
from types import SimpleNamespace

import numpy as np
from sklearn import metrics

import losses


def run(snippet: str, **names) -> float:
    """Evaluate the expression of a catalogue line (its comment dropped)."""
    expression = snippet.split("  #")[0]
    return float(eval(expression, {"__builtins__": {}}, names))  # our own catalogue


def tensor(values) -> np.ndarray:
    """A tensor's stand-in: a numpy array has torch's ``.mean()`` and arithmetic."""
    return np.asarray(values, dtype=float)


# torch.clamp(input, min=...) and torchmetrics' MAPE, which returns a fraction:
# mean(|preds - target| / max(|target|, 1.17e-6)) (torchmetrics documentation).
TORCH = SimpleNamespace(clamp=lambda values, min: np.maximum(values, min))
TORCHMETRICS = SimpleNamespace(functional=SimpleNamespace(
    mean_absolute_percentage_error=lambda preds, target: float(
        np.mean(np.abs(preds - target) / np.maximum(np.abs(target), 1.17e-6)))))


def sigmoid_focal_loss(inputs, targets, alpha=0.25, gamma=2.0, reduction="none"):
    """torchvision.ops.sigmoid_focal_loss as its source defines it, defaults included."""
    p = 1 / (1 + np.exp(-inputs))
    ce = np.maximum(inputs, 0) - inputs * targets + np.log1p(np.exp(-np.abs(inputs)))
    p_t = p * targets + (1 - p) * (1 - targets)
    loss = ce * (1 - p_t) ** gamma
    if alpha >= 0:
        loss = (alpha * targets + (1 - alpha) * (1 - targets)) * loss
    return {"none": loss, "mean": loss.mean(), "sum": loss.sum()}[reduction]


TORCHVISION = SimpleNamespace(ops=SimpleNamespace(sigmoid_focal_loss=sigmoid_focal_loss))


def test_the_hinge_line_is_the_binary_hinge_loss():
    y, scores = tensor([1, -1, 1, -1]), tensor([0.3, 0.5, 2.0, -3.0])
    line = losses.loss_spec("hinge").pytorch
    assert "MultiMarginLoss" not in line
    expected = metrics.hinge_loss(y, scores)  # (0.7 + 1.5 + 0 + 0) / 4
    assert math.isclose(expected, 0.55)
    assert math.isclose(run(line, torch=TORCH, y=y, y_pred=scores), expected)


def test_the_mape_line_reports_percent_like_keras_and_the_page():
    # The two cases of the MAPE lesson: 1000 for 1010 sold, 5 for 15 sold.
    y, y_pred = tensor([1010.0, 15.0]), tensor([1000.0, 5.0])
    percent = 100 * metrics.mean_absolute_percentage_error(y, y_pred)
    result = run(losses.loss_spec("mape").pytorch, torchmetrics=TORCHMETRICS, y=y, y_pred=y_pred)
    assert math.isclose(result, percent)
    assert math.isclose(result, (10 / 1010 + 10 / 15) / 2 * 100)
    assert math.isclose(result, losses.mape(y, y_pred))


def test_the_focal_line_gives_the_loss_of_the_page_without_alpha():
    logits = np.array([0.0, 2.0, -1.0, 3.0])
    y = np.array([1.0, 0.0, 0.0, 1.0])
    p = 1 / (1 + np.exp(-logits))
    line = losses.loss_spec("focal").pytorch
    result = run(line, torchvision=TORCHVISION, logits=logits, y=y)
    # By hand: -(1 - p_t)^2 ln p_t for each sample, no alpha, averaged.
    p_t = np.where(y == 1, p, 1 - p)
    by_hand = float(np.mean(-((1 - p_t) ** 2) * np.log(p_t)))
    assert math.isclose(result, by_hand, rel_tol=1e-9)
    assert math.isclose(result, losses.focal(y, p, gamma=2.0, alpha=None), rel_tol=1e-9)
    # torchvision's own defaults (alpha = 0.25, one loss per element) would not match.
    defaults = sigmoid_focal_loss(logits, y, gamma=2.0)
    assert defaults.shape == y.shape
    assert not math.isclose(float(defaults.mean()), by_hand)

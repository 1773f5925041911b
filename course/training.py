"""Gradient descent with the app's own losses: a straight line and a one-feature logistic
classifier, fitted step by step on a small data set. Pure numpy and ``losses``; the Training
lab page draws what these functions return.

The model is ``ŷ = w·x + b``. ``losses`` gives each sample's ∂L/∂ŷ; the chain rule turns it
into the gradient of the cost (the mean loss) with respect to the weights:
``∂J/∂w = mean(∂L/∂ŷ · x)`` and ``∂J/∂b = mean(∂L/∂ŷ)``, because ∂ŷ/∂w = x and ∂ŷ/∂b = 1.
No training framework is involved: the few lines below are the whole of it.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from losses import (
    binary_cross_entropy,
    binary_cross_entropy_grad,
    focal,
    focal_grad,
    huber,
    huber_grad,
    mae,
    mae_grad,
    mse,
    mse_grad,
)

LINE_LOSSES = ("mse", "mae", "huber")
"""The regression losses the lab fits a line with, in the order they are drawn."""
LINE_LOSS_NAMES = {"mse": "MSE", "mae": "MAE", "huber": "Huber"}

TRUE_SLOPE, TRUE_INTERCEPT = 2.0, 1.0
"""The line the clean points scatter around: y = 2x + 1."""
CLEAN_POINTS = 20
X_LOW, X_HIGH = 0.0, 5.0
NOISE = 0.3
"""Standard deviation of the clean points' scatter around the line."""
SEED = 7
OUTLIER_SPACING = 0.25
"""Outliers stand side by side, this far apart along x, centred on the chosen position."""
FAR_RIGHT_X = 8.0
"""Where the "far right" outliers stand: beyond every clean point (x ≤ 5), high leverage."""

SLOPE_TOLERANCE = 0.3
"""How close a fitted slope must stay to the clean fit's slope for the lab to say the outliers
"barely moved it" (the clean slope is about 2, so this is 15 % of it)."""

DIVERGENCE_FACTOR = 1e6
"""A fit has diverged once its cost exceeds this many times its starting cost: each step is
then overshooting the minimum by more than the last, and the numbers would soon overflow."""


@dataclass(frozen=True)
class LineData:
    """Points for fitting a line: ``x``, the labels ``y``, and which points are outliers."""

    x: np.ndarray
    y: np.ndarray
    is_outlier: np.ndarray

    @property
    def names(self) -> list[str]:
        """A short name per point, for the bars of the gradient chart."""
        clean = iter(range(1, CLEAN_POINTS + 1))
        outlier = iter(range(1, len(self.x) + 1))
        return [f"outlier {next(outlier)}" if flag else f"point {next(clean)}" for flag in self.is_outlier]

    def without_outliers(self) -> LineData:
        """The clean points alone."""
        keep = ~self.is_outlier
        return LineData(self.x[keep], self.y[keep], self.is_outlier[keep])


def clean_points() -> tuple[np.ndarray, np.ndarray]:
    """The clean data: evenly spaced x, y = 2x + 1 plus a little seeded Gaussian noise."""
    x = np.linspace(X_LOW, X_HIGH, CLEAN_POINTS)
    noise = np.random.default_rng(SEED).normal(0.0, NOISE, CLEAN_POINTS)
    return x, TRUE_SLOPE * x + TRUE_INTERCEPT + noise


def outlier_positions(count: int, centre: float) -> np.ndarray:
    """The x of ``count`` outliers side by side around ``centre``, kept inside the data's x range
    unless the centre itself lies beyond it (the far-right case)."""
    offsets = (np.arange(count) - (count - 1) / 2) * OUTLIER_SPACING
    positions = centre + offsets
    if centre <= X_HIGH:
        positions = np.clip(positions, X_LOW, X_HIGH)
    return positions


def line_data(outliers: int = 0, height: float = 30.0, x_position: float = 4.5,
              far_right: bool = False) -> LineData:
    """The clean points plus ``outliers`` points sitting ``height`` above the true line (below it
    for a negative height), around ``x_position`` or, with ``far_right``, beyond the data."""
    x, y = clean_points()
    outlier_x = outlier_positions(outliers, FAR_RIGHT_X if far_right else x_position)
    outlier_y = TRUE_SLOPE * outlier_x + TRUE_INTERCEPT + height
    return LineData(
        x=np.concatenate([x, outlier_x]),
        y=np.concatenate([y, outlier_y]),
        is_outlier=np.concatenate([np.zeros(len(x), bool), np.ones(outliers, bool)]),
    )


def least_squares_line(x: np.ndarray, y: np.ndarray) -> tuple[float, float]:
    """The slope and intercept that minimise the mean squared error exactly (no iterations):
    the reference line the lab compares every fit with."""
    design = np.column_stack([x, np.ones_like(x)])
    (slope, intercept), *_ = np.linalg.lstsq(design, y, rcond=None)
    return float(slope), float(intercept)


def line_loss(name: str, y: np.ndarray, y_hat: np.ndarray, *, delta: float = 1.0, reduction: str = "mean"):
    """The cost (or, with ``reduction="none"``, each sample's loss) of a line-fitting loss."""
    if name == "mse":
        return mse(y, y_hat, reduction=reduction)
    if name == "mae":
        return mae(y, y_hat, reduction=reduction)
    if name == "huber":
        return huber(y, y_hat, delta=delta, reduction=reduction)
    raise ValueError(f"The training lab fits a line with MSE, MAE or Huber, not {name!r}.")


def line_loss_grad(name: str, y: np.ndarray, y_hat: np.ndarray, *, delta: float = 1.0) -> np.ndarray:
    """Each sample's ∂L/∂ŷ for a line-fitting loss, straight from ``losses``."""
    if name == "mse":
        return mse_grad(y, y_hat)
    if name == "mae":
        return mae_grad(y, y_hat)
    if name == "huber":
        return huber_grad(y, y_hat, delta=delta)
    raise ValueError(f"The training lab fits a line with MSE, MAE or Huber, not {name!r}.")


def slope_contributions(name: str, data: LineData, w: float, b: float, *, delta: float = 1.0) -> np.ndarray:
    """Each sample's share of ∂J/∂w at the line (w, b): ``∂L/∂ŷ · x / n``. They add up to the
    gradient of the cost with respect to the slope, so the largest bars are the samples that
    steer the slope most."""
    y_hat = w * data.x + b
    return line_loss_grad(name, data.y, y_hat, delta=delta) * data.x / len(data.x)


@dataclass(frozen=True)
class Fit:
    """The path of one gradient-descent run: the weights and the cost at every step.

    ``slopes[k]``, ``intercepts[k]`` and ``costs[k]`` are the values after ``k`` steps, so index
    0 is the start. ``diverged`` says the run was stopped early because the cost exploded; the
    arrays then end at the last values that were still finite and sensible.
    """

    slopes: np.ndarray
    intercepts: np.ndarray
    costs: np.ndarray
    diverged: bool

    @property
    def slope(self) -> float:
        return float(self.slopes[-1])

    @property
    def intercept(self) -> float:
        return float(self.intercepts[-1])

    @property
    def steps_run(self) -> int:
        return len(self.costs) - 1


def fit_line(name: str, data: LineData, *, learning_rate: float, steps: int, delta: float = 1.0,
             start: tuple[float, float] = (0.0, 0.0)) -> Fit:
    """Full-batch gradient descent on ``ŷ = w·x + b`` with one of MSE, MAE or Huber.

    Every step: ŷ for all samples, ∂L/∂ŷ from ``losses``, the chain rule to ∂J/∂w and ∂J/∂b,
    and ``w -= learning_rate · ∂J/∂w`` (the same for b). Stops early, before any number can
    overflow, once the cost exceeds ``DIVERGENCE_FACTOR`` times its starting value.
    """
    def cost_at(z: np.ndarray) -> float:
        try:
            return line_loss(name, data.y, z, delta=delta)
        except ValueError:  # losses refuses a prediction that has overflowed
            return np.inf

    return _gradient_descent(data.x, cost_at, lambda z: line_loss_grad(name, data.y, z, delta=delta),
                             learning_rate=learning_rate, steps=steps, start=start)


def _gradient_descent(x: np.ndarray, cost_at, grad_at, *, learning_rate: float, steps: int,
                      start: tuple[float, float]) -> Fit:
    """Full-batch gradient descent on ``z = w·x + b``: ``cost_at(z)`` is the cost and ``grad_at(z)``
    each sample's ∂L/∂z, so that ∂J/∂w = mean(∂L/∂z · x) and ∂J/∂b = mean(∂L/∂z). Stops early,
    before any number can overflow, once the cost exceeds ``DIVERGENCE_FACTOR`` times its start."""
    w, b = start
    slopes, intercepts = [w], [b]
    costs = [cost_at(w * x + b)]
    limit = DIVERGENCE_FACTOR * max(costs[0], 1.0)
    diverged = False
    for _ in range(steps):
        grad = grad_at(w * x + b)
        w, b = w - learning_rate * np.mean(grad * x), b - learning_rate * np.mean(grad)
        cost = cost_at(w * x + b)
        if not cost <= limit:  # also catches a cost that is no longer a number
            diverged = True
            break
        slopes.append(float(w))
        intercepts.append(float(b))
        costs.append(cost)
    return Fit(np.array(slopes), np.array(intercepts), np.array(costs), diverged)


BOUNCING = 0.01
"""Bouncing: the run ends more than 1 % above the best cost it reached."""
DRIFT = 0.02
"""Still moving: carried on for as many steps again, the run's slope or intercept (averaged
over its last tenth, so that a weight merely hopping back and forth does not count) would move
by more than this. MAE's cost can flatten out long before its slope stops creeping, so the
cost alone cannot tell."""


def carry_on(name: str, data: LineData, fit: Fit, *, learning_rate: float, delta: float = 1.0) -> Fit:
    """The same run continued from where it stopped, for as many steps again."""
    return fit_line(name, data, learning_rate=learning_rate, steps=max(fit.steps_run, 1), delta=delta,
                    start=(fit.slope, fit.intercept))


def fit_progress(fit: Fit, carried_on: Fit) -> str:
    """How a run ended, in one word: ``"diverged"`` (stopped, the cost exploded), ``"bouncing"``
    (it ends clearly above the best cost it reached: the steps are too large to settle),
    ``"moving"`` (``carried_on``, the same run continued for as many steps again, ends
    somewhere else: more steps would change the fit) or ``"settled"``."""
    if fit.diverged:
        return "diverged"
    if fit.costs[-1] > (1 + BOUNCING) * fit.costs.min():
        return "bouncing"
    if carried_on.diverged:
        return "moving"
    for before, after in ((fit.slopes, carried_on.slopes), (fit.intercepts, carried_on.intercepts)):
        if abs(_tail_mean(after) - _tail_mean(before)) > DRIFT:
            return "moving"
    return "settled"


def _tail_mean(values: np.ndarray) -> float:
    """The average over the last tenth of a run (at least one value)."""
    return float(values[-max(1, len(values) // 10):].mean())


def largest_stable_learning_rate(x: np.ndarray) -> float:
    """The learning rate above which gradient descent on the MSE of a line diverges.

    The MSE cost of a line is a bowl whose curvature (its Hessian) is ``(2/n)·Xᵀ X`` with rows
    (x, 1). A step larger than 2 / (its largest eigenvalue) overshoots along the steepest
    direction by more than it corrects, so the error grows at every step.
    """
    design = np.column_stack([x, np.ones_like(x)])
    hessian = 2.0 * design.T @ design / len(x)
    return float(2.0 / np.linalg.eigvalsh(hessian).max())


def outlier_share(contributions: np.ndarray, is_outlier: np.ndarray) -> float:
    """The outliers' part of the total pull, in percent: the sum of their contributions' sizes
    over the sum of everyone's (0 when nothing pulls at all)."""
    sizes = np.abs(contributions)
    total = sizes.sum()
    return float(sizes[is_outlier].sum() / total * 100) if total > 0 else 0.0


# --- A small logistic classifier ---------------------------------------------------------------

CLASSIFIER_POINTS_PER_CLASS = 15
CLASS_CENTRE = 1.0
"""Class 0 scatters around x = −1, class 1 around x = +1 (overlapping: no perfect boundary)."""
CLASS_SPREAD = 1.0
MISLABELLED_X = 3.0
"""The mislabelled points sit deep in class 1's territory (x ≥ 3) but carry the label 0."""
MISLABELLED_SPACING = 0.4
CLASSIFIER_LOSS_NAMES = {"bce": "BCE", "focal": "Focal"}


@dataclass(frozen=True)
class ClassData:
    """Points for a binary classifier: ``x``, the labels 0/1, and which labels are wrong."""

    x: np.ndarray
    y: np.ndarray
    is_mislabelled: np.ndarray


def class_data(mislabelled: int = 0) -> ClassData:
    """Two overlapping seeded classes on a line, plus ``mislabelled`` points far on the class-1
    side that carry the label 0 (a labelling mistake)."""
    x0, x1 = _scatter_around(-CLASS_CENTRE, SEED), _scatter_around(CLASS_CENTRE, SEED + 1)
    wrong = MISLABELLED_X + MISLABELLED_SPACING * np.arange(mislabelled)
    return ClassData(
        x=np.concatenate([x0, x1, wrong]),
        y=np.concatenate([np.zeros_like(x0), np.ones_like(x1), np.zeros_like(wrong)]),
        is_mislabelled=np.concatenate([np.zeros(2 * CLASSIFIER_POINTS_PER_CLASS, bool),
                                       np.ones(mislabelled, bool)]),
    )


def _scatter_around(centre: float, seed: int) -> np.ndarray:
    """Seeded Gaussian points moved and scaled to have exactly the mean ``centre`` and the
    standard deviation ``CLASS_SPREAD``, so that the two classes are as symmetric as intended."""
    draws = np.random.default_rng(seed).normal(size=CLASSIFIER_POINTS_PER_CLASS)
    return centre + CLASS_SPREAD * (draws - draws.mean()) / draws.std()


def sigmoid(z) -> np.ndarray:
    """The logistic function 1 / (1 + e^(−z)), written so that no exponential overflows."""
    z = np.asarray(z, dtype=float)
    e = np.exp(-np.abs(z))
    return np.where(z >= 0, 1.0 / (1.0 + e), e / (1.0 + e))


def classifier_loss(name: str, y: np.ndarray, p: np.ndarray, *, gamma: float = 2.0) -> float:
    """The cost of a classifier's probabilities under BCE or focal."""
    if name == "bce":
        return binary_cross_entropy(y, p)
    if name == "focal":
        return focal(y, p, gamma=gamma)
    raise ValueError(f"The training lab fits the classifier with BCE or focal, not {name!r}.")


def classifier_logit_grad(name: str, y: np.ndarray, z: np.ndarray, *, gamma: float = 2.0) -> np.ndarray:
    """Each sample's ∂L/∂z for the logit z: ∂L/∂p from ``losses`` times the sigmoid's own
    derivative ∂p/∂z = p(1 − p) (the chain rule once more)."""
    p = sigmoid(z)
    if name == "bce":
        d_loss_d_p = binary_cross_entropy_grad(y, p)
    elif name == "focal":
        d_loss_d_p = focal_grad(y, p, gamma=gamma)
    else:
        raise ValueError(f"The training lab fits the classifier with BCE or focal, not {name!r}.")
    return d_loss_d_p * p * (1.0 - p)


def fit_classifier(name: str, data: ClassData, *, learning_rate: float, steps: int,
                   gamma: float = 2.0) -> Fit:
    """Full-batch gradient descent on ``p = sigmoid(w·x + b)`` with BCE or focal, from w = b = 0.
    (The classifier's costs are bounded below and its gradients small, so it cannot diverge at
    the lab's learning rate; the check is kept all the same.)"""
    return _gradient_descent(
        data.x, lambda z: classifier_loss(name, data.y, sigmoid(z), gamma=gamma),
        lambda z: classifier_logit_grad(name, data.y, z, gamma=gamma),
        learning_rate=learning_rate, steps=steps, start=(0.0, 0.0))


def decision_boundary(w: float, b: float) -> float | None:
    """Where ``p = 0.5``, i.e. ``w·x + b = 0``: x = −b/w. None when the slope is (nearly) zero
    and the classifier says 0.5, or the same class, everywhere."""
    if abs(w) < 1e-9:
        return None
    return -b / w

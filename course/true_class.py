"""Classification losses seen from the true class: as functions of its probability p_t, or of
its margin m, the logit that a sigmoid turns into p_t.

Lets one chart put losses that read a probability (BCE, focal, the GAN generator's losses)
next to one that reads a raw score (hinge). The gradients follow the chain rule through the
sigmoid, whose slope is dp/dm = p(1 - p).
"""

from __future__ import annotations

import numpy as np

from losses import EPSILON, LossSpec

PROBABILITY = "Probability of the true class p_t"
MARGIN = "Margin (logit) m"
AXES = (PROBABILITY, MARGIN)
"""The two x variables a comparison can be drawn against. Each name is also its axis title and
the text of its option in a URL-bound widget (the URL holds the shown text)."""


def probability_to_margin(p):
    """The logit m = ln(p / (1 - p)), with p clipped as the losses clip it (so p = 0 stays finite)."""
    p = np.clip(np.asarray(p, dtype=float), EPSILON, 1.0 - EPSILON)
    return np.log(p / (1.0 - p))


def margin_to_probability(m):
    """The sigmoid σ(m) = 1 / (1 + e^(-m)), written with tanh so a large |m| cannot overflow."""
    return 0.5 * (1.0 + np.tanh(0.5 * np.asarray(m, dtype=float)))


def sigmoid_slope(p):
    """dp/dm = p(1 - p): what the chain rule multiplies by to go from d/dp to d/dm.

    p is clipped as the losses clip it, so the slope matches the gradient they return.
    """
    p = np.clip(np.asarray(p, dtype=float), EPSILON, 1.0 - EPSILON)
    return p * (1.0 - p)


def loss_along_axis(spec: LossSpec, x, axis: str, **params) -> tuple[np.ndarray, np.ndarray]:
    """Each loss value and its gradient with respect to x, where x is p_t or the margin m.

    The true class is labelled 1 (+1 for hinge). The generator's GAN losses read one
    probability, D(G(z)), the probability of the class the generator wants ("real").
    """
    if axis not in AXES:
        raise ValueError(f"The x axis must be one of {AXES}, not {axis!r}.")
    x = np.atleast_1d(np.asarray(x, dtype=float))
    if axis == MARGIN:
        margin, p = x, margin_to_probability(x)
    else:
        p, margin = x, probability_to_margin(x)
    ones = np.ones_like(x)
    if spec.inputs == "score":  # hinge reads the margin: its gradient is d/dm
        loss, d_margin = spec.fn(ones, margin, reduction="none", **params), spec.grad(ones, margin, **params)
        return loss, d_margin if axis == MARGIN else d_margin / sigmoid_slope(p)
    if spec.inputs == "probability":
        loss, d_p = spec.fn(ones, p, reduction="none", **params), spec.grad(ones, p, **params)
    elif spec.inputs == "gan" and spec.key != "gan_discriminator":
        loss, d_p = spec.fn(p, reduction="none", **params), spec.grad(p, **params)
    else:
        raise ValueError(f"{spec.title} is not a loss of one true-class probability.")
    return loss, d_p * sigmoid_slope(p) if axis == MARGIN else d_p

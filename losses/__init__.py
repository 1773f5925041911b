"""Loss Lab's losses: pure numpy, Keras's argument order ``(y_true, y_pred)``, natural logs.

``name(y_true, y_pred, *, params, reduction="mean")`` gives the loss and
``name_grad(y_true, y_pred, *, params)`` the derivative of each sample's loss with respect
to the prediction. Bad input raises ``ValueError`` with a message in plain words.
"""

from losses._validation import EPSILON
from losses.adversarial import (
    gan_discriminator,
    gan_discriminator_grad,
    gan_generator_minimax,
    gan_generator_minimax_grad,
    gan_generator_nonsaturating,
    gan_generator_nonsaturating_grad,
)
from losses.catalogue import FAMILIES, LOSSES, LossSpec, Param, loss_spec
from losses.classification import (
    binary_cross_entropy,
    binary_cross_entropy_grad,
    categorical_cross_entropy,
    categorical_cross_entropy_grad,
    focal,
    focal_grad,
    hinge,
    hinge_grad,
    softmax,
    sparse_categorical_cross_entropy,
    sparse_categorical_cross_entropy_grad,
)
from losses.distributions import kl_divergence, kl_divergence_grad, poisson, poisson_grad
from losses.metric_learning import triplet, triplet_grad
from losses.regression import (
    huber,
    huber_grad,
    mae,
    mae_grad,
    mape,
    mape_grad,
    mse,
    mse_grad,
    smooth_l1,
    smooth_l1_grad,
)

__all__ = [
    "EPSILON",
    "FAMILIES",
    "LOSSES",
    "LossSpec",
    "Param",
    "binary_cross_entropy",
    "binary_cross_entropy_grad",
    "categorical_cross_entropy",
    "categorical_cross_entropy_grad",
    "focal",
    "focal_grad",
    "gan_discriminator",
    "gan_discriminator_grad",
    "gan_generator_minimax",
    "gan_generator_minimax_grad",
    "gan_generator_nonsaturating",
    "gan_generator_nonsaturating_grad",
    "hinge",
    "hinge_grad",
    "huber",
    "huber_grad",
    "kl_divergence",
    "kl_divergence_grad",
    "loss_spec",
    "mae",
    "mae_grad",
    "mape",
    "mape_grad",
    "mse",
    "mse_grad",
    "poisson",
    "poisson_grad",
    "smooth_l1",
    "smooth_l1_grad",
    "softmax",
    "sparse_categorical_cross_entropy",
    "sparse_categorical_cross_entropy_grad",
    "triplet",
    "triplet_grad",
]

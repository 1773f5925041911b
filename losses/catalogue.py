"""One catalogue of every loss, for the app to iterate over instead of repeating lists.

Each entry names the loss, its task and family, its function and gradient, its parameters
with their ranges and defaults, its formula in LaTeX and the matching Keras and PyTorch calls.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field

from losses import adversarial, classification, distributions, metric_learning, regression


@dataclass(frozen=True)
class Param:
    """A loss parameter and the range a student may explore."""

    name: str
    symbol: str
    default: float | bool | None
    low: float | None = None
    high: float | None = None
    step: float | None = None
    description: str = ""


@dataclass(frozen=True)
class LossSpec:
    key: str
    title: str
    short: str
    family: str
    task: str
    inputs: str
    fn: Callable
    grad: Callable
    latex: str
    keras: str
    pytorch: str
    params: tuple[Param, ...] = field(default_factory=tuple)

    def defaults(self) -> dict:
        """The default value of each parameter, by name."""
        return {param.name: param.default for param in self.params}


FAMILIES = ("regression", "classification", "distributions", "metric learning", "adversarial")

DELTA = Param("delta", "δ", 1.0, 0.01, 10.0, 0.01, "where the quadratic zone ends")
BETA = Param("beta", "β", 1.0, 0.01, 10.0, 0.01, "where the quadratic zone ends")
GAMMA = Param("gamma", "γ", 2.0, 0.0, 5.0, 0.1, "how strongly easy examples are down-weighted")
ALPHA = Param("alpha", "α", None, 0.0, 1.0, 0.01, "weight of the positive class (None: no weighting)")
MARGIN = Param("margin", "m", 1.0, 0.01, 5.0, 0.01, "how much farther the negative must be")
NORMALIZE = Param("normalize", "", False, description="divide each prediction row by its sum (Keras)")

LOSSES: tuple[LossSpec, ...] = (
    LossSpec(
        "mse", "Mean squared error", "MSE", "regression", "Regression", "regression",
        regression.mse, regression.mse_grad,
        r"\mathrm{MSE} = \frac{1}{n}\sum_{i=1}^{n} (y_i - \hat y_i)^2",
        "keras.losses.MeanSquaredError()", "torch.nn.MSELoss()",
    ),
    LossSpec(
        "mae", "Mean absolute error", "MAE", "regression", "Regression", "regression",
        regression.mae, regression.mae_grad,
        r"\mathrm{MAE} = \frac{1}{n}\sum_{i=1}^{n} \lvert y_i - \hat y_i \rvert",
        "keras.losses.MeanAbsoluteError()", "torch.nn.L1Loss()",
    ),
    LossSpec(
        "huber", "Huber loss", "Huber", "regression", "Regression with outliers", "regression",
        regression.huber, regression.huber_grad,
        r"L_\delta(e) = \begin{cases} \tfrac12 e^2 & \lvert e\rvert \le \delta \\"
        r" \delta\,(\lvert e\rvert - \tfrac12\delta) & \lvert e\rvert > \delta \end{cases},"
        r"\quad e = \hat y - y",
        "keras.losses.Huber(delta=1.0)", "torch.nn.HuberLoss(delta=1.0)",
        (DELTA,),
    ),
    LossSpec(
        "smooth_l1", "Smooth L1 loss", "Smooth L1", "regression",
        "Bounding-box regression (object detection)", "regression",
        regression.smooth_l1, regression.smooth_l1_grad,
        r"\mathrm{SmoothL1}_\beta(e) = \begin{cases} \tfrac{e^2}{2\beta} & \lvert e\rvert < \beta \\"
        r" \lvert e\rvert - \tfrac12\beta & \lvert e\rvert \ge \beta \end{cases}"
        r" = \frac{L_{\delta=\beta}(e)}{\beta}",
        "keras.losses.Huber(delta=beta)  # then divide by beta", "torch.nn.SmoothL1Loss(beta=1.0)",
        (BETA,),
    ),
    LossSpec(
        "mape", "Mean absolute percentage error", "MAPE", "regression",
        "Forecasting, when relative error matters", "regression",
        regression.mape, regression.mape_grad,
        r"\mathrm{MAPE} = \frac{100\%}{n}\sum_{i=1}^{n} \frac{\lvert y_i - \hat y_i\rvert}{\lvert y_i\rvert}",
        "keras.losses.MeanAbsolutePercentageError()",
        "100 * torchmetrics.functional.mean_absolute_percentage_error(y_pred, y)"
        "  # torchmetrics returns a fraction; no built-in loss",
    ),
    LossSpec(
        "binary_cross_entropy", "Binary cross-entropy", "BCE", "classification",
        "Binary and multi-label classification", "probability",
        classification.binary_cross_entropy, classification.binary_cross_entropy_grad,
        r"\mathrm{BCE} = -\frac{1}{n}\sum_{i=1}^{n} \big[y_i \ln p_i + (1 - y_i)\ln(1 - p_i)\big]",
        "keras.losses.BinaryCrossentropy()", "torch.nn.BCELoss()  # or BCEWithLogitsLoss()",
    ),
    LossSpec(
        "categorical_cross_entropy", "Categorical cross-entropy", "CE", "classification",
        "Multi-class classification, one-hot labels", "distribution",
        classification.categorical_cross_entropy, classification.categorical_cross_entropy_grad,
        r"\mathrm{CE} = -\sum_{k=1}^{K} y_k \ln p_k",
        "keras.losses.CategoricalCrossentropy()", "torch.nn.CrossEntropyLoss()  # takes logits",
        (NORMALIZE,),
    ),
    LossSpec(
        "sparse_categorical_cross_entropy", "Sparse categorical cross-entropy", "Sparse CE",
        "classification", "Multi-class classification, integer labels", "class_index",
        classification.sparse_categorical_cross_entropy,
        classification.sparse_categorical_cross_entropy_grad,
        r"\mathrm{SparseCE} = -\ln p_{c}, \quad c = \text{the true class}",
        "keras.losses.SparseCategoricalCrossentropy()",
        "torch.nn.NLLLoss()  # on log-probabilities",
    ),
    LossSpec(
        "kl_divergence", "Kullback-Leibler divergence", "KL", "distributions",
        "Matching distributions (VAEs, distillation)", "distribution",
        distributions.kl_divergence, distributions.kl_divergence_grad,
        r"D_{\mathrm{KL}}(y \,\|\, p) = \sum_{k=1}^{K} y_k \ln\frac{y_k}{p_k}",
        "keras.losses.KLDivergence()", "torch.nn.KLDivLoss(reduction='batchmean')  # on log p",
    ),
    LossSpec(
        "poisson", "Poisson loss", "Poisson", "distributions", "Counts and rates", "counts",
        distributions.poisson, distributions.poisson_grad,
        r"L = \hat y - y \ln(\hat y + 10^{-8})",
        "keras.losses.Poisson()", "torch.nn.PoissonNLLLoss(log_input=False)",
    ),
    LossSpec(
        "hinge", "Hinge loss", "Hinge", "classification",
        "Maximum-margin classification (SVMs)", "score",
        classification.hinge, classification.hinge_grad,
        r"L = \max(0,\ 1 - y\,\hat y), \quad y \in \{-1, +1\}",
        "keras.losses.Hinge()",
        "torch.clamp(1 - y * y_pred, min=0).mean()  # y in {-1, +1}; no binary hinge class",
    ),
    LossSpec(
        "focal", "Focal loss", "Focal", "classification",
        "Detection and heavy class imbalance", "probability",
        classification.focal, classification.focal_grad,
        r"\mathrm{FL} = -\alpha_t (1 - p_t)^{\gamma} \ln p_t, \quad"
        r" p_t = \begin{cases} p & y = 1 \\ 1 - p & y = 0 \end{cases}",
        "keras.losses.BinaryFocalCrossentropy(gamma=2.0)",
        "torchvision.ops.sigmoid_focal_loss(logits, y, alpha=-1, gamma=2.0, reduction='mean')"
        "  # alpha=-1: no weighting",
        (GAMMA, ALPHA),
    ),
    LossSpec(
        "triplet", "Triplet loss", "Triplet", "metric learning",
        "Embeddings: faces, search, similarity", "embeddings",
        metric_learning.triplet, metric_learning.triplet_grad,
        r"L = \max\big(0,\ \lVert a - p\rVert - \lVert a - n\rVert + m\big)",
        "tensorflow_addons.losses.TripletSemiHardLoss()  # no core Keras loss",
        "torch.nn.TripletMarginLoss(margin=1.0)",
        (MARGIN,),
    ),
    LossSpec(
        "gan_discriminator", "GAN discriminator loss", "D loss", "adversarial",
        "Training a GAN's discriminator", "gan",
        adversarial.gan_discriminator, adversarial.gan_discriminator_grad,
        r"L_D = -\big[\ln D(x) + \ln\big(1 - D(G(z))\big)\big]",
        "keras.losses.BinaryCrossentropy()  # real = 1, fake = 0",
        "torch.nn.BCELoss()  # real = 1, fake = 0",
    ),
    LossSpec(
        "gan_generator_minimax", "GAN generator loss (minimax)", "G minimax", "adversarial",
        "Training a GAN's generator (original form)", "gan",
        adversarial.gan_generator_minimax, adversarial.gan_generator_minimax_grad,
        r"L_G = \ln\big(1 - D(G(z))\big)",
        "-keras.losses.BinaryCrossentropy()(zeros, d_fake)",
        "-torch.nn.BCELoss()(d_fake, zeros)",
    ),
    LossSpec(
        "gan_generator_nonsaturating", "GAN generator loss (non-saturating)", "G non-saturating",
        "adversarial", "Training a GAN's generator (used in practice)", "gan",
        adversarial.gan_generator_nonsaturating, adversarial.gan_generator_nonsaturating_grad,
        r"L_G = -\ln D(G(z))",
        "keras.losses.BinaryCrossentropy()(ones, d_fake)",
        "torch.nn.BCELoss()(d_fake, ones)",
    ),
)

_BY_KEY = {spec.key: spec for spec in LOSSES}


def loss_spec(key: str) -> LossSpec:
    """The catalogue entry of a loss, by its function name."""
    try:
        return _BY_KEY[key]
    except KeyError:
        raise ValueError(f"There is no loss called {key!r}.") from None

"""Lesson: mean absolute error, its robustness to outliers and its subgradient at 0."""

import streamlit as st

from course.numbers import fmt_latex
from course.samples import regression_batch
from losses import loss_spec, mae, mae_grad, mse, mse_grad
from ui.content import section
from ui.controls import Preset, SliderSpec, slider
from ui.lesson import (
    lesson_footer,
    lesson_header,
    lesson_panel,
    loss_metrics,
    sample_table,
    worked_calculation,
)
from ui.live_panel import Grad, Loss, Panel, Readout, Ref, X, loss_and_gradient_charts

SPEC = loss_spec("mae")
LABEL = SliderSpec("Label y", "mae_label", -10.0, 10.0, 3.0, 0.1)
PREDICTION = SliderSpec("Prediction ŷ", "mae_pred", -10.0, 10.0, 5.0, 0.1)
OUTLIER = SliderSpec("Outlier: how far its prediction misses", "mae_outlier", 0.0, 50.0, 20.0, 0.5)
PRESETS = [
    Preset("Perfect prediction", {"mae_label": 3.0, "mae_pred": 3.0}),
    Preset("2 too low", {"mae_label": 3.0, "mae_pred": 1.0}),
    Preset("Off by 1", {"mae_label": 3.0, "mae_pred": 4.0}),
    Preset("Off by 4", {"mae_label": 3.0, "mae_pred": 7.0}),
]
Y, Y_HAT = Ref(LABEL.key), Ref(PREDICTION.key)
PANEL = Panel(
    "mae", [LABEL, PREDICTION],
    [Readout("MAE (this sample)", Loss("mae", Y, Y_HAT)), Readout("Error e = ŷ − y", Y_HAT - Y),
     Readout("Gradient ∂L/∂ŷ", Grad("mae", Y, Y_HAT))],
    loss_and_gradient_charts(
        loss=lambda x: Loss("mae", Y, x), grad=lambda x: Grad("mae", Y, x), current=Y_HAT,
        grid=(PREDICTION.low, PREDICTION.high), x_title="Prediction ŷ", loss_name="Absolute error",
        drag=(PREDICTION.key, X), grad_range=(-1.5, 1.5),
        # The kink at ŷ = y: the gradient jumps from −1 to 1, and the value the formula uses there.
        jump=(Y, Grad("mae", Y, Y)),
    ),
)

lesson_header("mae", SPEC, intro=False)


@st.fragment
def live_lesson():
    values = lesson_panel("mae", PANEL, PRESETS)
    y, y_hat = values[LABEL.key], values[PREDICTION.key]
    loss, grad = mae(y, y_hat), mae_grad(y, y_hat)[0]
    st.markdown(section("mae", "The gradient at ŷ = y", error=y_hat - y, grad=grad))

    worked_calculation([
        rf"\lvert y - \hat y \rvert = \lvert {fmt_latex(y)} - {fmt_latex(y_hat, signed=True)} \rvert"
        rf" = \lvert {fmt_latex(y - y_hat)} \rvert = {fmt_latex(loss)}",
        rf"\frac{{\partial L}}{{\partial \hat y}} = \operatorname{{sign}}(\hat y - y)"
        rf" = \operatorname{{sign}}({fmt_latex(y_hat)} - {fmt_latex(y, signed=True)})"
        rf" = \operatorname{{sign}}({fmt_latex(y_hat - y)})"
        rf" = {fmt_latex(grad)}",
    ])

    st.subheader("Why one bad sample cannot take over")
    st.markdown(section("mae", "Why one bad sample cannot take over"))
    outlier = slider(OUTLIER)
    names, labels, predictions = regression_batch(y, y_hat, outlier)
    absolute, squared = mae(labels, predictions, reduction="none"), mse(labels, predictions, reduction="none")
    sample_table({"Sample": names, "Label y": labels, "Prediction ŷ": predictions,
                  "Error ŷ − y": predictions - labels}, absolute, loss_name="Absolute error")
    # A share is undefined when every error is 0 (a perfect batch): report 0 % then.
    share_mae = absolute[-1] / absolute.sum() * 100 if absolute.sum() > 0 else 0.0
    share_mse = squared[-1] / squared.sum() * 100 if squared.sum() > 0 else 0.0
    pull_mae, pull_mse = mae_grad(labels, predictions)[-1], mse_grad(labels, predictions)[-1]
    loss_metrics([("Outlier's share under MAE (%)", share_mae), ("Its share under MSE (%)", share_mse),
                  ("Outlier's gradient under MAE", pull_mae), ("Its gradient under MSE", pull_mse)])
    st.markdown(section("mae", "The outlier's share", share_mae=share_mae, share_mse=share_mse,
                        pull_mae=pull_mae, pull_mse=pull_mse,
                        batch_mae=mae(labels, predictions), batch_mse=mse(labels, predictions)))


live_lesson()
lesson_footer("mae", SPEC)

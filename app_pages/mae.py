"""Lesson: mean absolute error, its robustness to outliers and its subgradient at 0."""

import streamlit as st

from course.numbers import fmt_latex
from losses import loss_spec, mae, mae_grad, mse, mse_grad
from ui.content import section
from ui.controls import Preset, SliderSpec
from ui.lesson import (
    label_and_prediction_panel,
    lesson_footer,
    lesson_header,
    lesson_panel,
    loss_metrics,
    outlier_batch,
    worked_calculation,
)

SPEC = loss_spec("mae")
# The kink at ŷ = y: the gradient jumps from −1 to 1; the value the formula uses there is marked.
PANEL, LABEL, PREDICTION = label_and_prediction_panel("mae", "mae", readout="MAE (this sample)",
                                                      loss_name="Absolute error", grad_range=(-1.5, 1.5),
                                                      kink_at_label=True)
OUTLIER = SliderSpec("Outlier: how far its prediction misses", "mae_outlier", 0.0, 50.0, 20.0, 0.5)
PRESETS = [
    Preset("Perfect prediction", {"mae_label": 3.0, "mae_pred": 3.0}),
    Preset("2 too low", {"mae_label": 3.0, "mae_pred": 1.0}),
    Preset("Off by 1", {"mae_label": 3.0, "mae_pred": 4.0}),
    Preset("Off by 4", {"mae_label": 3.0, "mae_pred": 7.0}),
]

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
    labels, predictions, absolute = outlier_batch(OUTLIER, y, y_hat, "mae", loss_name="Absolute error")
    squared = mse(labels, predictions, reduction="none")
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

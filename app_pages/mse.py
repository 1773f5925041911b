"""Lesson: mean squared error."""

import streamlit as st

from course.numbers import fmt_latex
from losses import loss_spec, mae, mse, mse_grad
from ui.content import section
from ui.controls import Preset, SliderSpec
from ui.lesson import (
    label_and_prediction_panel,
    lesson_footer,
    lesson_header,
    lesson_panel,
    outlier_batch,
    worked_calculation,
)

SPEC = loss_spec("mse")
PANEL, LABEL, PREDICTION = label_and_prediction_panel("mse", "mse", readout="MSE (this sample)",
                                                      loss_name="Squared error")
OUTLIER = SliderSpec("Outlier: how far its prediction misses", "mse_outlier", 0.0, 50.0, 0.0, 0.5)
PRESETS = [
    Preset("Perfect prediction", {"mse_label": 3.0, "mse_pred": 3.0}),
    Preset("Off by 1", {"mse_label": 3.0, "mse_pred": 4.0}),
    Preset("Off by 4", {"mse_label": 3.0, "mse_pred": 7.0}),
]

lesson_header("mse", SPEC, intro=False)


@st.fragment
def live_lesson():
    values = lesson_panel("mse", PANEL, PRESETS)
    y, y_hat = values[LABEL.key], values[PREDICTION.key]
    loss, grad = mse(y, y_hat), mse_grad(y, y_hat)[0]
    worked_calculation([
        rf"(y - \hat y)^2 = ({fmt_latex(y)} - {fmt_latex(y_hat, signed=True)})^2"
        rf" = {fmt_latex(y - y_hat, signed=True)}^2 = {fmt_latex(loss)}",
        rf"\frac{{\partial L}}{{\partial \hat y}} = 2(\hat y - y)"
        rf" = 2({fmt_latex(y_hat)} - {fmt_latex(y, signed=True)})"
        rf" = {fmt_latex(grad)}",
    ])

    st.subheader("Why squaring punishes large errors")
    st.markdown(section("mse", "Why squaring punishes large errors"))
    labels, predictions, per_sample = outlier_batch(OUTLIER, y, y_hat, "mse", loss_name="Squared error")
    st.markdown(section("mse", "The outlier's share", share=per_sample[-1] / per_sample.sum() * 100,
                        batch_mse=mse(labels, predictions), batch_mae=mae(labels, predictions)))


live_lesson()
lesson_footer("mse", SPEC)

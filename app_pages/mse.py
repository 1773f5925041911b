"""Lesson: mean squared error."""

import streamlit as st

from losses import loss_spec, mae, mse, mse_grad
from ui.content import section
from ui.controls import Preset, SliderSpec, preset_buttons, share_link, slider, slider_row
from ui.figures import grid, loss_and_gradient_figures
from ui.lesson import lesson_footer, lesson_header, loss_metrics, sample_table, two_charts, worked_calculation
from ui.numbers import fmt_latex
from ui.samples import regression_batch

SPEC = loss_spec("mse")
LABEL = SliderSpec("Label y", "mse_label", -10.0, 10.0, 3.0, 0.1)
PREDICTION = SliderSpec("Prediction ŷ", "mse_pred", -10.0, 10.0, 5.0, 0.1)
OUTLIER = SliderSpec("Outlier: how far its prediction misses", "mse_outlier", 0.0, 50.0, 0.0, 0.5)
PRESETS = [
    Preset("Perfect prediction", {"mse_label": 3.0, "mse_pred": 3.0}),
    Preset("Off by 1", {"mse_label": 3.0, "mse_pred": 4.0}),
    Preset("Off by 4", {"mse_label": 3.0, "mse_pred": 7.0}),
]

lesson_header("mse", SPEC)


@st.fragment
def live_lesson():
    preset_buttons(PRESETS, "mse")
    y, y_hat = slider_row([LABEL, PREDICTION])

    loss, grad = mse(y, y_hat), mse_grad(y, y_hat)[0]
    loss_metrics([("MSE (this sample)", loss), ("Error e = ŷ − y", y_hat - y), ("Gradient ∂L/∂ŷ", grad)])

    x = grid(PREDICTION.low, PREDICTION.high)
    two_charts(*loss_and_gradient_figures(
        x=x, loss=mse([y] * len(x), x, reduction="none"), grad=mse_grad([y] * len(x), x),
        current=(y_hat, loss, grad), x_title="Prediction ŷ", loss_name="Squared error",
    ))

    worked_calculation([
        rf"(y - \hat y)^2 = ({fmt_latex(y)} - {fmt_latex(y_hat, signed=True)})^2"
        rf" = {fmt_latex(y - y_hat, signed=True)}^2 = {fmt_latex(loss)}",
        rf"\frac{{\partial L}}{{\partial \hat y}} = 2(\hat y - y)"
        rf" = 2({fmt_latex(y_hat)} - {fmt_latex(y, signed=True)})"
        rf" = {fmt_latex(grad)}",
    ])

    st.subheader("Why squaring punishes large errors")
    st.markdown(section("mse", "Why squaring punishes large errors"))
    outlier = slider(OUTLIER)
    names, labels, predictions = regression_batch(y, y_hat, outlier)
    per_sample = mse(labels, predictions, reduction="none")
    sample_table({"Sample": names, "Label y": labels, "Prediction ŷ": predictions,
                  "Error ŷ − y": predictions - labels}, per_sample, loss_name="Squared error")
    st.markdown(section("mse", "The outlier's share", share=per_sample[-1] / per_sample.sum() * 100,
                        batch_mse=mse(labels, predictions), batch_mae=mae(labels, predictions)))
    share_link("mse", "mse")


live_lesson()
lesson_footer("mse", SPEC)

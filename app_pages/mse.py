"""Lesson: mean squared error."""

import streamlit as st

from course.numbers import fmt_latex
from course.samples import regression_batch
from losses import loss_spec, mae, mse, mse_grad
from ui.content import section
from ui.controls import Preset, SliderSpec, slider
from ui.lesson import lesson_footer, lesson_header, lesson_panel, sample_table, worked_calculation
from ui.live_panel import Grad, Loss, Panel, Readout, Ref, X, loss_and_gradient_charts

SPEC = loss_spec("mse")
LABEL = SliderSpec("Label y", "mse_label", -10.0, 10.0, 3.0, 0.1)
PREDICTION = SliderSpec("Prediction ŷ", "mse_pred", -10.0, 10.0, 5.0, 0.1)
OUTLIER = SliderSpec("Outlier: how far its prediction misses", "mse_outlier", 0.0, 50.0, 0.0, 0.5)
PRESETS = [
    Preset("Perfect prediction", {"mse_label": 3.0, "mse_pred": 3.0}),
    Preset("Off by 1", {"mse_label": 3.0, "mse_pred": 4.0}),
    Preset("Off by 4", {"mse_label": 3.0, "mse_pred": 7.0}),
]
Y, Y_HAT = Ref(LABEL.key), Ref(PREDICTION.key)
PANEL = Panel(
    "mse", [LABEL, PREDICTION],
    [Readout("MSE (this sample)", Loss("mse", Y, Y_HAT)), Readout("Error e = ŷ − y", Y_HAT - Y),
     Readout("Gradient ∂L/∂ŷ", Grad("mse", Y, Y_HAT))],
    loss_and_gradient_charts(
        loss=lambda x: Loss("mse", Y, x), grad=lambda x: Grad("mse", Y, x), current=Y_HAT,
        grid=(PREDICTION.low, PREDICTION.high), x_title="Prediction ŷ", loss_name="Squared error",
        drag=(PREDICTION.key, X),
    ),
)

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
    outlier = slider(OUTLIER)
    names, labels, predictions = regression_batch(y, y_hat, outlier)
    per_sample = mse(labels, predictions, reduction="none")
    sample_table({"Sample": names, "Label y": labels, "Prediction ŷ": predictions,
                  "Error ŷ − y": predictions - labels}, per_sample, loss_name="Squared error")
    st.markdown(section("mse", "The outlier's share", share=per_sample[-1] / per_sample.sum() * 100,
                        batch_mse=mse(labels, predictions), batch_mae=mae(labels, predictions)))


live_lesson()
lesson_footer("mse", SPEC)

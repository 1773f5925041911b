"""Lesson: Huber loss between MSE and MAE, and smooth L1, its rescaled twin in object detection."""

import numpy as np
import streamlit as st

from losses import huber, huber_grad, loss_spec, mae, mae_grad, mse, mse_grad, smooth_l1, smooth_l1_grad
from ui.content import section
from ui.controls import Preset, SliderSpec, param_controls, preset_buttons, share_link, slider, slider_row
from ui.figures import Band, Curve, grid, loss_and_gradient_figures
from ui.lesson import lesson_footer, lesson_header, loss_metrics, sample_table, two_charts, worked_calculation
from ui.numbers import fmt_latex
from ui.palette import SERIES, ZONE_FILL_ALT
from ui.samples import regression_batch

SPEC = loss_spec("huber")
SMOOTH_L1 = loss_spec("smooth_l1")
LABEL = SliderSpec("Label y", "huber_label", -10.0, 10.0, 3.0, 0.1)
PREDICTION = SliderSpec("Prediction ŷ", "huber_pred", -10.0, 10.0, 5.0, 0.1)
OUTLIER = SliderSpec("Outlier: how far its prediction misses", "huber_outlier", 0.0, 50.0, 20.0, 0.5)
# The error axis runs from −10 to 10, wider if the current error lies beyond.
ERROR_SPAN = 10.0
PRESETS = [
    Preset("Small error: quadratic zone", {"huber_label": 3.0, "huber_pred": 3.5, "huber_delta": 1.0}),
    Preset("Large error: linear zone", {"huber_label": 3.0, "huber_pred": 7.0, "huber_delta": 1.0}),
    Preset("δ = 10: Huber is ½·MSE", {"huber_delta": 10.0}),
    Preset("δ = 0.1: Huber is nearly δ·MAE", {"huber_delta": 0.1}),
]

lesson_header("huber", SPEC)


def zone_bands(threshold: float, span: float, name: str) -> list[Band]:
    """The quadratic zone |e| ≤ threshold and the linear zones beyond it, cut to the plotted range."""
    inner = min(threshold, span)
    bands = [Band(-inner, inner, f"quadratic |e| ≤ {name}")]
    if threshold < span:
        # Only the left zone is labelled: a label is written rightwards from a band's left edge,
        # so one on the right zone would collide with the quadratic zone's when δ is small.
        bands += [Band(-span, -threshold, f"linear |e| > {name}", ZONE_FILL_ALT),
                  Band(threshold, span, "", ZONE_FILL_ALT)]
    return bands


@st.fragment
def live_lesson():
    preset_buttons(PRESETS, "huber")
    y, y_hat = slider_row([LABEL, PREDICTION])
    delta = param_controls(SPEC, "huber")["delta"]

    error = y_hat - y
    loss, grad = huber(y, y_hat, delta=delta), huber_grad(y, y_hat, delta=delta)[0]
    loss_metrics([("Huber loss (this sample)", loss), ("Error e = ŷ − y", error), ("Gradient ∂L/∂ŷ", grad)])

    # Huber depends on the error only, so the curves are the losses of a label 0 and a prediction e.
    span = max(ERROR_SPAN, 1.1 * abs(error))
    e = grid(-span, span)
    zero = np.zeros_like(e)
    curve = huber(zero, e, delta=delta, reduction="none")
    half_mse, delta_mae = 0.5 * mse(zero, e, reduction="none"), delta * mae(zero, e, reduction="none")
    two_charts(*loss_and_gradient_figures(
        x=e, loss=curve, grad=huber_grad(zero, e, delta=delta),
        current=(error, loss, grad), x_title="Error e (ŷ − y)", loss_name="Huber loss",
        bands=zone_bands(delta, span, "δ"),
        loss_extra=[Curve("½·MSE = ½e²", e, half_mse, color=SERIES[2], dash="dash"),
                    Curve("δ·MAE = δ|e|", e, delta_mae, color=SERIES[3], dash="dot")],
        grad_extra=[Curve("gradient of ½·MSE", e, 0.5 * mse_grad(zero, e), color=SERIES[2], dash="dash"),
                    Curve("gradient of δ·MAE", e, delta * mae_grad(zero, e), color=SERIES[3], dash="dot")],
        loss_range=(-0.05 * curve.max(), 1.25 * curve.max()),
        grad_range=(-1.25 * min(delta, span), 1.25 * min(delta, span)),
    ), keys=("huber_loss_chart", "huber_grad_chart"))
    st.caption("The gradient is drawn against e; since e = ŷ − y with y fixed, ∂L/∂e = ∂L/∂ŷ.")
    st.markdown(section("huber", "Between MSE and MAE", delta=delta, edge=span, huber_edge=curve[-1],
                        half_mse_edge=half_mse[-1], delta_mae_edge=delta_mae[-1]))

    quadratic = abs(error) <= delta
    substitution = rf"e = \hat y - y = {fmt_latex(y_hat)} - {fmt_latex(y, signed=True)} = {fmt_latex(error)}"
    if quadratic:
        worked_calculation([
            substitution,
            rf"\lvert e \rvert = {fmt_latex(abs(error))} \le \delta = {fmt_latex(delta)}"
            r" \;\Rightarrow\; \text{quadratic branch}",
            rf"L = \tfrac12 e^2 = \tfrac12 \cdot {fmt_latex(error, signed=True)}^2 = {fmt_latex(loss)}",
            rf"\frac{{\partial L}}{{\partial \hat y}} = e = {fmt_latex(grad)}",
        ])
        st.markdown(section("huber", "The quadratic branch applies", abs_error=abs(error), delta=delta))
    else:
        worked_calculation([
            substitution,
            rf"\lvert e \rvert = {fmt_latex(abs(error))} > \delta = {fmt_latex(delta)}"
            r" \;\Rightarrow\; \text{linear branch}",
            rf"L = \delta\,(\lvert e \rvert - \tfrac12\delta) = {fmt_latex(delta)}"
            rf" \cdot ({fmt_latex(abs(error))}"
            rf" - \tfrac12 \cdot {fmt_latex(delta)}) = {fmt_latex(loss)}",
            rf"\frac{{\partial L}}{{\partial \hat y}} = \delta \cdot \operatorname{{sign}}(e)"
            rf" = {fmt_latex(grad)}",
        ])
        st.markdown(section("huber", "The linear branch applies", abs_error=abs(error), delta=delta,
                            grad=grad))

    st.subheader("Huber in a batch")
    st.markdown(section("huber", "Huber in a batch"))
    outlier = slider(OUTLIER)
    names, labels, predictions = regression_batch(y, y_hat, outlier)
    per_sample = huber(labels, predictions, delta=delta, reduction="none")
    squared = mse(labels, predictions, reduction="none")
    sample_table({"Sample": names, "Label y": labels, "Prediction ŷ": predictions,
                  "Error ŷ − y": predictions - labels}, per_sample, loss_name="Huber loss")
    st.markdown(section(
        "huber", "The outlier's share",
        share_huber=per_sample[-1] / per_sample.sum() * 100 if per_sample.sum() > 0 else 0.0,
        share_mse=squared[-1] / squared.sum() * 100 if squared.sum() > 0 else 0.0,
        pull_huber=huber_grad(labels, predictions, delta=delta)[-1],
        pull_mse=mse_grad(labels, predictions)[-1],
    ))

    st.header("Smooth L1: Huber rescaled, for bounding boxes")
    st.markdown(section("huber", "Smooth L1"))
    st.latex(SMOOTH_L1.latex)
    beta = param_controls(SMOOTH_L1, "huber")["beta"]
    smooth, smooth_grad = smooth_l1(y, y_hat, beta=beta), smooth_l1_grad(y, y_hat, beta=beta)[0]
    huber_at_beta = huber(y, y_hat, delta=beta)
    loss_metrics([("Smooth L1 (this sample)", smooth), ("Huber with δ = β", huber_at_beta),
                  ("Gradient of smooth L1", smooth_grad)])
    smooth_curve = smooth_l1(zero, e, beta=beta, reduction="none")
    two_charts(*loss_and_gradient_figures(
        x=e, loss=smooth_curve, grad=smooth_l1_grad(zero, e, beta=beta),
        current=(error, smooth, smooth_grad), x_title="Error e (ŷ − y)", loss_name="Smooth L1",
        bands=zone_bands(beta, span, "β"),
        loss_extra=[Curve("Huber with δ = β", e, huber(zero, e, delta=beta, reduction="none"),
                          color=SERIES[2], dash="dash"),
                    Curve("MAE = |e|", e, mae(zero, e, reduction="none"), color=SERIES[3], dash="dot")],
        grad_extra=[Curve("gradient of Huber with δ = β", e, huber_grad(zero, e, delta=beta),
                          color=SERIES[2], dash="dash")],
        loss_range=(-0.05 * span, 1.1 * span),
        grad_range=(-1.25 * max(1.0, min(beta, span)), 1.25 * max(1.0, min(beta, span))),
    ), keys=("huber_smooth_l1_chart", "huber_smooth_l1_grad_chart"))
    st.latex(rf"\mathrm{{SmoothL1}}_{{\beta={fmt_latex(beta)}}}(e) = \frac{{L_{{\delta=\beta}}(e)}}{{\beta}}"
             rf" = \frac{{{fmt_latex(huber_at_beta)}}}{{{fmt_latex(beta)}}} = {fmt_latex(smooth)}")
    st.markdown(section("huber", "Smooth L1 is Huber divided by β", beta=beta, error=error,
                        huber_at_beta=huber_at_beta, ratio=huber_at_beta / beta, smooth=smooth))
    st.code(f"# Keras\n{SMOOTH_L1.keras}\n\n# PyTorch\n{SMOOTH_L1.pytorch}", language="python")
    share_link("huber", "huber")


live_lesson()
lesson_footer("huber", SPEC)

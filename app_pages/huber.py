"""Lesson: Huber loss between MSE and MAE, and smooth L1, its rescaled twin in object detection."""

import streamlit as st

from course.numbers import fmt_latex
from losses import huber, huber_grad, loss_spec, mae, mse, mse_grad, smooth_l1
from ui.content import section
from ui.controls import Preset, SliderSpec, param_slider
from ui.lesson import (
    framework_code,
    lesson_footer,
    lesson_header,
    lesson_panel,
    outlier_batch,
    worked_calculation,
)
from ui.live_panel import (
    Expr,
    Grad,
    LiveBand,
    LiveCurve,
    Loss,
    Panel,
    Readout,
    Ref,
    X,
    live_panel,
    loss_and_gradient_charts,
    maximum,
    minimum,
)
from ui.palette import SERIES, ZONE_FILL_ALT

SPEC = loss_spec("huber")
SMOOTH_L1 = loss_spec("smooth_l1")
LABEL = SliderSpec("Label y", "huber_label", -10.0, 10.0, 3.0, 0.1)
PREDICTION = SliderSpec("Prediction ŷ", "huber_pred", -10.0, 10.0, 5.0, 0.1)
DELTA, BETA = param_slider(SPEC, "delta", "huber"), param_slider(SMOOTH_L1, "beta", "huber")
OUTLIER = SliderSpec("Outlier: how far its prediction misses", "huber_outlier", 0.0, 50.0, 20.0, 0.5)
PRESETS = [
    Preset("Small error: quadratic zone", {"huber_label": 3.0, "huber_pred": 3.5, "huber_delta": 1.0}),
    Preset("Large error: linear zone", {"huber_label": 3.0, "huber_pred": 7.0, "huber_delta": 1.0}),
    Preset("δ = 10: Huber is ½·MSE", {"huber_delta": 10.0}),
    Preset("δ = 0.1: Huber is nearly δ·MAE", {"huber_delta": 0.1}),
]

Y, E = Ref(LABEL.key), Ref(PREDICTION.key) - Ref(LABEL.key)
D, B = Ref(DELTA.key), Ref(BETA.key)
# Huber depends on the error only: the curves are the losses of a label 0 and a prediction e,
# drawn from −10 to 10, wider when the current error lies beyond.
SPAN = maximum(10.0, 1.1 * abs(E))
DRAG_ERROR = (PREDICTION.key, X + Y)  # dragging the point to an error e sets ŷ = y + e


def zone_bands(threshold: Expr, name: str) -> list[LiveBand]:
    """The quadratic zone |e| ≤ threshold and the linear zones beyond it, cut to the plotted range."""
    inner = minimum(threshold, SPAN)
    # Only the left linear zone is labelled: a label is written rightwards from a band's left
    # edge, so one on the right zone would collide with the quadratic zone's when δ is small.
    return [LiveBand(-1 * inner, inner, f"quadratic |e| ≤ {name}"),
            LiveBand(-1 * SPAN, -1 * inner, f"linear |e| > {name}", ZONE_FILL_ALT),
            LiveBand(inner, SPAN, "", ZONE_FILL_ALT)]


def huber_at(x: Expr, delta: Expr = D) -> Expr:
    return Loss("huber", 0.0, x, delta=delta)


PANEL = Panel(
    "huber", [LABEL, PREDICTION, DELTA],
    [Readout("Huber loss (this sample)", huber_at(E)), Readout("Error e = ŷ − y", E),
     Readout("Gradient ∂L/∂ŷ", Grad("huber", 0.0, E, delta=D))],
    loss_and_gradient_charts(
        loss=huber_at, grad=lambda x: Grad("huber", 0.0, x, delta=D), current=E,
        grid=(-1 * SPAN, SPAN), x_title="Error e (ŷ − y)", loss_name="Huber loss", drag=DRAG_ERROR,
        bands=zone_bands(D, "δ"),
        loss_extra=[LiveCurve("½·MSE = ½e²", 0.5 * Loss("mse", 0.0, X), color=SERIES[2], dash="dash"),
                    LiveCurve("δ·MAE = δ|e|", D * Loss("mae", 0.0, X), color=SERIES[3],
                              dash="dot")],
        grad_extra=[LiveCurve("gradient of ½·MSE", 0.5 * Grad("mse", 0.0, X), color=SERIES[2], dash="dash"),
                    LiveCurve("gradient of δ·MAE", D * Grad("mae", 0.0, X), color=SERIES[3],
                              dash="dot")],
        # The loss axis follows Huber's own curve (½·MSE runs off the top when δ is small).
        loss_range=(-0.05 * huber_at(SPAN), 1.25 * huber_at(SPAN)),
        grad_range=(-1.25 * minimum(D, SPAN), 1.25 * minimum(D, SPAN)),
    ),
)
SMOOTH_PANEL = Panel(
    "huber_smooth", [BETA],
    [Readout("Smooth L1 (this sample)", Loss("smooth_l1", 0.0, E, beta=B)),
     Readout("Huber with δ = β", huber_at(E, B)),
     Readout("Gradient of smooth L1", Grad("smooth_l1", 0.0, E, beta=B))],
    loss_and_gradient_charts(
        loss=lambda x: Loss("smooth_l1", 0.0, x, beta=B),
        grad=lambda x: Grad("smooth_l1", 0.0, x, beta=B), current=E,
        grid=(-1 * SPAN, SPAN), x_title="Error e (ŷ − y)", loss_name="Smooth L1",
        bands=zone_bands(B, "β"),
        loss_extra=[LiveCurve("Huber with δ = β", huber_at(X, B), color=SERIES[2], dash="dash"),
                    LiveCurve("MAE = |e|", Loss("mae", 0.0, X), color=SERIES[3], dash="dot")],
        grad_extra=[LiveCurve("gradient of Huber with δ = β", Grad("huber", 0.0, X, delta=B),
                              color=SERIES[2], dash="dash")],
        loss_range=(-0.05 * SPAN, 1.1 * SPAN),
        grad_range=(-1.25 * maximum(1.0, minimum(B, SPAN)),
                    1.25 * maximum(1.0, minimum(B, SPAN))),
    ),
    reads=(LABEL.key, PREDICTION.key),
)

lesson_header("huber", SPEC, intro=False)


@st.fragment
def live_lesson():
    values = lesson_panel("huber", PANEL, PRESETS)
    y, y_hat, delta = values[LABEL.key], values[PREDICTION.key], values[DELTA.key]
    error = y_hat - y
    loss, grad = huber(y, y_hat, delta=delta), huber_grad(y, y_hat, delta=delta)[0]
    span = max(10.0, 1.1 * abs(error))
    st.caption("The gradient is drawn against e; since e = ŷ − y with y fixed, ∂L/∂e = ∂L/∂ŷ.")
    st.markdown(section("huber", "Between MSE and MAE", delta=delta, edge=span,
                        huber_edge=huber(0.0, span, delta=delta), half_mse_edge=0.5 * mse(0.0, span),
                        delta_mae_edge=delta * mae(0.0, span)))

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
    labels, predictions, per_sample = outlier_batch(OUTLIER, y, y_hat, "huber", loss_name="Huber loss",
                                                    delta=delta)
    squared = mse(labels, predictions, reduction="none")
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
    beta = live_panel(SMOOTH_PANEL)[BETA.key]
    smooth, huber_at_beta = smooth_l1(y, y_hat, beta=beta), huber(y, y_hat, delta=beta)
    st.latex(rf"\mathrm{{SmoothL1}}_{{\beta={fmt_latex(beta)}}}(e) = \frac{{L_{{\delta=\beta}}(e)}}{{\beta}}"
             rf" = \frac{{{fmt_latex(huber_at_beta)}}}{{{fmt_latex(beta)}}} = {fmt_latex(smooth)}")
    st.markdown(section("huber", "Smooth L1 is Huber divided by β", beta=beta, error=error,
                        huber_at_beta=huber_at_beta, ratio=huber_at_beta / beta, smooth=smooth))
    st.code(framework_code(SMOOTH_L1), language="python", wrap_lines=True)


live_lesson()
lesson_footer("huber", SPEC)

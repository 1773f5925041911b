"""Lesson: binary cross-entropy (log loss)."""

import streamlit as st

from course.frameworks import keras_binary_cross_entropy, keras_clip_top
from course.numbers import fmt_latex
from course.samples import BINARY_NAMES, binary_batch
from losses import EPSILON, binary_cross_entropy, binary_cross_entropy_grad, loss_spec
from ui.content import section
from ui.controls import Preset, SliderSpec
from ui.figures import probability_grid
from ui.lesson import lesson_footer, lesson_header, lesson_panel, sample_table, worked_calculation
from ui.live_panel import (
    Choice,
    Grad,
    LiveCurve,
    Loss,
    Panel,
    Readout,
    Ref,
    X,
    loss_and_gradient_charts,
    maximum,
)
from ui.palette import GREEN, GREY

SLUG = "bce"
LOSS = "binary_cross_entropy"
SPEC = loss_spec(LOSS)
# The label buttons show (and the URL keeps) these texts; the page reads the label from them.
POSITIVE, NEGATIVE = "y = 1 (positive)", "y = 0 (negative)"
LABELS = {POSITIVE: 1, NEGATIVE: 0}
PROBABILITY = SliderSpec("Predicted probability p (of class 1)", "bce_prob", 0.0, 1.0, 0.8, 0.001,
                         format="%.3f")
CONFIDENT = 0.99  # the probability of the "confidently wrong" example and of its preset
# The gradient chart shows ±GRADIENT_LIMIT: ∂L/∂p reaches ±10⁷ at the clip and would flatten the rest.
GRADIENT_LIMIT = 12.0
PRESETS = [
    Preset("Confident and right", {"bce_label": POSITIVE, "bce_prob": CONFIDENT}),
    Preset("Unsure", {"bce_label": POSITIVE, "bce_prob": 0.5}),
    Preset("Confidently wrong", {"bce_label": NEGATIVE, "bce_prob": CONFIDENT}),
    Preset("Certain and wrong (p = 1)", {"bce_label": NEGATIVE, "bce_prob": 1.0}),
]
MAX_LOSS = binary_cross_entropy(1.0, 0.0)  # the most one sample can cost, −ln(10⁻⁷): p is clipped
KERAS_CLIP = {"max_loss": MAX_LOSS, "clip_top": keras_clip_top(),
              "keras_certain_wrong": keras_binary_cross_entropy(0.0, 1.0),
              "keras_certain_wrong_zero": keras_binary_cross_entropy(1.0, 0.0)}

Y, P = Ref("bce_label"), Ref(PROBABILITY.key)
PANEL = Panel(
    "bce", [Choice("Label y", "bce_label", LABELS, POSITIVE), PROBABILITY],
    [Readout("BCE (this sample)", Loss(LOSS, Y, P)), Readout("Gradient ∂L/∂p", Grad(LOSS, Y, P)),
     Readout("Gradient ∂L/∂z = p − y (logit)", P - Y)],
    loss_and_gradient_charts(
        loss=lambda x: Loss(LOSS, Y, x), grad=lambda x: Grad(LOSS, Y, x), current=P,
        grid=probability_grid(), x_title="Predicted probability p", loss_name="BCE",
        drag=(PROBABILITY.key, X),
        loss_extra=[LiveCurve("BCE for the other label", Loss(LOSS, 1 - Y, X), color=GREY,
                              dash="dash")],
        grad_extra=[LiveCurve("∂L/∂z = p − y (with respect to the logit)", X - Y, color=GREEN, dash="dot")],
        loss_range=(0.0, maximum(7.0, 1.1 * Loss(LOSS, Y, P))),
        grad_range=(-GRADIENT_LIMIT, GRADIENT_LIMIT),
    ),
)

lesson_header(SLUG, SPEC, intro=False)


@st.fragment
def live_lesson():
    values = lesson_panel(SLUG, PANEL, PRESETS)
    y, p = int(values["bce_label"]), values[PROBABILITY.key]
    loss, grad = binary_cross_entropy(y, p), binary_cross_entropy_grad(y, p)[0]
    other = 1 - y
    # The logarithm that is active has an argument of 0: the clip decides the loss.
    if (y == 1 and p <= EPSILON) or (y == 0 and p >= 1 - EPSILON):
        st.info(section(SLUG, "Clipped now", p=p, y=y, term="p" if y == 1 else "1 − p", loss=loss))
    st.markdown(section(SLUG, "Reading the charts"))
    if abs(grad) > GRADIENT_LIMIT:
        st.caption(section(SLUG, "Gradient off the chart", grad=grad, limit=GRADIENT_LIMIT))

    # The probability the formula actually uses, after the clip.
    p_used = min(max(p, EPSILON), 1 - EPSILON)
    worked_calculation([
        rf"L = -\big[y \ln p + (1 - y)\ln(1 - p)\big] = -\big[{y}\cdot\ln {fmt_latex(p_used)}"
        rf" + {other}\cdot\ln {fmt_latex(1 - p_used)}\big] = {fmt_latex(loss)}",
        rf"\frac{{\partial L}}{{\partial p}} = -\frac{{y}}{{p}} + \frac{{1 - y}}{{1 - p}}"
        rf" = -\frac{{{y}}}{{{fmt_latex(p_used)}}} + \frac{{{other}}}{{{fmt_latex(1 - p_used)}}}"
        rf" = {fmt_latex(grad)}",
        rf"\frac{{\partial L}}{{\partial z}} = p - y = {fmt_latex(p)} - {y} = {fmt_latex(p - y)}",
    ], caption="p is clipped to [10⁻⁷, 1 − 10⁻⁷] before the logarithm." if p_used != p else "")

    st.subheader("Confidently wrong")
    wrong, right_loss = binary_cross_entropy(0.0, CONFIDENT), binary_cross_entropy(1.0, CONFIDENT)
    st.markdown(section(SLUG, "Confidently wrong", confident=CONFIDENT, wrong=wrong, right=right_loss,
                        ratio=wrong / right_loss))

    st.subheader("How fast the loss grows")
    at_tenth, at_hundredth = binary_cross_entropy(1.0, 0.1), binary_cross_entropy(1.0, 0.01)
    st.markdown(section(SLUG, "How fast the loss grows", at_tenth=at_tenth, at_hundredth=at_hundredth,
                        at_thousandth=binary_cross_entropy(1.0, 0.001), step=at_hundredth - at_tenth))

    st.subheader("At p = 0 or p = 1")
    st.markdown(section(SLUG, "At p = 0 or p = 1", **KERAS_CLIP))

    st.subheader("Why frameworks prefer logits")
    st.markdown(section(SLUG, "Why frameworks prefer logits", p=p, y=y, grad_logit=p - y))
    st.subheader("Convex in the logit")
    st.markdown(section(SLUG, "Convex in the logit"))

    st.subheader("A batch of predictions")
    st.markdown(section(SLUG, "A batch of predictions"))
    names, labels, probabilities = binary_batch(y, p)
    per_sample = binary_cross_entropy(labels, probabilities, reduction="none")
    sample_table({"Sample": names, "Label y": labels.astype(int), "Predicted p": probabilities},
                 per_sample, loss_name="BCE")
    mistake = BINARY_NAMES.index("confidently wrong")
    st.markdown(section(SLUG, "The confident mistake's share",
                        share=per_sample[mistake] / per_sample.sum() * 100,
                        batch_bce=binary_cross_entropy(labels, probabilities)))


live_lesson()
lesson_footer(SLUG, SPEC)

"""Lesson: the hinge loss, the loss of support vector machines."""

import numpy as np
import streamlit as st

from course.numbers import fmt_latex
from course.samples import score_batch
from course.true_class import MARGIN, loss_along_axis, probability_to_margin
from losses import EPSILON, binary_cross_entropy, hinge, hinge_grad, loss_spec
from ui.content import section
from ui.controls import Preset, SliderSpec, toggle
from ui.figures import Band, Curve, Marker, curve_figure, grid
from ui.lesson import chart, lesson_footer, lesson_header, lesson_panel, sample_table, worked_calculation
from ui.live_panel import (
    Choice,
    Const,
    Grad,
    LiveBand,
    Loss,
    Panel,
    Readout,
    Ref,
    X,
    loss_and_gradient_charts,
)
from ui.palette import BLACK, SERIES

SPEC = loss_spec("hinge")
BCE = loss_spec("binary_cross_entropy")
LABEL_KEY = "hinge_label"
# The options are the labels as written, so the address bar holds "-1" or "+1" as shown.
LABEL = Choice("Label y", LABEL_KEY, {"-1": -1, "+1": 1}, "+1", help="The true class, written −1 or +1.")
SCORE = SliderSpec("Raw score ŷ (the model's output, no sigmoid)", "hinge_score", -3.0, 3.0, 0.5, 0.1)
MARGIN_LOW, MARGIN_HIGH = -3.0, 3.0  # within ±3 the 10⁻⁷ clip inside BCE has no visible effect
PRESETS = [
    Preset("Right, beyond the margin", {LABEL_KEY: "+1", "hinge_score": 2.0}, help="y = +1, ŷ = 2: m = 2"),
    Preset("Right, inside the margin", {LABEL_KEY: "+1", "hinge_score": 0.4},
           help="y = +1, ŷ = 0.4: m = 0.4"),
    Preset("Wrong side", {LABEL_KEY: "-1", "hinge_score": 1.5}, help="y = −1, ŷ = 1.5: m = −1.5"),
]


def signed_label(label: int) -> str:
    """A label as the lesson writes it: +1 or −1."""
    return "+1" if label > 0 else "−1"


def margin_zone(margin: float) -> str:
    """Which of the three regions of the hinge a margin falls in (a heading of the lesson)."""
    if margin >= 1:
        return "Beyond the margin"
    return "Inside the margin" if margin > 0 else "Wrong side"


Y, SCORE_NOW = Ref(LABEL_KEY), Ref(SCORE.key)
MARGIN_NOW = Y * SCORE_NOW
PANEL = Panel(
    "hinge", [LABEL, SCORE],
    [Readout("Margin m = y·ŷ", MARGIN_NOW), Readout("Hinge loss", Loss("hinge", Y, SCORE_NOW)),
     Readout("Gradient ∂L/∂ŷ", Grad("hinge", Y, SCORE_NOW))],
    # Against the margin the label is +1 (the score is the margin): the gradient is ∂L/∂m.
    loss_and_gradient_charts(
        loss=lambda m: Loss("hinge", 1.0, m), grad=lambda m: Grad("hinge", 1.0, m), current=MARGIN_NOW,
        grid=(MARGIN_LOW, MARGIN_HIGH), x_title="Margin m (= y·ŷ)", loss_name="Hinge loss",
        drag=(SCORE.key, X * Y),  # dragging the point to a margin m sets ŷ = m / y = m·y (y = ±1)
        bands=[LiveBand(Const(1.0), Const(MARGIN_HIGH), "loss 0")], grad_range=(-1.5, 0.5),
    ),
)

lesson_header("hinge", SPEC, intro=False)


@st.fragment
def live_lesson():
    values = lesson_panel("hinge", PANEL, PRESETS)
    y, y_hat = int(values[LABEL_KEY]), values[SCORE.key]
    margin = y * y_hat
    loss, grad = hinge(y, y_hat), hinge_grad(y, y_hat)[0]
    grad_margin = hinge_grad(1, margin)[0]  # with the label +1 the score is the margin: this is ∂L/∂m
    x = grid(MARGIN_LOW, MARGIN_HIGH)
    ones = np.ones_like(x)
    zone = margin_zone(margin)
    st.markdown(section("hinge", "Reading the margin", margin=margin,
                        verdict=f"**{zone}.** " + section("hinge", zone)))
    st.markdown(section("hinge", "Two gradients", grad_margin=grad_margin, label=signed_label(y), grad=grad))

    worked_calculation([
        rf"m = y\,\hat y = {fmt_latex(y, signed=True)} \cdot {fmt_latex(y_hat, signed=True)}"
        rf" = {fmt_latex(margin)}",
        rf"L = \max(0,\ 1 - m) = \max(0,\ 1 - {fmt_latex(margin, signed=True)}) = {fmt_latex(loss)}",
        rf"\frac{{\partial L}}{{\partial \hat y}} = \begin{{cases}} -y & m < 1 \\ 0 & m \ge 1 \end{{cases}}"
        rf" = {fmt_latex(grad)}",
    ])

    st.subheader("Maximum margin: support vector machines")
    st.markdown(section("hinge", "Maximum margin: support vector machines"))

    st.subheader("A batch of scores")
    names, labels, scores = score_batch(y, y_hat)
    st.markdown(section("hinge", "A batch of scores", others=len(names) - 1))
    zero_one = toggle("Write the labels as 0/1", "hinge_zero_one",
                      help="0 stands for −1; the loss reads it as −1.")
    labels_given = (labels + 1) / 2 if zero_one else labels  # −1 → 0, +1 → 1
    per_sample = hinge(labels_given, scores, reduction="none")
    margins = labels * scores
    sample_table({"Sample": names, "Label y": labels_given.astype(int), "Score ŷ": scores,
                  "Margin y·ŷ (y as ±1)": margins, "Where": [margin_zone(m).lower() for m in margins]},
                 per_sample, loss_name="Hinge loss")
    st.markdown(section("hinge", "The support vectors of this batch", active=int((per_sample > 0).sum()),
                        total=len(per_sample)))

    st.subheader("Hinge against cross-entropy")
    logistic, _ = loss_along_axis(BCE, x, MARGIN)  # binary_cross_entropy(1, σ(m))
    current_logistic = loss_along_axis(BCE, [margin], MARGIN)[0][0]
    chart(curve_figure(
        "Hinge and logistic (BCE) loss against the margin", "Margin m (= y·ŷ)", "Loss",
        [Curve("hinge: max(0, 1 − m)", x, hinge(ones, x, reduction="none"), color=SERIES[0]),
         Curve("logistic: BCE(1, σ(m)) = ln(1 + e^(−m))", x, logistic, color=SERIES[2], dash="dash")],
        [Marker("hinge at the current margin", margin, loss, color=BLACK),
         Marker("logistic at the current margin", margin, current_logistic, color=SERIES[2],
                symbol="diamond")],
        [Band(1.0, MARGIN_HIGH, "hinge is 0 here")],
    ))
    st.markdown(section("hinge", "Hinge against cross-entropy", margin=margin, hinge=loss,
                        logistic=current_logistic, logistic_at_3=loss_along_axis(BCE, [3.0], MARGIN)[0][0],
                        clip_ceiling=binary_cross_entropy(1, 0.0),
                        clip_margin=float(probability_to_margin(1 - EPSILON))))


live_lesson()
lesson_footer("hinge", SPEC)

"""Lesson: the focal loss, cross-entropy that turns easy examples down."""

from dataclasses import replace

import numpy as np
import streamlit as st

from course.numbers import fmt, fmt_latex
from course.samples import (
    BACKGROUND_P,
    EASY_P_T,
    HARD_P_T,
    MISSED_OBJECT_P,
    detection_batch,
    easy_and_hard_examples,
)
from losses import binary_cross_entropy, focal, focal_grad, loss_spec
from ui.content import section
from ui.controls import Preset, SliderSpec, int_slider, param_slider
from ui.figures import bar_figure
from ui.lesson import chart, lesson_footer, lesson_header, lesson_panel, sample_table, worked_calculation
from ui.live_panel import (
    PANEL_CHART_HEIGHT,
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
    when,
)
from ui.palette import SERIES

SPEC = loss_spec("focal")
LABEL_KEY = "focal_label"
# The label buttons show (and the address keeps) "0" or "1".
LABEL = Choice("Label y", LABEL_KEY, {"0": 0, "1": 1}, "1", help="The true class: 1 or 0.")
PROBABILITY = SliderSpec("Predicted probability p (of class 1)", "focal_prob", 0.0, 1.0, 0.7, 0.01)
GAMMA = param_slider(SPEC, "gamma", "focal")
ALPHA_PARAM = next(param for param in SPEC.params if param.name == "alpha")
# α is optional (None: no class weight): a switch turns it on, and its slider is used only then.
# An older link says true/false, as the switch it replaces did.
ALPHA_ON = Choice("Weight the classes with alpha (α)", "focal_alpha_on", {"off": 0, "on": 1}, "off",
                  help=ALPHA_PARAM.description, aliases={"false": "off", "true": "on"})
ALPHA = SliderSpec("alpha (α)", "focal_alpha", ALPHA_PARAM.low, ALPHA_PARAM.high, 0.25, ALPHA_PARAM.step,
                   help=ALPHA_PARAM.description)
GAMMAS = (0.0, 0.5, 1.0, 2.0, 5.0)  # the curves of Lin et al.'s first figure
P_T_LOW = 0.05  # below it BCE's gradient −1/p_t would flatten every other curve of the gradient chart
PRESETS = [
    Preset("Easy example (p_t = 0.9)", {LABEL_KEY: "1", "focal_prob": 0.9, "focal_gamma": 2.0,
                                        "focal_alpha_on": "off"}, help="y = 1, p = 0.9, γ = 2, no α"),
    Preset("Hard example (p_t = 0.1)", {LABEL_KEY: "1", "focal_prob": 0.1, "focal_gamma": 2.0,
                                        "focal_alpha_on": "off"}, help="y = 1, p = 0.1, γ = 2, no α"),
    Preset("γ = 0: plain BCE", {"focal_gamma": 0.0, "focal_alpha_on": "off"}, help="γ = 0, no α"),
    Preset("RetinaNet: γ = 2, α = 0.25", {LABEL_KEY: "0", "focal_prob": 0.1, "focal_gamma": 2.0,
                                          "focal_alpha_on": "on", "focal_alpha": 0.25},
           help="a background anchor: y = 0, p = 0.1"),
]


def true_class_probability(label: int, p):
    """p_t: the probability the model gives to the true class."""
    return p if label == 1 else 1 - p


Y, P, G = Ref(LABEL_KEY), Ref(PROBABILITY.key), Ref(GAMMA.key)
A = when(Ref(ALPHA_ON.key), Ref(ALPHA.key), None)  # alpha=None while the class weight is off
SIGN = 2 * Y - 1  # p_t moves with p for a label 1, against it for a label 0
P_T = Y * P + (1 - Y) * (1 - P)


def p_of(p_t):
    """The probability p of class 1 that gives this true-class probability p_t."""
    return Y * p_t + (1 - Y) * (1 - p_t)


def focal_at(p_t, gamma=G):
    return Loss("focal", Y, p_of(p_t), gamma=gamma, alpha=A)


# Against p_t, seen from the true class: the gradient is ∂L/∂p_t = ±∂L/∂p.
LOSS_CHART, GRADIENT_CHART = loss_and_gradient_charts(
    loss=focal_at, grad=lambda p_t: SIGN * Grad("focal", Y, p_of(p_t), gamma=G, alpha=A), current=P_T,
    grid=(P_T_LOW, 1.0), x_title="True-class probability p_t", loss_name="Focal loss",
    drag=(PROBABILITY.key, p_of(X)),
    loss_extra=[LiveCurve("γ = 0 (BCE)" if g == 0 else f"γ = {fmt(g)}", focal_at(X, g),
                          color=SERIES[2 + GAMMAS.index(g)], dash="dash") for g in GAMMAS],
    grad_extra=[LiveCurve("gradient of BCE (γ = 0)", SIGN * Grad("binary_cross_entropy", Y, p_of(X)),
                          color=SERIES[2], dash="dash")],
    # Headroom above the highest curve (BCE at the left edge) for the legend.
    loss_range=(0.0, 1.7 * maximum(focal_at(P_T_LOW, 0.0), 0.01)),
)
PANEL = Panel(
    "focal", [LABEL, PROBABILITY, GAMMA, ALPHA_ON, ALPHA],
    [Readout("Focal loss", Loss("focal", Y, P, gamma=G, alpha=A)),
     Readout("BCE (γ = 0, no α)", Loss("binary_cross_entropy", Y, P)),
     # BCE is never 0: p is clipped away from 0 and 1.
     Readout("Focal ÷ BCE", Loss("focal", Y, P, gamma=G, alpha=A) / Loss("binary_cross_entropy", Y, P)),
     Readout("p_t", P_T), Readout("Gradient ∂L/∂p", Grad("focal", Y, P, gamma=G, alpha=A))],
    # Five controls take two rows: the six curves' legend goes inside the loss chart (they all
    # fall to 0 on the right), so that the charts stay on a 720 px screen with the controls.
    [replace(LOSS_CHART, legend_inside="top right", height=PANEL_CHART_HEIGHT),
     replace(GRADIENT_CHART, height=PANEL_CHART_HEIGHT)],
    enabled={ALPHA.key: Ref(ALPHA_ON.key)},
)

lesson_header("focal", SPEC, intro=False)


@st.fragment
def live_lesson():
    values = lesson_panel("focal", PANEL, PRESETS)
    y, p, gamma = int(values[LABEL_KEY]), values[PROBABILITY.key], values[GAMMA.key]
    alpha = values[ALPHA.key] if values[ALPHA_ON.key] else None
    params = {"gamma": gamma, "alpha": alpha}

    p_t = true_class_probability(y, p)
    loss, bce = focal(y, p, **params), binary_cross_entropy(y, p)
    grad = focal_grad(y, p, **params)[0]
    ratio = loss / bce  # BCE is never 0: p is clipped away from 0 and 1
    alpha_t = 1.0 if alpha is None else true_class_probability(y, alpha)
    weighting = (section("focal", "No class weight") if alpha is None
                 else section("focal", "Class weight", alpha=alpha, alpha_t=alpha_t))
    st.markdown(section("focal", "The current sample", label=y, p=p, p_t=p_t, weighting=weighting,
                        gamma=gamma, ratio_pct=ratio * 100, loss=loss, bce=bce))
    st.markdown(section("focal", "Reading the charts"))

    worked_calculation([
        rf"p_t = {'p' if y == 1 else '1 - p'} = {fmt_latex(p_t)}, \qquad \alpha_t = {fmt_latex(alpha_t)}"
        + (r" \ (\text{no } \alpha)" if alpha is None else ""),
        rf"\mathrm{{FL}} = -\alpha_t (1 - p_t)^{{\gamma}} \ln p_t"
        rf" = -{fmt_latex(alpha_t)} \cdot (1 - {fmt_latex(p_t)})^{{{fmt_latex(gamma)}}}"
        rf" \cdot \ln {fmt_latex(p_t)} = {fmt_latex(loss)}",
        rf"\mathrm{{BCE}} = -\ln p_t = -\ln {fmt_latex(p_t)} = {fmt_latex(bce)}",
        rf"\frac{{\mathrm{{FL}}}}{{\mathrm{{BCE}}}} = \alpha_t (1 - p_t)^{{\gamma}} = {fmt_latex(ratio)},"
        rf" \qquad \frac{{\partial \mathrm{{FL}}}}{{\partial p}} = {fmt_latex(grad)}",
    ], caption=section("focal", "Clipping") if p in (0.0, 1.0) else "")

    st.subheader("Easy and hard examples")
    st.markdown(section("focal", "Easy and hard examples", easy_p_t=EASY_P_T, hard_p_t=HARD_P_T))
    names, labels, probabilities = easy_and_hard_examples(y, p)
    per_sample = focal(labels, probabilities, **params, reduction="none")
    bce_terms = binary_cross_entropy(labels, probabilities, reduction="none")
    kept = per_sample / bce_terms
    sample_table({"Example": names, "Label y": labels.astype(int), "p": probabilities,
                  "p_t": true_class_probability(y, probabilities), "BCE": bce_terms, "Focal ÷ BCE": kept},
                 per_sample, loss_name="Focal loss")
    chart(bar_figure("How much of its cross-entropy each example keeps", "Example",
                     "Focal loss as % of BCE", names, [("focal ÷ BCE (%)", kept * 100)], y_range=(0, 105)))
    if kept[0] > 0:
        st.markdown(section("focal", "Easy against hard", gamma=gamma, easy_pct=kept[0] * 100,
                            hard_pct=kept[1] * 100, relative=kept[1] / kept[0]))
    else:
        st.markdown(section("focal", "Easy against hard, no weight"))

    st.subheader("Class imbalance in object detection")
    st.markdown(section("focal", "Class imbalance in object detection", background_p=BACKGROUND_P,
                        background_p_t=1 - BACKGROUND_P, missed_p=MISSED_OBJECT_P))
    count = int_slider("Easy background anchors in the image", "focal_background", 10, 5000, 1000,
                       help=f"Each has label 0 and p = {fmt(BACKGROUND_P)} (p_t = {fmt(1 - BACKGROUND_P)});"
                            f" the one object has p = {fmt(MISSED_OBJECT_P)}.")
    anchor_labels, anchor_probabilities = detection_batch(count)
    bce_shares = shares(binary_cross_entropy(anchor_labels, anchor_probabilities, reduction="none"))
    focal_shares = shares(focal(anchor_labels, anchor_probabilities, **params, reduction="none"))
    chart(bar_figure("Who makes up the image's loss", "Anchors", "Share of the image's total loss (%)",
                     [f"{count} easy background anchors", "1 missed object"],
                     [("BCE", bce_shares), (f"focal (γ = {fmt(gamma)})", focal_shares)], y_range=(0, 100)))
    st.markdown(section("focal", "Who makes up the loss", count=count, bce_easy=bce_shares[0],
                        bce_hard=bce_shares[1], gamma=gamma, focal_easy=focal_shares[0],
                        focal_hard=focal_shares[1]))


def shares(per_anchor: np.ndarray) -> list[float]:
    """The percentage of the total that the background anchors (all but the last) and the object
    (the last) make up."""
    total = per_anchor.sum()
    return [per_anchor[:-1].sum() / total * 100, per_anchor[-1] / total * 100]


live_lesson()
lesson_footer("focal", SPEC)

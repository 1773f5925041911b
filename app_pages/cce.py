"""Lesson: categorical cross-entropy, from raw probabilities or from logits through a softmax."""

import numpy as np
import streamlit as st

from course.distributions import cross_entropy_terms_latex, one_hot
from course.numbers import fmt_latex
from losses import (
    EPSILON,
    categorical_cross_entropy,
    categorical_cross_entropy_grad,
    loss_spec,
    softmax,
)
from ui.content import section
from ui.controls import Preset, SliderSpec, int_slider, preset_buttons, toggle
from ui.figures import probability_grid
from ui.lesson import lesson_footer, lesson_header, sample_table, worked_calculation
from ui.live_panel import (
    Choice,
    Const,
    Grad,
    Item,
    LiveBars,
    LiveCurve,
    Loss,
    Panel,
    Readout,
    Ref,
    Replace,
    Softmax,
    Vector,
    X,
    live_panel,
    loss_and_gradient_charts,
    maximum,
    panel_sent_alone,
)
from ui.palette import GREY

SLUG = "cce"
LOSS = "categorical_cross_entropy"
SPEC = loss_spec(LOSS)
CLASS_NAMES = ("Tom", "Jerry", "Spike", "Tyke", "Butch", "Nibbles")
# New classes start at probability 0, so the default row still sums to 1 when K grows.
DEFAULT_PROBABILITIES = (0.7, 0.2, 0.1, 0.0, 0.0, 0.0)
DEFAULT_LOGITS = (2.0, 1.0, 0.1, 0.0, 0.0, 0.0)
PROBABILITY_SLIDERS = [SliderSpec(f"p({name})", f"cce_p{index}", 0.0, 1.0, DEFAULT_PROBABILITIES[index], 0.01)
                       for index, name in enumerate(CLASS_NAMES)]
LOGIT_SLIDERS = [SliderSpec(f"z({name})", f"cce_z{index}", -5.0, 5.0, DEFAULT_LOGITS[index], 0.1)
                 for index, name in enumerate(CLASS_NAMES)]
# The source article's example: it is Tom, and the model says [0.9, 0.2] (a row summing to 1.1).
TOM_JERRY_LABEL = (1.0, 0.0)
TOM_JERRY_PREDICTION = (0.9, 0.2)
TOM_JERRY_FIXED = (0.9, 0.1)  # the nearest prediction that is a distribution
PRESETS = [
    Preset("Tom/Jerry as in the source", {"cce_k": 2, "cce_logits": False, "cce_label": "Tom",
                                          "cce_p0": 0.9, "cce_p1": 0.2}),
    Preset("Tom/Jerry summing to 1", {"cce_k": 2, "cce_logits": False, "cce_label": "Tom",
                                      "cce_p0": 0.9, "cce_p1": 0.1}),
    Preset("Confidently wrong", {"cce_k": 3, "cce_logits": False, "cce_label": "Spike",
                                 "cce_p0": 0.9, "cce_p1": 0.09, "cce_p2": 0.01}),
    Preset("Logits 2, 1, 0.1", {"cce_k": 3, "cce_logits": True, "cce_label": "Tom",
                                "cce_z0": 2.0, "cce_z1": 1.0, "cce_z2": 0.1}),
]
GRADIENT_LIMIT = 12.0  # the gradient chart stops at −GRADIENT_LIMIT: −1/p reaches −10⁷ at the clip
SUM_TOLERANCE = 1e-9  # sliders move in steps of 0.01, whose float sum may miss 1 by a rounding error
# Keras's value exceeds the formula's by ln S, the row sum's logarithm, below ln 6 < 2 with six
# classes: the loss axis reaches 2 above the formula's value so that both points show.
KERAS_HEADROOM = 2.0
LABEL = Ref("cce_label")


def live_panel_of(k: int, from_logits: bool) -> Panel:
    """The panel for K classes: the true class, one slider per class (a probability or a logit),
    the loss as written and as Keras computes it, the loss and gradient against the true class's
    probability, and the label and prediction as bars."""
    names = CLASS_NAMES[:k]
    y = Replace(Vector(*[0.0] * k), LABEL, 1.0)  # the one-hot label of the chosen class
    sliders = (LOGIT_SLIDERS if from_logits else PROBABILITY_SLIDERS)[:k]
    p = Vector(*(Ref(spec.key) for spec in sliders))
    if from_logits:
        p = Softmax(p)
    row_sum = sum((Item(p, index) for index in range(1, k)), Item(p, 0))
    as_written, keras = Loss(LOSS, y, p), Loss(LOSS, y, p, normalize=True)
    bars = [("Label y (one-hot)", y), ("Prediction p", p)]
    keras_curve = []
    if not from_logits:  # raw probabilities need not sum to 1: Keras divides them by their sum
        scaled = Vector(*(Item(p, index) / row_sum for index in range(k)))
        bars.append(("p ÷ row sum (what Keras scores)", scaled))
        keras_curve.append(LiveCurve("as Keras computes it",
                                     Loss(LOSS, y, Replace(p, LABEL, X), normalize=True),
                                     color=GREY, dash="dash"))
    return Panel(
        "cce", [Choice("True class (the label)", "cce_label",
                       {name: index for index, name in enumerate(names)}, names[0]), *sliders],
        [Readout("CE as written", as_written), Readout("CE as Keras computes it", keras),
         Readout("Row sum of the prediction", row_sum),
         Readout("Gradient ∂L/∂p of the true class", Item(Grad(LOSS, y, p), LABEL))],
        [*loss_and_gradient_charts(
            loss=lambda x: Loss(LOSS, y, Replace(p, LABEL, x)),
            grad=lambda x: Item(Grad(LOSS, y, Replace(p, LABEL, x)), LABEL), current=Item(p, LABEL),
            grid=probability_grid(), x_title="Probability of the true class p", loss_name="CE",
            loss_extra=keras_curve, loss_range=(0.0, maximum(7.0, 1.1 * as_written + KERAS_HEADROOM)),
            grad_range=(-GRADIENT_LIMIT, 1.0),
         ),
         LiveBars("The label and the prediction, class by class", "Class", "Probability", names, bars,
                  y_range=(Const(0.0), Const(1.05)))],
        columns=4,
    )


lesson_header(SLUG, SPEC, intro=False)


@st.fragment
def live_lesson():
    preset_buttons(PRESETS, "cce")
    # The number of classes and the kind of input decide which sliders the panel has: they sit
    # below it, so that the panel's controls and the charts they move fit a projector together.
    panel_area = st.container()
    st.markdown(section(SLUG, "Entering the prediction"))
    drawn = not panel_sent_alone()  # else they come with the rest of the page
    with st.container(horizontal=True, gap="large", vertical_alignment="center"):
        k = int_slider("Number of classes K", "cce_k", 2, len(CLASS_NAMES), 3, drawn=drawn)
        from_logits = toggle("Give logits, not probabilities", "cce_logits", drawn=drawn)
    with panel_area:
        values = live_panel(live_panel_of(k, from_logits))
    st.markdown(section(SLUG, "What it measures"))
    label = int(values["cce_label"])
    names, y = CLASS_NAMES[:k], one_hot(label, k)
    if from_logits:
        logits = np.array([values[spec.key] for spec in LOGIT_SLIDERS[:k]])
        p = softmax(logits)
    else:
        p = np.array([values[spec.key] for spec in PROBABILITY_SLIDERS[:k]])
    total = float(p.sum())
    sums_to_one = abs(total - 1) <= SUM_TOLERANCE

    as_written = categorical_cross_entropy(y, p)
    grad = categorical_cross_entropy_grad(y, p)[label]
    try:
        keras = categorical_cross_entropy(y, p, normalize=True)
    except ValueError as error:  # every probability is 0: there is no row sum to divide by
        keras = None
        st.warning(str(error))
    if not sums_to_one and keras is not None:
        st.warning(section(SLUG, "Not a distribution", total=total, as_written=as_written, keras=keras))
    if p[label] == 0:
        st.info(section(SLUG, "Clipped now", name=names[label], loss=as_written))
    st.subheader("Loss against the probability of the true class")
    st.markdown(section(SLUG, "Loss against the probability of the true class"))
    if abs(grad) > GRADIENT_LIMIT:
        st.caption(section(SLUG, "Gradient off the chart", grad=grad, limit=GRADIENT_LIMIT))

    lines = []
    if from_logits:
        lines.append(rf"p_k = \frac{{e^{{z_k}}}}{{\sum_j e^{{z_j}}}}: \quad p = \mathrm{{softmax}}("
                     rf"{', '.join(fmt_latex(z) for z in logits)}) = ({', '.join(fmt_latex(q) for q in p)})")
    lines.append(rf"\text{{as written: }} -\sum_k y_k \ln p_k = {cross_entropy_terms_latex(y, p)}"
                 rf" = -\ln {fmt_latex(max(p[label], EPSILON))} = {fmt_latex(as_written)}")
    if keras is not None:
        scaled = p / total
        lines += [
            rf"\text{{Keras: }} S = {' + '.join(fmt_latex(q) for q in p)} = {fmt_latex(total)}, \quad"
            rf" \hat p = p / S = ({', '.join(fmt_latex(q) for q in scaled)})",
            rf"-\sum_k y_k \ln \hat p_k = -\ln {fmt_latex(max(scaled[label], EPSILON))} = {fmt_latex(keras)}",
        ]
    worked_calculation(lines)

    st.subheader("Only the true class counts")
    st.markdown(section(SLUG, "Only the true class counts"))
    # One single-class "row" per class gives each class's term; + 0.0 turns −0 into 0.
    terms = categorical_cross_entropy(y[:, np.newaxis], p[:, np.newaxis], reduction="none") + 0.0
    sample_table({"Class": names, "Label yₖ": y.astype(int), "Prediction pₖ": p}, terms,
                 loss_name="Term −yₖ ln pₖ", sum_label="Sum of the terms (the cross-entropy as written)")
    if keras is not None:
        st.markdown(section(SLUG, "As written and as Keras computes it", total=total, as_written=as_written,
                            keras=keras))


live_lesson()

st.subheader("The Tom/Jerry example")
tj_written = categorical_cross_entropy(TOM_JERRY_LABEL, TOM_JERRY_PREDICTION)
tj_keras = categorical_cross_entropy(TOM_JERRY_LABEL, TOM_JERRY_PREDICTION, normalize=True)
tj_sum = sum(TOM_JERRY_PREDICTION)
st.markdown(section(
    SLUG, "The Tom/Jerry example", tom=TOM_JERRY_PREDICTION[0], jerry=TOM_JERRY_PREDICTION[1],
    tj_written=tj_written, tj_keras=tj_keras, tj_sum=tj_sum, tj_tom_share=TOM_JERRY_PREDICTION[0] / tj_sum,
    tj_ratio=tj_keras / tj_written, tj_fixed_jerry=TOM_JERRY_FIXED[1],
    tj_fixed=categorical_cross_entropy(TOM_JERRY_LABEL, TOM_JERRY_FIXED),
))
st.subheader("From logits to probabilities")
st.markdown(section(SLUG, "From logits to probabilities"))
lesson_footer(SLUG, SPEC)

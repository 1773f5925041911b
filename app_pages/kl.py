"""Lesson: Kullback-Leibler divergence between a label distribution y and a predicted one p."""

import numpy as np
import streamlit as st

from course.distributions import kl_terms_latex, normalise, softmax_logit_gradient
from course.numbers import fmt, fmt_latex
from losses import categorical_cross_entropy, kl_divergence, kl_divergence_grad, loss_spec
from ui.content import section
from ui.controls import Preset, SliderSpec, int_slider, preset_buttons
from ui.figures import probability_grid
from ui.lesson import lesson_footer, lesson_header, sample_table, worked_calculation
from ui.live_panel import (
    Const,
    Expr,
    Grad,
    Item,
    LiveBars,
    LiveChart,
    LiveCurve,
    LiveMarker,
    Loss,
    Panel,
    Readout,
    Ref,
    Vector,
    X,
    live_panel,
    maximum,
    minimum,
    panel_sent_alone,
)
from ui.palette import BLUE, VERMILION

SLUG = "kl"
LOSS = "kl_divergence"
SPEC = loss_spec(LOSS)
CLASS_NAMES = ("A", "B", "C", "D", "E")
DEFAULT_Y = (0.6, 0.3, 0.1, 0.0, 0.0)  # a fourth and fifth class start with y = 0: 0·ln 0 = 0
DEFAULT_P = (0.2, 0.5, 0.3, 0.2, 0.2)
# The widget keys (and so the shared links) keep their first names: kl_p… for the label y,
# kl_q… for the prediction p.
LABEL_KEY, PREDICTION_KEY = "p", "q"
Y_SLIDERS = [SliderSpec(f"y weight of {name}", f"kl_{LABEL_KEY}{index}", 0.0, 1.0, DEFAULT_Y[index], 0.01)
             for index, name in enumerate(CLASS_NAMES)]
P_SLIDERS = [SliderSpec(f"p weight of {name}", f"kl_{PREDICTION_KEY}{index}", 0.0, 1.0, DEFAULT_P[index],
                        0.01) for index, name in enumerate(CLASS_NAMES)]


def weights(prefix: str, values) -> dict:
    """A preset's slider values for y (``LABEL_KEY``) or p (``PREDICTION_KEY``), by widget key."""
    return {f"kl_{prefix}{index}": value for index, value in enumerate(values)}


def preset(name: str, label: tuple, prediction: tuple) -> Preset:
    """A preset of a label and a prediction, with as many classes as they have."""
    return Preset(name, {"kl_k": len(label), **weights(LABEL_KEY, label),
                         **weights(PREDICTION_KEY, prediction)})


PRESETS = [
    preset("p equals y", (0.6, 0.3, 0.1), (0.6, 0.3, 0.1)),
    preset("Peaked y, flat p", (0.8, 0.1, 0.1), (1.0, 1.0, 1.0)),
    preset("A 0 in y", (0.7, 0.3, 0.0), (0.4, 0.3, 0.3)),
    preset("A 0 in p where y > 0", (0.5, 0.3, 0.2), (0.6, 0.4, 0.0)),
]
CLIP_NOTE = "A probability of 0 under the logarithm's fraction bar is clipped to 10⁻⁷ first."
GRADIENT_LIMIT = 20.0  # the gradient chart stops at −GRADIENT_LIMIT: −y/p reaches −10⁷ where p is clipped


def normalised(weights: list[Ref]) -> Vector:
    """The weights divided by their sum: a distribution (undefined when every weight is 0)."""
    return Vector(*(weight / sum(weights[1:], weights[0]) for weight in weights))


def smallest(row: Expr, size: int) -> Expr:
    """The smallest of a row's ``size`` entries."""
    least = Item(row, 0)
    for index in range(1, size):
        least = minimum(least, Item(row, index))
    return least


def live_panel_of(k: int) -> Panel:
    """The panel for K classes: a row of sliders for the weights of y, one for those of p; both
    directions of KL, cross-entropy and entropy; the sweep of p's weight for A, y and p as bars,
    and the gradient −yₖ/pₖ as bars."""
    names = CLASS_NAMES[:k]
    y_weights = [Ref(spec.key) for spec in Y_SLIDERS[:k]]
    p_weights = [Ref(spec.key) for spec in P_SLIDERS[:k]]
    y, p = normalised(y_weights), normalised(p_weights)
    kl_yp, kl_py = Loss(LOSS, y, p), Loss(LOSS, p, y)
    # Both directions as p's weight for class A moves alone (the chart's x), through the current state.
    swept = normalised([X, *p_weights[1:]])
    gradient = Grad(LOSS, y, p)
    return Panel(
        "kl", [*Y_SLIDERS[:k], *P_SLIDERS[:k]],
        [Readout("KL(y‖p)", kl_yp), Readout("KL(p‖y)", kl_py),
         Readout("Cross-entropy H(y, p)", Loss("categorical_cross_entropy", y, p)),
         Readout("Entropy H(y)", Loss("categorical_cross_entropy", y, y))],
        [LiveChart("KL in both directions as p's weight for A moves",
                   "p's weight for class A (before normalising)", "KL divergence (nats)", probability_grid(),
                   [LiveCurve("KL(y‖p)", Loss(LOSS, y, swept), color=BLUE),
                    LiveCurve("KL(p‖y)", Loss(LOSS, swept, y), color=VERMILION, dash="dash")],
                   [LiveMarker("KL(y‖p) now", p_weights[0], kl_yp, color=BLUE),
                    LiveMarker("KL(p‖y) now", p_weights[0], kl_py, color=VERMILION, symbol="diamond")],
                   y_range=(Const(0.0), maximum(2.0, 1.15 * maximum(kl_yp, kl_py))),
                   drag=(P_SLIDERS[0].key, X)),
         LiveBars("y and p, class by class", "Class", "Probability", names,
                  [("y (label)", y), ("p (predicted)", p)], y_range=(Const(0.0), Const(1.05))),
         LiveBars("Gradient ∂KL(y‖p)/∂pₖ = −yₖ/pₖ: what the loss hands back", "Class", "∂KL(y‖p)/∂pₖ",
                  names, [("gradient", gradient)],
                  y_range=(maximum(-GRADIENT_LIMIT, 1.1 * smallest(gradient, k)), Const(0.5)))],
        columns=k,
    )


lesson_header(SLUG, SPEC, intro=False)


def values_text(distribution) -> str:
    return ", ".join(fmt(value) for value in distribution)


@st.fragment
def live_lesson():
    preset_buttons(PRESETS, "kl")
    # The number of classes decides which sliders the panel has: it sits below the panel, so
    # that the panel's controls and the charts they move fit a projector together.
    panel_area = st.container()
    st.markdown(section(SLUG, "Setting y and p"))
    k = int_slider("Number of classes K", "kl_k", 2, len(CLASS_NAMES), 3,
                   drawn=not panel_sent_alone())  # else it comes with the rest of the page
    with panel_area:
        values = live_panel(live_panel_of(k))
    st.markdown(section(SLUG, "What it measures"))
    y_weights = [values[spec.key] for spec in Y_SLIDERS[:k]]
    p_weights = [values[spec.key] for spec in P_SLIDERS[:k]]
    names = CLASS_NAMES[:k]
    empty = [which for which, given in (("y", y_weights), ("p", p_weights)) if sum(given) == 0]
    if empty:
        st.warning(section(SLUG, "All weights zero", which=" and ".join(empty)))
        return
    y, p = normalise(y_weights), normalise(p_weights)
    st.markdown(section(SLUG, "The normalised distributions", y_values=values_text(y),
                        p_values=values_text(p)))

    kl_yp, kl_py = kl_divergence(y, p), kl_divergence(p, y)
    cross_entropy, entropy = categorical_cross_entropy(y, p), categorical_cross_entropy(y, y)
    zero_in_y = [name for name, y_k in zip(names, y, strict=True) if y_k == 0]
    zero_in_p = [name for name, y_k, p_k in zip(names, y, p, strict=True) if p_k == 0 and y_k > 0]
    only_in_p = [name for name, y_k, p_k in zip(names, y, p, strict=True) if y_k == 0 and p_k > 0]
    if zero_in_y:
        st.info(section(SLUG, "Zero in y", names=", ".join(zero_in_y)))
    if zero_in_p:
        st.warning(section(SLUG, "Zero in p", names=", ".join(zero_in_p), kl_yp=kl_yp))
    if only_in_p:
        st.info(section(SLUG, "Zero in y, seen from p", names=", ".join(only_in_p), kl_py=kl_py))

    st.subheader("Not symmetric")
    st.markdown(section(SLUG, "Not symmetric", kl_yp=kl_yp, kl_py=kl_py))

    st.markdown(section(SLUG, "Reading the charts",
                        logit_grad=values_text(softmax_logit_gradient(y, p))))
    grad = kl_divergence_grad(y, p)
    steepest = int(np.argmin(grad))
    if grad[steepest] < -GRADIENT_LIMIT:
        st.caption(section(SLUG, "Gradient off the chart", name=names[steepest], grad=grad[steepest],
                           limit=GRADIENT_LIMIT))

    worked_calculation([
        rf"D_{{\mathrm{{KL}}}}(y \,\|\, p) = \sum_k y_k \ln\frac{{y_k}}{{p_k}} = {kl_terms_latex(y, p)}"
        rf" = {fmt_latex(kl_yp)}",
        rf"D_{{\mathrm{{KL}}}}(p \,\|\, y) = \sum_k p_k \ln\frac{{p_k}}{{y_k}} = {kl_terms_latex(p, y)}"
        rf" = {fmt_latex(kl_py)}",
        rf"D_{{\mathrm{{KL}}}}(y \,\|\, p) = H(y, p) - H(y)"
        rf" = {fmt_latex(cross_entropy)} - {fmt_latex(entropy)} = {fmt_latex(kl_yp)}",
    ], caption=CLIP_NOTE if np.any(p == 0) or np.any(y == 0) else "")
    st.subheader("Cross-entropy minus entropy")
    st.markdown(section(SLUG, "Cross-entropy minus entropy", ce=cross_entropy, h=entropy, kl_yp=kl_yp))

    st.subheader("Each class's term")
    st.markdown(section(SLUG, "Each class's term"))
    # One single-class "row" per class gives each class's term of the sum.
    sample_table({"Class": names, "y (label)": y, "p (predicted)": p,
                  "Term of KL(p‖y)": kl_divergence(p[:, np.newaxis], y[:, np.newaxis], reduction="none")},
                 kl_divergence(y[:, np.newaxis], p[:, np.newaxis], reduction="none"),
                 loss_name="Term of KL(y‖p)", sum_label="Sum of the terms: KL(y‖p)")


live_lesson()

st.subheader("In variational autoencoders")
st.markdown(section(SLUG, "In variational autoencoders"))
st.subheader("In distillation")
st.markdown(section(SLUG, "In distillation"))
lesson_footer(SLUG, SPEC, ln_2=kl_divergence([1.0, 0.0], [0.5, 0.5]),
              clip_log=kl_divergence([1.0, 0.0], [0.0, 1.0]))

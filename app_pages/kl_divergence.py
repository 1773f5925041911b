"""Lesson: Kullback-Leibler divergence between a true distribution P and a predicted one Q."""

import numpy as np
import streamlit as st

from losses import categorical_cross_entropy, kl_divergence, kl_divergence_grad, loss_spec
from ui.content import section
from ui.controls import Preset, SliderSpec, int_slider, preset_buttons, share_link, slider_row
from ui.distributions import kl_terms_latex, normalise, replace_class
from ui.figures import Curve, Marker, bar_figure, curve_figure, probability_grid
from ui.lesson import (
    chart,
    lesson_footer,
    lesson_header,
    loss_metrics,
    sample_table,
    two_charts,
    worked_calculation,
)
from ui.numbers import fmt, fmt_latex
from ui.palette import BLUE, VERMILION

SLUG = "kl_divergence"
SPEC = loss_spec(SLUG)
CLASS_NAMES = ("A", "B", "C", "D", "E")
DEFAULT_P = (0.6, 0.3, 0.1, 0.0, 0.0)  # a fourth and fifth class start with P = 0: 0·ln 0 = 0
DEFAULT_Q = (0.2, 0.5, 0.3, 0.2, 0.2)
P_SLIDERS = [SliderSpec(f"P weight of {name}", f"kl_p{index}", 0.0, 1.0, DEFAULT_P[index], 0.01)
             for index, name in enumerate(CLASS_NAMES)]
Q_SLIDERS = [SliderSpec(f"Q weight of {name}", f"kl_q{index}", 0.0, 1.0, DEFAULT_Q[index], 0.01)
             for index, name in enumerate(CLASS_NAMES)]


def weights(prefix: str, values) -> dict:
    """A preset's slider values for P or Q, by widget key."""
    return {f"kl_{prefix}{index}": value for index, value in enumerate(values)}


PRESETS = [
    Preset("Q equals P", {"kl_k": 3, **weights("p", (0.6, 0.3, 0.1)), **weights("q", (0.6, 0.3, 0.1))}),
    Preset("Peaked P, flat Q", {"kl_k": 3, **weights("p", (0.8, 0.1, 0.1)), **weights("q", (1.0, 1.0, 1.0))}),
    Preset("A 0 in P", {"kl_k": 3, **weights("p", (0.7, 0.3, 0.0)), **weights("q", (0.4, 0.3, 0.3))}),
    Preset("A 0 in Q where P > 0", {"kl_k": 3, **weights("p", (0.5, 0.3, 0.2)),
                                    **weights("q", (0.6, 0.4, 0.0))}),
]
CLIP_NOTE = "A probability of 0 under the logarithm's fraction bar is clipped to 10⁻⁷ first."
GRADIENT_LIMIT = 20.0  # the gradient chart stops at −GRADIENT_LIMIT: −p/q reaches −10⁷ where q is clipped

lesson_header(SLUG, SPEC)


def values_text(distribution) -> str:
    return ", ".join(fmt(value) for value in distribution)


@st.fragment
def live_lesson():
    preset_buttons(PRESETS, "kl")
    k = int_slider("Number of classes K", "kl_k", 2, len(CLASS_NAMES), 3)
    st.markdown(section(SLUG, "Setting P and Q"))
    st.markdown("**P, the true distribution**")
    p_weights = slider_row(P_SLIDERS[:k])
    st.markdown("**Q, the predicted distribution**")
    q_weights = slider_row(Q_SLIDERS[:k])
    names = CLASS_NAMES[:k]
    empty = [which for which, given in (("P", p_weights), ("Q", q_weights)) if sum(given) == 0]
    if empty:
        st.warning(section(SLUG, "All weights zero", which=" and ".join(empty)))
        share_link("kl", "kl")
        return
    p, q = normalise(p_weights), normalise(q_weights)
    st.markdown(section(SLUG, "The normalised distributions", p_values=values_text(p),
                        q_values=values_text(q)))

    kl_pq, kl_qp = kl_divergence(p, q), kl_divergence(q, p)
    cross_entropy, entropy = categorical_cross_entropy(p, q), categorical_cross_entropy(p, p)
    loss_metrics([("KL(P‖Q)", kl_pq), ("KL(Q‖P)", kl_qp), ("Cross-entropy H(P, Q)", cross_entropy),
                  ("Entropy H(P)", entropy)])
    zero_in_p = [name for name, p_k in zip(names, p, strict=True) if p_k == 0]
    zero_in_q = [name for name, p_k, q_k in zip(names, p, q, strict=True) if q_k == 0 and p_k > 0]
    only_in_q = [name for name, p_k, q_k in zip(names, p, q, strict=True) if p_k == 0 and q_k > 0]
    if zero_in_p:
        st.info(section(SLUG, "Zero in P", names=", ".join(zero_in_p)))
    if zero_in_q:
        st.warning(section(SLUG, "Zero in Q", names=", ".join(zero_in_q), kl_pq=kl_pq))
    if only_in_q:
        st.info(section(SLUG, "Zero in P, seen from Q", names=", ".join(only_in_q), kl_qp=kl_qp))

    st.subheader("Not symmetric")
    st.markdown(section(SLUG, "Not symmetric", kl_pq=kl_pq, kl_qp=kl_qp))

    st.markdown(section(SLUG, "Reading the charts"))
    # Both directions as Q's weight for class A moves alone, through the current state.
    x, q_rows = replace_class(q_weights, 0, probability_grid())
    q_rows = normalise(q_rows)
    p_rows = np.tile(p, (len(x), 1))
    sweep = curve_figure(
        "KL in both directions as Q's weight for A moves", "Q's weight for class A (before normalising)",
        "KL divergence (nats)",
        [Curve("KL(P‖Q)", x, kl_divergence(p_rows, q_rows, reduction="none"), color=BLUE),
         Curve("KL(Q‖P)", x, kl_divergence(q_rows, p_rows, reduction="none"), color=VERMILION, dash="dash")],
        [Marker("KL(P‖Q) now", q_weights[0], kl_pq, color=BLUE),
         Marker("KL(Q‖P) now", q_weights[0], kl_qp, color=VERMILION, symbol="diamond")],
        y_range=(0.0, max(2.0, 1.15 * max(kl_pq, kl_qp))),
    )
    two_charts(bar_figure("P and Q, class by class", "Class", "Probability", names,
                          [("P (true)", p), ("Q (predicted)", q)], y_range=(0.0, 1.05)), sweep)
    grad = kl_divergence_grad(p, q)
    chart(bar_figure("Gradient ∂KL(P‖Q)/∂qₖ = −pₖ/qₖ: what backpropagation receives", "Class",
                     "∂KL(P‖Q)/∂qₖ", names, [("gradient", grad)],
                     y_range=(max(-GRADIENT_LIMIT, 1.1 * float(grad.min())), 0.5)))
    steepest = int(np.argmin(grad))
    if grad[steepest] < -GRADIENT_LIMIT:
        st.caption(section(SLUG, "Gradient off the chart", name=names[steepest], grad=grad[steepest],
                           limit=GRADIENT_LIMIT))

    worked_calculation([
        rf"D_{{\mathrm{{KL}}}}(P \,\|\, Q) = \sum_k p_k \ln\frac{{p_k}}{{q_k}} = {kl_terms_latex(p, q)}"
        rf" = {fmt_latex(kl_pq)}",
        rf"D_{{\mathrm{{KL}}}}(Q \,\|\, P) = \sum_k q_k \ln\frac{{q_k}}{{p_k}} = {kl_terms_latex(q, p)}"
        rf" = {fmt_latex(kl_qp)}",
        rf"D_{{\mathrm{{KL}}}}(P \,\|\, Q) = H(P, Q) - H(P)"
        rf" = {fmt_latex(cross_entropy)} - {fmt_latex(entropy)} = {fmt_latex(kl_pq)}",
    ], caption=CLIP_NOTE if np.any(q == 0) or np.any(p == 0) else "")
    st.subheader("Cross-entropy minus entropy")
    st.markdown(section(SLUG, "Cross-entropy minus entropy", ce=cross_entropy, h=entropy, kl_pq=kl_pq))

    st.subheader("Each class's term")
    st.markdown(section(SLUG, "Each class's term"))
    # One single-class "row" per class gives each class's term of the sum.
    sample_table({"Class": names, "P (true)": p, "Q (predicted)": q,
                  "Term of KL(Q‖P)": kl_divergence(q[:, np.newaxis], p[:, np.newaxis], reduction="none")},
                 kl_divergence(p[:, np.newaxis], q[:, np.newaxis], reduction="none"),
                 loss_name="Term of KL(P‖Q)", sum_label="Sum of the terms: KL(P‖Q)")
    share_link("kl", "kl")


live_lesson()

st.subheader("In variational autoencoders")
st.markdown(section(SLUG, "In variational autoencoders"))
st.subheader("In distillation")
st.markdown(section(SLUG, "In distillation"))
lesson_footer(SLUG, SPEC)

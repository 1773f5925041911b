"""Compare classification losses: BCE, focal, hinge and the GAN generator's two losses, against
the probability of the true class or its margin (logit)."""

import pandas as pd
import streamlit as st

from losses import LOSSES, loss_spec
from ui.content import section
from ui.controls import SliderSpec, choice, param_controls, share_link, slider, toggle
from ui.figures import Curve, Marker, curve_figure, grid
from ui.lesson import chart, lesson_footer, lesson_header
from ui.numbers import fmt
from ui.palette import SERIES
from ui.true_class import (
    AXES,
    MARGIN,
    PROBABILITY,
    loss_along_axis,
    margin_to_probability,
    probability_to_margin,
)

COMPARED_KEYS = ("binary_cross_entropy", "focal", "hinge",
                 "gan_generator_minimax", "gan_generator_nonsaturating")
COMPARED = tuple(spec for spec in LOSSES if spec.key in COMPARED_KEYS)
# One colour per loss, fixed, so a curve keeps its colour when another is switched off; the
# GAN losses are dashed, since the non-saturating one lies exactly on BCE.
COLORS = {spec.key: SERIES[index] for index, spec in enumerate(COMPARED)}
DASHES = {spec.key: "dash" if spec.family == "adversarial" else "solid" for spec in COMPARED}
POINT = SliderSpec("Probability of the true class p_t", "cmpcls_point", 0.001, 0.999, 0.2, 0.001,
                   format="%.3f", help="Marked on every curve; on the margin axis at m = logit(p_t).")
X_RANGE = {PROBABILITY: (0.0, 1.0), MARGIN: (-8.0, 8.0)}
# Against p_t the losses and gradients run off to ±infinity at the edges (clipping stops them
# near ±16 and ∓10⁷); these ranges keep the interesting middle readable. Against the margin
# everything stays small, so the charts fit themselves.
LOSS_RANGE = {PROBABILITY: (-7.5, 9.0), MARGIN: None}
GRAD_RANGE = {PROBABILITY: (-12.0, 3.0), MARGIN: None}
CHART_HEIGHT = 460

lesson_header("compare_classification", count=len(COMPARED))
with st.expander("The five formulas"):
    for spec in COMPARED:
        st.markdown(f"**{spec.title}**")
        st.latex(spec.latex)
st.markdown(section("compare_classification", "The two x axes"))
st.markdown(section("compare_classification", "The gradients and the chain rule"))
st.latex(r"\frac{\partial L}{\partial m} = \frac{\partial L}{\partial p_t}\, p_t(1 - p_t)"
         r"\qquad \frac{\partial L}{\partial p_t} = \frac{\partial L / \partial m}{p_t(1 - p_t)}")
st.markdown(section("compare_classification", "What the chain rule changes"))


@st.fragment
def comparison():
    axis = choice("x axis", AXES, "cmpcls_axis", kind="radio")
    p = slider(POINT)
    params = {"focal": param_controls(loss_spec("focal"), "cmpcls", only=("gamma",))}
    with st.container(horizontal=True, gap="medium"):
        shown = [spec for spec in COMPARED if toggle(spec.title, f"cmpcls_show_{spec.key}", default=True)]

    margin = float(probability_to_margin(p))
    # Each loss and its gradient at the point, against p_t and against the margin.
    at_p = {spec.key: loss_along_axis(spec, p, PROBABILITY, **params.get(spec.key, {})) for spec in COMPARED}
    at_m = {spec.key: loss_along_axis(spec, margin, MARGIN, **params.get(spec.key, {})) for spec in COMPARED}
    here, at_here = (p, at_p) if axis == PROBABILITY else (margin, at_m)
    symbol = "p_t" if axis == PROBABILITY else "m"
    if shown:
        x = grid(*X_RANGE[axis])
        curves, loss_markers, grad_curves, grad_markers = [], [], [], []
        for spec in shown:
            name, color, dash = legend_name(spec, params), COLORS[spec.key], DASHES[spec.key]
            loss, grad = loss_along_axis(spec, x, axis, **params.get(spec.key, {}))
            loss_here, grad_here = at_here[spec.key]
            curves.append(Curve(name, x, loss, color, dash))
            grad_curves.append(Curve(name, x, grad, color, dash))
            loss_markers.append(Marker(f"{name} at this point", here, loss_here[0], color))
            grad_markers.append(Marker(f"{name} at this point", here, grad_here[0], color))
        # Five curves and their markers need the full width: the charts are stacked, not side by side.
        chart(curve_figure(f"Losses against the {axis[0].lower()}{axis[1:]}", axis, "Loss",
                           curves, loss_markers, y_range=LOSS_RANGE[axis], zero_line=True,
                           height=CHART_HEIGHT))
        chart(curve_figure(f"Gradients ∂L/∂{symbol}: what backpropagation receives", axis,
                           f"∂L/∂{symbol}", grad_curves, grad_markers, y_range=GRAD_RANGE[axis],
                           zero_line=True, height=CHART_HEIGHT))
        if axis == PROBABILITY:
            low, high = GRAD_RANGE[PROBABILITY]
            st.caption(section("compare_classification", "The gradient chart is cut", low=low, high=high))
    else:
        st.info(section("compare_classification", "Nothing to draw"))

    st.subheader("Every loss at this point")
    st.dataframe(pd.DataFrame([
        {"Loss": legend_name(spec, params), "Value at this point": fmt(at_p[spec.key][0][0]),
         "Gradient ∂L/∂p_t": fmt(at_p[spec.key][1][0]), "Gradient ∂L/∂m": fmt(at_m[spec.key][1][0])}
        for spec in COMPARED
    ]), hide_index=True, width="stretch")
    st.markdown(section(
        "compare_classification", "At this point", p=p, m=margin, gamma=params["focal"]["gamma"],
        focal_share=at_p["focal"][0][0] / at_p["binary_cross_entropy"][0][0] * 100,
        hinge_edge=float(margin_to_probability(1.0)),
        minimax_margin_grad=at_m["gan_generator_minimax"][1][0],
    ))
    share_link("cmpcls", "compare-classification")


def legend_name(spec, params) -> str:
    """The loss's short name, with its parameters when it has some ("Focal (γ = 2)")."""
    settings = ", ".join(f"{param.symbol} = {fmt(params[spec.key][param.name])}"
                         for param in spec.params if param.name in params.get(spec.key, {}))
    return f"{spec.short} ({settings})" if settings else spec.short


comparison()
st.subheader("Which one when")
st.markdown(section("compare_classification", "Which one when"))
lesson_footer("compare_classification")

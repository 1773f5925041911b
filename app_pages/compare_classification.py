"""Compare classification losses: BCE, focal, hinge and the GAN generator's two losses, against
the probability of the true class or its margin (logit)."""

import streamlit as st

from course.numbers import fmt
from course.true_class import (
    AXES,
    MARGIN,
    PROBABILITY,
    loss_along_axis,
    margin_to_probability,
    probability_to_margin,
)
from losses import EPSILON, LOSSES, LossSpec, loss_spec
from ui.content import section
from ui.controls import SliderSpec, choice, param_slider, toggle
from ui.figures import legend_height
from ui.lesson import lesson_footer, lesson_header, lesson_panel
from ui.live_panel import (
    PANEL_CHART_HEIGHT,
    Expr,
    Grad,
    LiveChart,
    LiveCurve,
    LiveMarker,
    Loss,
    Panel,
    Readout,
    Ref,
    X,
    as_expr,
    current_values,
    exp,
    log,
    maximum,
    minimum,
    panel_sent_alone,
)
from ui.palette import SERIES
from ui.tables import columns_dataframe

COMPARED_KEYS = ("binary_cross_entropy", "focal", "hinge",
                 "gan_generator_minimax", "gan_generator_nonsaturating")
COMPARED = tuple(spec for spec in LOSSES if spec.key in COMPARED_KEYS)
# One colour per loss, fixed, so a curve keeps its colour when another is switched off; the
# GAN losses are dashed, since the non-saturating one lies exactly on BCE.
COLORS = {spec.key: SERIES[index] for index, spec in enumerate(COMPARED)}
DASHES = {spec.key: "dash" if spec.family == "adversarial" else "solid" for spec in COMPARED}
POINT = SliderSpec("Probability of the true class p_t", "compare_classification_point", 0.001, 0.999, 0.2,
                   0.001, format="%.3f", help="Marked on every curve; on the margin axis at m = logit(p_t).")
GAMMA = param_slider(loss_spec("focal"), "gamma", "compare_classification")
CONTROLS = [POINT, GAMMA]
X_RANGE = {PROBABILITY: (0.0, 1.0), MARGIN: (-8.0, 8.0)}
# Against p_t the losses and gradients run off to ±infinity at the edges (clipping stops them
# near ±16 and ∓10⁷); these ranges keep the interesting middle readable. Against the margin
# everything stays small, so the charts fit themselves.
LOSS_RANGE = {PROBABILITY: (-7.5, 9.0), MARGIN: None}
GRAD_RANGE = {PROBABILITY: (-12.0, 3.0), MARGIN: None}


def clipped(p: Expr) -> Expr:
    """p as the losses clip it, so that the logit and the sigmoid's slope stay finite."""
    return minimum(maximum(p, EPSILON), 1 - EPSILON)


def logit(p: Expr) -> Expr:
    return log(clipped(p) / (1 - clipped(p)))


def sigmoid(m: Expr) -> Expr:
    return 1 / (1 + exp(-1 * m))


def along_axis(spec: LossSpec, p: Expr, m: Expr, axis: str) -> tuple[Expr, Expr]:
    """The loss at the point (p_t, m) and its gradient with respect to the axis's variable: the
    expressions of course.true_class.loss_along_axis (the true class labelled 1, +1 for hinge)."""
    params = {"gamma": Ref(GAMMA.key)} if spec.key == "focal" else {}
    slope = clipped(p) * (1 - clipped(p))  # dp/dm, the chain rule's factor
    if spec.inputs == "score":  # hinge reads the margin: its gradient is d/dm
        d_margin = Grad(spec.key, 1.0, m)
        return Loss(spec.key, 1.0, m), d_margin if axis == MARGIN else d_margin / slope
    args = (1.0, p) if spec.inputs == "probability" else (p,)
    d_p = Grad(spec.key, *args, **params)
    return Loss(spec.key, *args, **params), d_p * slope if axis == MARGIN else d_p


def legend_name(spec, gamma: float) -> str:
    """The loss's short name, with its parameters when it has some ("Focal (γ = 2)")."""
    return f"{spec.short} (γ = {fmt(gamma)})" if spec.key == "focal" else spec.short


def comparison_panel(axis: str, shown: list[LossSpec], gamma: float) -> Panel:
    p_here = Ref(POINT.key)
    m_here = logit(p_here)
    here = p_here if axis == PROBABILITY else m_here
    p_x, m_x = (X, logit(X)) if axis == PROBABILITY else (sigmoid(X), X)
    curves, grad_curves, markers, grad_markers, readouts = [], [], [], [], []
    for spec in shown:
        name, color, dash = legend_name(spec, gamma), COLORS[spec.key], DASHES[spec.key]
        loss, grad = along_axis(spec, p_x, m_x, axis)
        loss_here, grad_here = along_axis(spec, p_here, m_here, axis)
        curves.append(LiveCurve(name, loss, color, dash))
        grad_curves.append(LiveCurve(name, grad, color, dash))
        markers.append(LiveMarker(f"{name} at this point", here, loss_here, color))
        grad_markers.append(LiveMarker(f"{name} at this point", here, grad_here, color))
        # Named without γ: a readout's label stays put while γ moves (the legend and table give it).
        readouts.append(Readout(spec.short, loss_here))
    symbol = "p_t" if axis == PROBABILITY else "m"
    grid = tuple(map(as_expr, X_RANGE[axis]))
    y_ranges = [None if ends is None else tuple(map(as_expr, ends))
                for ends in (LOSS_RANGE[axis], GRAD_RANGE[axis])]
    # One legend, under the loss chart, naming the curves; the gradients keep the same colours.
    height = PANEL_CHART_HEIGHT + legend_height(len(curves))
    charts = [
        LiveChart(f"Losses against the {axis[0].lower()}{axis[1:]}", axis, "Loss", grid, curves, markers,
                  y_range=y_ranges[0], zero_line=True, height=height),
        LiveChart(f"Gradients ∂L/∂{symbol}: what backpropagation receives", axis, f"∂L/∂{symbol}", grid,
                  grad_curves, grad_markers, y_range=y_ranges[1], zero_line=True, height=height,
                  legend=False),
    ] if shown else []
    readouts = [Readout("Margin m = logit(p_t)", m_here), *readouts]
    return Panel("compare_classification", CONTROLS, readouts, charts)


lesson_header("compare_classification", intro=False)


@st.fragment
def comparison():
    gamma = current_values(Panel("compare_classification", CONTROLS, []))[GAMMA.key]
    top = st.container()  # the panel, drawn once the widgets below say what it shows
    drawn = not panel_sent_alone()  # else they come with the rest of the page
    with st.container(horizontal=True, gap="medium", vertical_alignment="center"):
        axis = choice("x axis", AXES, "compare_classification_axis", kind="radio", drawn=drawn)
        shown = [spec for spec in COMPARED
                 if toggle(spec.short, f"compare_classification_show_{spec.key}", default=True, drawn=drawn)]
    with top:
        values = lesson_panel("compare_classification", comparison_panel(axis, shown, gamma),
                              count=len(COMPARED))
    p, gamma = values[POINT.key], values[GAMMA.key]
    params = {"focal": {"gamma": gamma}}
    if not shown:
        st.info(section("compare_classification", "Nothing to draw"))
    elif axis == PROBABILITY:
        low, high = GRAD_RANGE[PROBABILITY]
        st.caption(section("compare_classification", "The gradient chart is cut", low=low, high=high))

    margin = float(probability_to_margin(p))
    # Each loss and its gradient at the point, against p_t and against the margin.
    at_p = {spec.key: loss_along_axis(spec, p, PROBABILITY, **params.get(spec.key, {})) for spec in COMPARED}
    at_m = {spec.key: loss_along_axis(spec, margin, MARGIN, **params.get(spec.key, {})) for spec in COMPARED}
    st.subheader("Every loss at this point")
    table, _ = columns_dataframe({
        "Loss": [legend_name(spec, gamma) for spec in COMPARED],
        "Value at this point": [fmt(at_p[spec.key][0][0]) for spec in COMPARED],
        "Gradient ∂L/∂p_t": [fmt(at_p[spec.key][1][0]) for spec in COMPARED],
        "Gradient ∂L/∂m": [fmt(at_m[spec.key][1][0]) for spec in COMPARED],
    })
    st.dataframe(table, hide_index=True, width="stretch")
    st.markdown(section(
        "compare_classification", "At this point", p=p, m=margin, gamma=gamma,
        focal_share=at_p["focal"][0][0] / at_p["binary_cross_entropy"][0][0] * 100,
        hinge_edge=float(margin_to_probability(1.0)),
        minimax_margin_grad=at_m["gan_generator_minimax"][1][0],
    ))


comparison()
with st.expander("The five formulas"):
    for spec in COMPARED:
        st.markdown(f"**{spec.title}**")
        st.latex(spec.latex)
st.markdown(section("compare_classification", "The two x axes"))
st.markdown(section("compare_classification", "The gradients and the chain rule"))
st.latex(r"\frac{\partial L}{\partial m} = \frac{\partial L}{\partial p_t}\, p_t(1 - p_t)"
         r"\qquad \frac{\partial L}{\partial p_t} = \frac{\partial L / \partial m}{p_t(1 - p_t)}")
st.markdown(section("compare_classification", "What the chain rule changes"))
st.subheader("Which one when")
st.markdown(section("compare_classification", "Which one when"))
lesson_footer("compare_classification")

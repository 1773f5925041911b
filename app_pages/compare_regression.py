"""Compare the regression losses of the catalogue on one chart, and their gradients on another."""

import numpy as np
import streamlit as st

from losses import LOSSES, LossSpec, poisson
from ui.content import section
from ui.controls import SliderSpec, param_controls, share_link, slider, toggle
from ui.figures import Curve, Marker, curve_figure, grid
from ui.lesson import lesson_footer, lesson_header, two_charts
from ui.numbers import fmt, fmt_percent
from ui.palette import SERIES

# Losses whose label and prediction are plain numbers (counts for Poisson).
REGRESSION_INPUTS = ("regression", "counts")
SPECS = [spec for spec in LOSSES if spec.inputs in REGRESSION_INPUTS]
# Losses in percent, drawn divided by 100 so that they share the axis with the others.
PERCENT_LOSSES = {"mape"}
LABEL = SliderSpec("Label y", "cmpreg_label", 0.0, 10.0, 3.0, 0.1,
                   help="Non-negative, so that the Poisson loss (for counts) applies.")
PREDICTION = SliderSpec("Prediction ŷ", "cmpreg_pred", -5.0, 15.0, 5.0, 0.1)
# The charts show predictions from y − 5 to y + 5 (wider if the current prediction is outside).
HALF_WIDTH = 5.0
LOSS_RANGE, GRAD_RANGE = (-0.25, 8.0), (-3.0, 3.0)
CHART_HEIGHT = 500  # taller than a lesson chart: six curves and their legend

lesson_header("compare_regression", count=len(SPECS))


def display_name(spec: LossSpec, params: dict, *, drawn: bool = True) -> str:
    """The legend name: short name, parameter values, and how the curve is rescaled (``drawn``)
    or, for the table, which keeps percent losses in percent, its unit."""
    values = ", ".join(f"{param.symbol} = {fmt(params[param.name])}" for param in spec.params)
    name = f"{spec.short} ({values})" if values else spec.short
    if spec.key in PERCENT_LOSSES:
        return f"{name} ÷ 100" if drawn else f"{name} (in %)"
    return name


def table_numbers(spec: LossSpec, value: float, slope: float) -> tuple[str, str]:
    """A loss's value and gradient as the table writes them: a percent loss with its unit."""
    if spec.key in PERCENT_LOSSES:
        return fmt_percent(value), f"{fmt_percent(slope)} per unit"
    return fmt(value), fmt(slope)


def drawn_curve(spec: LossSpec, params: dict, y: float, x: np.ndarray):
    """The loss and its gradient where they are defined on the grid, shifted to 0 at ŷ = y and
    scaled to a fraction for percent losses. Raises ValueError where the loss is undefined."""
    if spec.inputs == "counts":
        x = x[x >= 0]  # a Poisson rate cannot be negative
    labels = np.full_like(x, y)
    scale = 0.01 if spec.key in PERCENT_LOSSES else 1.0
    at_perfect = spec.fn(y, y, **params)
    loss = (spec.fn(labels, x, **params, reduction="none") - at_perfect) * scale
    return x, loss, spec.grad(labels, x, **params) * scale, at_perfect, scale


@st.fragment
def live_lesson():
    left, right = st.columns(2)
    with left:
        y = slider(LABEL)
    with right:
        y_hat = slider(PREDICTION)
    st.markdown("**Show**")
    shown = {}
    for spec, column in zip(SPECS, st.columns(len(SPECS)), strict=True):
        with column:
            shown[spec.key] = toggle(spec.short, f"cmpreg_show_{spec.key}", True)
    with st.expander("Loss parameters", expanded=True):
        params = {spec.key: param_controls(spec, "cmpreg") for spec in SPECS}

    x = grid(min(y - HALF_WIDTH, y_hat - 1), max(y + HALF_WIDTH, y_hat + 1))
    loss_curves, grad_curves, loss_markers, grad_markers, rows, notes = [], [], [], [], [], []
    for index, spec in enumerate(SPECS):
        if not shown[spec.key]:
            continue
        color, name = SERIES[index % len(SERIES)], display_name(spec, params[spec.key])
        try:
            xs, loss, grad, at_perfect, scale = drawn_curve(spec, params[spec.key], y, x)
        except ValueError as undefined:
            notes.append(section("compare_regression", "Not drawn", loss=name, reason=str(undefined)))
            continue
        loss_curves.append(Curve(name, xs, loss, color=color))
        grad_curves.append(Curve(f"gradient of {name}", xs, grad, color=color))
        try:
            value, slope = spec.fn(y, y_hat, **params[spec.key]), spec.grad(y, y_hat, **params[spec.key])[0]
        except ValueError as undefined:
            notes.append(section("compare_regression", "No value at this prediction", loss=name,
                                 prediction=y_hat, reason=str(undefined)))
            continue
        loss_markers.append(Marker(f"{name} at ŷ", y_hat, (value - at_perfect) * scale, color=color,
                                   legend=False))
        grad_markers.append(Marker(f"gradient of {name} at ŷ", y_hat, slope * scale, color=color,
                                   legend=False))
        rows.append((display_name(spec, params[spec.key], drawn=False), *table_numbers(spec, value, slope)))

    two_charts(
        curve_figure("Regression losses against the prediction", "Prediction ŷ", "Loss (0 when ŷ = y)",
                     loss_curves, loss_markers, y_range=LOSS_RANGE, height=CHART_HEIGHT),
        curve_figure("Their gradients ∂L/∂ŷ", "Prediction ŷ", "∂L/∂ŷ", grad_curves, grad_markers,
                     y_range=GRAD_RANGE, zero_line=True, height=CHART_HEIGHT),
        keys=("cmpreg_loss_chart", "cmpreg_grad_chart"),
    )
    for note in notes:
        st.info(note)
    st.markdown(section("compare_regression", "How to read the charts", label=y, prediction=y_hat,
                        poisson_floor=poisson(y, y)))
    st.subheader(f"At ŷ = {fmt(y_hat)}, y = {fmt(y)}")
    st.dataframe({"Loss": [name for name, _, _ in rows], "Value": [value for _, value, _ in rows],
                  "Gradient ∂L/∂ŷ": [slope for _, _, slope in rows]}, hide_index=True)
    share_link("cmpreg", "compare-regression")


live_lesson()
st.subheader("What the shapes say")
st.markdown(section("compare_regression", "What the shapes say"))
st.subheader("Which one to choose")
st.markdown(section("compare_regression", "Which one to choose"))
lesson_footer("compare_regression")

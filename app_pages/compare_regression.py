"""Compare the regression losses of the catalogue on one chart, and their gradients on another."""

import numpy as np
import streamlit as st

from course.numbers import fmt, fmt_percent
from losses import LOSSES, LossSpec, poisson
from ui.content import section
from ui.controls import SliderSpec, param_slider, toggle
from ui.figures import legend_height
from ui.lesson import lesson_footer, lesson_header, lesson_panel
from ui.live_panel import (
    PANEL_CHART_HEIGHT,
    Const,
    Expr,
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
    maximum,
    panel_sent_alone,
    undefined_because,
)
from ui.palette import SERIES
from ui.tables import columns_dataframe

# Losses whose label and prediction are plain numbers (counts for Poisson).
REGRESSION_INPUTS = ("regression", "counts")
SPECS = [spec for spec in LOSSES if spec.inputs in REGRESSION_INPUTS]
# Losses in percent, drawn divided by 100 so that they share the axis with the others.
PERCENT_LOSSES = {"mape"}
LABEL = SliderSpec("Label y", "compare_regression_label", 0.0, 10.0, 3.0, 0.1,
                   help="Non-negative, so that the Poisson loss (for counts) applies.")
PREDICTION = SliderSpec("Prediction ŷ", "compare_regression_pred", -5.0, 15.0, 5.0, 0.1)
PARAMS = {spec.key: [param_slider(spec, param.name, "compare_regression") for param in spec.params]
          for spec in SPECS}
CONTROLS = [LABEL, PREDICTION, *(control for controls in PARAMS.values() for control in controls)]
# The charts show every prediction the slider reaches, on axes that hold still: moving the label
# moves the curves along them (their minimum sits at ŷ = y), as on each loss's own lesson.
GRID = (Const(PREDICTION.low), Const(PREDICTION.high))
LOSS_RANGE, GRAD_RANGE = (-0.25, 8.0), (-3.0, 3.0)
Y, Y_HAT = Ref(LABEL.key), Ref(PREDICTION.key)

lesson_header("compare_regression", intro=False)


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


def loss_at(spec: LossSpec, x: Expr, part: str = "value") -> Expr:
    """The loss (or its gradient) at a prediction x for the panel's label and parameters."""
    params = {control.key.removeprefix("compare_regression_"): Ref(control.key)
              for control in PARAMS[spec.key]}
    return Loss(spec.key, Y, x, part=part, **params)


def drawn_at(spec: LossSpec, x: Expr, part: str = "value") -> Expr:
    """As drawn: shifted to 0 at ŷ = y (the gradient needs no shift), a fraction for a percent loss."""
    scale = 0.01 if spec.key in PERCENT_LOSSES else 1.0
    value = loss_at(spec, x, part) if part == "grad" else loss_at(spec, x) - loss_at(spec, Y)
    return scale * value


def comparison_panel(shown: dict[str, bool], values: dict) -> tuple[Panel, list[str]]:
    """The panel for the losses switched on, and a note for each one that cannot be drawn."""
    loss_curves, grad_curves, loss_markers, grad_markers, readouts, notes = [], [], [], [], [], []
    x_grid = np.linspace(PREDICTION.low, PREDICTION.high, 5)
    for index, spec in enumerate(SPECS):
        if not shown[spec.key]:
            continue
        params = {param.name: values[f"compare_regression_{param.name}"] for param in spec.params}
        color, name = SERIES[index % len(SERIES)], display_name(spec, params)
        # Named without δ or β, and kept where the loss is undefined (it shows "undefined"): the
        # readouts stay put while the controls move. MAPE's says its unit.
        readouts.append(Readout(f"{spec.short} (in %)" if spec.key in PERCENT_LOSSES else spec.short,
                                loss_at(spec, Y_HAT)))
        # A Poisson rate cannot be negative: its curve is drawn from ŷ = 0 on.
        x = maximum(X, 0.0) if spec.inputs == "counts" else None
        reason = undefined_because(drawn_at(spec, X if x is None else x), values, x_grid)
        if reason:
            notes.append(section("compare_regression", "Not drawn", loss=name, reason=reason))
            continue
        loss_curves.append(LiveCurve(name, drawn_at(spec, X if x is None else x), color, x=x))
        grad_curves.append(LiveCurve(f"gradient of {name}", drawn_at(spec, X if x is None else x, "grad"),
                                     color, x=x))
        reason = undefined_because(loss_at(spec, Y_HAT), values)
        if reason:
            notes.append(section("compare_regression", "No value at this prediction", loss=name,
                                 prediction=values[PREDICTION.key], reason=reason))
            continue
        loss_markers.append(LiveMarker(f"{name} at ŷ", Y_HAT, drawn_at(spec, Y_HAT), color))
        grad_markers.append(LiveMarker(f"gradient of {name} at ŷ", Y_HAT, drawn_at(spec, Y_HAT, "grad"),
                                       color))
    # One legend, under the loss chart; the gradients keep their loss's colour. Same heights, so
    # that the two plots line up side by side.
    height = PANEL_CHART_HEIGHT + legend_height(len(loss_curves))
    charts = [
        LiveChart("Regression losses against the prediction", "Prediction ŷ", "Loss (0 when ŷ = y)", GRID,
                  loss_curves, loss_markers, y_range=tuple(map(as_expr, LOSS_RANGE)), height=height,
                  drag=(PREDICTION.key, X)),
        LiveChart("Their gradients ∂L/∂ŷ", "Prediction ŷ", "∂L/∂ŷ", GRID, grad_curves, grad_markers,
                  y_range=tuple(map(as_expr, GRAD_RANGE)), zero_line=True, height=height, legend=False,
                  drag=(PREDICTION.key, X)),
    ] if loss_curves else []
    return Panel("compare_regression", CONTROLS, readouts, charts), notes


@st.fragment
def live_lesson():
    values = current_values(Panel("compare_regression", CONTROLS, []))
    top = st.container()  # the panel, drawn once the switches below say which curves it holds
    st.markdown("**Show**")
    drawn = not panel_sent_alone()  # else they come with the rest of the page
    shown = {}
    for spec, column in zip(SPECS, st.columns(len(SPECS)), strict=True):
        with column:
            shown[spec.key] = toggle(spec.short, f"compare_regression_show_{spec.key}", True, drawn=drawn)
    panel, notes = comparison_panel(shown, values)
    with top:
        values = lesson_panel("compare_regression", panel, count=len(SPECS))
    y, y_hat = values[LABEL.key], values[PREDICTION.key]
    for note in notes:
        st.info(note)
    # Poisson's raw value at ŷ = y, the shift of its curve; a negative label is no count.
    floor = fmt(poisson(y, y)) if y >= 0 else "undefined here (a count is never negative)"
    st.markdown(section("compare_regression", "How to read the charts", label=y, prediction=y_hat,
                        poisson_floor=floor))
    rows = []
    for spec in SPECS:
        params = {param.name: values[f"compare_regression_{param.name}"] for param in spec.params}
        if not shown[spec.key] or undefined_because(loss_at(spec, Y_HAT), values):
            continue
        value, slope = spec.fn(y, y_hat, **params), spec.grad(y, y_hat, **params)[0]
        rows.append((display_name(spec, params, drawn=False), *table_numbers(spec, value, slope)))
    st.subheader(f"At ŷ = {fmt(y_hat)}, y = {fmt(y)}")
    table, number_formats = columns_dataframe({"Loss": [name for name, _, _ in rows],
                                               "Value": [value for _, value, _ in rows],
                                               "Gradient ∂L/∂ŷ": [slope for _, _, slope in rows]})
    st.dataframe(table, hide_index=True, column_config=number_formats)


live_lesson()
st.subheader("What the shapes say")
st.markdown(section("compare_regression", "What the shapes say"))
st.subheader("Which one to choose")
st.markdown(section("compare_regression", "Which one to choose"))
lesson_footer("compare_regression")

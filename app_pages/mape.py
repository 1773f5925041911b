"""Lesson: MAPE, the error as a percentage of the label; the source's two cases side by side."""

import numpy as np
import streamlit as st

from course.numbers import fmt_latex
from losses import loss_spec, mape, mape_grad, mse
from ui.content import section
from ui.controls import Preset, SliderSpec, choice
from ui.figures import Band, Curve, bar_figure, grid, loss_and_gradient_figures
from ui.lesson import (
    chart,
    lesson_footer,
    lesson_header,
    lesson_panel,
    sample_table,
    two_charts,
    worked_calculation,
)
from ui.live_panel import (
    LiveBand,
    LiveChart,
    LiveCurve,
    LiveMarker,
    Loss,
    Panel,
    Readout,
    Ref,
    X,
    as_expr,
    maximum,
)
from ui.palette import GREY, ZONE_FILL_ALT

SPEC = loss_spec("mape")
UNITS = "units sold"


def case_controls(name: str, suffix: str, label: float, prediction: float) -> tuple[SliderSpec, SliderSpec]:
    """A case's label and forecast, in whole units sold."""
    return (SliderSpec(f"{name}: label y ({UNITS})", f"mape_label_{suffix}", 0.0, 2000.0, label, 1.0,
                       format="%g"),
            SliderSpec(f"{name}: prediction ŷ ({UNITS})", f"mape_pred_{suffix}", 0.0, 2000.0, prediction, 1.0,
                       format="%g"))


CASES = {"Case A": case_controls("Case A", "a", 1010.0, 1000.0),
         "Case B": case_controls("Case B", "b", 15.0, 5.0)}
PRESETS = [
    Preset("The source's example: 1000 for 1010, 5 for 15",
           {"mape_label_a": 1010.0, "mape_pred_a": 1000.0, "mape_label_b": 15.0, "mape_pred_b": 5.0}),
    Preset("Same MAPE, very different MSE",
           {"mape_label_a": 1000.0, "mape_pred_a": 900.0, "mape_label_b": 10.0, "mape_pred_b": 9.0}),
    Preset("A label of 0",
           {"mape_label_a": 1010.0, "mape_pred_a": 1000.0, "mape_label_b": 0.0, "mape_pred_b": 5.0}),
]
LOSS_NAME = "Absolute % error"


def case_chart(name: str) -> LiveChart:
    """One case's percentage error against its forecast, its point draggable. At a label of 0
    MAPE is undefined: the curve and the point are not drawn."""
    label, prediction = CASES[name]
    y, y_hat = Ref(label.key), Ref(prediction.key)
    zero, top = as_expr(0.0), maximum(maximum(3 * y, 1.1 * y_hat), 1.0)
    return LiveChart(
        f"{name}: {LOSS_NAME.lower()} against ŷ", f"Prediction ŷ ({UNITS})", f"{LOSS_NAME} (loss)",
        (zero, top),
        [LiveCurve(LOSS_NAME, Loss("mape", y, X))],
        [LiveMarker("current value", y_hat, Loss("mape", y, y_hat))],
        [LiveBand(zero, y, "too low"), LiveBand(y, top, "too high: no ceiling", ZONE_FILL_ALT)],
        drag=(prediction.key, X),
    )


PANEL = Panel(
    "mape", [spec for specs in CASES.values() for spec in specs],
    [readout for name, (label, prediction) in CASES.items()
     for readout in (Readout(f"MSE ({name})", Loss("mse", Ref(label.key), Ref(prediction.key))),
                     Readout(f"MAPE ({name}, %)", Loss("mape", Ref(label.key), Ref(prediction.key))))],
    # The two cases side by side (the ceiling of an under-forecast is drawn further down).
    [case_chart("Case A"), case_chart("Case B")],
    columns=2,  # a case a row: its label, then its forecast
)

lesson_header("mape", SPEC, intro=False)


def forecast_case(name: str, values: dict[str, float]) -> tuple[float, float, float | None]:
    """One case's values from the panel. Returns (label, prediction, MAPE or None if undefined)."""
    label_spec, prediction_spec = CASES[name]
    y, y_hat = values[label_spec.key], values[prediction_spec.key]
    try:
        percent = mape(y, y_hat)
    except ValueError as undefined:
        st.info(f"{name}: {undefined}\n\n{section('mape', 'A label of 0')}")
        return y, y_hat, None
    return y, y_hat, percent


def worked_cases(defined: dict[str, tuple[float, float, float]]) -> None:
    """The calculation of each case whose MAPE is defined, and their table."""
    worked_calculation([
        rf"\text{{{name}: }} 100\,\% \cdot \frac{{\lvert y - \hat y \rvert}}{{\lvert y \rvert}}"
        rf" = 100\,\% \cdot \frac{{\lvert {fmt_latex(y)} - {fmt_latex(y_hat, signed=True)} \rvert}}"
        rf"{{{fmt_latex(abs(y))}}} = {fmt_latex(percent)}\,\%,"
        rf" \qquad (y - \hat y)^2 = {fmt_latex(mse(y, y_hat))}"
        for name, (y, y_hat, percent) in defined.items()
    ], "MAPE divides each miss by its own label; MSE squares the miss and ignores the label.")
    labels = np.array([y for y, _, _ in defined.values()])
    predictions = np.array([y_hat for _, y_hat, _ in defined.values()])
    sample_table({"Case": list(defined), f"Label y ({UNITS})": labels, f"Prediction ŷ ({UNITS})": predictions,
                  "Squared error": mse(labels, predictions, reduction="none")},
                 mape(labels, predictions, reduction="none"), loss_name="Absolute % error",
                 total_label="MAPE (the mean, %)")


def asymmetry_charts(y: float, y_hat: float, percent: float) -> None:
    """MAPE and its gradient against the forecast, for one case's label."""
    top = max(3 * y, 1.1 * y_hat)
    x = grid(0.0, top)
    # The slope of either side of the V (away from the kink, where the gradient is 0).
    steepness = abs(mape_grad(y, top)[0])
    two_charts(*loss_and_gradient_figures(
        x=x, loss=mape([y] * len(x), x, reduction="none"), grad=mape_grad([y] * len(x), x),
        current=(y_hat, percent, mape_grad(y, y_hat)[0]), x_title=f"Prediction ŷ ({UNITS})",
        loss_name="Absolute % error",
        bands=[Band(0.0, y, "too low"), Band(y, top, "too high: no ceiling", ZONE_FILL_ALT)],
        loss_extra=[Curve("100 %: the most an under-forecast can cost", np.array([0.0, top]),
                          np.array([100.0, 100.0]), color=GREY, dash="dot")],
        grad_range=(-1.5 * steepness, 1.5 * steepness), jump=(y, mape_grad(y, y)[0]),
    ), keys=("mape_loss_chart", "mape_grad_chart"))
    st.markdown(section("mape", "Under- and over-forecasting", label=y, at_zero=mape(y, 0.0),
                        at_double=mape(y, 2 * y), at_tenfold=mape(y, 10 * y), grad_size=steepness))


@st.fragment
def live_lesson():
    values = lesson_panel("mape", PANEL, PRESETS)
    st.markdown(section("mape", "What MAPE is not"))
    st.subheader("Same MSE, very different MAPE")
    st.markdown(section("mape", "Same MSE, very different MAPE"))
    cases = {name: forecast_case(name, values) for name in CASES}

    defined = {name: case for name, case in cases.items() if case[2] is not None}
    mse_chart = bar_figure("MSE of each case", "Case", f"MSE ({UNITS}²)", list(cases),
                           [("MSE", [mse(y, y_hat) for y, y_hat, _ in cases.values()])])
    if defined:
        two_charts(mse_chart, bar_figure("MAPE of each case", "Case", "MAPE (%)", list(defined),
                                         [("MAPE", [percent for _, _, percent in defined.values()])]),
                   keys=("mape_mse_bars", "mape_mape_bars"))
    else:
        chart(mse_chart, key="mape_mse_bars")
    if len(defined) == len(cases):
        (label_a, pred_a, mape_a), (label_b, pred_b, mape_b) = cases.values()
        st.markdown(section("mape", "The two cases", label_a=label_a, label_b=label_b,
                            miss_a=abs(pred_a - label_a), miss_b=abs(pred_b - label_b),
                            mse_a=mse(label_a, pred_a), mse_b=mse(label_b, pred_b),
                            mape_a=mape_a, mape_b=mape_b))
    if defined:
        worked_cases(defined)

    st.subheader("Under- and over-forecasting")
    chosen = choice("Draw the charts for", list(CASES), "mape_chart_case", default="Case B")
    if chosen in defined:
        asymmetry_charts(*defined[chosen])
    else:
        st.info(section("mape", "No chart for a label of 0", case=chosen))

    st.subheader("Demand forecasting")
    st.markdown(section("mape", "Demand forecasting"))


live_lesson()
source_b = mape(15.0, 5.0)  # the source's case B, in percent
lesson_footer("mape", SPEC, as_percent=source_b, as_fraction=source_b / 100)

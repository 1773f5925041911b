"""Training lab: gradient descent fits a line with MSE, MAE and Huber, and a small classifier with
BCE and focal, so that the student sees what each loss does to the fit when outliers are around."""

import numpy as np
import streamlit as st

from course.numbers import fmt, fmt_latex
from course.training import (
    CLASSIFIER_LOSS_NAMES,
    CLEAN_POINTS,
    FAR_RIGHT_X,
    LINE_LOSS_NAMES,
    LINE_LOSSES,
    MISLABELLED_X,
    SLOPE_TOLERANCE,
    TRUE_INTERCEPT,
    TRUE_SLOPE,
    X_HIGH,
    X_LOW,
    carry_on,
    class_data,
    decision_boundary,
    fit_classifier,
    fit_line,
    fit_progress,
    largest_stable_learning_rate,
    least_squares_line,
    line_data,
    line_loss_grad,
    outlier_share,
    sigmoid,
    slope_contributions,
)
from ui.content import section
from ui.controls import (
    Preset,
    SliderSpec,
    choice,
    int_slider,
    option_slider,
    preset_buttons,
    slider,
    toggle,
)
from ui.figures import Curve, Marker, Points, bar_figure, curve_figure, grid
from ui.lesson import chart, lesson_footer, lesson_header, loss_metrics, two_charts
from ui.palette import BLACK, BLUE, GREEN, GREY, ORANGE, SERIES, VERMILION
from ui.step_player import Line, Trail, current_step, step_player

OUTLIER_HEIGHT = SliderSpec("Outliers' height above the line", "training_lab_height", -40.0, 40.0, 30.0, 1.0,
                            help="How far above the line y = 2x + 1 they sit (below it when negative).")
OUTLIER_X = SliderSpec("Outliers' position along x", "training_lab_outlier_x", X_LOW, X_HIGH, 4.5, 0.25)
DELTA = SliderSpec("Huber's δ", "training_lab_delta", 0.1, 5.0, 1.0, 0.1,
                   help="Errors smaller than δ are squared, larger ones count linearly.")
LEARNING_RATES = {text: float(text) for text in
                  ("0.001", "0.002", "0.005", "0.01", "0.02", "0.05", "0.1", "0.2", "0.5", "1")}
GAMMA = SliderSpec("Focal's γ", "training_lab_gamma", 0.0, 5.0, 2.0, 0.1,
                   help="How strongly focal turns down the easy points; γ = 0 is plain BCE.")
LINE_COLORS = {"mse": BLUE, "mae": VERMILION, "huber": GREEN}
# MAE's line is drawn wide, under Huber's, so that both stay visible where they coincide.
LINE_WIDTHS = {"mse": 2.5, "mae": 6.0, "huber": 2.5}
TALL_CHART = 500  # room for a legend of six or eight entries below the plot
GRADIENT_MOMENTS = {"start": "at the first step (w = 0, b = 0)", "end": "at the step shown on the charts"}
RECENT_STEPS = 40
"""How many steps the slope chart shows: few enough that a hop from one step to the next is a
visible zigzag (over 1 000 steps it is less than a pixel, and MAE's hopping turns into a band)."""
CHAIN_RULE = {  # ∂L/∂ŷ of each loss, written with the numbers of one point
    "mse": lambda y_hat, y, delta: rf"2({fmt_latex(y_hat)} - {fmt_latex(y, signed=True)})",
    "mae": lambda y_hat, y, delta: (
        rf"\operatorname{{sign}}({fmt_latex(y_hat)} - {fmt_latex(y, signed=True)})"),
    "huber": lambda y_hat, y, delta:
        rf"\operatorname{{clip}}({fmt_latex(y_hat)} - {fmt_latex(y, signed=True)},\,\pm{fmt_latex(delta)})",
}
CLASSIFIER_LEARNING_RATE, CLASSIFIER_STEPS = 0.5, 500
DEFAULT_OUTLIERS = 3
CLASSIFIER_COLORS = {"bce": BLUE, "focal": VERMILION}
PRESETS = [
    Preset("Clean data", {"training_lab_outliers": 0}),
    Preset("Three outliers high up", {"training_lab_outliers": 3, "training_lab_height": 30.0,
                                      "training_lab_outlier_x": 4.5, "training_lab_far_right": False,
                                      "training_lab_lr": "0.05", "training_lab_steps": 1000}),
    Preset("Outliers in the middle", {"training_lab_outliers": 3, "training_lab_height": 30.0,
                                      "training_lab_outlier_x": 2.5, "training_lab_far_right": False}),
    Preset("Far-right outliers", {"training_lab_outliers": 3, "training_lab_height": 30.0,
                                  "training_lab_far_right": True, "training_lab_lr": "0.05",
                                  "training_lab_steps": 1000}),
    Preset("Too large a learning rate", {"training_lab_lr": "0.2"}),
]


@st.cache_data(show_spinner=False, max_entries=512)
def line_run(name, outliers, height, x_position, far_right, learning_rate, steps, delta):
    """One loss's fit (and how it ended), cached: the same settings give the same run."""
    data = line_data(outliers, height, x_position, far_right)
    fit = fit_line(name, data, learning_rate=learning_rate, steps=steps, delta=delta)
    return fit, fit_progress(fit, carry_on(name, data, fit, learning_rate=learning_rate, delta=delta))


@st.cache_data(show_spinner=False, max_entries=128)
def classifier_run(name, mislabelled, gamma):
    return fit_classifier(name, class_data(mislabelled), learning_rate=CLASSIFIER_LEARNING_RATE,
                          steps=CLASSIFIER_STEPS, gamma=gamma)


lesson_header("training_lab")
st.subheader("The model")
st.markdown(section("training_lab", "The model"))
st.latex(r"\hat y = w\,x + b, \qquad J = \frac1n \sum_{i=1}^{n} L(y_i, \hat y_i)")
st.latex(r"\frac{\partial J}{\partial w} = \frac1n \sum_{i=1}^{n} \frac{\partial L}{\partial \hat y_i}\,x_i,"
         r"\qquad \frac{\partial J}{\partial b} = \frac1n \sum_{i=1}^{n}"
         r" \frac{\partial L}{\partial \hat y_i}")
st.latex(r"w \leftarrow w - \eta\,\frac{\partial J}{\partial w}, \qquad"
         r" b \leftarrow b - \eta\,\frac{\partial J}{\partial b}")


def column_toggle(column, name: str) -> bool:
    """The switch that adds a loss's fit to the lab."""
    with column:
        return toggle(LINE_LOSS_NAMES[name], f"training_lab_show_{name}", True)


def verdict(fit, progress: str, clean_slope: float, steps: int, loss_label: str) -> str:
    """One line on how far a loss's slope ended from the clean slope, or why it cannot be judged."""
    distance = abs(fit.slope - clean_slope)
    if progress == "settled":
        heading = "Slope held" if distance <= SLOPE_TOLERANCE else "Slope moved"
    else:
        heading = {"moving": "Slope still moving", "bouncing": "Slope bouncing",
                   "diverged": "Slope diverged"}[progress]
    return section("training_lab", heading, loss=loss_label, slope=fit.slope, distance=distance,
                   tolerance=SLOPE_TOLERANCE, steps=steps)


def _padded(*arrays, margin: float = 0.08) -> tuple[float, float]:
    """A range holding every value of the arrays, with a margin on both sides."""
    values = np.concatenate([np.ravel(array) for array in arrays])
    low, high = float(values.min()), float(values.max())
    pad = margin * max(high - low, 1.0)
    return low - pad, high + pad


@st.fragment
def line_lab():
    st.subheader("The data")
    st.markdown(section("training_lab", "The data", far_x=FAR_RIGHT_X, clean_points=CLEAN_POINTS,
                        slope=TRUE_SLOPE, intercept=TRUE_INTERCEPT))
    preset_buttons(PRESETS, "training_lab")
    left, middle, right = st.columns(3)
    with left:
        outliers = int_slider("Number of outliers", "training_lab_outliers", 0, 5, DEFAULT_OUTLIERS)
        far_right = toggle("Far right (beyond the data)", "training_lab_far_right", False)
    with middle:
        height = slider(OUTLIER_HEIGHT)
        x_position = slider(OUTLIER_X, disabled=far_right)
    with right:
        rate = option_slider("Learning rate η", "training_lab_lr", list(LEARNING_RATES), "0.05")
        learning_rate = LEARNING_RATES[rate]
        steps = int_slider("Steps", "training_lab_steps", 10, 2000, 1000)
    st.markdown("**Losses to train with**")
    shown = [name for name, column in zip(LINE_LOSSES, st.columns(4)[:3], strict=True)
             if column_toggle(column, name)]
    delta = slider(DELTA)

    data = line_data(outliers, height, x_position, far_right)
    clean = data.without_outliers()
    clean_slope, clean_intercept = least_squares_line(clean.x, clean.y)
    runs = {name: line_run(name, outliers, height, None if far_right else x_position, far_right,
                           learning_rate, steps, delta if name == "huber" else 1.0) for name in shown}
    trained = {name: fit for name, (fit, progress) in runs.items() if progress != "diverged"}
    label = {name: f"{LINE_LOSS_NAMES[name]} (δ = {fmt(delta)})" if name == "huber" else LINE_LOSS_NAMES[name]
             for name in LINE_LOSSES}

    stable_lr = largest_stable_learning_rate(data.x)
    for name, (fit, progress) in runs.items():
        if progress == "diverged":
            st.warning(section("training_lab", "Diverged", loss=label[name], steps=fit.steps_run,
                               growth=fit.costs[-1] / fit.costs[0]))
            if name == "mse":
                st.warning(section("training_lab", "MSE's limit was crossed", stable_lr=stable_lr,
                                   learning_rate=learning_rate))
    if not shown:
        st.info(section("training_lab", "Nothing to fit"))

    step = current_step("training_lab_step", steps)
    # The weights at the step on screen: a run stopped early (diverged) keeps its last ones.
    at_step = {name: (float(fit.slopes[min(step, fit.steps_run)]),
                      float(fit.intercepts[min(step, fit.steps_run)])) for name, fit in trained.items()}
    x_right = (FAR_RIGHT_X + 0.5) if far_right and outliers else X_HIGH
    xs = grid(X_LOW, x_right, 2)
    # The animated traces (fit lines, costs, recent slopes) are drawn for the step by the player
    # (``animations`` below): their x and y here only hold their place.
    fit_lines = [Curve(f"{label[name]} fit", xs, xs, color=LINE_COLORS[name], width=LINE_WIDTHS[name])
                 for name in trained]
    fit_lines.append(Curve("fit without outliers (least squares)", xs, clean_slope * xs + clean_intercept,
                           color=BLACK, dash="dash", width=2.0))
    points = [Points("clean points", clean.x, clean.y, color=GREY)]
    if outliers:
        points.append(Points("outliers", data.x[data.is_outlier], data.y[data.is_outlier], color=ORANGE,
                             symbol="diamond", size=12))
    fit_figure = curve_figure("The points and the fitted lines", "x (input)", "y (label)", fit_lines,
                              points=points, height=TALL_CHART)
    # The lines move through the steps: the y axis stays on the points, so it does not jump.
    fit_figure.update_yaxes(range=list(_padded(data.y, clean_slope * xs + clean_intercept)))
    # Thin lines: a wide one would fill the gaps between a hopping run's ups and downs.
    cost_curves = [Curve(label[name], np.ones(1), np.ones(1), color=LINE_COLORS[name], width=2.0)
                   for name in runs]
    cost_figure = curve_figure("The cost over the steps", "Step (log scale)", "Cost ÷ cost at the start",
                               cost_curves, y_range=(0.0, 1.05), height=TALL_CHART)
    cost_figure.update_xaxes(type="log", range=[0.0, float(np.log10(steps))])
    slope_curves = [Curve(label[name], np.ones(1), np.ones(1), color=LINE_COLORS[name], width=1.0)
                    for name in trained]
    slope_figure = curve_figure(f"The slope, step by step (the last {RECENT_STEPS} steps)", "Step", "Slope w",
                                slope_curves, height=TALL_CHART)
    for trace in slope_figure.data:  # every step a dot: a hop is a zigzag, not a band
        trace["mode"] = "lines+markers"
        trace["marker"] = {"color": trace["line"]["color"], "size": 7}
    series = {f"{name}_{part}": getattr(fit, part) for name, (fit, _) in runs.items()
              for part in ("slopes", "intercepts", "costs")}
    animations = [Line(0, index, tuple(xs), f"{name}_slopes", f"{name}_intercepts")
                  for index, name in enumerate(trained)]
    animations += [Trail(1, index, f"{name}_costs", first=1, relative=True)
                   for index, name in enumerate(runs)]
    animations += [Trail(2, index, f"{name}_slopes", length=RECENT_STEPS)
                   for index, name in enumerate(trained)]
    st.markdown(section("training_lab", "Watch it train"))
    step_player("training_lab_step", steps=steps, step=step, figures=[fit_figure, cost_figure, slope_figure],
                animations=animations, series=series, label="Training")
    st.markdown(section("training_lab", "At step", step=step, steps=steps))
    loss_metrics([("Slope without outliers", clean_slope)]
                 + [(f"{LINE_LOSS_NAMES[name]} slope", at_step[name][0]) for name in trained])

    st.markdown(section("training_lab", "What the fits show", clean_slope=clean_slope))
    if outliers == 0:
        st.markdown(section("training_lab", "No outliers"))
    st.markdown("\n".join(verdict(fit, progress, clean_slope, steps, label[name])
                          for name, (fit, progress) in runs.items()))
    if outliers and far_right:
        st.markdown(section("training_lab", "High leverage", far_x=FAR_RIGHT_X))
    elif outliers and "mse" in trained:
        slope_shift = trained["mse"].slope - clean_slope
        intercept_shift = trained["mse"].intercept - clean_intercept
        if abs(intercept_shift) > abs(slope_shift) and abs(x_position - clean.x.mean()) <= 1.25:
            st.markdown(section("training_lab", "Outliers lift the line", intercept_shift=intercept_shift,
                                slope_shift=slope_shift))
    st.caption(section("training_lab", "Learning-rate limit", stable_lr=stable_lr))
    st.markdown(section("training_lab", "The cost over the steps", learning_rate=learning_rate))

    table = {
        "Loss": [label[name] for name in runs],
        f"Slope w at step {step}": [fmt(at_step[name][0]) if name in trained else "—" for name in runs],
        f"Intercept b at step {step}": [fmt(at_step[name][1]) if name in trained else "—" for name in runs],
        "Slope − clean slope": [fmt(at_step[name][0] - clean_slope) if name in trained else "—"
                                for name in runs],
        "Steps run": [fit.steps_run for fit, _ in runs.values()],
        "How it ended": [progress for _, progress in runs.values()],
    }
    st.dataframe(table, hide_index=True, width="stretch")

    st.subheader("Where the gradient came from")
    moment = choice("Look at the gradient", list(GRADIENT_MOMENTS), "training_lab_gradient_at", "start",
                    format_func=GRADIENT_MOMENTS.get)
    st.markdown(section("training_lab", "Where the gradient came from", n=len(data.x)))
    weights = {name: (0.0, 0.0) if moment == "start" else at_step[name] for name in trained}
    pulls = {name: slope_contributions(name, data, *weights[name], delta=delta) for name in trained}
    # One chart per loss, each on its own scale: on a shared one MSE's bars would flatten the others.
    for column, (name, pull) in zip(st.columns(max(len(pulls), 1)), pulls.items(), strict=False):
        with column:
            chart(bar_figure(f"{label[name]}: shares of ∂J/∂w", "Point", "∂L/∂ŷ · x / n",
                             data.names, [(label[name], pull)], colors=[LINE_COLORS[name]]),
                  key=f"training_lab_gradient_chart_{name}")
    st.caption(section("training_lab", "Bar scales", moment=GRADIENT_MOMENTS[moment]))
    if outliers and moment == "start":
        st.markdown("\n".join(section("training_lab", "Outlier pull", loss=label[name], outliers=outliers,
                                      n=len(data.x), share=outlier_share(pull, data.is_outlier))
                              for name, pull in pulls.items()))
    elif outliers:
        st.markdown("\n".join(section("training_lab", "Balance at the end", loss=label[name],
                                      outlier_pull=pull[data.is_outlier].sum(),
                                      clean_pull=pull[~data.is_outlier].sum(), total=pull.sum())
                              for name, pull in pulls.items()))
        st.markdown(section("training_lab", "Why the balance matters"))
    st.markdown(section("training_lab", "Why the bars are bounded", mae_cap=data.x.max() / len(data.x),
                        huber_cap=delta * data.x.max() / len(data.x), delta=delta))

    index = int(np.argmax(data.is_outlier)) if outliers else len(data.x) - 1
    point, x, y = data.names[index], data.x[index], data.y[index]
    st.markdown(section("training_lab", "One point's gradient, step by step", point=point, x=x, y=y))
    for name in trained:
        w, b = weights[name]
        y_hat = w * x + b
        grad = line_loss_grad(name, np.array([y]), np.array([y_hat]), delta=delta)[0]
        st.latex(rf"\text{{{label[name]}}}:\quad \hat y = {fmt_latex(w)} \cdot {fmt_latex(x)}"
                 rf" + {fmt_latex(b, signed=True)}"
                 rf" = {fmt_latex(y_hat)},\quad \frac{{\partial L}}{{\partial \hat y}} = "
                 rf"{CHAIN_RULE[name](y_hat, y, delta)} = {fmt_latex(grad)},\quad"
                 rf"\frac{{\partial L}}{{\partial \hat y}} \cdot \frac{{x}}{{n}}"
                 rf" = {fmt_latex(grad, signed=True)} \cdot"
                 rf"\frac{{{fmt_latex(x)}}}{{{len(data.x)}}} = {fmt_latex(grad * x / len(data.x))}")


@st.fragment
def classifier_lab():
    st.header("A classifier with wrong labels")
    st.markdown(section("training_lab", "The classifier", wrong_x=MISLABELLED_X, steps=CLASSIFIER_STEPS,
                        learning_rate=CLASSIFIER_LEARNING_RATE))
    st.latex(r"p = \sigma(w\,x + b) = \frac{1}{1 + e^{-(w x + b)}}, \qquad"
             r"\frac{\partial L}{\partial z} = \frac{\partial L}{\partial p}\,p\,(1 - p), \quad z = w\,x + b")
    left, right = st.columns(2)
    with left:
        mislabelled = int_slider("Mislabelled points", "training_lab_mislabelled", 0, 4, 2)
    with right:
        gamma = slider(GAMMA)

    data = class_data(mislabelled)
    fits = {"bce": classifier_run("bce", mislabelled, 0.0),
            "focal": classifier_run("focal", mislabelled, gamma)}
    clean_fits = {"bce": classifier_run("bce", 0, 0.0), "focal": classifier_run("focal", 0, gamma)}
    clean_fit = clean_fits["bce"]
    label = {"bce": "BCE", "focal": f"Focal (γ = {fmt(gamma)})"}
    boundaries = {name: decision_boundary(fit.slope, fit.intercept) for name, fit in fits.items()}
    clean_boundaries = {name: decision_boundary(fit.slope, fit.intercept) for name, fit in clean_fits.items()}

    xs = grid(min(data.x.min(), -3.0) - 0.5, max(data.x.max(), 3.0) + 0.5)
    curves = [Curve("BCE without the mislabelled points", xs,
                    sigmoid(clean_fit.slope * xs + clean_fit.intercept), color=BLACK, dash="dash")]
    curves += [Curve(f"p(x) under {label[name]}", xs, sigmoid(fit.slope * xs + fit.intercept),
                     color=CLASSIFIER_COLORS[name]) for name, fit in fits.items()]
    markers = [Marker(f"{label[name]} boundary", boundary, 0.5, color=CLASSIFIER_COLORS[name], symbol="x")
               for name, boundary in boundaries.items() if boundary is not None]
    correct = ~data.is_mislabelled
    class_0, class_1 = correct & (data.y == 0), correct & (data.y == 1)
    points = [Points("class 0", data.x[class_0], data.y[class_0], color=GREY),
              Points("class 1", data.x[class_1], data.y[class_1], color=SERIES[5], symbol="square")]
    if mislabelled:
        points.append(Points("mislabelled (class 1 labelled 0)", data.x[data.is_mislabelled],
                             data.y[data.is_mislabelled], color=ORANGE, symbol="diamond", size=12))
    cost_curves = [Curve(label[name], np.arange(len(fit.costs)), fit.costs / fit.costs[0],
                         color=CLASSIFIER_COLORS[name]) for name, fit in fits.items()]
    two_charts(
        curve_figure("Probability of class 1 and the boundaries", "x (input)", "p (probability of class 1)",
                     curves, markers, points=points, y_range=(-0.08, 1.08), height=TALL_CHART),
        curve_figure("The classifier's cost over the steps", "Step", "Cost ÷ cost at the start", cost_curves,
                     y_range=(0.0, 1.05), height=TALL_CHART),
        keys=("training_lab_classifier_chart", "training_lab_classifier_cost_chart"),
    )

    for name, boundary in boundaries.items():
        if boundary is None:
            st.info(section("training_lab", "No boundary", loss=label[name]))
    if None in boundaries.values() or None in clean_boundaries.values():
        return
    loss_metrics([("Boundary without mislabelled points (BCE)", clean_boundaries["bce"])]
                 + [(f"{CLASSIFIER_LOSS_NAMES[name]} boundary", boundary)
                    for name, boundary in boundaries.items()])
    if mislabelled == 0:
        st.markdown(section("training_lab", "No mislabelled points", bce_boundary=boundaries["bce"],
                            focal_boundary=boundaries["focal"], gamma=gamma))
    else:
        st.markdown(section("training_lab", "Boundary shift", mislabelled=mislabelled, gamma=gamma))
        st.markdown("\n".join(section(
            "training_lab", "One boundary's shift", loss=label[name], clean_boundary=clean_boundaries[name],
            boundary=boundaries[name], shift=abs(boundaries[name] - clean_boundaries[name]),
            clean_slope=clean_fits[name].slope, slope=fits[name].slope) for name in fits))
        st.markdown(section("training_lab", "Flatter curves"))
    st.markdown(section("training_lab", "Why focal is no cure for wrong labels"))


line_lab()
classifier_lab()
TOO_LARGE = next(preset for preset in PRESETS if preset.label == "Too large a learning rate")
lesson_footer("training_lab", outliers=DEFAULT_OUTLIERS, height=OUTLIER_HEIGHT.default,
              points=CLEAN_POINTS + DEFAULT_OUTLIERS, too_large=TOO_LARGE.values["training_lab_lr"])

"""Home: why loss functions exist, in three small experiments.

0. How the course works: its sections and lessons (from the registry), where to start, and a
   "Continue" link once this browser remembers a visit.
1. The dartboard: each dart's squared distance from the centre is its loss, their mean the cost.
2. One weight: forward pass -> loss -> gradient -> update, one step per click.
3. Loss or cost: an editable batch, each row's loss and the batch's cost.
Then where to go next.
"""

import numpy as np
import pandas as pd
import streamlit as st

from course.lessons import LESSONS, SECTIONS, lesson
from course.numbers import fmt, fmt_latex
from losses import mae, mse, mse_grad
from ui.content import section
from ui.controls import Preset, SliderSpec, preset_buttons, slider
from ui.course_path import course_map
from ui.course_progress import continue_link
from ui.figures import Curve, Marker, curve_figure, grid, target_figure
from ui.lesson import chart, lesson_footer, lesson_header, loss_metrics, notation_box, sample_table
from ui.live_panel import (
    Expr,
    LiveChart,
    LiveCurve,
    LiveMarker,
    LiveNote,
    Loss,
    Panel,
    Readout,
    Ref,
    X,
    as_expr,
    live_panel,
)
from ui.palette import GREY, ORANGE, SERIES, VERMILION
from ui.tables import fmt_dataframe

SLUG = "home"


def lesson_part(heading: str, **values) -> None:
    """A heading of this lesson and its text from content/lessons/home.md."""
    st.subheader(heading)
    st.markdown(section(SLUG, heading, **values))


def rows_in_words(rows: list[int]) -> str:
    """``[3]`` -> "row 3", ``[2, 3, 5]`` -> "rows 2, 3 and 5"."""
    if len(rows) == 1:
        return f"row {rows[0]}"
    return "rows " + ", ".join(map(str, rows[:-1])) + f" and {rows[-1]}"


# --- 1. The dartboard --------------------------------------------------------------------

# A board 10 cm in radius with a ring every 2 cm; the sliders reach its edge. (Comments, not
# docstrings, at module level: Streamlit's "magic" would print a bare string on the page.)
BOARD_RINGS, RING_STEP = 5, 2.0
BOARD_HEIGHT = 420
DART_DEFAULTS = [(1.0, 2.0), (-3.0, 1.0), (2.0, -4.0)]
DART_NAMES = [f"Dart {number}" for number in range(1, len(DART_DEFAULTS) + 1)]
DART_SLIDERS = [
    (SliderSpec(f"Dart {number}: across, x (cm)", f"home_dart{number}_x", -10.0, 10.0, x, 0.5),
     SliderSpec(f"Dart {number}: up, y (cm)", f"home_dart{number}_y", -10.0, 10.0, y, 0.5))
    for number, (x, y) in enumerate(DART_DEFAULTS, start=1)
]


def throw(label: str, positions: list[tuple[float, float]], help: str) -> Preset:
    """A round of three darts as a preset of the six dart sliders."""
    values = {}
    for (x_spec, y_spec), (x, y) in zip(DART_SLIDERS, positions, strict=True):
        values[x_spec.key], values[y_spec.key] = x, y
    return Preset(label, values, help=help)


# Worked rounds (squared distances by hand): 0.5, 1.25, 1.25 -> cost 1;
# 50, 56.25, 66.25 -> cost 57.5; 68, 58, 72 -> cost 66.
THROWS = [
    throw("Near the centre", [(0.5, 0.5), (-1.0, 0.5), (0.5, -1.0)], "A good round: every dart close in."),
    throw("Tight group, off to one side", [(5.0, 5.0), (6.0, 4.5), (5.5, 6.0)],
          "Consistent, but aimed at the wrong spot."),
    throw("All over the board", [(-8.0, 2.0), (3.0, 7.0), (6.0, -6.0)], "No aim at all."),
]


def dart_loss(x_spec: SliderSpec, y_spec: SliderSpec) -> Expr:
    """The centre (0, 0) is the label: each coordinate's squared error against it, summed over x
    and y, is the dart's squared distance from the centre (Pythagoras), its loss."""
    return Loss("mse", 0.0, Ref(x_spec.key)) + Loss("mse", 0.0, Ref(y_spec.key))


def board_chart() -> LiveChart:
    """The target (its rings fixed), each dart joined to the centre by a dashed line."""
    target = target_figure("", [], rings=BOARD_RINGS, ring_step=RING_STEP, x_title="", y_title="")
    ends = target.layout["yaxis"]["range"]
    spokes = [LiveCurve(f"{name}: distance to the centre", X * Ref(y_spec.key), GREY, "dash",
                        x=X * Ref(x_spec.key))
              for name, (x_spec, y_spec) in zip(DART_NAMES, DART_SLIDERS, strict=True)]
    darts = [LiveMarker(name, Ref(x_spec.key), Ref(y_spec.key), color=SERIES[index % len(SERIES)],
                        symbol="diamond")
             for index, (name, (x_spec, y_spec)) in enumerate(zip(DART_NAMES, DART_SLIDERS, strict=True))]
    names = [LiveNote(Ref(x_spec.key), Ref(y_spec.key), name, shift=(0.0, 16.0), style={"font": {"size": 13}})
             for name, (x_spec, y_spec) in zip(DART_NAMES, DART_SLIDERS, strict=True)]
    return LiveChart(
        "Where the darts landed", "Across, x (cm)", "Up, y (cm)", np.array([0.0, 1.0]), spokes,
        [*darts, LiveMarker("centre (the label)", as_expr(0.0), as_expr(0.0), symbol="x")],
        y_range=(as_expr(ends[0]), as_expr(ends[1])), height=BOARD_HEIGHT, legend=False, notes=names,
        # The rings fixed; one scale on both axes, the plot square (its width shrinks to fit).
        layout={"shapes": target.layout["shapes"],
                "xaxis": {"range": ends, "zeroline": False, "constrain": "domain"},
                "yaxis": {"zeroline": False, "scaleanchor": "x", "scaleratio": 1}},
    )


DART_PANEL = Panel(
    "home_darts",
    # The three x sliders in a row, then the three y sliders.
    [spec for specs in zip(*DART_SLIDERS, strict=True) for spec in specs],
    [Readout("Cost of the round: the mean loss (cm²)",
             sum((dart_loss(*specs) for specs in DART_SLIDERS), as_expr(0.0)) / len(DART_SLIDERS)),
     *(Readout(f"{name}: loss (cm²)", dart_loss(*specs)) for name, specs in zip(DART_NAMES, DART_SLIDERS,
                                                                               strict=True))],
    [board_chart()],
)


# A fragment: the end of a gesture on the dartboard reruns the board and its table only (the
# toolbar's "Copy link to this view" reads the address, which the panel keeps up to date).
@st.fragment
def dartboard() -> None:
    lesson_part("The dartboard")
    preset_buttons(THROWS, DART_PANEL.key)
    values = live_panel(DART_PANEL)
    positions = [(values[x_spec.key], values[y_spec.key]) for x_spec, y_spec in DART_SLIDERS]
    darts = np.array(positions)
    squared_errors = mse(np.zeros_like(darts), darts, reduction="none")
    dart_losses = squared_errors.sum(axis=1)
    distances = np.sqrt(dart_losses)

    sample_table({"Dart": DART_NAMES, "x (cm)": darts[:, 0], "y (cm)": darts[:, 1],
                  "Distance (cm)": distances},
                 dart_losses, loss_name="Loss (cm²)")
    total = dart_losses.sum()
    if total == 0:
        st.markdown(section(SLUG, "A perfect round", darts=len(DART_NAMES)))
    else:
        worst = int(np.argmax(dart_losses))
        st.markdown(section(
            SLUG, "Reading the board", worst_dart=DART_NAMES[worst], worst_distance=distances[worst],
            worst_loss=dart_losses[worst], worst_share=dart_losses[worst] / total * 100,
            cost=dart_losses.mean(), darts=len(DART_NAMES),
        ))


# --- 2. One weight: forward pass -> loss -> gradient -> update ------------------------------

INPUT = SliderSpec("Input x", "home_x", 0.5, 3.0, 2.0, 0.1)
LABEL = SliderSpec("Label y", "home_y", -10.0, 10.0, 6.0, 0.5)
START = SliderSpec("Starting weight w₀", "home_w0", -10.0, 10.0, 0.0, 0.5)
RATE = SliderSpec("Learning rate η", "home_lr", 0.01, 1.0, 0.05, 0.01,
                  help="How far each step moves the weight, as a multiple of the gradient.")
# With x = 2, y = 6 and w₀ = 0 the best weight is 3 and steps converge while η < 1/x² = 0.25.
LEARNING_RATES = [
    Preset("Small steps (η = 0.02)", {"home_x": 2.0, "home_y": 6.0, "home_w0": 0.0, "home_lr": 0.02}),
    Preset("Good steps (η = 0.1)", {"home_x": 2.0, "home_y": 6.0, "home_w0": 0.0, "home_lr": 0.1}),
    Preset("Overshooting (η = 0.2)", {"home_x": 2.0, "home_y": 6.0, "home_w0": 0.0, "home_lr": 0.2}),
    Preset("Diverging (η = 0.35)", {"home_x": 2.0, "home_y": 6.0, "home_w0": 0.0, "home_lr": 0.35}),
]

WEIGHTS = "home_weights"  # session state: the weights of the current run, the starting weight first
RUN_SETUP = "home_run_setup"  # session state: the (x, y, w₀, η) the current run was started with
STEP_COUNT = "home_step_count"  # the address: how many steps the run has taken (shared links)
MAX_STEPS = 30
# |w| beyond this counts as diverged. The sliders keep the best weight y / x within ±20 and the
# start within ±10, so a run that converges (even overshooting) never leaves |w| <= 50; and the
# numbers stay far below where a float would overflow to inf.
DIVERGENCE_LIMIT = 100.0


def can_step(weights: list[float]) -> bool:
    """Steps stop once the run has diverged or used up its steps, so numbers stay finite."""
    return abs(weights[-1]) <= DIVERGENCE_LIMIT and len(weights) <= MAX_STEPS


def take_step(x: float, y: float, lr: float) -> None:
    """One round of forward pass, loss gradient, chain rule and update (a button callback)."""
    weights = st.session_state[WEIGHTS]
    if not can_step(weights):
        return
    w = weights[-1]
    st.session_state[WEIGHTS] = [*weights, w - lr * (mse_grad(y, w * x)[0] * x)]


def reset_run(w0: float) -> None:
    st.session_state[WEIGHTS] = [w0]


def shared_step_count() -> int:
    """The steps a shared link was taken after (``home_step_count``), 0 if none or not valid."""
    text = st.query_params.get(STEP_COUNT, "")
    return int(text) if text.isdigit() and int(text) <= MAX_STEPS else 0


def keep_step_count(steps: int) -> None:
    """The run's step count, in the address and in the share link (its key starts with home_)."""
    st.session_state[STEP_COUNT] = steps
    if steps:
        st.query_params[STEP_COUNT] = str(steps)
    elif STEP_COUNT in st.query_params:
        del st.query_params[STEP_COUNT]


@st.fragment
def one_weight() -> None:
    lesson_part("One weight, one step at a time")
    preset_buttons(LEARNING_RATES, "home_steps")
    columns = st.columns(4)
    with columns[0]:
        x = slider(INPUT)
    with columns[1]:
        y = slider(LABEL)
    with columns[2]:
        w0 = slider(START)
    with columns[3]:
        lr = slider(RATE)

    if st.session_state.get(RUN_SETUP) != (x, y, w0, lr):  # a new problem: start a fresh run
        opening = RUN_SETUP not in st.session_state
        st.session_state[RUN_SETUP] = (x, y, w0, lr)
        reset_run(w0)
        if opening:  # a shared link opens the run at the step it was shared at
            for _ in range(shared_step_count()):
                take_step(x, y, lr)
    weights = np.array(st.session_state[WEIGHTS])
    keep_step_count(len(weights) - 1)

    # Every weight of the run through the four stages (the last row is the current weight).
    labels = np.full_like(weights, y)
    predictions = weights * x
    run_losses = mse(labels, predictions, reduction="none")
    grads_y_hat = mse_grad(labels, predictions)
    grads_w = grads_y_hat * x  # chain rule: dL/dw = dL/dŷ · dŷ/dw, and dŷ/dw = x
    w, y_hat, loss, grad_w = weights[-1], predictions[-1], run_losses[-1], grads_w[-1]
    w_new = w - lr * grad_w
    steps = len(weights) - 1
    best_w, lr_limit = y / x, 1 / x**2

    buttons = st.columns([1, 1, 4])
    buttons[0].button("Take one step", key="home_step", type="primary", icon="👣",
                      on_click=take_step, args=(x, y, lr), disabled=not can_step(list(weights)))
    buttons[1].button("Reset", key="home_reset", icon="↩️", on_click=reset_run, args=(w0,))
    loss_metrics([("Weight w", w), ("Prediction ŷ = w·x", y_hat), ("Loss L", loss),
                  ("Gradient dL/dw", grad_w), ("Steps taken", steps)])

    if abs(w) > DIVERGENCE_LIMIT:
        st.warning(section(SLUG, "Diverged", steps=steps, w=w, best_w=best_w, lr=lr, loss=loss,
                           lr_limit=lr_limit), icon="💥")
    elif steps >= 1 and run_losses[-1] > run_losses[-2]:
        st.warning(section(SLUG, "The loss went up", previous_loss=run_losses[-2], loss=loss), icon="⚠️")
    if steps >= MAX_STEPS:
        st.info(section(SLUG, "Out of steps", steps=steps))

    stages = {
        "1 · Forward pass": {"w": fmt_latex(w, signed=True), "x": fmt_latex(x), "y_hat": fmt_latex(y_hat)},
        "2 · Loss": {"y": fmt_latex(y), "y_hat_signed": fmt_latex(y_hat, signed=True),
                     "loss": fmt_latex(loss)},
        "3 · Gradient": {"grad_y_hat": fmt_latex(grads_y_hat[-1]), "x": fmt_latex(x),
                         "grad_w": fmt_latex(grad_w),
                         "grad_y_hat_signed": fmt_latex(grads_y_hat[-1], signed=True)},
        "4 · Update": {"w": fmt_latex(w), "lr": fmt_latex(lr),
                       "grad_w_signed": fmt_latex(grad_w, signed=True), "w_new": fmt_latex(w_new)},
    }
    for column, (heading, values) in zip(st.columns(4), stages.items(), strict=True):
        with column.container(border=True):
            st.markdown(f"**{heading}**")
            st.markdown(section(SLUG, heading, **values))

    chart(loss_curve_figure(x, y, weights, run_losses, grad_w), key="home_valley")
    st.markdown(section(SLUG, "Reading the curve", best_w=best_w, lr_limit=lr_limit, lr=lr))
    shown, number_formats = fmt_dataframe(pd.DataFrame({
        "Step": range(len(weights)), "Weight w": weights, "Prediction ŷ": predictions, "Loss L": run_losses,
        "Gradient dL/dw": grads_w}))
    st.dataframe(shown, hide_index=True, width="stretch", height=min(38 + 35 * len(weights), 300),
                 column_config=number_formats)


def loss_curve_figure(x: float, y: float, weights: np.ndarray, run_losses: np.ndarray, grad_w: float):
    """The valley L(w) = (y − w·x)² around the run, the current weight, its tangent and the path."""
    w, loss = weights[-1], run_losses[-1]
    low, high = min(weights.min(), y / x), max(weights.max(), y / x)
    margin = max(2.0, 0.15 * (high - low))
    low, high = low - margin, high + margin
    ws = grid(low, high)
    valley = mse(np.full_like(ws, y), ws * x, reduction="none")
    # The tangent over a short stretch either side of w: its slope is the gradient dL/dw.
    half = (high - low) / 8
    tangent_ws = np.array([w - half, w + half])
    curves = [Curve("loss L(w)", ws, valley),
              Curve("tangent (slope = dL/dw)", tangent_ws, loss + grad_w * (tangent_ws - w),
                    color=VERMILION, dash="dash")]
    if len(weights) > 1:
        curves.append(Curve("steps taken", weights, run_losses, color=ORANGE, dash="dot", width=1.5))
    top = valley.max()
    return curve_figure(
        "Loss L(w) = (y − w·x)² against the weight w", "Weight w", "Loss L(w)", curves,
        [Marker("start w₀", weights[0], run_losses[0], color=GREY, symbol="circle-open"),
         Marker("current weight w", w, loss)],
        y_range=(-0.08 * top, 1.05 * top),
    )


# --- 3. Loss or cost ---------------------------------------------------------------------

# By hand: squared errors 0.25, 0, 2.25, 1, 16 (cost 3.9); absolute 0.5, 0, 1.5, 1, 4 (cost 1.4).
DEFAULT_BATCH = pd.DataFrame({"Label y": [3.0, 5.0, 2.5, 7.0, 4.0],
                              "Prediction ŷ": [2.5, 5.0, 4.0, 6.0, 8.0]})


def usable_rows(table: pd.DataFrame) -> tuple[np.ndarray, np.ndarray, list[int]]:
    """The labels and predictions of the complete rows, and the (1-based) numbers of the others.

    A cell that is empty, not a number or infinite makes its row unusable.
    """
    numbers = table[["Label y", "Prediction ŷ"]].apply(pd.to_numeric, errors="coerce").to_numpy(dtype=float)
    complete = np.isfinite(numbers).all(axis=1)
    bad_rows = [index + 1 for index in np.flatnonzero(~complete)]
    return numbers[complete, 0], numbers[complete, 1], bad_rows


@st.fragment
def loss_or_cost() -> None:
    lesson_part("Loss or cost?")
    edited = st.data_editor(
        DEFAULT_BATCH, key="home_batch", num_rows="dynamic", hide_index=True, width="content",
        column_config={name: st.column_config.NumberColumn(name, format="%g")
                       for name in DEFAULT_BATCH.columns},
    )
    labels, predictions, bad_rows = usable_rows(edited)
    if bad_rows:
        st.warning(section(SLUG, "Rows left out", rows=rows_in_words(bad_rows)))
    if len(labels) == 0:
        st.warning(section(SLUG, "Empty batch"))
        return

    squared = mse(labels, predictions, reduction="none")
    absolute = mae(labels, predictions, reduction="none")
    row_numbers = [row for row in range(1, len(edited) + 1) if row not in bad_rows]
    shown, number_formats = fmt_dataframe(pd.DataFrame({
        "Row": row_numbers, "Label y": labels, "Prediction ŷ": predictions,
        "Error ŷ − y": predictions - labels, "Loss: squared error": squared,
        "Loss: absolute error": absolute}))
    st.dataframe(shown, hide_index=True, width="stretch", column_config=number_formats)
    loss_metrics([("Cost: mean squared error (MSE)", mse(labels, predictions)),
                  ("Cost: mean absolute error (MAE)", mae(labels, predictions)),
                  ("Samples in the batch", len(labels))])
    terms = " + ".join(fmt_latex(term) for term in squared)
    cost = fmt_latex(mse(labels, predictions))
    st.latex(rf"\text{{cost}} = \frac{{{terms}}}{{{len(labels)}}} = {cost}")
    if squared.sum() == 0:
        st.markdown(section(SLUG, "A perfect batch", count=len(labels)))
    else:
        largest = int(np.argmax(squared))
        st.markdown(section(
            SLUG, "Reading the batch", count=len(labels), mse_cost=mse(labels, predictions),
            mae_cost=mae(labels, predictions), largest=squared[largest], largest_row=row_numbers[largest],
            largest_share=squared[largest] / squared.sum() * 100,
        ))


# --- The page ----------------------------------------------------------------------------

lesson_header(SLUG, notation=False)
with st.container(border=True, key="home_course"):  # how the course works: its map, where to start
    lesson_part("How this course works", lessons=len(LESSONS), sections=len(SECTIONS))
    st.markdown(course_map())
    st.markdown(section(SLUG, "Where to start"))
    continue_link(lesson(SLUG))  # drawn by the browser, from the progress it keeps
notation_box()
lesson_part("How to use Loss Lab")
dartboard()
one_weight()
loss_or_cost()
# The numbers Check yourself asks about, computed: squared errors of misses 1, 2 and 4; one step.
CHECK_ERRORS = mse([0.0, 0.0, 0.0], [1.0, 2.0, 4.0], reduction="none")
CHECK_GRAD, CHECK_LR = -6.0, 0.1
lesson_footer(SLUG, batch_size=len(CHECK_ERRORS), batch_errors=", ".join(fmt(e) for e in CHECK_ERRORS),
              batch_sum=float(CHECK_ERRORS.sum()), batch_cost=mse([0.0, 0.0, 0.0], [1.0, 2.0, 4.0]),
              step_grad=CHECK_GRAD, step_lr=CHECK_LR, step_size=-CHECK_LR * CHECK_GRAD)
st.subheader("Where next")
st.markdown(section(SLUG, "Where next"))
st.page_link("app_pages/mse.py", label="Mean squared error: the loss behind the darts and the valley",
             icon="📐")
st.page_link("app_pages/bce.py", label="Binary cross-entropy: the loss for yes/no questions",
             icon="🪙")
st.page_link("app_pages/choose.py", label="Choosing a loss: which one for which task", icon="🧭")

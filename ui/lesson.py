"""The parts every lesson page is built from, in the order the page shows them.

1. ``lesson_header``: title, what the loss measures, the formula, the notation box.
2. (the page's own controls and charts)
3. ``worked_calculation`` and ``sample_table``: every number of the calculation.
4. ``lesson_footer``: when to use it, when not, pitfalls, the Keras and PyTorch calls.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence

import numpy as np
import streamlit as st

import losses
from course.check_numbers import check_numbers
from course.numbers import fmt
from course.samples import regression_batch
from losses import LossSpec
from ui.content import fill, has_section, lesson_sections, section
from ui.controls import Preset, SliderSpec, preset_buttons, slider
from ui.figures import Figure
from ui.live_panel import Grad, Loss, Panel, Readout, Ref, X, live_panel, loss_and_gradient_charts
from ui.plotly_chart import plotly_chart
from ui.quiz import check_yourself
from ui.tables import columns_dataframe

FOOTER_SECTIONS = ("When to use it", "When not to use it", "Pitfalls")


NOTATION_HERE = "Notation on this page"
"""A lesson section that adds to the notation what a symbol means on that page only (p is the
positive on the triplet page, not a probability)."""


def lesson_header(slug: str, spec: LossSpec | None = None, *, intro: bool = True, notation: bool = True,
                  **values) -> None:
    """Title, the formula and the notation (a one-line popover, with the page's own symbols when
    its lesson file has a "Notation on this page" section), then the "What it measures" section,
    unless ``intro=False``: a lesson with a live panel shows its panel first, so that the panel
    is in view on a projector, and its intro right below (``lesson_panel``)."""
    st.title(lesson_sections(slug)["title"])
    row = st.container(horizontal=True, vertical_alignment="center", gap="medium", key="lesson_formula_row")
    if spec is not None:
        row.latex(spec.latex)
    if notation:  # the home page shows the notation in full instead (``notation_box``)
        here = section(slug, NOTATION_HERE, **values) if has_section(slug, NOTATION_HERE) else ""
        notation_popover(row, here)
    if intro:
        st.markdown(section(slug, "What it measures", **values))


def notation_popover(where=st, extra: str = "") -> None:
    """The app-wide notation (y is the label, ŷ the prediction) and ``extra``, the page's own
    symbols, one click away; the home page shows it in full (``notation_box``)."""
    label = "Notation: y label, ŷ prediction" + (", and this page's symbols" if extra else "")
    with where.popover(label, icon=":material/info:"):
        st.markdown(lesson_sections("notation")["Notation"] + ("\n\n" + extra if extra else ""))


def notation_box(extra: str = "") -> None:
    """The app-wide notation in full, for the home page."""
    text = lesson_sections("notation")["Notation"]
    with st.container(border=True):
        st.markdown(text + ("\n\n" + extra if extra else ""))


def lesson_panel(slug: str, panel: Panel, presets: Sequence[Preset] = (), **values) -> dict[str, float]:
    """The top of a live lesson: the presets, the live panel, then what the loss measures.
    Returns the panel's current values (choices as their numbers), by control key."""
    if presets:
        preset_buttons(presets, panel.key)
    current = live_panel(panel)
    st.markdown(section(slug, "What it measures", **values))
    return current


def label_and_prediction_panel(
    slug: str, loss: str, *, readout: str, loss_name: str, kink_at_label: bool = False, **chart_options
) -> tuple[Panel, SliderSpec, SliderSpec]:
    """The panel of a regression loss of one sample: its label y and prediction ŷ as sliders; the
    loss, the error ŷ − y and the gradient ∂L/∂ŷ as readouts; and the loss and its gradient
    against ŷ, whose point the student can drag. ``loss`` names a function of ``losses`` (and
    its ``_grad``); ``kink_at_label`` draws the gradient's jump at ŷ = y (MAE). The other options
    go to ``loss_and_gradient_charts``. Returns the panel and its two sliders."""
    label = SliderSpec("Label y", f"{slug}_label", -10.0, 10.0, 3.0, 0.1)
    prediction = SliderSpec("Prediction ŷ", f"{slug}_pred", -10.0, 10.0, 5.0, 0.1)
    y, y_hat = Ref(label.key), Ref(prediction.key)
    if kink_at_label:
        chart_options["jump"] = (y, Grad(loss, y, y))
    panel = Panel(
        slug, [label, prediction],
        [Readout(readout, Loss(loss, y, y_hat)), Readout("Error e = ŷ − y", y_hat - y),
         Readout("Gradient ∂L/∂ŷ", Grad(loss, y, y_hat))],
        loss_and_gradient_charts(
            loss=lambda x: Loss(loss, y, x), grad=lambda x: Grad(loss, y, x), current=y_hat,
            grid=(prediction.low, prediction.high), x_title="Prediction ŷ", loss_name=loss_name,
            drag=(prediction.key, X), **chart_options),
    )
    return panel, label, prediction


def outlier_batch(outlier: SliderSpec, label: float, prediction: float, loss: str, *, loss_name: str,
                  **params) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """The batch of a regression lesson: a few samples around the panel's one, and an outlier
    whose miss the student sets with the ``outlier`` slider; shown as a table of each sample's
    ``loss`` (a function of ``losses``, with ``params``). Returns the labels, the predictions and
    the per-sample losses."""
    names, labels, predictions = regression_batch(label, prediction, slider(outlier))
    per_sample = getattr(losses, loss)(labels, predictions, reduction="none", **params)
    sample_table({"Sample": names, "Label y": labels, "Prediction ŷ": predictions,
                  "Error ŷ − y": predictions - labels}, per_sample, loss_name=loss_name)
    return labels, predictions, per_sample


def two_charts(left: Figure, right: Figure, *, keys: tuple[str, str] | None = None) -> None:
    """The loss chart and its gradient side by side (stacked on a narrow screen)."""
    col_left, col_right = st.columns(2)
    with col_left:
        plotly_chart(left, key=keys[0] if keys else None)
    with col_right:
        plotly_chart(right, key=keys[1] if keys else None)


def chart(figure: Figure, *, key: str | None = None) -> None:
    """One full-width chart."""
    plotly_chart(figure, key=key)


def loss_metrics(items: Sequence[tuple[str, float]], *, help: Mapping[str, str] | None = None) -> None:
    """The headline numbers (loss, gradient, ...) as metrics in one row (wrapping on a narrow
    screen). One row container, not a column each: every element of a fragment is sent and
    drawn again on each slider move, so fewer elements make a faster move."""
    row = st.container(horizontal=True, gap="medium")
    for label, value in items:
        row.metric(label, fmt(value), help=(help or {}).get(label), width="stretch")


def worked_calculation(lines: Sequence[str], caption: str = "") -> None:
    """The formula with the current numbers substituted, one LaTeX line per step."""
    st.subheader("The worked calculation")
    # One LaTeX element for all the steps (fewer elements redraw faster), one step a line.
    st.latex(r"\begin{gathered}" + r" \\[8pt] ".join(lines) + r"\end{gathered}")
    if caption:
        st.caption(caption)


def sample_table(
    columns: Mapping[str, Sequence],
    per_sample: np.ndarray,
    *,
    loss_name: str,
    total_label: str = "Mean (the cost)",
    sum_label: str | None = None,
) -> None:
    """A table of samples: the given columns, each sample's loss term and its share of the total.

    The shares are of the sum of the terms (they add up to 100 %); the last line reports the
    mean, which is the cost a training step minimises. With ``sum_label`` the rows are instead
    the terms of one loss (one row per class, say): the last line reports only their sum,
    under that label.
    """
    per_sample = np.asarray(per_sample, dtype=float)
    total = per_sample.sum()
    data = {name: np.asarray(values) for name, values in columns.items()}
    data[loss_name] = per_sample
    # A share only means something when every term is a non-negative part of the total
    # (Poisson terms and the minimax GAN loss can be negative).
    if np.all(per_sample >= 0) and total > 0:
        data["Share of the total"] = per_sample / total * 100
    shown, number_formats = columns_dataframe(data, skip=("Share of the total",))
    st.dataframe(
        shown,
        hide_index=True,
        width="stretch",
        column_config={
            **number_formats,
            "Share of the total": st.column_config.ProgressColumn(
                "Share of the total", format="%.1f %%", min_value=0, max_value=100
            ),
        },
    )
    if sum_label:
        st.markdown(f"**{sum_label}:** {fmt(total)}")
    else:
        st.markdown(f"**{total_label}:** {fmt(per_sample.mean())} &nbsp;·&nbsp; **Sum:** {fmt(total)}")


def lesson_footer(slug: str, spec: LossSpec | Sequence[LossSpec] | None = None, **values) -> None:
    """When to use the loss, when not, its pitfalls, and the framework calls (of one loss or
    of several, such as a GAN's three)."""
    sections = lesson_sections(slug)
    values = {**check_numbers(slug), **values}
    for heading in FOOTER_SECTIONS:
        if heading in sections:
            st.subheader(heading)
            st.markdown(fill(sections[heading], values))
    if spec is not None:
        st.subheader("In Keras and PyTorch")
        # Wrapped: a long call must not make a box that scrolls sideways out of the keyboard's reach.
        st.code(framework_code(spec), language="python", wrap_lines=True)
    if has_section(slug, "Check yourself"):
        with st.expander("Check yourself"):
            st.markdown(section(slug, "Check yourself", **values))
    check_yourself(slug)  # the lesson's questions from content/quiz.toml, if it has any


def framework_code(spec: LossSpec | Sequence[LossSpec]) -> str:
    """The Keras and PyTorch calls of a loss; for several losses, one titled block each."""
    if isinstance(spec, LossSpec):
        return f"# Keras\n{spec.keras}\n\n# PyTorch\n{spec.pytorch}"
    return "\n\n".join(f"# {one.title}\n# Keras\n{one.keras}\n# PyTorch\n{one.pytorch}" for one in spec)

"""What the your-data page draws of a measured table: its two charts and its per-row table; and
the upload limit it states (Streamlit's ``server.maxUploadSize``)."""

from __future__ import annotations

import numpy as np
import pandas as pd
import streamlit as st

from course.prediction_table import BINARY, REGRESSION
from course.table_losses import LossResult, Results
from losses import sparse_categorical_cross_entropy
from ui.figures import Curve, Figure, Points, curve_figure, histogram_figure, probability_grid
from ui.palette import BLUE, GREY, VERMILION
from ui.tables import fmt_dataframe

TABLE_ROWS = 1_000
"""Rows shown in the per-row table; the download holds every row."""

HISTOGRAM_BINS = 40

POINT_SIZE = 6
"""Small dots: two thousand of them must not hide each other entirely."""


def upload_limit_mb() -> int:
    """The upload limit set in .streamlit/config.toml (``server.maxUploadSize``, in MB)."""
    return int(st.get_option("server.maxUploadSize"))


def points_figure(results: Results, key: str, rows: np.ndarray) -> Figure:
    """The left chart, drawing the sampled ``rows``. Regression: prediction against label, the
    diagonal being a perfect prediction. Classification: each row's loss (``key``) against the
    probability it gave the true class, on the curve the loss draws for a hard label."""
    task = results.task
    if task.kind == REGRESSION:
        y, p = task.labels[rows], task.predictions[rows]
        low, high = float(min(y.min(), p.min())), float(max(y.max(), p.max()))
        return curve_figure(
            "Prediction against label, one point per row", "Label y", "Prediction ŷ",
            [Curve("perfect prediction ŷ = y", np.array([low, high]), np.array([low, high]),
                   color=GREY, dash="dash", width=1.5)],
            points=[Points("rows", y, p, color=BLUE, size=POINT_SIZE)],
        )
    result = results.loss(key) or results.losses[0]
    loss = result.per_row[rows]
    grid = probability_grid()
    # The axis ends just above the highest point: the loss curves climb to their clipped top
    # (−ln 1e-7 ≈ 16) near p = 0, which would flatten every point against the bottom.
    top = float(loss.max())
    y_range = (-0.04 * top, 1.1 * top) if top > 0 else None
    if task.kind == BINARY:
        y, p = task.labels[rows], task.predictions[rows]
        lines = [Curve(f"{result.spec.short} when y = {label}", grid,
                       result.spec.fn(np.full_like(grid, label), grid, **result.params, reduction="none"),
                       color=color, dash="dot", width=1.5)
                 for label, color in ((1, BLUE), (0, VERMILION))]
        groups = [Points("rows with label y = 1", p[y == 1], loss[y == 1], color=BLUE, size=POINT_SIZE),
                  Points("rows with label y = 0", p[y == 0], loss[y == 0], color=VERMILION, size=POINT_SIZE,
                         symbol="diamond")]
        return curve_figure(f"{result.label} of each row against its predicted probability",
                            "Predicted probability p of class 1", f"{result.label} (per row)",
                            lines, points=groups, y_range=y_range)
    true_class_probability = (task.one_hot_labels * task.predictions).sum(axis=1)[rows]
    lines = []
    if task.class_labels is not None:
        two_classes = np.column_stack([1.0 - grid, grid])
        lines.append(Curve("−ln p (a one-hot label)", grid,
                           sparse_categorical_cross_entropy(np.ones(len(grid), dtype=int), two_classes,
                                                            reduction="none"),
                           color=GREY, dash="dot", width=1.5))
    return curve_figure(f"{result.label} of each row against the probability of its true class",
                        "Probability given to the true class", f"{result.label} (per row)", lines,
                        points=[Points("rows", true_class_probability, loss, color=BLUE, size=POINT_SIZE)],
                        y_range=y_range)


def loss_histogram(result: LossResult, *, log_counts: bool = False) -> Figure:
    """How the per-row values of one loss are spread, counted over every row."""
    counts, edges = np.histogram(result.per_row, bins=HISTOGRAM_BINS)
    return histogram_figure(f"How {result.label} is spread over the rows", f"{result.label} of a row",
                            "Number of rows (log scale)" if log_counts else "Number of rows",
                            edges, counts, name=result.label, log_counts=log_counts)


def show_row_table(table: pd.DataFrame, results: Results) -> None:
    """The first ``TABLE_ROWS`` rows of the per-row table, its numbers written as ``fmt`` writes them."""
    shown, number_formats = fmt_dataframe(table.head(TABLE_ROWS).set_index("Row"))
    st.dataframe(shown, width="stretch", column_config=number_formats)

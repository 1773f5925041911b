"""Which losses of the catalogue apply to a student's table of labels and predictions
(``course.prediction_table``), and their values row by row.

Every applicable loss is computed through the vectorised ``losses`` functions; a loss the table
cannot be measured with is kept with the reason, in words a student can act on.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass

import numpy as np
import pandas as pd

from course.numbers import fmt
from course.prediction_table import (
    BINARY,
    FIRST_DATA_ROW,
    MULTICLASS,
    REGRESSION,
    TaskData,
    input_columns,
    rows_text,
)
from losses import LOSSES, LossSpec

SUM_TOLERANCE = 1e-3
"""How far from 1 a row of probabilities may sum and still count as a distribution (rounded
probabilities, written with three decimals, rarely sum to exactly 1)."""

# Which losses of the catalogue each task can use, by the kind of input the catalogue says a
# loss takes. Hinge takes raw scores and is listed so that the page can say why it is skipped.
CATALOGUE_INPUTS = {
    REGRESSION: ("regression", "counts"),
    BINARY: ("probability", "score"),
    MULTICLASS: ("class_index", "distribution"),
}
PERCENT_LOSSES = {"mape"}


@dataclass(frozen=True)
class LossResult:
    """One loss over the whole file: its catalogue entry, its parameters and every row's value."""

    spec: LossSpec
    params: Mapping[str, object]
    per_row: np.ndarray

    @property
    def mean(self) -> float:
        return float(self.per_row.mean())

    @property
    def column(self) -> str:
        """Its column in the per-row table and the download."""
        return f"{self.spec.short} (%)" if self.spec.key in PERCENT_LOSSES else self.spec.short

    @property
    def label(self) -> str:
        """Its name with its parameter values, as on the metric: "Huber (δ = 1.5)"."""
        values = [f"{param.symbol} = {fmt(self.params[param.name])}" for param in self.spec.params
                  if isinstance(self.params.get(param.name), int | float)
                  and not isinstance(self.params.get(param.name), bool)]
        name = f"{self.spec.short} ({', '.join(values)})" if values else self.spec.short
        return f"{name} (%)" if self.spec.key in PERCENT_LOSSES else name


@dataclass(frozen=True)
class Skipped:
    """A loss of the task's family that this file cannot be measured with, and why."""

    spec: LossSpec
    reason: str
    warning: bool
    """True when the data is the cause (a label of 0 for MAPE), False for a loss that simply
    does not fit the task (hinge on probabilities)."""


@dataclass(frozen=True)
class Results:
    task: TaskData
    losses: tuple[LossResult, ...]
    skipped: tuple[Skipped, ...]
    notes: tuple[str, ...] = ()
    """Warnings about the data that did not stop any loss (rows that do not sum to 1)."""

    def loss(self, key: str) -> LossResult | None:
        return next((result for result in self.losses if result.spec.key == key), None)


# ---------------------------------------------------------------------------------------------
# The losses


def applicable_specs(kind: str) -> tuple[LossSpec, ...]:
    """The catalogue's losses for this task, in catalogue order."""
    return tuple(spec for spec in LOSSES if spec.inputs in CATALOGUE_INPUTS[kind])


def charted_specs(kind: str) -> tuple[LossSpec, ...]:
    """The losses a chart can show for this task: those that can apply to a file of this kind
    (hinge never does, as its scores are not probabilities)."""
    return tuple(spec for spec in applicable_specs(kind) if spec.inputs != "score")


def compute_losses(task: TaskData, params: Mapping[str, object] | None = None) -> Results:
    """Every applicable loss, row by row, through the vectorised ``losses`` functions.

    ``params`` overrides the catalogue defaults by parameter name (``delta``, ``beta``,
    ``gamma``). A loss this file cannot be measured with is listed in ``skipped`` with why.
    """
    params = dict(params or {})
    computed, skipped, notes = [], [], []
    if task.kind == MULTICLASS:
        notes.extend(_distribution_notes(task))
    for spec in applicable_specs(task.kind):
        values = {name: params.get(name, default) for name, default in spec.defaults().items()}
        try:
            labels, predictions = _inputs_for(spec, task)
            per_row = np.asarray(spec.fn(labels, predictions, **values, reduction="none"), dtype=float)
        except _NotApplicable as reason:
            skipped.append(Skipped(spec, str(reason), reason.warning))
            continue
        except ValueError as error:  # losses' own checks: shown, never a traceback
            skipped.append(Skipped(spec, str(error), True))
            continue
        computed.append(LossResult(spec, values, per_row))
    return Results(task, tuple(computed), tuple(skipped), tuple(notes))


class _NotApplicable(Exception):
    def __init__(self, reason: str, warning: bool = False):
        super().__init__(reason)
        self.warning = warning


def _inputs_for(spec: LossSpec, task: TaskData):
    """The (labels, predictions) this loss takes, or _NotApplicable saying why there are none."""
    y, p = task.labels, task.predictions
    if spec.key == "mape":
        zero = y == 0
        if zero.any():
            raise _NotApplicable(
                f"The label is 0 in {rows_text(zero)}, and MAPE divides by the label: a miss on a "
                "label of 0 is no percentage of anything. The other losses use every row.", warning=True)
    elif spec.key == "poisson":
        negative = (y < 0) | (p < 0)
        if negative.any():
            raise _NotApplicable(
                f"It is a loss for counts and rates, which cannot be negative, and {rows_text(negative)} "
                "has a negative label or prediction.")
    elif spec.key == "hinge":
        raise _NotApplicable(
            "It takes raw scores ŷ (any number, the margin being y·ŷ), and this file holds "
            "probabilities between 0 and 1. Measure a classifier's scores before its sigmoid to use it.")
    elif spec.key == "sparse_categorical_cross_entropy":
        classes = task.class_labels
        if classes is None:
            raise _NotApplicable(
                "It takes one class number per row, and these labels are soft (a row such as 0.7, 0.3 "
                "names no single class). Categorical cross-entropy takes them as they are.")
        return classes, p
    elif spec.key == "categorical_cross_entropy":
        return task.one_hot_labels, p
    elif spec.key == "kl_divergence":
        y = task.one_hot_labels
        off = ~_sums_to_one(y) | ~_sums_to_one(p)
        if off.any():
            raise _NotApplicable(
                f"It compares two distributions, and in {rows_text(off)} the labels or the "
                "probabilities do not sum to 1.")
        return y, p
    return y, p


def _sums_to_one(rows: np.ndarray) -> np.ndarray:
    return np.abs(rows.sum(axis=1) - 1.0) <= SUM_TOLERANCE


def _distribution_notes(task: TaskData) -> list[str]:
    off = ~_sums_to_one(task.predictions)
    if not off.any():
        return []
    sums = task.predictions.sum(axis=1)[off]
    return [f"The probabilities do not sum to 1 in {rows_text(off, [fmt(s) for s in sums])}: they are "
            "not a softmax output. Cross-entropy is computed on them as given; Keras's "
            "CategoricalCrossentropy would first divide each row by its sum."]


# ---------------------------------------------------------------------------------------------
# Tables and the download


def per_row_table(results: Results) -> pd.DataFrame:
    """One line per row of the file: its spreadsheet row number, its inputs, each loss's value."""
    task = results.task
    table = pd.DataFrame({"Row": np.arange(FIRST_DATA_ROW, FIRST_DATA_ROW + task.n_rows)})
    for name, values in input_columns(task).items():
        table[name] = values
    for result in results.losses:
        table[result.column] = result.per_row
    return table


def summary_table(results: Results) -> pd.DataFrame:
    """Each loss's mean (the cost), its smallest and largest row, and where the largest is."""
    return pd.DataFrame({
        "Loss": [result.label for result in results.losses],
        "Mean over the rows (the cost)": [fmt(result.mean) for result in results.losses],
        "Smallest row value": [fmt(result.per_row.min()) for result in results.losses],
        "Largest row value": [fmt(result.per_row.max()) for result in results.losses],
        "Row with the largest loss": [int(result.per_row.argmax()) + FIRST_DATA_ROW
                                      for result in results.losses],
        "Keras": [result.spec.keras for result in results.losses],
    })


def results_csv(table: pd.DataFrame) -> str:
    """The per-row table as CSV text, every digit kept (it reads back to the same numbers)."""
    return table.to_csv(index=False)

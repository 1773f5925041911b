"""Measuring a student's table with every loss that applies (course/table_losses.py): the losses
scikit-learn computes, each loss the table cannot use named with why, and a download that reads
back to the same numbers."""

from __future__ import annotations

import io
import math

import numpy as np
import pandas as pd
import pytest
from sklearn.metrics import (
    log_loss,
    mean_absolute_error,
    mean_absolute_percentage_error,
    mean_squared_error,
)

from course.prediction_table import BINARY, MULTICLASS, REGRESSION, example_csv, load_task
from course.table_losses import compute_losses, per_row_table, results_csv
from losses import huber, poisson

REGRESSION_CSV = "y_true,y_pred\n3,2.5\n-0.5,0.0\n2,2\n7,8\n"
BINARY_CSV = "y_true,p\n1,0.9\n0,0.2\n1,0.6\n0,0.45\n"
MULTICLASS_CSV = "y_true,p_0,p_1,p_2\n0,0.7,0.2,0.1\n2,0.1,0.3,0.6\n1,0.25,0.5,0.25\n"


def test_a_label_of_0_skips_mape_only_and_names_the_row():
    results = compute_losses(load_task("y_true,y_pred\n2,3\n0,0.5\n4,4\n"))
    (skipped,) = [s for s in results.skipped if s.spec.key == "mape"]
    assert skipped.warning
    assert "label is 0 in row 3" in skipped.reason and "divides by the label" in skipped.reason
    assert {r.spec.key for r in results.losses} == {"mse", "mae", "huber", "smooth_l1", "poisson"}
    assert results.loss("mse").mean == pytest.approx(mean_squared_error([2, 0, 4], [3, 0.5, 4]))


def test_regression_losses_equal_sklearn():
    task = load_task(REGRESSION_CSV)
    assert task.kind == REGRESSION and task.detected
    y, y_hat = [3, -0.5, 2, 7], [2.5, 0.0, 2, 8]
    results = compute_losses(task, {"delta": 0.5, "beta": 2.0})
    assert results.loss("mse").mean == pytest.approx(mean_squared_error(y, y_hat))
    assert results.loss("mae").mean == pytest.approx(mean_absolute_error(y, y_hat))
    assert results.loss("mape").mean == pytest.approx(mean_absolute_percentage_error(y, y_hat) * 100)
    assert results.loss("huber").mean == pytest.approx(huber(y, y_hat, delta=0.5))
    assert results.loss("huber").label == "Huber (δ = 0.5)"
    assert results.loss("smooth_l1").mean == pytest.approx(huber(y, y_hat, delta=2.0) / 2.0)
    # A negative label: Poisson (counts) does not apply, and says which row.
    (skipped,) = results.skipped
    assert skipped.spec.key == "poisson" and "row 3" in skipped.reason and not skipped.warning


def test_poisson_is_computed_on_counts():
    results = compute_losses(load_task("y_true,y_pred\n3,2.5\n0,0.5\n"))
    assert results.loss("poisson").mean == pytest.approx(poisson([3, 0], [2.5, 0.5]))


def test_binary_cross_entropy_equals_sklearn_log_loss():
    task = load_task(BINARY_CSV)
    assert task.kind == BINARY
    results = compute_losses(task, {"gamma": 0.0})
    y, p = [1, 0, 1, 0], [0.9, 0.2, 0.6, 0.45]
    assert results.loss("binary_cross_entropy").mean == pytest.approx(log_loss(y, p))
    assert results.loss("focal").mean == pytest.approx(log_loss(y, p))  # γ = 0 is BCE
    (skipped,) = results.skipped
    assert skipped.spec.key == "hinge" and "raw scores" in skipped.reason


def test_multiclass_cross_entropy_equals_sklearn_log_loss():
    task = load_task(MULTICLASS_CSV)
    assert task.kind == MULTICLASS and task.n_classes == 3
    results = compute_losses(task)
    probabilities = [[0.7, 0.2, 0.1], [0.1, 0.3, 0.6], [0.25, 0.5, 0.25]]
    expected = log_loss([0, 2, 1], probabilities, labels=[0, 1, 2])
    for key in ("sparse_categorical_cross_entropy", "categorical_cross_entropy", "kl_divergence"):
        assert results.loss(key).mean == pytest.approx(expected), key  # KL = CE for one-hot labels
    assert not results.skipped and not results.notes


def test_one_hot_and_soft_label_columns():
    one_hot = load_task("y_0,y_1,p_0,p_1\n1,0,0.8,0.2\n0,1,0.4,0.6\n")
    assert one_hot.kind == MULTICLASS and one_hot.labels.shape == (2, 2)
    results = compute_losses(one_hot)
    assert results.loss("sparse_categorical_cross_entropy").mean == pytest.approx(
        -(math.log(0.8) + math.log(0.6)) / 2)
    soft = compute_losses(load_task("y_0,y_1,p_0,p_1\n0.7,0.3,0.8,0.2\n0,1,0.4,0.6\n"))
    assert [s.spec.key for s in soft.skipped] == ["sparse_categorical_cross_entropy"]
    assert "soft" in soft.skipped[0].reason


def test_probability_rows_that_do_not_sum_to_1_are_flagged_and_skip_kl():
    results = compute_losses(load_task("y_true,p_0,p_1\n0,0.9,0.2\n1,0.5,0.5\n"))
    (note,) = results.notes
    assert "do not sum to 1 in row 2 (1.1)" in note
    expected = -(math.log(0.9) + math.log(0.5)) / 2
    assert results.loss("categorical_cross_entropy").mean == pytest.approx(expected)
    (skipped,) = results.skipped
    assert skipped.spec.key == "kl_divergence" and "row 2" in skipped.reason


def test_a_chosen_task_accepts_regression_names_for_a_probability():
    task = load_task("y_true,y_pred\n1,0.9\n0,0.2\n", BINARY)
    assert task.kind == BINARY and not task.detected
    expected = log_loss([1, 0], [0.9, 0.2])
    assert compute_losses(task).loss("binary_cross_entropy").mean == pytest.approx(expected)


@pytest.mark.parametrize("kind", [REGRESSION, BINARY, MULTICLASS])
def test_the_examples_load_with_every_loss_of_their_task(kind):
    task = load_task(example_csv(kind))
    assert task.kind == kind
    results = compute_losses(task)
    assert len(results.losses) >= 2
    assert all(s.spec.key == "hinge" for s in results.skipped)


def test_100_000_rows_are_computed():
    rng = np.random.default_rng(7)
    y, y_hat = rng.normal(10, 3, 100_000), rng.normal(10, 3, 100_000)
    data = pd.DataFrame({"y_true": y, "y_pred": y_hat}).to_csv(index=False).encode()
    task = load_task(data)
    assert task.n_rows == 100_000
    assert compute_losses(task).loss("mse").mean == pytest.approx(mean_squared_error(y, y_hat))


@pytest.mark.parametrize("data", [REGRESSION_CSV, BINARY_CSV, MULTICLASS_CSV])
def test_the_download_reads_back_to_the_same_table(data):
    results = compute_losses(load_task(data))
    table = per_row_table(results)
    assert table["Row"].tolist() == list(range(2, 2 + len(table)))
    back = pd.read_csv(io.StringIO(results_csv(table)))
    pd.testing.assert_frame_equal(back, table, check_dtype=False)
    for result in results.losses:
        assert np.array_equal(back[result.column].to_numpy(), result.per_row)

"""Reading, checking and measuring a student's CSV (ui/your_data.py), without Streamlit running.

Every bad input gives its own message naming what is wrong and where (rows are numbered as in a
spreadsheet: the header is row 1); good input gives the losses that scikit-learn computes.
"""

from __future__ import annotations

import io
import json
import math
import tomllib

import numpy as np
import pandas as pd
import pytest
from sklearn.metrics import (
    log_loss,
    mean_absolute_error,
    mean_absolute_percentage_error,
    mean_squared_error,
)

from losses import huber, poisson
from tests.conftest import ROOT, assert_what_validation_gives
from ui.your_data import (
    AUTO,
    BINARY,
    CHART_POINTS,
    MAX_ROWS,
    MULTICLASS,
    REGRESSION,
    DataProblem,
    check_size,
    compute_losses,
    detect_kind,
    example_csv,
    load_task,
    loss_histogram,
    per_row_table,
    points_figure,
    results_csv,
    rows_text,
    sample_rows,
    upload_limit_mb,
)

REGRESSION_CSV = "y_true,y_pred\n3,2.5\n-0.5,0.0\n2,2\n7,8\n"
BINARY_CSV = "y_true,p\n1,0.9\n0,0.2\n1,0.6\n0,0.45\n"
MULTICLASS_CSV = "y_true,p_0,p_1,p_2\n0,0.7,0.2,0.1\n2,0.1,0.3,0.6\n1,0.25,0.5,0.25\n"


def problem(data, kind=AUTO) -> str:
    """The message load_task gives for bad data (the test fails if it accepts it)."""
    with pytest.raises(DataProblem) as raised:
        load_task(data, kind)
    return str(raised.value)


# --- every bad upload gives its message -------------------------------------------------------


@pytest.mark.parametrize(("data", "words"), [
    (b"PK\x03\x04\x14\x00\x00\x00\x08\x00workbook.xml", ["not a CSV", "binary data"]),
    (b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR", ["not a CSV", "binary data"]),
    ("y_true\n1\n2\n", ["not a CSV", "one column"]),
    ("Dear teacher, here are my results\nThey look fine, I think\n", ["Missing columns", "Dear teacher"]),
    ("My results look fine\nI think\n", ["not a CSV", "one column"]),
    ("y_true,y_pred\n1,2\n3,4,5\n6,7\n", ["not a well-formed CSV", "row 3 has 3 values", "2 columns"]),
    ('y_true,y_pred\n1,"2\n3,4\n', ["not a well-formed CSV", "quotation mark"]),
])
def test_not_a_csv(data, words):
    message = problem(data)
    for word in words:
        assert word in message


def test_empty_file():
    assert "empty" in problem("")
    assert "empty" in problem(b"   \n\n")


def test_header_without_rows():
    message = problem("y_true,y_pred\n\n")
    assert "no rows of data" in message and "y_true, y_pred" in message


def test_no_header():
    message = problem("3,2.5\n1,1.5\n")
    assert "no header" in message and "3, 2.5" in message


@pytest.mark.parametrize(("data", "kind", "missing", "found"), [
    ("label_a,label_b\n1,2\n", AUTO, "Missing columns", "label_a, label_b"),
    ("y_true,guess\n1,2\n", REGRESSION, "y_pred", "y_true, guess"),
    ("truth,y_pred\n1,2\n", REGRESSION, "y_true", "truth, y_pred"),
    ("y_true,score\n1,0.5\n", BINARY, "p (the predicted probability", "y_true, score"),
    ("y_true,y_pred\n1,2\n", MULTICLASS, "p_0, p_1", "y_true, y_pred"),
    ("y_true,p_0,p_2\n0,0.5,0.5\n", AUTO, "p_1", "y_true, p_0, p_2"),
    ("p_0,p_1\n0.5,0.5\n", AUTO, "y_true", "p_0, p_1"),
    ("y_0,p_0,p_1\n1,0.5,0.5\n", AUTO, "y_1", "y_0, p_0, p_1"),
])
def test_wrong_or_missing_columns_are_named_with_the_columns_found(data, kind, missing, found):
    message = problem(data, kind)
    assert "Missing" in message or "missing" in message
    assert missing in message
    assert found in message


def test_text_in_numeric_cells_names_the_column_rows_and_text():
    message = problem("y_true,y_pred\n1,2\n3,abc\n4,5\nfour,6\n")
    assert "Text where a number should be" in message
    assert "y_pred in row 3 (“abc”)" in message
    assert "y_true in row 5 (“four”)" in message


def test_a_decimal_comma_gets_a_hint():
    message = problem("y_true;y_pred\n1;0,5\n2;1.5\n")
    assert "row 2 (“0,5”)" in message and "point" in message


@pytest.mark.parametrize(("data", "where"), [
    ("y_true,y_pred\n1,2\n3,\n4,5\n", "y_pred in row 3"),
    ("y_true,y_pred\n1,2\n,NA\n4,nan\n", "y_true in row 3; y_pred in rows 3 and 4"),
    # A blank line in the middle is an empty row (and keeps the numbering of the rows below it).
    ("y_true,y_pred\n1,2\n\n4,5\n", "y_true in row 3; y_pred in row 3"),
])
def test_empty_or_missing_cells_name_their_rows(data, where):
    message = problem(data)
    assert "Empty or missing values" in message
    assert where in message


def test_blank_lines_at_the_end_are_not_rows():
    task = load_task("y_true,y_pred\n1,2\n3,4\n\n\n   \n")
    assert task.n_rows == 2


def test_infinite_values_are_refused():
    assert "Infinite values" in problem("y_true,y_pred\n1,2\n3,inf\n")


def test_long_lists_of_rows_stop_after_ten():
    data = "y_true,y_pred\n" + "1,x\n" * 25
    message = problem(data)
    assert "rows 2 (“x”), 3 (“x”)" in message
    assert "11 (“x”) and 15 more" in message
    assert "12 (“x”)" not in message


@pytest.mark.parametrize(("data", "kind", "words"), [
    ("y_true,p\n1,0.5\n0,1.2\n1,-0.1\n", AUTO,
     ["between 0 and 1", "p in rows 3 (1.2) and 4 (-0.1)", "sigmoid"]),
    ("y_true,y_pred\n1,0.5\n0,1.5\n", BINARY, ["between 0 and 1", "y_pred in row 3 (1.5)"]),
    ("y_true,p_0,p_1\n0,0.5,0.5\n1,1.3,-0.3\n", AUTO,
     ["between 0 and 1", "p_0 in row 3 (1.3)", "p_1 in row 3"]),
])
def test_probabilities_outside_0_1_name_their_rows(data, kind, words):
    message = problem(data, kind)
    for word in words:
        assert word in message


def test_binary_labels_must_be_0_or_1():
    message = problem("y_true,p\n1,0.5\n2,0.5\n-1,0.3\n")
    assert "must be 0 or 1" in message and "rows 3 (2) and 4 (-1)" in message


def test_class_labels_must_be_class_numbers():
    message = problem("y_true,p_0,p_1\n0,0.5,0.5\n2,0.5,0.5\n0.5,0.5,0.5\n")
    assert "whole number from 0 to 1" in message and "rows 3 (2) and 4 (0.5)" in message


def test_more_rows_than_the_limit():
    data = "y_true,y_pred\n" + "1,2\n" * (MAX_ROWS + 1)
    message = problem(data)
    assert f"{MAX_ROWS + 1:,} rows" in message and f"{MAX_ROWS:,}" in message
    assert load_task("y_true,y_pred\n" + "1,2\n" * MAX_ROWS).n_rows == MAX_ROWS


def test_a_file_over_the_upload_limit():
    limit = upload_limit_mb()
    check_size(limit * 1024 * 1024, limit)  # exactly at the limit: accepted
    with pytest.raises(DataProblem) as raised:
        check_size(limit * 1024 * 1024 + 1, limit)
    assert f"upload limit is {limit} MB" in str(raised.value)
    with pytest.raises(DataProblem, match=r"6\.0 MB"):
        check_size(6 * 1024 * 1024, 5)


def test_the_upload_limit_is_5_mb_in_the_config():
    config = tomllib.loads((ROOT / ".streamlit" / "config.toml").read_text(encoding="utf-8"))
    assert config["server"]["maxUploadSize"] == 5
    assert upload_limit_mb() == 5


def test_a_label_of_0_skips_mape_only_and_names_the_row():
    results = compute_losses(load_task("y_true,y_pred\n2,3\n0,0.5\n4,4\n"))
    (skipped,) = [s for s in results.skipped if s.spec.key == "mape"]
    assert skipped.warning
    assert "label is 0 in row 3" in skipped.reason and "divides by the label" in skipped.reason
    assert {r.spec.key for r in results.losses} == {"mse", "mae", "huber", "smooth_l1", "poisson"}
    assert results.loss("mse").mean == pytest.approx(mean_squared_error([2, 0, 4], [3, 0.5, 4]))


def test_rows_text():
    assert rows_text(np.array([False, True])) == "row 3"
    assert rows_text(np.array([True, False, True, True])) == "rows 2, 4 and 5"
    assert rows_text(np.array([True] * 12)) == "rows 2, 3, 4, 5, 6, 7, 8, 9, 10, 11 and 2 more"


# --- good input gives the right losses ---------------------------------------------------------


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


@pytest.mark.parametrize(("columns", "kind"), [
    (["y_true", "y_pred"], REGRESSION),
    (["Label", "Prediction"], REGRESSION),
    (["target", "forecast", "week"], REGRESSION),
    (["y_true", "p"], BINARY),
    ([" label ", "Probability"], BINARY),
    (["y_true", "p_0", "p_1"], MULTICLASS),
    (["y_0", "y_1", "prob_0", "prob_1"], MULTICLASS),
    (["a", "b"], None),
])
def test_the_task_is_detected_from_the_header(columns, kind):
    assert detect_kind(columns) == kind


def test_a_chosen_task_accepts_regression_names_for_a_probability():
    task = load_task("y_true,y_pred\n1,0.9\n0,0.2\n", BINARY)
    assert task.kind == BINARY and not task.detected
    expected = log_loss([1, 0], [0.9, 0.2])
    assert compute_losses(task).loss("binary_cross_entropy").mean == pytest.approx(expected)


def test_extra_columns_are_ignored_and_semicolons_and_tabs_work():
    task = load_task("id;y_true;y_pred\na;1;2\nb;3;4\n")
    assert task.ignored == ("id",) and task.labels.tolist() == [1, 3]
    assert load_task(b"y_true\tp\n1\t0.5\n").kind == BINARY
    assert load_task("y_true\tp\n1\t0.5\n".encode("utf-16")).kind == BINARY  # Excel's "Unicode text"
    assert load_task("\ufeffy_true,y_pred\n1,2\n".encode()).label_columns == ("y_true",)  # a UTF-8 BOM


@pytest.mark.parametrize("kind", [REGRESSION, BINARY, MULTICLASS])
def test_the_examples_load_with_every_loss_of_their_task(kind):
    task = load_task(example_csv(kind))
    assert task.kind == kind
    results = compute_losses(task)
    assert len(results.losses) >= 2
    assert all(s.spec.key == "hinge" for s in results.skipped)


# --- 100 000 rows, charts and the download ----------------------------------------------------


def test_100_000_rows_are_computed_and_drawn_from_a_sample():
    rng = np.random.default_rng(7)
    y, y_hat = rng.normal(10, 3, 100_000), rng.normal(10, 3, 100_000)
    data = pd.DataFrame({"y_true": y, "y_pred": y_hat}).to_csv(index=False).encode()
    task = load_task(data)
    results = compute_losses(task)
    assert task.n_rows == 100_000
    assert results.loss("mse").mean == pytest.approx(mean_squared_error(y, y_hat))
    rows = sample_rows(task.n_rows)
    assert len(rows) == CHART_POINTS and len(set(rows)) == CHART_POINTS
    figure = points_figure(results, "mse", rows)
    drawn = sum(len(trace["x"]) for trace in figure.data if trace["mode"] == "markers")
    assert drawn == CHART_POINTS
    histogram = loss_histogram(results.loss("mse"))
    assert sum(histogram.data[0]["y"]) == 100_000  # the histogram counts every row
    assert np.array_equal(sample_rows(task.n_rows), rows)  # the same file gives the same chart


def test_small_files_are_drawn_whole():
    assert sample_rows(12).tolist() == list(range(12))


@pytest.mark.parametrize("data", [REGRESSION_CSV, BINARY_CSV, MULTICLASS_CSV])
def test_the_download_reads_back_to_the_same_table(data):
    results = compute_losses(load_task(data))
    table = per_row_table(results)
    assert table["Row"].tolist() == list(range(2, 2 + len(table)))
    back = pd.read_csv(io.StringIO(results_csv(table)))
    pd.testing.assert_frame_equal(back, table, check_dtype=False)
    for result in results.losses:
        assert np.array_equal(back[result.column].to_numpy(), result.per_row)


@pytest.mark.parametrize("kind", [REGRESSION, BINARY, MULTICLASS])
@pytest.mark.parametrize("log_counts", [False, True])
def test_the_charts_are_what_plotly_validation_gives(kind, log_counts):
    """The figures skip Plotly's validation (ui/figures.py); this is where a misspelt property
    would show (tests/test_figure_specs.py sees this page only before data is loaded)."""
    results = compute_losses(load_task(example_csv(kind)))
    figures = [points_figure(results, results.losses[0].spec.key, sample_rows(results.task.n_rows)),
               loss_histogram(results.losses[0], log_counts=log_counts)]
    for figure in figures:
        assert_what_validation_gives(json.loads(figure.to_json()))
        assert figure.title and figure.axis_title("xaxis") and figure.axis_title("yaxis")

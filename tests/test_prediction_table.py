"""Reading and checking a student's CSV of labels and predictions (course/prediction_table.py).

Every bad input gives its own message naming what is wrong and where (rows are numbered as in a
spreadsheet: the header is row 1); good input gives the labels and predictions of its task.
"""

from __future__ import annotations

import numpy as np
import pytest

from course.prediction_table import (
    AUTO,
    BINARY,
    MAX_ROWS,
    MULTICLASS,
    REGRESSION,
    DataProblem,
    check_size,
    detect_kind,
    load_task,
    rows_text,
    sample_rows,
)


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
    limit = 5  # .streamlit/config.toml's server.maxUploadSize (tests/test_your_data_view.py)
    check_size(limit * 1024 * 1024, limit)  # exactly at the limit: accepted
    with pytest.raises(DataProblem) as raised:
        check_size(limit * 1024 * 1024 + 1, limit)
    assert f"upload limit is {limit} MB" in str(raised.value)
    with pytest.raises(DataProblem, match=r"6\.0 MB"):
        check_size(6 * 1024 * 1024, 5)


def test_rows_text():
    assert rows_text(np.array([False, True])) == "row 3"
    assert rows_text(np.array([True, False, True, True])) == "rows 2, 4 and 5"
    assert rows_text(np.array([True] * 12)) == "rows 2, 3, 4, 5, 6, 7, 8, 9, 10, 11 and 2 more"


# --- good input is read as its task --------------------------------------------------------------


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
    assert task.label_columns == ("y_true",) and task.prediction_columns == ("y_pred",)
    assert task.labels.tolist() == [1, 0] and task.predictions.tolist() == [0.9, 0.2]


def test_extra_columns_are_ignored_and_semicolons_and_tabs_work():
    task = load_task("id;y_true;y_pred\na;1;2\nb;3;4\n")
    assert task.ignored == ("id",) and task.labels.tolist() == [1, 3]
    assert load_task(b"y_true\tp\n1\t0.5\n").kind == BINARY
    assert load_task("y_true\tp\n1\t0.5\n".encode("utf-16")).kind == BINARY  # Excel's "Unicode text"
    assert load_task("\ufeffy_true,y_pred\n1,2\n".encode()).label_columns == ("y_true",)  # a UTF-8 BOM


def test_small_files_are_drawn_whole():
    assert sample_rows(12).tolist() == list(range(12))

"""A student's table of labels and predictions: read from CSV text, its columns found, every
cell checked, and ready for the losses.

pandas, numpy and the standard library only, so the tests call it directly. A problem with the
data raises ``DataProblem``, whose message says what is wrong and where, in words a student can
act on. Rows are numbered as a spreadsheet numbers them: the header is row 1 and the first row
of data is row 2, so a row number can be looked up in Excel.
"""

from __future__ import annotations

import csv
import io
import re
from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np
import pandas as pd

from course.lessons import ROOT
from course.numbers import fmt

MAX_ROWS = 200_000
"""The most rows of data a file may hold: 5 MB of two short numbers a row is about this many."""

CHART_POINTS = 2_000
"""The most rows drawn as points: more would slow the browser without showing anything new."""

LISTED = 10
"""How many row numbers a message lists before it says "and N more"."""

FIRST_DATA_ROW = 2
"""The spreadsheet row number of the first row of data (the header is row 1)."""

CHART_SEED = 0
"""The seed of the random sample of rows drawn on a chart: the same file gives the same chart."""

EXAMPLES_DIR = ROOT / "content" / "examples"

AUTO, REGRESSION, BINARY, MULTICLASS = "auto", "regression", "binary", "multiclass"
KINDS = (AUTO, REGRESSION, BINARY, MULTICLASS)
KIND_LABELS = {
    AUTO: "Detect from the column names",
    REGRESSION: "Regression (y_true, y_pred)",
    BINARY: "Binary (y_true 0/1, p)",
    MULTICLASS: "Multi-class (y_true or y_0, y_1, …, and p_0, p_1, …)",
}
KIND_NAMES = {REGRESSION: "regression", BINARY: "binary classification",
              MULTICLASS: "multi-class classification"}

# The names each column may have (compared in lower case, spaces around them ignored). The
# first name of each list is the one the page asks for and the per-row table uses.
LABEL_NAMES = ("y_true", "label", "y", "target", "actual", "true", "class")
PREDICTION_NAMES = ("y_pred", "prediction", "pred", "predicted", "y_hat", "yhat", "forecast", "output")
PROBABILITY_NAMES = ("p", "prob", "proba", "probability", "y_prob")
CLASS_PROBABILITY = re.compile(r"^(?:p|prob|proba|probability)_?(\d+)$")
ONE_HOT_LABEL = re.compile(r"^(?:y|y_true|label)_?(\d+)$")


class DataProblem(ValueError):
    """The data cannot be used as it is; the message says what to change and in which rows."""


@dataclass(frozen=True)
class TaskData:
    """Clean labels and predictions, ready for the losses.

    ``labels`` is 1-D (a number, a 0/1 label or a class number per row) or 2-D (one-hot or
    soft labels, one column per class); ``predictions`` is 1-D, or 2-D with one probability
    per class. Row i of the arrays is spreadsheet row ``i + FIRST_DATA_ROW``.
    """

    kind: str
    labels: np.ndarray
    predictions: np.ndarray
    label_columns: tuple[str, ...]
    prediction_columns: tuple[str, ...]
    ignored: tuple[str, ...] = ()
    detected: bool = False

    @property
    def n_rows(self) -> int:
        return len(self.predictions)

    @property
    def n_classes(self) -> int:
        return self.predictions.shape[1] if self.predictions.ndim == 2 else 2

    @property
    def one_hot_labels(self) -> np.ndarray:
        """Multi-class labels as rows over the classes (class numbers become one-hot rows)."""
        if self.labels.ndim == 2:
            return self.labels
        rows = np.zeros_like(self.predictions)
        rows[np.arange(self.n_rows), self.labels.astype(int)] = 1.0
        return rows

    @property
    def class_labels(self) -> np.ndarray | None:
        """Multi-class labels as class numbers, or None for soft labels (no single class)."""
        if self.labels.ndim == 1:
            return self.labels.astype(int)
        if np.all(np.isin(self.labels, (0.0, 1.0))) and np.all(self.labels.sum(axis=1) == 1):
            return self.labels.argmax(axis=1)
        return None


# ---------------------------------------------------------------------------------------------
# Size and reading


def check_size(n_bytes: int, limit_mb: float) -> None:
    """Refuse a file larger than the upload limit (in megabytes of 1024 × 1024 bytes, as
    Streamlit counts them)."""
    if n_bytes > limit_mb * 1024 * 1024:
        raise DataProblem(
            f"The file is {n_bytes / 1024 / 1024:.1f} MB; the upload limit is {fmt(limit_mb)} MB. "
            f"Upload a sample of the rows (at most {MAX_ROWS:,} are used anyway)."
        )


def decode(data: str | bytes) -> str:
    """The text of an upload, or a DataProblem if it is not text at all (a workbook, an image)."""
    if isinstance(data, str):
        return data
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):  # "Unicode text" from Excel: UTF-16 with a BOM
        try:
            return data.decode("utf-16")
        except UnicodeDecodeError:
            pass
    head = data[:4096]
    if b"\x00" in head or sum(byte < 9 or 13 < byte < 32 for byte in head) > len(head) // 100:
        raise DataProblem(
            "This is not a CSV file: it holds binary data (an Excel workbook, an image or a zip "
            "archive?). In Excel, choose File → Save As → CSV, and upload that file."
        )
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError:
        return data.decode("cp1252", errors="replace")  # what Excel on Windows writes


def read_table(data: str | bytes) -> pd.DataFrame:
    """Read CSV text into a table of the raw cells, checking its shape but not its numbers.

    Raises DataProblem for an empty file, a file that is not a CSV, a single column, a missing
    header row, a header with no rows below it, or more than ``MAX_ROWS`` rows.
    """
    text = decode(data).lstrip("\r\n").rstrip()
    if not text:
        raise DataProblem("The file is empty: there is nothing to read.")
    first_line = text.split("\n", 1)[0].rstrip("\r")
    delimiter = _delimiter(first_line)
    header = next(csv.reader([first_line], delimiter=delimiter))
    if len(header) < 2:
        raise DataProblem(
            f"This is not a CSV file with columns: only one column was found (the first line is "
            f"“{_clip(first_line, 60)}”). A CSV separates its columns with commas, for example "
            "y_true,y_pred."
        )
    if all(_is_number(name) for name in header):
        raise DataProblem(
            f"The file has no header: its first row holds numbers "
            f"({', '.join(_clip(h, 12) for h in header[:4])}), not column names. Add a first line "
            "that names the columns, for example y_true,y_pred."
        )
    data_lines = text.count("\n")
    if data_lines > MAX_ROWS:
        raise DataProblem(
            f"The data has {data_lines:,} rows, more than the {MAX_ROWS:,} this page takes. "
            "Upload a sample of your rows (in pandas: df.sample(100_000))."
        )
    try:
        table = pd.read_csv(io.StringIO(text), sep=delimiter, skipinitialspace=True,
                            skip_blank_lines=False)
    except pd.errors.ParserError as error:
        raise DataProblem(_parser_message(str(error), len(header))) from None
    except (ValueError, UnicodeError) as error:
        raise DataProblem(f"This could not be read as a CSV file ({error}).") from None
    table.columns = [str(name).strip() for name in table.columns]
    # Blank lines at the very end are not rows of data; blank lines in the middle are, and the
    # empty-cell check names them (skip_blank_lines=False keeps the row numbers right).
    filled = np.flatnonzero(table.notna().any(axis=1).to_numpy())
    table = table.iloc[: filled[-1] + 1] if len(filled) else table.iloc[:0]
    if table.empty:
        raise DataProblem(
            f"There is a header ({', '.join(table.columns)}) but no rows of data below it."
        )
    return table


def _delimiter(first_line: str) -> str:
    """Commas, or semicolons or tabs when the header uses them instead (European Excel)."""
    counts = {sep: first_line.count(sep) for sep in (",", ";", "\t")}
    best = max(counts, key=counts.get)
    return best if counts[best] else ","


def _parser_message(error: str, n_columns: int) -> str:
    found = re.search(r"Expected (\d+) fields in line (\d+), saw (\d+)", error)
    if found:
        expected, line, saw = (int(group) for group in found.groups())
        return (f"This is not a well-formed CSV: row {line} has {saw} values, but the header names "
                f"{expected} columns. Check that row for an extra comma.")
    if "EOF inside string" in error or "quote" in error.lower():
        return "This is not a well-formed CSV: a quotation mark (\") is opened and never closed."
    return f"This is not a well-formed CSV ({error.strip()})."


# ---------------------------------------------------------------------------------------------
# Which columns hold what


def detect_kind(columns: Sequence[str]) -> str | None:
    """The task the column names point to, or None if they do not say."""
    names = _lookup(columns)
    if len(_numbered(names, CLASS_PROBABILITY)) >= 2:
        return MULTICLASS
    if _first(names, LABEL_NAMES) is None:
        return None
    if _first(names, PROBABILITY_NAMES) is not None:
        return BINARY
    if _first(names, PREDICTION_NAMES) is not None:
        return REGRESSION
    return None


def select_columns(columns: Sequence[str], kind: str) -> tuple[tuple[str, ...], tuple[str, ...]]:
    """The label columns and the prediction columns for this task, as named in the file.

    Raises DataProblem naming the missing columns and the ones the file has.
    """
    names = _lookup(columns)
    found = ", ".join(columns)
    if kind == MULTICLASS:
        return _multiclass_columns(names, found)
    label = _first(names, LABEL_NAMES)
    prediction_names = PROBABILITY_NAMES + PREDICTION_NAMES if kind == BINARY else PREDICTION_NAMES
    prediction = _first(names, prediction_names)
    missing = []
    if label is None:
        missing.append(f"y_true (the label; also accepted: {', '.join(LABEL_NAMES[1:4])})")
    if prediction is None:
        if kind == BINARY:
            missing.append("p (the predicted probability of class 1; also accepted: prob, probability)")
        else:
            missing.append(f"y_pred (the prediction; also accepted: {', '.join(PREDICTION_NAMES[1:4])})")
    if missing:
        raise DataProblem(
            f"Missing {'column' if len(missing) == 1 else 'columns'} for {KIND_NAMES[kind]}: "
            f"{'; '.join(missing)}. The file has the columns: {found}."
        )
    return (label,), (prediction,)


def _multiclass_columns(names: dict[str, str], found: str) -> tuple[tuple[str, ...], tuple[str, ...]]:
    probabilities = _numbered(names, CLASS_PROBABILITY)
    if len(probabilities) < 2:
        raise DataProblem(
            "Missing columns for multi-class classification: p_0, p_1, … (one predicted "
            f"probability per class, numbered from 0). The file has the columns: {found}."
        )
    n_classes = max(probabilities) + 1
    gaps = [f"p_{k}" for k in range(n_classes) if k not in probabilities]
    if gaps:
        raise DataProblem(
            f"Missing {'column' if len(gaps) == 1 else 'columns'} for multi-class classification: "
            f"{', '.join(gaps)}. The probability columns must be numbered from 0 without gaps. "
            f"The file has the columns: {found}."
        )
    prediction_columns = tuple(probabilities[k] for k in range(n_classes))
    label = _first(names, LABEL_NAMES)
    if label is not None:
        return (label,), prediction_columns
    one_hot = _numbered(names, ONE_HOT_LABEL)
    if not one_hot:
        raise DataProblem(
            "Missing label column for multi-class classification: y_true (the class number, 0 to "
            f"{n_classes - 1}) or one label column per class, y_0 to y_{n_classes - 1}. "
            f"The file has the columns: {found}."
        )
    gaps = [f"y_{k}" for k in range(n_classes) if k not in one_hot]
    extra = [one_hot[k] for k in sorted(one_hot) if k >= n_classes]
    if gaps or extra:
        detail = f"missing {', '.join(gaps)}" if gaps else f"{', '.join(extra)} has no probability column"
        raise DataProblem(
            f"There must be one label column per probability column, y_0 to y_{n_classes - 1} "
            f"({detail}). The file has the columns: {found}."
        )
    return tuple(one_hot[k] for k in range(n_classes)), prediction_columns


def _lookup(columns: Sequence[str]) -> dict[str, str]:
    """Each column by its lower-case name (the first one wins if two differ only by case)."""
    names: dict[str, str] = {}
    for column in columns:
        names.setdefault(str(column).strip().lower(), str(column))
    return names


def _first(names: dict[str, str], wanted: Sequence[str]) -> str | None:
    return next((names[name] for name in wanted if name in names), None)


def _numbered(names: dict[str, str], pattern: re.Pattern) -> dict[int, str]:
    numbered: dict[int, str] = {}
    for lower, column in names.items():
        match = pattern.match(lower)
        if match:
            numbered.setdefault(int(match.group(1)), column)
    return numbered


# ---------------------------------------------------------------------------------------------
# The whole path: text -> checked arrays


def load_task(data: str | bytes, kind: str = AUTO) -> TaskData:
    """Read a CSV, find its columns for the task (detected from the header when ``kind`` is
    AUTO), and check every cell. Raises DataProblem with every problem found in the cells."""
    table = read_table(data)
    detected = kind == AUTO
    if detected:
        kind = detect_kind(list(table.columns))
        if kind is None:
            raise DataProblem(
                f"Missing columns: the column names ({', '.join(table.columns)}) do not say what the "
                "numbers are. Name them y_true and y_pred (regression), y_true and p (binary), or "
                "y_true and p_0, p_1, … (multi-class), or choose the task above."
            )
    label_columns, prediction_columns = select_columns(list(table.columns), kind)
    used = (*label_columns, *prediction_columns)
    values = _numeric_cells(table, used)
    labels = values[:, : len(label_columns)]
    predictions = values[:, len(label_columns):]
    if kind != MULTICLASS or len(label_columns) == 1:
        labels = labels[:, 0]
    if kind != MULTICLASS:
        predictions = predictions[:, 0]
    _check_ranges(kind, labels, predictions, label_columns, prediction_columns)
    ignored = tuple(column for column in table.columns if column not in used)
    return TaskData(kind, labels, predictions, label_columns, prediction_columns, ignored, detected)


def _numeric_cells(table: pd.DataFrame, columns: Sequence[str]) -> np.ndarray:
    """The used columns as one float array; DataProblem listing text, empty and infinite cells."""
    text_cells, empty_cells, infinite_cells = [], [], []
    arrays = []
    for column in columns:
        raw = table[column]
        if pd.api.types.is_numeric_dtype(raw) or pd.api.types.is_bool_dtype(raw):
            numbers = raw.to_numpy(dtype=float)
        else:
            converted = pd.to_numeric(raw, errors="coerce")
            numbers = converted.to_numpy(dtype=float)
            is_text = (converted.isna() & raw.notna()).to_numpy()
            if is_text.any():
                shown = raw.to_numpy()[is_text]
                quoted = [f"“{_clip(str(value), 20)}”" for value in shown]
                text_cells.append(f"{column} in {rows_text(is_text, quoted)}")
                comma = any(re.fullmatch(r"-?\d+,\d+", str(v).strip()) for v in shown[:LISTED])
                if comma:
                    text_cells[-1] += " (write decimals with a point: 0.5, not 0,5)"
                numbers = np.where(is_text, 0.0, numbers)  # reported above; not also "empty"
        empty = raw.isna().to_numpy()
        if empty.any():
            empty_cells.append(f"{column} in {rows_text(empty)}")
        infinite = np.isinf(numbers)
        if infinite.any():
            infinite_cells.append(f"{column} in {rows_text(infinite)}")
        arrays.append(numbers)
    problems = []
    if text_cells:
        problems.append("Text where a number should be: " + "; ".join(text_cells) + ".")
    if empty_cells:
        problems.append("Empty or missing values (a blank cell, NA or NaN): " + "; ".join(empty_cells)
                        + ". Fill them in or delete those rows.")
    if infinite_cells:
        problems.append("Infinite values, which no loss can use: " + "; ".join(infinite_cells) + ".")
    if problems:
        raise DataProblem("\n\n".join(problems))
    return np.column_stack(arrays)


def _check_ranges(kind, labels, predictions, label_columns, prediction_columns) -> None:
    """Labels and probabilities the task allows; DataProblem listing every row that breaks it."""
    problems = []
    if kind == BINARY:
        bad = ~np.isin(labels, (0.0, 1.0))
        if bad.any():
            problems.append(f"A binary label must be 0 or 1: {label_columns[0]} in "
                            f"{rows_text(bad, [fmt(v) for v in labels[bad]])}. "
                            "(Labels −1 and +1? Write 0 for −1.)")
    if kind in (BINARY, MULTICLASS):
        outside = (predictions < 0) | (predictions > 1)
        if outside.any():
            problems.append(_outside_message(outside, predictions, prediction_columns))
    if kind == MULTICLASS and labels.ndim == 1:
        n_classes = predictions.shape[1]
        bad = (labels != np.round(labels)) | (labels < 0) | (labels >= n_classes)
        if bad.any():
            problems.append(f"A class label must be a whole number from 0 to {n_classes - 1} (one per "
                            f"probability column): {label_columns[0]} in "
                            f"{rows_text(bad, [fmt(v) for v in labels[bad]])}.")
    if kind == MULTICLASS and labels.ndim == 2:
        outside = (labels < 0) | (labels > 1)
        if outside.any():
            problems.append("One-hot labels must lie between 0 and 1: "
                            + _cells_by_column(outside, labels, label_columns) + ".")
    if problems:
        raise DataProblem("\n\n".join(problems))


def _outside_message(outside: np.ndarray, values: np.ndarray, columns: Sequence[str]) -> str:
    where = _cells_by_column(outside.reshape(len(values), -1), values.reshape(len(values), -1), columns)
    return (f"Probabilities must lie between 0 and 1: {where}. If these are raw scores (logits), turn "
            "them into probabilities first, with a sigmoid (binary) or a softmax (multi-class).")


def _cells_by_column(mask: np.ndarray, values: np.ndarray, columns: Sequence[str]) -> str:
    parts = []
    for index, column in enumerate(columns):
        bad = mask[:, index]
        if bad.any():
            parts.append(f"{column} in {rows_text(bad, [fmt(v) for v in values[bad, index]])}")
    return "; ".join(parts)


def rows_text(mask: np.ndarray, values: Sequence[str] | None = None) -> str:
    """"row 5", "rows 3, 7 and 9" or "rows 2, 3, … and 40 more", with each row's value if given.

    ``mask`` marks the rows (row i is spreadsheet row i + 2); at most ``LISTED`` are named.
    """
    numbers = np.flatnonzero(mask) + FIRST_DATA_ROW
    shown = [str(n) if values is None else f"{n} ({values[i]})" for i, n in enumerate(numbers[:LISTED])]
    more = len(numbers) - len(shown)
    word = "row" if len(numbers) == 1 else "rows"
    if more:
        return f"{word} {', '.join(shown)} and {more:,} more"
    if len(shown) == 1:
        return f"{word} {shown[0]}"
    return f"{word} {', '.join(shown[:-1])} and {shown[-1]}"


def _is_number(text: str) -> bool:
    try:
        float(text.strip().strip('"'))
    except ValueError:
        return False
    return True


def _clip(text: str, width: int) -> str:
    text = text.strip()
    return text if len(text) <= width else text[: width - 1] + "…"


def looks_binary(task: TaskData) -> bool:
    """Regression columns that hold 0/1 labels and predictions between 0 and 1: probably a
    binary classifier's output under regression names."""
    return (task.kind == REGRESSION and bool(np.all(np.isin(task.labels, (0.0, 1.0))))
            and bool(np.all((task.predictions >= 0) & (task.predictions <= 1))))


# ---------------------------------------------------------------------------------------------
# The table under the column names the page asks for; the rows a chart draws; the examples


def input_columns(task: TaskData) -> dict[str, np.ndarray]:
    """The labels and predictions under the names the page asks for (y_true, y_pred, p, p_k)."""
    if task.kind == REGRESSION:
        return {"y_true": task.labels, "y_pred": task.predictions}
    if task.kind == BINARY:
        return {"y_true": task.labels, "p": task.predictions}
    columns = ({"y_true": task.labels.astype(int)} if task.labels.ndim == 1 else
               {f"y_{k}": task.labels[:, k] for k in range(task.n_classes)})
    columns.update({f"p_{k}": task.predictions[:, k] for k in range(task.n_classes)})
    return columns


def sample_rows(n_rows: int, limit: int = CHART_POINTS, seed: int = CHART_SEED) -> np.ndarray:
    """The rows a chart draws: all of them up to ``limit``, else a seeded random sample of
    ``limit`` rows, in file order (a stride would follow any order the file is sorted in)."""
    if n_rows <= limit:
        return np.arange(n_rows)
    return np.sort(np.random.default_rng(seed).choice(n_rows, size=limit, replace=False))


def example_csv(kind: str) -> str:
    """The text of content/examples/<kind>.csv, one small example file per task."""
    return (EXAMPLES_DIR / f"{kind}.csv").read_text(encoding="utf-8")

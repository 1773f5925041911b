"""Tables of numbers written by the app's one rule for numbers (``course.numbers.fmt``).

A table keeps its numbers as numbers, so a click on a column heading still sorts them by
value; only what is shown follows ``fmt``, as every metric and sentence does. Inside fmt's plain
range (0, or 0.001 ≤ |x| < 10 000) four significant digits with trailing zeros dropped is what
the format "%.4g" writes, which the browser applies at no cost; a table with a number outside
that range (10,000 or 5.50e-08) is written cell by cell with ``fmt`` through a pandas Styler,
which costs about 20 ms a table, so it is kept for the tables that need it.
"""

from __future__ import annotations

from collections.abc import Collection, Mapping

import numpy as np
import pandas as pd
import pyarrow as pa
import streamlit as st
from pandas.io.formats.style import Styler

from course.numbers import fmt

MISSING = "—"
PLAIN_FORMAT = "%.4g"
"""What fmt writes for 0 and for 0.001 ≤ |x| < 10 000: four significant digits, no exponent,
no trailing zeros."""


def numeric_columns(frame: pd.DataFrame, skip: Collection[str] = ()) -> list[str]:
    return [name for name in frame.columns if name not in skip
            and pd.api.types.is_numeric_dtype(frame[name]) and not pd.api.types.is_bool_dtype(frame[name])]


def in_plain_range(values) -> bool:
    """True when every value is one fmt writes as "%.4g" does (no NaN, no thousands, no e-05)."""
    values = np.asarray(values, dtype=float).ravel()
    magnitude = np.abs(values)
    plain = (magnitude == 0) | ((magnitude >= 1e-3) & (magnitude < 1e4))
    return bool(np.all(np.isfinite(values)) and np.all(plain))


def fmt_table(frame: pd.DataFrame, *, skip: Collection[str] = ()) -> Styler:
    """``frame`` with every numeric column shown by ``fmt`` (a missing value as a dash), but
    for the columns in ``skip`` (those a column_config draws, such as a progress bar)."""
    return frame.style.format(fmt, subset=numeric_columns(frame, skip), na_rep=MISSING)


def fmt_dataframe(frame: pd.DataFrame, *,
                  skip: Collection[str] = ()) -> tuple[pd.DataFrame | Styler, dict]:
    """What to give ``st.dataframe`` so that its numbers read as ``fmt`` writes them: the data and
    the column_config to merge with the caller's. The cheap browser-side format when every number
    is in fmt's plain range, else the Styler of ``fmt_table``."""
    # Column by column: ``frame[numeric]`` would build a new frame first, on every gesture.
    formats = _plain_formats({name: frame[name].to_numpy(dtype=float)
                              for name in numeric_columns(frame, skip)})
    return (frame, formats) if formats is not None else (fmt_table(frame, skip=skip), {})


def columns_dataframe(columns: Mapping[str, np.ndarray], *,
                      skip: Collection[str] = ()) -> tuple[pa.Table | Styler, dict]:
    """``fmt_dataframe`` for a table given as columns (numpy arrays): in fmt's plain range, an
    Arrow table with the browser-side format, built without pandas (a pandas frame and its
    conversion to Arrow cost more than all the rest of a lesson's batch table, which is drawn
    again at the end of every gesture); outside it, the Styler of ``fmt_table``."""
    formats = _plain_formats({name: np.asarray(values, dtype=float) for name, values in columns.items()
                              if name not in skip and np.asarray(values).dtype.kind in "iuf"})
    if formats is not None:
        return pa.table({name: np.asarray(values) for name, values in columns.items()}), formats
    return fmt_table(pd.DataFrame(dict(columns)), skip=skip), {}


def _plain_formats(numeric: Mapping[str, np.ndarray]) -> dict | None:
    """The browser-side format of these numeric columns when every number in them is in fmt's
    plain range; None when one is not (the table then needs fmt's Styler)."""
    if not in_plain_range(list(numeric.values()) or [0.0]):
        return None
    return {name: st.column_config.NumberColumn(name, format=PLAIN_FORMAT) for name in numeric}

"""Tables of numbers written by the app's one rule for numbers (``ui.numbers.fmt``).

A table keeps its numbers as numbers, so a click on a column heading still sorts them by
value; only what is shown goes through ``fmt``, as every metric and sentence does.
"""

from __future__ import annotations

from collections.abc import Collection

import pandas as pd
from pandas.io.formats.style import Styler

from ui.numbers import fmt

MISSING = "—"


def fmt_table(frame: pd.DataFrame, *, skip: Collection[str] = ()) -> Styler:
    """``frame`` with every numeric column shown by ``fmt`` (a missing value as a dash), but
    for the columns in ``skip`` (those a column_config draws, such as a progress bar)."""
    numeric = [name for name in frame.columns if name not in skip
               and pd.api.types.is_numeric_dtype(frame[name]) and not pd.api.types.is_bool_dtype(frame[name])]
    return frame.style.format(fmt, subset=numeric, na_rep=MISSING)

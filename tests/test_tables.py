"""Tables show their numbers by the same rule as every metric (course.numbers.fmt)."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pyarrow as pa
from pandas.io.formats.style import Styler

from course.numbers import fmt
from ui.tables import PLAIN_FORMAT, columns_dataframe, fmt_dataframe, fmt_table


def test_numbers_are_shown_like_metrics_and_stay_numbers_underneath():
    frame = pd.DataFrame({"Sample": ["a", "b", "c"], "p": [5.5e-8, 0.0038071, 1.58113883],
                          "Loss": [12345.678, np.nan, 2.0], "Share": [10.0, 20.0, 70.0]})
    styled = fmt_table(frame, skip=("Share",))
    shown = styled.to_html()
    # By hand: four significant digits, powers of ten below 0.001, thousands separated.
    for text in ("5.50e-08", "0.003807", "1.581", "12,346", "—", "2"):
        assert f">{text}<" in shown, text
    assert ">1.5811<" not in shown and ">5.5e-08<" not in shown
    # The share column is left to its column_config; the data keep their full values.
    assert ">10.000000<" in shown
    assert styled.data["p"].tolist() == [5.5e-8, 0.0038071, 1.58113883]


def test_in_the_plain_range_the_browser_format_writes_what_fmt_writes():
    # Independently of the app: "%.4g" against fmt on numbers spread over the plain range.
    rng = np.random.default_rng(0)
    spread = rng.choice([-1.0, 1.0], 2000) * 10.0 ** rng.uniform(-3, 4, 2000)  # 0.001 ≤ |x| < 10 000
    values = np.concatenate([[0.0, 1.0, 2.0, 100.0, 0.125, -1.438, 9999.0], spread])
    mismatches = [value for value in values if PLAIN_FORMAT % value != fmt(value)]
    assert not mismatches, mismatches[:5]


def test_a_table_in_the_plain_range_takes_the_cheap_format_and_one_outside_the_styler():
    plain = pd.DataFrame({"x": [0.5, 2.0], "Share": [50.0, 50.0], "name": ["a", "b"]})
    shown, config = fmt_dataframe(plain, skip=("Share",))
    assert shown is plain and set(config) == {"x"}
    assert config["x"]["type_config"]["format"] == PLAIN_FORMAT
    wide = pd.DataFrame({"x": [0.5, 25_000.0]})
    shown, config = fmt_dataframe(wide)
    assert isinstance(shown, Styler) and config == {}
    assert ">25,000<" in shown.to_html()


def test_columns_in_the_plain_range_go_to_arrow_with_their_exact_values_and_others_to_the_styler():
    names, losses_ = np.array(["a", "b", "outlier"]), np.array([0.25, 1.5, 400.0])
    shown, config = columns_dataframe({"Sample": names, "Loss": losses_, "Share": losses_ / 4.0175},
                                      skip=("Share",))
    assert isinstance(shown, pa.Table)
    assert shown.column("Sample").to_pylist() == ["a", "b", "outlier"]
    assert shown.column("Loss").to_pylist() == [0.25, 1.5, 400.0]  # numbers, not text
    assert set(config) == {"Loss"} and config["Loss"]["type_config"]["format"] == PLAIN_FORMAT
    # 12,345.7 is outside "%.4g"'s agreement with fmt: written cell by cell by fmt instead.
    shown, config = columns_dataframe({"Sample": names, "Loss": np.array([0.25, 1.5, 12345.7])})
    assert isinstance(shown, Styler) and config == {}
    assert ">12,346<" in shown.to_html()

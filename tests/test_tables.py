"""Tables show their numbers by the same rule as every metric (ui.numbers.fmt)."""

from __future__ import annotations

import numpy as np
import pandas as pd

from ui.tables import fmt_table


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

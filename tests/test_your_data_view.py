"""What the your-data page draws of a measured table (app_pages/your_data_view.py): charts that
draw a sample of the rows but count every one, as Plotly's validation would have them, and the
upload limit of the app's config."""

from __future__ import annotations

import json
import tomllib

import numpy as np
import pandas as pd
import pytest

from app_pages.your_data_view import loss_histogram, points_figure, upload_limit_mb
from course.prediction_table import (
    BINARY,
    CHART_POINTS,
    MULTICLASS,
    REGRESSION,
    example_csv,
    load_task,
    sample_rows,
)
from course.table_losses import compute_losses
from tests.conftest import ROOT, assert_what_validation_gives


def test_the_upload_limit_is_5_mb_in_the_config():
    config = tomllib.loads((ROOT / ".streamlit" / "config.toml").read_text(encoding="utf-8"))
    assert config["server"]["maxUploadSize"] == 5
    assert upload_limit_mb() == 5


def test_100_000_rows_are_drawn_from_a_sample_and_counted_whole():
    rng = np.random.default_rng(7)
    y, y_hat = rng.normal(10, 3, 100_000), rng.normal(10, 3, 100_000)
    data = pd.DataFrame({"y_true": y, "y_pred": y_hat}).to_csv(index=False).encode()
    task = load_task(data)
    results = compute_losses(task)
    rows = sample_rows(task.n_rows)
    assert len(rows) == CHART_POINTS and len(set(rows)) == CHART_POINTS
    figure = points_figure(results, "mse", rows)
    drawn = sum(len(trace["x"]) for trace in figure.data if trace["mode"] == "markers")
    assert drawn == CHART_POINTS
    histogram = loss_histogram(results.loss("mse"))
    assert sum(histogram.data[0]["y"]) == 100_000  # the histogram counts every row
    assert np.array_equal(sample_rows(task.n_rows), rows)  # the same file gives the same chart


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

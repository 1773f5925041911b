"""The "Your own numbers" page: pasted or uploaded CSVs give the losses `losses` computes, and every
bad input gives its message while the page keeps working."""

from __future__ import annotations

import io
import math
import re

import numpy as np
import pandas as pd
import pytest
from sklearn.metrics import log_loss, mean_squared_error

from app_pages.your_data_view import TABLE_ROWS
from course.numbers import fmt
from course.prediction_table import BINARY, CHART_POINTS, MAX_ROWS, MULTICLASS, REGRESSION, example_csv
from losses import (
    binary_cross_entropy,
    categorical_cross_entropy,
    focal,
    huber,
    kl_divergence,
    mae,
    mape,
    mse,
    poisson,
    smooth_l1,
    sparse_categorical_cross_entropy,
)
from tests.conftest import chart_specs, metric, screen_text, shown_cells

REGRESSION_CSV = "y_true,y_pred\n3,2.5\n-0.5,0.0\n2,2\n7,8\n"
Y, Y_HAT = [3, -0.5, 2, 7], [2.5, 0.0, 2, 8]
BINARY_CSV = "y_true,p\n1,0.9\n0,0.2\n1,0.6\n0,0.45\n"
MULTICLASS_CSV = "y_true,p_0,p_1,p_2\n0,0.7,0.2,0.1\n2,0.1,0.3,0.6\n1,0.25,0.5,0.25\n"
NAN_OR_INF = re.compile(r"(?<![\w.])(nan|inf)(?![\w])", re.IGNORECASE)


def paste(at, text: str):
    return at.text_area(key="your_data_paste").input(text).run()


def messages(at) -> str:
    return "\n".join(str(element.value) for element in [*at.error, *at.warning, *at.info])


def markers_drawn(spec: dict) -> int:
    return sum(len(trace["x"]) for trace in spec["data"] if trace.get("mode") == "markers")


def test_opens_with_the_inputs_and_asks_for_data(page):
    at = page("your_data")
    assert at.title[0].value == "Your own numbers"
    assert "Nothing to measure yet" in messages(at)
    assert not at.error
    assert at.text_area(key="your_data_paste").value == ""
    assert len(at.file_uploader) == 1
    assert "5 MB" in screen_text(at)  # the limit of .streamlit/config.toml, stated on the page
    assert f"{MAX_ROWS:,}" in screen_text(at)


def test_pasted_regression_csv_shows_every_regression_loss(page):
    at = paste(page("your_data"), REGRESSION_CSV)
    assert not at.exception and not at.error
    assert "regression" in at.success[0].value and "detected" in at.success[0].value
    assert metric(at, "MSE") == fmt(mse(Y, Y_HAT)) == fmt(mean_squared_error(Y, Y_HAT))
    assert metric(at, "MAE") == fmt(mae(Y, Y_HAT))
    assert metric(at, "Huber") == fmt(huber(Y, Y_HAT))
    assert metric(at, "Smooth L1") == fmt(smooth_l1(Y, Y_HAT))
    assert metric(at, "MAPE") == fmt(mape(Y, Y_HAT))
    # A negative label: Poisson (for counts) is not computed, and the page says which row.
    assert "Poisson is not computed" in messages(at) and "row 3" in messages(at)
    table = at.dataframe[0].value  # the rows (the summary is a static table)
    assert table.index.tolist() == [2, 3, 4, 5]
    assert table["MSE"].tolist() == pytest.approx(mse(Y, Y_HAT, reduction="none").tolist())
    scatter, histogram = chart_specs(at)
    assert markers_drawn(scatter) == 4
    assert sum(histogram["data"][0]["y"]) == 4
    assert at.download_button(key="your_data_download").label.startswith("Download")
    assert not NAN_OR_INF.search(screen_text(at))


@pytest.mark.parametrize(("key", "value", "loss", "label"), [
    ("your_data_delta", 0.5, lambda: huber(Y, Y_HAT, delta=0.5), "Huber (δ = 0.5)"),
    ("your_data_beta", 2.0, lambda: smooth_l1(Y, Y_HAT, beta=2.0), "Smooth L1 (β = 2)"),
])
def test_parameter_sliders_change_their_loss(page, key, value, loss, label):
    at = paste(page("your_data"), REGRESSION_CSV)
    at.slider(key=key).set_value(value).run()
    assert metric(at, label) == fmt(loss())


def test_pasted_binary_csv_gives_cross_entropy_and_focal(page):
    at = paste(page("your_data"), BINARY_CSV)
    y, p = [1, 0, 1, 0], [0.9, 0.2, 0.6, 0.45]
    assert metric(at, "BCE") == fmt(binary_cross_entropy(y, p)) == fmt(log_loss(y, p))
    assert metric(at, "Focal (γ = 2)") == fmt(focal(y, p, gamma=2.0))
    at.slider(key="your_data_gamma").set_value(0.5).run()
    assert metric(at, "Focal (γ = 0.5)") == fmt(focal(y, p, gamma=0.5))
    assert "Hinge is not computed" in messages(at)
    scatter = chart_specs(at)[0]
    assert markers_drawn(scatter) == 4  # two rows of each label, on the two curves of BCE
    assert not at.error


def test_pasted_multiclass_csv_gives_the_cross_entropies(page):
    at = paste(page("your_data"), MULTICLASS_CSV)
    labels = np.array([0, 2, 1])
    probabilities = np.array([[0.7, 0.2, 0.1], [0.1, 0.3, 0.6], [0.25, 0.5, 0.25]])
    one_hot = np.eye(3)[labels]
    assert metric(at, "CE") == fmt(categorical_cross_entropy(one_hot, probabilities))
    assert metric(at, "Sparse CE") == fmt(sparse_categorical_cross_entropy(labels, probabilities))
    assert metric(at, "KL") == fmt(kl_divergence(one_hot, probabilities))
    assert metric(at, "CE") == fmt(log_loss(labels, probabilities))


BAD_INPUTS = [
    ("not a CSV", "My results look fine\nI think\n", ["not a CSV", "one column"]),
    ("malformed", "y_true,y_pred\n1,2\n3,4,5\n", ["not a well-formed CSV", "row 3"]),
    ("no header", "3,2.5\n1,1.5\n", ["no header"]),
    ("missing column", "y_true,guess\n1,2\n", ["Missing columns", "y_true, guess"]),
    ("text in a number cell", "y_true,y_pred\n1,2\n3,abc\n",
     ["Text where a number should be", "row 3", "abc"]),
    ("empty cells", "y_true,y_pred\n1,2\n3,\n4,5\n,6\n", ["Empty or missing", "y_true in row 5",
                                                          "y_pred in row 3"]),
    ("probability above 1", "y_true,p\n1,0.5\n0,1.2\n", ["between 0 and 1", "row 3 (1.2)"]),
    ("label of 0 for MAPE", "y_true,y_pred\n2,3\n0,0.5\n", ["MAPE is not computed", "label is 0 in row 3"]),
    ("header only", "y_true,y_pred\n", ["no rows of data"]),
    ("too many rows", "y_true,y_pred\n" + "1,2\n" * (MAX_ROWS + 1), [f"{MAX_ROWS:,} this page takes"]),
]


@pytest.mark.parametrize(("case", "text", "words"), BAD_INPUTS, ids=[case for case, _, _ in BAD_INPUTS])
def test_every_bad_paste_gives_its_message_and_the_page_keeps_working(page, case, text, words):
    at = paste(page("your_data"), text)
    assert not at.exception
    shown = "\n".join(str(element.value) for element in [*at.error, *at.warning])
    for word in words:
        assert word in shown, case
    # The page is still there: the next paste is measured.
    at = paste(at, REGRESSION_CSV)
    assert not at.error and metric(at, "MSE") == fmt(mse(Y, Y_HAT))


def test_a_label_of_0_still_gives_the_other_losses(page):
    at = paste(page("your_data"), "y_true,y_pred\n2,3\n0,0.5\n")
    assert at.warning and not at.error
    assert metric(at, "MSE") == fmt(mse([2, 0], [3, 0.5]))
    assert metric(at, "Poisson") == fmt(poisson([2, 0], [3, 0.5]))
    assert not [m for m in at.metric if m.label.startswith("MAPE")]


def test_choosing_the_wrong_task_says_what_does_not_fit(page):
    at = paste(page("your_data"), REGRESSION_CSV)
    at.radio(key="your_data_kind").set_value(MULTICLASS).run()
    assert not at.exception
    assert "Missing columns for multi-class classification: p_0, p_1" in at.error[0].value
    # As binary, y_pred is taken for the probability, and the labels say what is wrong.
    at.radio(key="your_data_kind").set_value(BINARY).run()
    message = at.error[0].value
    assert "A binary label must be 0 or 1: y_true in rows 2 (3), 3 (-0.5), 4 (2) and 5 (7)" in message
    at.radio(key="your_data_kind").set_value(REGRESSION).run()
    assert "as you chose" in at.success[0].value


@pytest.mark.parametrize(("index", "kind"), [(0, REGRESSION), (1, BINARY), (2, MULTICLASS)])
def test_example_buttons_load_their_file(page, index, kind):
    at = page("your_data")
    at.button(key=f"your_data_preset_{index}").click().run()
    assert at.text_area(key="your_data_paste").value == example_csv(kind)
    assert not at.error and not at.exception
    frame = pd.read_csv(io.StringIO(example_csv(kind)))
    if kind == REGRESSION:
        assert metric(at, "MSE") == fmt(mse(frame["y_true"], frame["y_pred"]))
        assert "Not used: week" in screen_text(at)
    elif kind == BINARY:
        assert metric(at, "BCE") == fmt(binary_cross_entropy(frame["y_true"], frame["p"]))
    else:
        probabilities = frame[["p_0", "p_1", "p_2"]].to_numpy()
        expected = sparse_categorical_cross_entropy(frame["y_true"], probabilities)
        assert metric(at, "Sparse CE") == fmt(expected)
    assert len(chart_specs(at)) == 2
    assert not NAN_OR_INF.search(screen_text(at))


def test_the_chart_shows_the_chosen_loss(page):
    at = paste(page("your_data"), BINARY_CSV)
    at.selectbox(key="your_data_chart_binary").select("focal").run()
    scatter, histogram = chart_specs(at)
    assert "Focal" in scatter["layout"]["title"]["text"] and "Focal" in histogram["layout"]["title"]["text"]
    at.toggle(key="your_data_log_counts").set_value(True).run()
    assert chart_specs(at)[1]["layout"]["yaxis"]["type"] == "log"


def test_an_uploaded_file_is_measured_and_wins_over_pasted_text(page):
    at = paste(page("your_data"), BINARY_CSV)
    uploader = at.file_uploader(key="your_data_upload")
    uploader.set_value(("mine.csv", REGRESSION_CSV.encode(), "text/csv")).run()
    assert metric(at, "MSE") == fmt(mse(Y, Y_HAT))
    assert "pasted text is ignored" in messages(at)


@pytest.mark.parametrize(("content", "words"), [
    (b"y_true,y_pred\n" + b"1,2\n" * (5 * 1024 * 1024 // 4), ["upload limit is 5 MB"]),
    (b"PK\x03\x04\x14\x00\x00\x00\x08\x00[Content_Types].xml", ["not a CSV", "binary data"]),
    (b"", ["empty"]),
])
def test_bad_uploads_give_their_message(page, content, words):
    at = page("your_data")
    at.file_uploader(key="your_data_upload").set_value(("upload.csv", content, "text/csv")).run()
    assert not at.exception
    for word in words:
        assert word in at.error[0].value


def test_100_000_uploaded_rows_are_measured_and_drawn_from_a_sample(page):
    rng = np.random.default_rng(3)
    y, y_hat = rng.normal(50, 10, 100_000).round(3), rng.normal(50, 10, 100_000).round(3)
    content = pd.DataFrame({"y_true": y, "y_pred": y_hat}).to_csv(index=False).encode()
    at = page("your_data")
    at.file_uploader(key="your_data_upload").set_value(("big.csv", content, "text/csv")).run()
    assert not at.error
    assert metric(at, "MSE") == fmt(mse(y, y_hat))
    scatter, histogram = chart_specs(at)
    assert markers_drawn(scatter) == CHART_POINTS
    assert sum(histogram["data"][0]["y"]) == 100_000
    assert "2,000** of the **100,000" in screen_text(at)
    assert len(at.dataframe[0].value) == TABLE_ROWS
    assert math.isfinite(float(metric(at, "MAE").replace(",", "")))


def test_the_summary_wraps_the_keras_calls_and_the_rows_are_written_like_metrics(page):
    at = paste(page("your_data"), REGRESSION_CSV)
    summary = at.table[0].value
    # The whole call, in a static table that wraps it rather than cutting it off.
    assert "keras.losses.MeanAbsolutePercentageError()" in summary["Keras"].tolist()
    rows = at.dataframe[0]
    shown = shown_cells(rows)
    # By hand, rows 2 and 3 of the file: MAPE 100·0.5/3 = 16.67 %; y = −0.5, ŷ = 0 → squared
    # error 0.25, MAPE 100 %.
    assert rows.value["MSE"].tolist()[1] == pytest.approx(0.25)
    assert shown["MAPE (%)"].tolist()[:2] == [fmt(100 * 0.5 / 3), fmt(100.0)] == ["16.67", "100"]
    assert shown["MSE"].tolist()[1] == "0.25"


def test_a_refused_upload_is_explained_with_the_configured_limit(page):
    import tomllib
    from pathlib import Path

    config = tomllib.loads((Path(__file__).resolve().parents[2] / ".streamlit" / "config.toml").read_text())
    limit = config["server"]["maxUploadSize"]
    at = page("your_data")
    uploader = at.file_uploader[0]
    # The browser refuses a larger file, so Python never sees it: the label, the help and the
    # "nothing loaded" message all say what the limit is and what a refused file looks like.
    assert f"at most {limit} MB" in uploader.label
    assert f"At most {limit} MB" in uploader.help and "red mark" in uploader.help
    info = " ".join(messages(at).split())
    assert "the browser refused it" in info and f"at most **{limit} MB**" in info

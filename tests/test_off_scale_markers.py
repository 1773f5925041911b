"""A marked value beyond a chart's y range is drawn at the edge it passed, never dropped."""

from __future__ import annotations

import json

import numpy as np

from tests.conftest import assert_what_validation_gives
from ui.figures import Curve, Marker, curve_figure

X = np.linspace(0.0, 1.0, 11)
CURVE = Curve("curve", X, X)


def _marker_traces(figure):
    return [trace for trace in figure.data if trace["mode"] == "markers"]


def test_a_marker_inside_the_range_is_drawn_where_it_is():
    figure = curve_figure("t", "x", "y", [CURVE], [Marker("now", 0.5, 3.0)], y_range=(-12, 12))
    (trace,) = _marker_traces(figure)
    assert trace["y"] == [3.0] and trace["marker"]["symbol"] == "circle"
    assert "customdata" not in trace
    assert "annotations" not in figure.layout


def test_a_marker_above_the_range_sits_on_the_top_edge_pointing_up_with_its_value():
    figure = curve_figure("t", "x", "y", [CURVE], [Marker("now", 0.2, 1e7)], y_range=(-12.0, 12.0))
    (trace,) = _marker_traces(figure)
    assert trace["y"] == [12.0]
    assert trace["marker"]["symbol"] == "triangle-up"
    assert trace["customdata"] == [1e7] and "customdata" in trace["hovertemplate"]
    (note,) = figure.layout["annotations"]
    assert note["text"] == "10,000,000 ↑"
    assert (note["x"], note["y"]) == (0.2, 12.0)
    assert note["xanchor"] == "left"  # room on the right of a marker in the left half


def test_a_marker_below_the_range_sits_on_the_bottom_edge_pointing_down():
    figure = curve_figure("t", "x", "y", [CURVE], [Marker("now", 0.9, -250.5)], y_range=(-3.0, 3.0))
    (trace,) = _marker_traces(figure)
    assert trace["y"] == [-3.0]
    assert trace["marker"]["symbol"] == "triangle-down"
    (note,) = figure.layout["annotations"]
    assert note["text"] == "-250.5 ↓"
    assert note["xanchor"] == "right"  # near the right edge, the label goes on the left


def test_without_a_range_nothing_is_moved():
    figure = curve_figure("t", "x", "y", [CURVE], [Marker("now", 0.5, 1e7)])
    assert _marker_traces(figure)[0]["y"] == [1e7]


def test_the_off_scale_figure_passes_plotly_validation():
    figure = curve_figure("t", "x", "y", [CURVE], [Marker("a", 0.2, 99.0), Marker("b", 0.8, -99.0)],
                          y_range=(-1.0, 1.0))
    assert_what_validation_gives(json.loads(figure.to_json()), "off-scale markers")


def test_a_bar_cut_off_by_the_range_gets_its_value_at_the_edge():
    from ui.figures import bar_figure

    figure = bar_figure("t", "class", "gradient", ["A", "B", "C"],
                        [("gradient", [-1.0, -1e6, 0.2])], y_range=(-20.0, 0.5))
    (note,) = figure.layout["annotations"]
    assert note["text"] == "-1,000,000 ↓" and note["x"] == "B" and note["y"] == -20.0
    assert_what_validation_gives(json.loads(figure.to_json()), "off-scale bar")
    assert "annotations" not in bar_figure("t", "x", "y", ["A"], [("s", [0.1])], y_range=(0, 1)).layout


def test_curves_without_points_do_not_break_the_label_placement():
    figure = curve_figure("t", "x", "y", [Curve("empty", np.zeros(0), np.zeros(0)), CURVE],
                          [Marker("now", 0.9, 50.0)], y_range=(0.0, 1.0))
    assert figure.layout["annotations"][0]["xanchor"] == "right"

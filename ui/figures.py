"""Plotly figure builders: every chart of the app is drawn by one of these.

Figures stay lean: a few hundred points a curve, no hover text beyond the values, one trace
where one will do. Every chart has a title and axis labels that say what is plotted.
"""

from __future__ import annotations

import base64
import math
from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np
from plotly.io.json import to_json_plotly

from course.numbers import fmt
from ui.palette import AXIS_TEXT, BLACK, GREY, GRID_LINE, SERIES, TITLE_TEXT, ZONE_FILL

CHART_HEIGHT = 340
LEGEND_ROW = 22
# The margins a chart's axes (16 px ticks, a 16 px title and their standoff) and its legend take,
# as Plotly's automargin measures them. Given from the start, a chart is laid out once: from a
# smaller margin, automargin pushes it and Plotly lays the whole chart out a second time, a
# third of a first visit's drawing. Labels wider than this still get their room, the slow way.
X_AXIS_ROOM = 82
Y_AXIS_ROOM = 88
LEGEND_GAP = 11
OFF_SCALE = "off-scale"
"""The name of the annotation that writes the value of a point beyond the y axis's range."""
CURVE_POINTS = 301
"""Points per curve: smooth on a projector, small enough to redraw within a frame."""
TICK_SIZE = 16
"""Tick labels of 16 px: readable from the back of a room when projected at 1280 px wide."""
CHART_FONT = '"Source Sans", sans-serif'
"""The app's own font (served by Streamlit, so it needs no internet)."""
TEXT_SIZE = 14
"""A chart's own text, and the value written beside an off-chart marker (the live panel writes
that note in the size of the chart's text: ui/live_panel.js markerTrace)."""


@dataclass(frozen=True)
class Curve:
    """A line on a chart."""

    name: str
    x: np.ndarray
    y: np.ndarray
    color: str | None = None
    dash: str = "solid"
    width: float = 3.0
    """Lines of 3 px and more stay visible from the back of a room on a projector."""


@dataclass(frozen=True)
class Marker:
    """A highlighted point, such as the current prediction."""

    name: str
    x: float
    y: float
    color: str = BLACK
    symbol: str = "circle"
    legend: bool = True
    """False keeps it out of the legend (when many curves each carry a marker of their colour)."""


@dataclass(frozen=True)
class Band:
    """A shaded vertical band, such as Huber's quadratic zone."""

    x0: float
    x1: float
    label: str = ""
    color: str = ZONE_FILL


@dataclass(frozen=True)
class Points:
    """Data points drawn as unconnected markers, such as a training set."""

    name: str
    x: np.ndarray
    y: np.ndarray
    color: str = GREY
    symbol: str = "circle"
    size: int = 9


@dataclass
class Figure:
    """A chart as Plotly's own JSON structure: ``data``, one dict per trace, and ``layout``.

    Plain dicts rather than ``plotly.graph_objects``: building a ``go.Figure`` and serialising
    it cost ~3 ms a chart on every slider move (its property system and deep copies), for a spec
    that is the same every time but for its numbers; this costs a tenth of that
    (bench/RESULTS.md). tests/test_figure_specs.py checks every chart every page sends against
    Plotly's full validation, so a misspelt property still fails a test.
    """

    data: list[dict]
    layout: dict

    @property
    def title(self) -> str:
        return self.layout.get("title", {}).get("text", "")

    def axis_title(self, axis: str) -> str:
        """The title of ``"xaxis"`` or ``"yaxis"``."""
        return self.layout.get(axis, {}).get("title", {}).get("text", "")

    def update_xaxes(self, **properties) -> None:
        """Set properties of the x axis (``range=``, ``type=``...), as ``go.Figure`` does."""
        self.layout.setdefault("xaxis", {}).update(properties)

    def update_yaxes(self, **properties) -> None:
        """Set properties of the y axis, as ``go.Figure`` does."""
        self.layout.setdefault("yaxis", {}).update(properties)

    def annotate(self, **annotation) -> None:
        """Add a text label (or an arrow) to the layout, as ``go.Figure.add_annotation`` does."""
        self.layout.setdefault("annotations", []).append(annotation)

    def to_json(self) -> str:
        """The figure as the browser's Plotly reads it: numpy arrays as typed binary arrays
        (the form Plotly's own serialiser writes), NaN as null."""
        return to_json_plotly({"data": [_typed_arrays(trace) for trace in self.data], "layout": self.layout})


def _typed_arrays(node):
    """``node`` with its numeric numpy arrays as ``{"dtype", "bdata"}`` (base64): a quarter of
    the text of a list of numbers, and decoded by plotly.js without parsing."""
    if isinstance(node, dict):
        return {key: _typed_arrays(value) for key, value in node.items()}
    if isinstance(node, np.ndarray) and node.dtype.kind in "fiub":
        # plotly.js reads f8, f4 and integers up to 32 bits: larger integers go as floats.
        array = node.astype(np.int32) if node.dtype.kind in "iub" and node.size and \
            np.abs(node).max() < 2**31 else node.astype(np.float64)
        return {"dtype": "f8" if array.dtype == np.float64 else "i4",
                "bdata": base64.b64encode(np.ascontiguousarray(array).tobytes()).decode("ascii")}
    if isinstance(node, list | tuple):
        return [_typed_arrays(value) for value in node]
    return node


def legend_height(entries: int) -> int:
    """The height a legend of this many entries adds below the plot, so that the plot itself keeps
    its height: none for one entry (no legend), then a row for every two entries beyond the first
    row (a half-width chart at 1280 px holds two names of 15 px text in a row)."""
    return LEGEND_ROW * max(0, math.ceil(entries / 2) - 1)


def room_below(legend_entries: int) -> int:
    """The bottom margin of a chart: its x axis, then its legend of ``legend_entries`` (none
    under two), two names a row on a half-width chart."""
    rows = math.ceil(legend_entries / 2) if legend_entries >= 2 else 0
    return X_AXIS_ROOM + (LEGEND_GAP + LEGEND_ROW * rows if rows else 0)


def grid(low: float, high: float, points: int = CURVE_POINTS) -> np.ndarray:
    """Evenly spaced x values for a curve."""
    return np.linspace(low, high, points)


def probability_grid(points: int = CURVE_POINTS) -> np.ndarray:
    """Probabilities from 0 to 1 for a cross-entropy curve: evenly spaced, plus points packed
    towards both ends (down to the 1e-7 clip), so that −ln p is drawn climbing to its clipped
    top instead of as one straight jump between the last two grid points."""
    ends = np.geomspace(1e-7, 1e-2, 36)
    return np.unique(np.concatenate([grid(0.0, 1.0, points), ends, 1.0 - ends]))


def curve_figure(
    title: str,
    x_title: str,
    y_title: str,
    curves: Sequence[Curve],
    markers: Sequence[Marker] = (),
    bands: Sequence[Band] = (),
    *,
    y_range: tuple[float, float] | None = None,
    x_range: tuple[float, float] | None = None,
    zero_line: bool = False,
    height: int = CHART_HEIGHT,
    points: Sequence[Points] = (),
    legend: bool = True,
) -> Figure:
    """Lines against a common x axis, with marked points and shaded zones (and, with ``points``,
    data points drawn over the lines). ``legend=False`` leaves the legend out, for a chart whose
    curves are named by the chart beside it in the same colours."""
    data = [
        {"type": "scatter", "x": np.asarray(curve.x, dtype=float), "y": np.asarray(curve.y, dtype=float),
         "mode": "lines", "name": curve.name,
         "line": {"color": curve.color or SERIES[index % len(SERIES)], "dash": curve.dash,
                  "width": curve.width},
         "hovertemplate": "%{x:.3g}, %{y:.4g}<extra>" + curve.name + "</extra>"}
        for index, curve in enumerate(curves)
    ]
    # An off-chart marker's label goes on the side of it that has more room.
    xs = np.concatenate([np.asarray(curve.x, dtype=float).ravel() for curve in curves] or [np.zeros(0)])
    xs = xs[np.isfinite(xs)]
    middle = float(np.mean(x_range)) if x_range is not None else \
        float(xs.min() + xs.max()) / 2 if xs.size else 0.0
    marker_parts = [marker_trace(marker, y_range, label_left=marker.x > middle) for marker in markers]
    data += [trace for trace, _ in marker_parts]
    data += [
        {"type": "scatter", "x": np.asarray(group.x, dtype=float), "y": np.asarray(group.y, dtype=float),
         "mode": "markers", "name": group.name,
         "marker": {"color": group.color, "size": group.size, "symbol": group.symbol,
                    "line": {"color": "white", "width": 1}},
         "hovertemplate": "%{x:.3g}, %{y:.4g}<extra>" + group.name + "</extra>"}
        for group in points
    ]
    # Each legend entry beyond three may need a row of its own on a half-width chart: grow the
    # figure by that much so the plot itself keeps its height.
    entries = len(curves) + sum(marker.legend for marker in markers) if legend else 0
    layout = _layout(title, x_title, y_title, height + legend_height(entries))
    if entries < 2:  # a legend naming the only curve repeats the chart's title
        layout["showlegend"] = False
    layout["margin"]["b"] = room_below(entries)
    # Each band is what fig.add_vrect(..., annotation_position="top left") writes: a rectangle
    # over the whole height and its label in the top left corner; the zero line is add_hline's.
    shapes = [{"type": "rect", "xref": "x", "x0": band.x0, "x1": band.x1, "yref": "y domain", "y0": 0,
               "y1": 1, "fillcolor": band.color, "line": {"width": 0}, "layer": "below"} for band in bands]
    annotations = [{"text": band.label, "x": min(band.x0, band.x1), "xref": "x", "xanchor": "left", "y": 1,
                    "yref": "y domain", "yanchor": "top", "showarrow": False, "font": {"size": 14}}
                   for band in bands]
    annotations += [note for _, note in marker_parts if note is not None]
    if zero_line:
        shapes.append({"type": "line", "xref": "x domain", "x0": 0, "x1": 1, "yref": "y", "y0": 0, "y1": 0,
                       "line": {"color": GREY, "width": 1}})
    if shapes:
        layout["shapes"] = shapes
    if annotations:
        layout["annotations"] = annotations
    if y_range is not None:
        layout["yaxis"]["range"] = list(y_range)
    if x_range is not None:
        layout["xaxis"]["range"] = list(x_range)
    return Figure(data, layout)


def marker_trace(marker: Marker, y_range: tuple[float, float] | None = None, *,
                 label_left: bool = False) -> tuple[dict, dict | None]:
    """The trace of a marked point and, when its value lies outside ``y_range``, the label that
    says so: such a marker is drawn at the edge it passed, as a triangle pointing out of the
    chart, with its value written beside it ("10,000,000 ↑"), never silently left out. Its
    hover text keeps the real value. ``label_left`` puts the label on the triangle's left (for a
    marker near the right edge)."""
    trace = {"type": "scatter", "x": [marker.x], "y": [marker.y], "mode": "markers", "name": marker.name,
             "showlegend": marker.legend,
             "marker": {"color": marker.color, "size": 15, "symbol": marker.symbol,
                        "line": {"color": "white", "width": 2}},
             "hovertemplate": "%{x:.4g}, %{y:.4g}<extra>" + marker.name + "</extra>"}
    # An undefined point (a NaN, say of a distribution whose weights are all 0) is not drawn.
    if y_range is None or not math.isfinite(marker.y) or min(y_range) <= marker.y <= max(y_range):
        return trace, None
    above = marker.y > max(y_range)
    edge = max(y_range) if above else min(y_range)
    trace["y"] = [edge]
    trace["customdata"] = [marker.y]
    trace["cliponaxis"] = False  # the whole triangle shows, not the half inside the plot
    trace["marker"]["symbol"] = "triangle-up" if above else "triangle-down"
    trace["hovertemplate"] = "%{x:.4g}, %{customdata:.4g} (off the chart)<extra>" + marker.name + "</extra>"
    # Named, so that the live panel (ui/live_panel.js) knows it and moves it with the point.
    note = {"name": OFF_SCALE, "text": f"{fmt(marker.y)} {'↑' if above else '↓'}", "x": marker.x,
            "xref": "x", "y": edge,
            "yref": "y", "xanchor": "right" if label_left else "left", "xshift": -10 if label_left else 10,
            "yanchor": "top" if above else "bottom",
            "showarrow": False, "font": {"size": TEXT_SIZE, "color": marker.color}}
    return trace, note


def bar_figure(
    title: str,
    x_title: str,
    y_title: str,
    categories: Sequence[str],
    series: Sequence[tuple[str, Sequence[float]]],
    *,
    height: int = CHART_HEIGHT,
    y_range: tuple[float, float] | None = None,
    colors: Sequence[str] | None = None,
) -> Figure:
    """Grouped bars: one group per category, one bar per named series (coloured in the order of
    ``SERIES``, or with ``colors``, one per series, to match the lines of another chart)."""
    data = [
        {"type": "bar", "x": list(categories), "y": list(values), "name": name,
         "marker": {"color": colors[index] if colors else SERIES[index % len(SERIES)]},
         "hovertemplate": "%{x}: %{y:.4g}<extra>" + name + "</extra>"}
        for index, (name, values) in enumerate(series)
    ]
    layout = _layout(title, x_title, y_title, height)
    layout["barmode"] = "group"
    layout["margin"]["b"] = room_below(len(series))
    if y_range is not None:
        layout["yaxis"]["range"] = list(y_range)
        notes = off_scale_bar_notes(categories, series, y_range)
        if notes:
            layout["annotations"] = notes
    return Figure(data, layout)


def off_scale_bar_notes(categories: Sequence[str], series: Sequence[tuple[str, Sequence[float]]],
                        y_range: tuple[float, float]) -> list[dict]:
    """A label at the edge of the chart for each bar cut off by ``y_range``, with its value
    ("-1,000,000 ↓"), so a bar taller than the chart is never read as its visible height. With
    several series, each label is shifted over its own bar of the group."""
    low, high = min(y_range), max(y_range)
    notes = []
    for index, (_, values) in enumerate(series):
        shift = (index - (len(series) - 1) / 2) * 60 / max(len(series), 1)
        for category, value in zip(categories, values, strict=True):
            if not math.isfinite(value) or low <= value <= high:
                continue  # an undefined bar (NaN) is simply not drawn
            above = value > high
            notes.append({"name": OFF_SCALE, "text": f"{fmt(value)} {'↑' if above else '↓'}", "x": category,
                          "xref": "x",
                          "y": high if above else low, "yref": "y", "yanchor": "top" if above else "bottom",
                          "xshift": shift, "showarrow": False, "font": {"size": 13},
                          "bgcolor": "rgba(255, 255, 255, 0.85)"})
    return notes


def histogram_figure(
    title: str,
    x_title: str,
    y_title: str,
    edges: np.ndarray,
    counts: np.ndarray,
    *,
    name: str,
    log_counts: bool = False,
    height: int = CHART_HEIGHT,
) -> Figure:
    """A histogram from counts already binned (``np.histogram``): one bar per bin, touching, so
    that a million values cost the browser no more than forty bars. ``log_counts`` puts the
    counts on a log axis, where a bin of a few rows next to one of thousands stays visible."""
    edges, counts = np.asarray(edges, dtype=float), np.asarray(counts, dtype=float)
    data = [{"type": "bar", "x": (edges[:-1] + edges[1:]) / 2, "y": counts, "width": np.diff(edges),
             "name": name, "marker": {"color": SERIES[0], "line": {"color": "white", "width": 1}},
             "hovertemplate": "%{x:.4g}: %{y} rows<extra>" + name + "</extra>"}]
    layout = _layout(title, x_title, y_title, height)
    layout["bargap"] = 0
    if log_counts:
        layout["yaxis"]["type"] = "log"
    return Figure(data, layout)


def _layout(title: str, x_title: str, y_title: str, height: int) -> dict:
    """The layout every chart shares, as a plain dict for ``Figure``: the look of Streamlit's
    own chart theme (its font, light grid, left-aligned bold title), with darker axis text so
    that ticks stay legible on a projector."""
    axis_title = {"font": {"color": AXIS_TEXT, "size": 16}}
    return {
        "title": {"text": title, "x": 0.0, "xanchor": "left", "pad": {"l": 4},
                  "font": {"size": 17, "color": TITLE_TEXT, "weight": 700}},
        # Tick labels sit outside the plot, in margins made to hold them: Plotly need not measure
        # each one again to hide those that would overflow the chart (a tenth of a first drawing).
        "xaxis": {"title": {"text": x_title, "standoff": 20, **axis_title}, "showgrid": False,
                  "zeroline": False, "automargin": True, "tickcolor": GRID_LINE,
                  "tickfont": {"color": AXIS_TEXT, "size": TICK_SIZE}, "ticklabeloverflow": "allow"},
        "yaxis": {"title": {"text": y_title, "standoff": 24, **axis_title}, "gridcolor": GRID_LINE,
                  "zerolinecolor": GRID_LINE, "automargin": True, "tickcolor": GRID_LINE,
                  "tickfont": {"color": AXIS_TEXT, "size": TICK_SIZE}, "ticklabeloverflow": "allow"},
        "height": height,
        "margin": {"l": Y_AXIS_ROOM, "r": 20, "t": 60, "b": room_below(0), "pad": 8},
        # The legend sits at the bottom of the whole figure (container coordinates), so a legend
        # of several rows shrinks the plot instead of running into the x-axis title.
        "legend": {"orientation": "h", "yref": "container", "yanchor": "bottom", "y": 0, "x": 0,
                   "font": {"size": 15, "color": TITLE_TEXT}},
        "font": {"size": TEXT_SIZE, "family": CHART_FONT, "color": AXIS_TEXT},
        "paper_bgcolor": "#FFFFFF",
        "plot_bgcolor": "#FFFFFF",
        "colorway": list(SERIES),
        "hoverlabel": {"bgcolor": "#FFFFFF", "bordercolor": GRID_LINE,
                       "font": {"color": TITLE_TEXT, "family": CHART_FONT, "size": 13}},
        "hovermode": "closest",
        # An empty template, said out loud: without one, Plotly (and Streamlit, which registers
        # its own as the default) would add 7 kB of settings for every kind of trace.
        "template": {},
    }


def loss_and_gradient_figures(
    *,
    x: np.ndarray,
    loss: np.ndarray,
    grad: np.ndarray,
    current: tuple[float, float, float],
    x_title: str,
    loss_name: str,
    bands: Sequence[Band] = (),
    loss_extra: Sequence[Curve] = (),
    grad_extra: Sequence[Curve] = (),
    loss_range: tuple[float, float] | None = None,
    grad_range: tuple[float, float] | None = None,
    jump: tuple[float, float] | None = None,
) -> tuple[Figure, Figure]:
    """The two charts of a lesson: the loss against x, and its gradient against x.

    ``current`` is ``(x, loss, gradient)`` at the student's current value, marked on both.
    The gradient is what backpropagation receives for this sample.

    ``jump`` is ``(x, value)`` for a loss with a kink (MAE, MAPE): the gradient is drawn as two
    pieces joined by a vertical riser at x (every slope between the two sides is a valid
    subgradient there), and ``value``, what the gradient function returns at x, is marked.
    """
    cx, closs, cgrad = current
    loss_title, grad_title, grad_axis = loss_and_gradient_titles(x_title, loss_name)
    grad_x, grad_y = (x, grad) if jump is None else with_riser(x, grad, jump[0])
    grad_markers = [Marker("current value", cx, cgrad)]
    if jump is not None:
        grad_markers.append(Marker("value used at the kink", jump[0], jump[1], color=SERIES[3],
                                   symbol="diamond"))
    loss_fig = curve_figure(
        loss_title,
        x_title,
        f"{loss_name} (loss)",
        [Curve(loss_name, x, loss), *loss_extra],
        [Marker("current value", cx, closs)],
        bands,
        y_range=loss_range,
    )
    grad_fig = curve_figure(
        grad_title,
        x_title,
        grad_axis,
        [Curve(f"gradient of {loss_name}", grad_x, grad_y, color=SERIES[1]), *grad_extra],
        grad_markers,
        bands,
        y_range=grad_range,
        zero_line=True,
    )
    return loss_fig, grad_fig


def loss_and_gradient_titles(x_title: str, loss_name: str) -> tuple[str, str, str]:
    """The titles of a lesson's two charts and the gradient's axis title, e.g. for "Prediction ŷ":
    "MSE against prediction ŷ", "Gradient ∂L/∂ŷ: what backpropagation receives", "∂L/∂ŷ"."""
    symbol = _symbol(x_title)
    return (f"{loss_name} against {x_title.split(' (')[0].lower()}",
            f"Gradient ∂L/∂{symbol}: what backpropagation receives", f"∂L/∂{symbol}")


def with_riser(x: np.ndarray, values: np.ndarray, at: float) -> tuple[np.ndarray, np.ndarray]:
    """A step curve drawn with a vertical segment at ``at``, instead of a steep slope between
    the two grid points around it."""
    x, values = np.asarray(x, dtype=float), np.asarray(values, dtype=float)
    left, right = x < at, x > at
    riser_y = [*values[left][-1:], *values[right][:1]]
    return (np.concatenate([x[left], [at] * len(riser_y), x[right]]),
            np.concatenate([values[left], riser_y, values[right]]))


def target_figure(
    title: str,
    darts: Sequence[tuple[str, float, float]],
    *,
    rings: int,
    ring_step: float,
    x_title: str,
    y_title: str,
    height: int = 440,
) -> Figure:
    """A target seen from the front: concentric rings round the centre, and the darts on it.

    ``darts`` are ``(name, x, y)``. A dashed line joins each dart to the centre: its length is
    the dart's distance, the quantity a loss turns into one number. Both axes share one scale,
    so the rings stay round and distances can be judged by eye.
    """
    shapes = []
    for ring in range(rings, 0, -1):  # largest first, so the smaller rings are drawn on top
        radius = ring * ring_step
        shapes.append({"type": "circle", "x0": -radius, "y0": -radius, "x1": radius, "y1": radius,
                       "layer": "below", "line": {"color": GREY, "width": 1},
                       "fillcolor": ZONE_FILL if ring % 2 else "white"})
    spokes_x, spokes_y = [], []
    for _, x, y in darts:
        spokes_x += [0.0, x, None]
        spokes_y += [0.0, y, None]
    data = [
        {"type": "scatter", "x": spokes_x, "y": spokes_y, "mode": "lines", "name": "distance to the centre",
         "line": {"color": GREY, "dash": "dash", "width": 1.5}, "hoverinfo": "skip"},
        {"type": "scatter", "x": [0.0], "y": [0.0], "mode": "markers", "name": "centre (the label)",
         "marker": {"color": BLACK, "size": 12, "symbol": "x"},
         "hovertemplate": "centre (0, 0)<extra></extra>"},
    ]
    data += [
        {"type": "scatter", "x": [x], "y": [y], "mode": "markers+text", "name": name, "text": [name],
         "textposition": "top center",
         "marker": {"color": SERIES[index % len(SERIES)], "size": 14, "symbol": "diamond",
                    "line": {"color": "white", "width": 2}},
         "hovertemplate": "(%{x:.3g}, %{y:.3g})<extra>" + name + "</extra>"}
        for index, (name, x, y) in enumerate(darts)
    ]
    layout = _layout(title, x_title, y_title, height)
    layout["shapes"] = shapes
    limit = rings * ring_step * 1.08
    layout["xaxis"].update(range=[-limit, limit], zeroline=False)
    layout["yaxis"].update(range=[-limit, limit], zeroline=False, scaleanchor="x", scaleratio=1)
    return Figure(data, layout)


def _symbol(x_title: str) -> str:
    """The symbol in an axis title such as "Prediction ŷ": its last word."""
    return x_title.split(" (")[0].split()[-1]

"""Plotly figure builders: every chart of the app is drawn by one of these.

Figures stay lean: a few hundred points a curve, no hover text beyond the values, one trace
where one will do. Every chart has a title and axis labels that say what is plotted.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np
import plotly.graph_objects as go

from ui.palette import BLACK, GREY, SERIES, ZONE_FILL

CHART_HEIGHT = 340
CURVE_POINTS = 301
"""Points per curve: smooth on a projector, small enough to redraw within a frame."""


@dataclass(frozen=True)
class Curve:
    """A line on a chart."""

    name: str
    x: np.ndarray
    y: np.ndarray
    color: str | None = None
    dash: str = "solid"
    width: float = 2.5


@dataclass(frozen=True)
class Marker:
    """A highlighted point, such as the current prediction."""

    name: str
    x: float
    y: float
    color: str = BLACK
    symbol: str = "circle"


@dataclass(frozen=True)
class Band:
    """A shaded vertical band, such as Huber's quadratic zone."""

    x0: float
    x1: float
    label: str = ""
    color: str = ZONE_FILL


def grid(low: float, high: float, points: int = CURVE_POINTS) -> np.ndarray:
    """Evenly spaced x values for a curve."""
    return np.linspace(low, high, points)


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
) -> go.Figure:
    """Lines against a common x axis, with marked points and shaded zones."""
    fig = go.Figure()
    for index, curve in enumerate(curves):
        fig.add_trace(
            go.Scatter(
                x=np.asarray(curve.x, dtype=float),
                y=np.asarray(curve.y, dtype=float),
                mode="lines",
                name=curve.name,
                line={"color": curve.color or SERIES[index % len(SERIES)], "dash": curve.dash,
                      "width": curve.width},
                hovertemplate="%{x:.3g}, %{y:.4g}<extra>" + curve.name + "</extra>",
            )
        )
    for marker in markers:
        fig.add_trace(
            go.Scatter(
                x=[marker.x],
                y=[marker.y],
                mode="markers",
                name=marker.name,
                marker={"color": marker.color, "size": 13, "symbol": marker.symbol,
                        "line": {"color": "white", "width": 2}},
                hovertemplate="%{x:.4g}, %{y:.4g}<extra>" + marker.name + "</extra>",
            )
        )
    for band in bands:
        fig.add_vrect(x0=band.x0, x1=band.x1, fillcolor=band.color, line_width=0, layer="below",
                      annotation_text=band.label, annotation_position="top left",
                      annotation_font_size=12)
    if zero_line:
        fig.add_hline(y=0, line_color=GREY, line_width=1)
    _layout(fig, title, x_title, y_title, height)
    if y_range is not None:
        fig.update_yaxes(range=list(y_range))
    if x_range is not None:
        fig.update_xaxes(range=list(x_range))
    return fig


def bar_figure(
    title: str,
    x_title: str,
    y_title: str,
    categories: Sequence[str],
    series: Sequence[tuple[str, Sequence[float]]],
    *,
    height: int = CHART_HEIGHT,
    y_range: tuple[float, float] | None = None,
) -> go.Figure:
    """Grouped bars: one group per category, one bar per named series."""
    fig = go.Figure()
    for index, (name, values) in enumerate(series):
        fig.add_trace(
            go.Bar(x=list(categories), y=list(values), name=name,
                   marker_color=SERIES[index % len(SERIES)],
                   hovertemplate="%{x}: %{y:.4g}<extra>" + name + "</extra>")
        )
    _layout(fig, title, x_title, y_title, height)
    fig.update_layout(barmode="group")
    if y_range is not None:
        fig.update_yaxes(range=list(y_range))
    return fig


def _layout(fig: go.Figure, title: str, x_title: str, y_title: str, height: int) -> None:
    fig.update_layout(
        title={"text": title, "x": 0.0, "xanchor": "left", "font": {"size": 17}},
        xaxis_title=x_title,
        yaxis_title=y_title,
        height=height,
        margin={"l": 60, "r": 20, "t": 60, "b": 55},
        legend={"orientation": "h", "yanchor": "top", "y": -0.22, "x": 0},
        font={"size": 14},
        template="plotly_white",
        hovermode="closest",
    )


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
) -> tuple[go.Figure, go.Figure]:
    """The two charts of a lesson: the loss against x, and its gradient against x.

    ``current`` is ``(x, loss, gradient)`` at the student's current value, marked on both.
    The gradient is what backpropagation receives for this sample.
    """
    cx, closs, cgrad = current
    loss_fig = curve_figure(
        f"{loss_name} against {x_title.split(' (')[0].lower()}",
        x_title,
        f"{loss_name} (loss)",
        [Curve(loss_name, x, loss), *loss_extra],
        [Marker("current value", cx, closs)],
        bands,
        y_range=loss_range,
    )
    grad_fig = curve_figure(
        f"Gradient ∂L/∂{_symbol(x_title)}: what backpropagation receives",
        x_title,
        f"∂L/∂{_symbol(x_title)}",
        [Curve(f"gradient of {loss_name}", x, grad, color=SERIES[1]), *grad_extra],
        [Marker("current value", cx, cgrad)],
        bands,
        y_range=grad_range,
        zero_line=True,
    )
    return loss_fig, grad_fig


def _symbol(x_title: str) -> str:
    """The symbol in an axis title such as "Prediction ŷ": its last word."""
    return x_title.split(" (")[0].split()[-1]

"""Embeddings drawn as points on a plane: the triplet lesson's anchor, positive and negative.

Two dimensions stand in for the hundreds an embedding really has; the distances and the
margin behave the same way in any number of dimensions.
"""

from __future__ import annotations

import numpy as np

from ui.live_panel import (
    Expr,
    LiveChart,
    LiveCurve,
    LiveMarker,
    LiveNote,
    Vector,
    X,
    as_expr,
    ceil,
    cos,
    maximum,
    minimum,
    sin,
    sqrt,
)
from ui.palette import BLACK, BLUE, GREEN, GREY, VERMILION

PLANE_HEIGHT = 290
"""The live panel's charts sit side by side, the plane (one scale on both axes) as tall as the
loss chart next to it."""
MAX_EXTENT = 4.5
"""The plane grows to show the margin circle up to this far from the centre, no further."""
TURN = np.linspace(0.0, 2.0 * np.pi, 181)
"""The plane's grid: an angle, from which the circle and the two segments are drawn."""


def _segment(start: Vector, end: Vector) -> tuple[Expr, Expr]:
    """The points of the segment from start to end, as the grid's angle goes round once."""
    fraction = X / (2.0 * np.pi)
    return tuple(s + (e - s) * fraction for s, e in zip(start.items, end.items, strict=True))


def triplet_plane_chart(
    anchor: Vector,
    positive: Vector,
    negative: Vector,
    *,
    margin: Expr,
    d_pos: Expr,
    d_neg: Expr,
    anchor_step: tuple[Expr, Expr],
    extent: Expr | None = None,
) -> LiveChart:
    """The three points, the two distances as labelled lines, and the margin circle, as
    expressions of the panel's controls.

    The circle has radius d(a, p) + margin around the anchor: a negative outside it costs
    nothing. ``anchor_step`` (minus the gradient with respect to the anchor) is drawn as an
    arrow from the anchor: the direction a gradient-descent step would move it. The vertical
    axis runs from −extent to extent (by default, just wide enough for the three points, in half
    units), the horizontal one as far as the same scale allows.
    """
    ax, ay = anchor.items
    radius = d_pos + margin
    to_positive, to_negative = _segment(anchor, positive), _segment(anchor, negative)
    curves = [
        LiveCurve("margin circle (radius d(a, p) + m)", ay + radius * sin(X), GREY, "dash",
                  x=ax + radius * cos(X)),
        LiveCurve("anchor–positive", to_positive[1], GREEN, x=to_positive[0]),
        LiveCurve("anchor–negative", to_negative[1], VERMILION, "dot", x=to_negative[0]),
    ]
    markers = [
        LiveMarker("anchor a", ax, ay, color=BLACK, symbol="circle"),
        LiveMarker("positive p", *positive.items, color=GREEN, symbol="diamond"),
        LiveMarker("negative n", *negative.items, color=VERMILION, symbol="x"),
    ]
    # Each distance's label beside its segment's middle, far enough for the text's width: d(a, p)
    # on the side of n (the step arrow leans the other way, towards p and away from n), d(a, n)
    # on the side away from p, so that the two labels part when the points are close.
    notes = []
    for name, point, other, toward, distance, color in (
            ("d(a, p)", positive, negative, 1.0, d_pos, GREEN),
            ("d(a, n)", negative, positive, -1.0, d_neg, VERMILION)):
        (px, py), (ox, oy) = point.items, other.items
        middle = ((ax + px) / 2, (ay + py) / 2)
        across, along = (py - ay) / distance, (ax - px) / distance  # the clockwise unit normal
        leaning = across * (ox - middle[0]) + along * (oy - middle[1])
        side = toward * leaning / maximum(abs(leaning), 1e-9)  # ±1: the normal, or its opposite
        notes.append(LiveNote(*middle, f"{name} = {{}}", [distance],
                              shift=(52.0 * across * side, 12.0 * along * side),
                              style={"font": {"color": color, "size": 12},
                                     "bgcolor": "rgba(255, 255, 255, 0.8)"}))
    notes += [LiveNote(*point.items, f"<b>{text}</b>", shift=(14.0, 14.0), style={"font": {"size": 15}})
              for text, point in (("a", anchor), ("p", positive), ("n", negative))]
    step_x, step_y = anchor_step
    length = sqrt(step_x * step_x + step_y * step_y)
    head = (ax + step_x, ay + step_y)
    notes += [
        LiveNote(*head, tail=(ax, ay), shown=length,
                 style={"arrowhead": 3, "arrowsize": 1.3, "arrowwidth": 3, "arrowcolor": BLUE}),
        # The label sits beyond the arrow's head, along its direction: never on the shaft, and
        # clear of the labels of p and of d(a, p) that a step towards p would otherwise cover.
        LiveNote(*head, "anchor's step (−gradient)", shown=length,
                 shift=(95.0 * step_x / length, 16.0 * step_y / length),
                 style={"font": {"color": BLUE, "size": 12}}),
    ]
    if extent is None:  # room for the three points with their labels, and for the circle
        extent = as_expr(2.5)
        for point in (anchor, positive, negative):
            for coordinate in point.items:
                extent = maximum(extent, abs(coordinate) + 0.8)
        for coordinate in anchor.items:
            extent = maximum(extent, minimum(abs(coordinate) + radius + 0.1, MAX_EXTENT))
        # In half units: the plane holds still while a point moves a little, instead of zooming
        # at every step (and being laid out again).
        extent = ceil(2 * extent) / 2
    ends = (-1 * extent, extent)
    return LiveChart(
        "The triplet in a 2-D embedding space", "Embedding dimension 1", "Embedding dimension 2", TURN,
        # No legend: the plane is short, and its lines are named by their labels and the prose.
        curves, markers, y_range=ends, height=PLANE_HEIGHT, notes=notes, legend=False,
        # Equal aspect: a circle must look like a circle and distances must compare by eye.
        layout={"yaxis": {"scaleanchor": "x", "scaleratio": 1}},
    )

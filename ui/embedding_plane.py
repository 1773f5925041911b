"""Embeddings drawn as points on a plane: the triplet lesson's anchor, positive and negative.

Two dimensions stand in for the hundreds an embedding really has; the distances and the
margin behave the same way in any number of dimensions.
"""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np

from ui.figures import Curve, Figure, Marker, curve_figure
from ui.numbers import fmt
from ui.palette import BLACK, BLUE, GREEN, GREY, VERMILION

PLANE_HEIGHT = 540
CIRCLE_POINTS = 181
STEP_NAME = "blue arrow: the anchor's step (−gradient)"

Point = Sequence[float]


def triplet_plane_figure(
    anchor: Point,
    positive: Point,
    negative: Point,
    *,
    margin: float,
    d_pos: float,
    d_neg: float,
    anchor_step: Point,
    extent: float = 4.0,
) -> Figure:
    """The three points, the two distances as lines (their lengths in the legend), and the
    margin circle.

    The circle has radius d(a, p) + margin around the anchor: a negative outside it costs
    nothing. ``anchor_step`` (minus the gradient with respect to the anchor) is drawn as an
    arrow from the anchor: the direction a gradient-descent step would move it.
    """
    ax, ay = anchor
    radius = d_pos + margin
    angles = np.linspace(0.0, 2.0 * np.pi, CIRCLE_POINTS)
    curves = [
        Curve("margin circle (radius d(a, p) + m)", ax + radius * np.cos(angles),
              ay + radius * np.sin(angles), color=GREY, dash="dash", width=1.5),
        # The distances are written in the legend: on the plane, a label on a short segment
        # would cover the letters of its two points.
        Curve(f"anchor–positive: d(a, p) = {fmt(d_pos)}", np.array([ax, positive[0]]),
              np.array([ay, positive[1]]), color=GREEN),
        Curve(f"anchor–negative: d(a, n) = {fmt(d_neg)}", np.array([ax, negative[0]]),
              np.array([ay, negative[1]]), color=VERMILION, dash="dot"),
    ]
    step_x, step_y = anchor_step
    if step_x or step_y:
        # The arrow is named in the legend, not by a label on the plane, where a label could
        # cover a point's letter or a distance (the step often ends near the positive).
        # (The line is the arrow's shaft; the annotation below adds its head.)
        curves.append(Curve(STEP_NAME, np.array([ax, ax + step_x]), np.array([ay, ay + step_y]),
                            color=BLUE, width=3))
    markers = [
        Marker("anchor a", ax, ay, color=BLACK, symbol="circle"),
        Marker("positive p", positive[0], positive[1], color=GREEN, symbol="diamond"),
        Marker("negative n", negative[0], negative[1], color=VERMILION, symbol="x"),
    ]
    fig = curve_figure("The triplet in a 2-D embedding space", "Embedding dimension 1",
                       "Embedding dimension 2", curves, markers,
                       x_range=(-extent, extent), y_range=(-extent, extent), height=PLANE_HEIGHT)
    # Equal aspect: a circle must look like a circle and distances must compare by eye.
    fig.update_yaxes(scaleanchor="x", scaleratio=1)
    for text, point in (("a", anchor), ("p", positive), ("n", negative)):
        fig.annotate(x=point[0], y=point[1], text=f"<b>{text}</b>", showarrow=False,
                           xshift=14, yshift=14, font={"size": 15})
    if step_x or step_y:
        fig.annotate(x=ax + step_x, y=ay + step_y, ax=ax, ay=ay, xref="x", yref="y",
                           axref="x", ayref="y", showarrow=True, arrowhead=3, arrowsize=1.3,
                           arrowwidth=3, arrowcolor=BLUE, text="")
    return fig

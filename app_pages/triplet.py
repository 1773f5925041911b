"""Lesson: the triplet loss, for learning embeddings."""

import math

import numpy as np
import streamlit as st

from app_pages.triplet_charts import PLANE_HEIGHT, triplet_plane_chart
from course.numbers import fmt, fmt_latex
from course.samples import triplet_batch
from losses import loss_spec, triplet, triplet_grad
from ui.content import section
from ui.controls import Preset, SliderSpec, param_slider
from ui.lesson import lesson_footer, lesson_header, lesson_panel, sample_table, worked_calculation
from ui.live_panel import (
    Component,
    Expr,
    Grad,
    LiveBand,
    LiveChart,
    LiveCurve,
    LiveMarker,
    Loss,
    Panel,
    Readout,
    Ref,
    Vector,
    X,
    as_expr,
    maximum,
    sqrt,
)
from ui.palette import ZONE_FILL, ZONE_FILL_ALT

SPEC = loss_spec("triplet")
LOW, HIGH, STEP = -3.0, 3.0, 0.1
POINTS = {  # role: (label, key prefix, default position)
    "anchor": ("Anchor a", "triplet_a", (0.0, 0.0)),
    "positive": ("Positive p", "triplet_p", (1.5, 0.5)),
    "negative": ("Negative n", "triplet_n", (-1.0, -1.5)),
}


def placement(anchor, positive, negative, margin=1.0) -> dict:
    """The slider values that put the three points (and the margin) where a preset wants them."""
    values = {"triplet_margin": margin}
    for role, point in (("anchor", anchor), ("positive", positive), ("negative", negative)):
        prefix = POINTS[role][1]
        values[f"{prefix}x"], values[f"{prefix}y"] = point
    return values


PRESETS = [
    Preset("Easy triplet (loss 0)", placement((0.0, 0.0), (1.0, 0.0), (-1.5, 2.0)),
           help="d(a, p) = 1, d(a, n) = 2.5, m = 1"),
    Preset("Hard triplet", placement((0.0, 0.0), (1.2, 1.6), (-0.6, 0.8)),
           help="d(a, p) = 2, d(a, n) = 1, m = 1: the negative is closer"),
    Preset("Semi-hard triplet", placement((0.0, 0.0), (1.0, 0.0), (-0.9, 1.2)),
           help="d(a, p) = 1, d(a, n) = 1.5, m = 1: inside the margin"),
]


def point_sliders(role: str) -> list[SliderSpec]:
    """Two sliders, x and y, that place one point of the triplet."""
    label, prefix, (x, y) = POINTS[role]
    kind = {"anchor": "", "positive": " (same kind as a)", "negative": " (another kind)"}[role]
    return [SliderSpec(f"{label}: {axis}", f"{prefix}{axis}", LOW, HIGH, value, STEP,
                       help=f"{label}{kind}: its {which} coordinate")
            for axis, value, which in (("x", x, "first"), ("y", y, "second"))]


def triplet_kind(loss: float, d_pos: float, d_neg: float) -> str:
    """Easy (no loss), hard (the negative is closer than the positive) or semi-hard (in between)."""
    if loss == 0:
        return "Easy"
    return "Hard" if d_neg < d_pos else "Semi-hard"


MARGIN = param_slider(SPEC, "margin", "triplet")
A, P, N = (Vector(*(Ref(spec.key) for spec in point_sliders(role))) for role in POINTS)
M = Ref(MARGIN.key)


def distance(u: Vector, v: Vector) -> Expr:
    dx, dy = u.items[0] - v.items[0], u.items[1] - v.items[1]
    return sqrt(dx * dx + dy * dy)


LOSS, GRADIENT = Loss("triplet", A, P, N, margin=M), Grad("triplet", A, P, N, margin=M)
GRAD_X, GRAD_Y = Component(GRADIENT, 0), Component(GRADIENT, 1)
D_POS, D_NEG = distance(A, P), distance(A, N)
# The same loss in one dimension: anchor at 0, positive at d(a, p), the negative sliding at
# every distance d on the other side. Only the two distances matter, so this is the curve.
FAR = maximum(maximum(5.0, D_POS + M + 1.5), D_NEG + 0.5)
LOSS_AGAINST_DISTANCE = LiveChart(
    "Triplet loss against d(a, n)", "Distance d(a, n) from anchor to negative", "Triplet loss",
    (as_expr(0.0), FAR),
    [LiveCurve("triplet loss at the current d(a, p) and m",
               Loss("triplet", Vector(0.0), Vector(D_POS), Vector(-1 * X), margin=M))],
    [LiveMarker("current triplet", D_NEG, LOSS)],
    [LiveBand(as_expr(0.0), D_POS, "hard", ZONE_FILL_ALT), LiveBand(D_POS, D_POS + M, "semi-hard", ZONE_FILL),
     LiveBand(D_POS + M, FAR, "easy", "rgba(255, 255, 255, 0)")],
    height=PLANE_HEIGHT,  # as tall as the plane beside it
)
PANEL = Panel(
    "triplet", [*point_sliders("anchor"), *point_sliders("positive"), *point_sliders("negative"), MARGIN],
    [Readout("Triplet loss", LOSS), Readout("d(a, p)", D_POS), Readout("d(a, n)", D_NEG),
     Readout("Gradient ∂L/∂a, x", GRAD_X), Readout("Gradient ∂L/∂a, y", GRAD_Y)],
    [triplet_plane_chart(A, P, N, margin=M, d_pos=D_POS, d_neg=D_NEG, anchor_step=(-1 * GRAD_X, -1 * GRAD_Y)),
     LOSS_AGAINST_DISTANCE],
    control_width=10.5,  # the seven sliders in two rows, so that the charts stay in view
)

lesson_header("triplet", SPEC, intro=False)


@st.fragment
def live_lesson():
    values = lesson_panel("triplet", PANEL, PRESETS)
    anchor, positive, negative = (tuple(values[spec.key] for spec in point_sliders(role)) for role in POINTS)
    margin = values[MARGIN.key]
    loss = triplet(anchor, positive, negative, margin=margin)
    gradient = triplet_grad(anchor, positive, negative, margin=margin)
    d_pos, d_neg = math.dist(anchor, positive), math.dist(anchor, negative)
    kind = triplet_kind(loss, d_pos, d_neg)
    st.markdown(section("triplet", "The current triplet", d_pos=d_pos, d_neg=d_neg, margin=margin,
                        radius=d_pos + margin, verdict=section("triplet", kind)))
    gradient_text = f"({fmt(gradient[0])}, {fmt(gradient[1])})"
    st.markdown(section("triplet", "The gradient" if loss > 0 else "No gradient", gradient=gradient_text))
    if loss > 0 and (d_pos == 0 or d_neg == 0):
        st.info(section("triplet", "A distance of zero"))

    worked_calculation([
        rf"d(a, p) = \lVert a - p \rVert = {fmt_latex(d_pos)},"
        rf" \qquad d(a, n) = \lVert a - n \rVert = {fmt_latex(d_neg)}",
        rf"L = \max(0,\ d(a, p) - d(a, n) + m)"
        rf" = \max(0,\ {fmt_latex(d_pos)} - {fmt_latex(d_neg)} + {fmt_latex(margin)}) = {fmt_latex(loss)}",
        rf"\frac{{\partial L}}{{\partial a}} = \frac{{a - p}}{{\lVert a - p \rVert}}"
        rf" - \frac{{a - n}}{{\lVert a - n \rVert}}"
        rf" = ({fmt_latex(gradient[0])},\ {fmt_latex(gradient[1])})"
        + (r" \quad (\text{0 when } L = 0)" if loss == 0 else ""),
    ])

    st.subheader("Easy triplets teach nothing: mining")
    st.markdown(section("triplet", "Easy triplets teach nothing: mining"))

    st.subheader("A batch of triplets")
    names, anchors, positives, negatives = triplet_batch(anchor, positive, negative)
    st.markdown(section("triplet", "A batch of triplets", others=len(names) - 1))
    per_sample = triplet(anchors, positives, negatives, margin=margin, reduction="none")
    sample_table({"Triplet": names, "d(a, p)": np.linalg.norm(anchors - positives, axis=1),
                  "d(a, n)": np.linalg.norm(anchors - negatives, axis=1)},
                 per_sample, loss_name="Triplet loss")
    st.markdown(section("triplet", "Zero terms in the batch", zero=int((per_sample == 0).sum()),
                        total=len(per_sample)))


live_lesson()
lesson_footer("triplet", SPEC)

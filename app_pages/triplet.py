"""Lesson: the triplet loss, for learning embeddings."""

import math

import numpy as np
import streamlit as st

from losses import loss_spec, triplet, triplet_grad
from ui.content import section
from ui.controls import Preset, SliderSpec, param_controls, preset_buttons, share_link, slider
from ui.embedding_plane import PLANE_HEIGHT, triplet_plane_figure
from ui.figures import Band, Curve, Marker, curve_figure, grid
from ui.lesson import chart, lesson_footer, lesson_header, loss_metrics, sample_table, worked_calculation
from ui.numbers import fmt, fmt_latex
from ui.palette import ZONE_FILL, ZONE_FILL_ALT
from ui.samples import triplet_batch

SPEC = loss_spec("triplet")
LOW, HIGH, STEP = -3.0, 3.0, 0.1
POINTS = {  # role: (label, key prefix, default position)
    "anchor": ("Anchor a", "triplet_a", (0.0, 0.0)),
    "positive": ("Positive p (same kind)", "triplet_p", (1.5, 0.5)),
    "negative": ("Negative n (other kind)", "triplet_n", (-1.0, -1.5)),
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


def point_sliders(role: str) -> tuple[float, float]:
    """Two sliders, x and y, that place one point of the triplet."""
    label, prefix, (x, y) = POINTS[role]
    st.markdown(f"**{label}**")
    return (slider(SliderSpec(f"{label}: x", f"{prefix}x", LOW, HIGH, x, STEP)),
            slider(SliderSpec(f"{label}: y", f"{prefix}y", LOW, HIGH, y, STEP)))


def triplet_kind(loss: float, d_pos: float, d_neg: float) -> str:
    """Easy (no loss), hard (the negative is closer than the positive) or semi-hard (in between)."""
    if loss == 0:
        return "Easy"
    return "Hard" if d_neg < d_pos else "Semi-hard"


lesson_header("triplet", SPEC)


@st.fragment
def live_lesson():
    preset_buttons(PRESETS, "triplet")
    columns = st.columns(4)
    with columns[0]:
        anchor = point_sliders("anchor")
    with columns[1]:
        positive = point_sliders("positive")
    with columns[2]:
        negative = point_sliders("negative")
    with columns[3]:
        st.markdown("**Margin**")
        margin = param_controls(SPEC, "triplet")["margin"]

    loss = triplet(anchor, positive, negative, margin=margin)
    gradient = triplet_grad(anchor, positive, negative, margin=margin)
    d_pos, d_neg = math.dist(anchor, positive), math.dist(anchor, negative)
    loss_metrics([("Triplet loss", loss), ("d(a, p)", d_pos), ("d(a, n)", d_neg),
                  ("Gradient ∂L/∂a, x", gradient[0]), ("Gradient ∂L/∂a, y", gradient[1])])

    # The same loss in one dimension: anchor at 0, positive at d(a, p), the negative sliding at
    # every distance d on the other side. Only the two distances matter, so this is the curve.
    far = max(5.0, d_pos + margin + 1.5, d_neg + 0.5)
    distances = grid(0.0, far)
    curve = triplet(np.zeros((len(distances), 1)), np.full((len(distances), 1), d_pos), -distances[:, None],
                    margin=margin, reduction="none")
    plane_column, loss_column = st.columns([3, 2])  # the plane needs room: its axes share one scale
    with plane_column:
        chart(triplet_plane_figure(anchor, positive, negative, margin=margin, d_pos=d_pos, d_neg=d_neg,
                                   anchor_step=-gradient))
    with loss_column:
        chart(curve_figure(
            "Triplet loss against d(a, n)", "Distance d(a, n) from anchor to negative",
            "Triplet loss",
            [Curve(f"triplet loss at d(a, p) = {fmt(d_pos)}, m = {fmt(margin)}", distances, curve)],
            [Marker("current triplet", d_neg, loss)],
            [Band(0.0, d_pos, "hard", ZONE_FILL_ALT), Band(d_pos, d_pos + margin, "semi-hard", ZONE_FILL),
             Band(d_pos + margin, far, "easy", "rgba(255, 255, 255, 0)")],
            height=PLANE_HEIGHT,
        ))
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
    share_link("triplet", "triplet")


live_lesson()
lesson_footer("triplet", SPEC)

"""Lesson: sparse categorical cross-entropy, the same loss with integer labels."""

import numpy as np
import streamlit as st

from course.distributions import cross_entropy_terms_latex, one_hot
from course.numbers import fmt, fmt_latex
from course.samples import multiclass_batch
from course.timing import MAX_CELLS, REPEATS, time_label_formats
from losses import (
    EPSILON,
    categorical_cross_entropy,
    loss_spec,
    softmax,
    sparse_categorical_cross_entropy,
    sparse_categorical_cross_entropy_grad,
)
from ui.content import section
from ui.controls import Preset, SliderSpec, option_slider
from ui.figures import probability_grid
from ui.lesson import (
    lesson_footer,
    lesson_header,
    lesson_panel,
    loss_metrics,
    sample_table,
    worked_calculation,
)
from ui.live_panel import (
    Choice,
    Const,
    Grad,
    Item,
    LiveBars,
    LiveCurve,
    Loss,
    Panel,
    Readout,
    Ref,
    Replace,
    Softmax,
    Vector,
    X,
    loss_and_gradient_charts,
    maximum,
)
from ui.palette import GREY

SLUG = "sparse_cce"
LOSS = "sparse_categorical_cross_entropy"
SPEC = loss_spec(LOSS)
CLASS_NAMES = ("cat", "dog", "rabbit")
DEFAULT_LOGITS = (2.0, 0.5, -1.0)
LOGIT_SLIDERS = [SliderSpec(f"logit z of {name} (unit {index})", f"sparse_cce_z{index}", -5.0, 5.0,
                            DEFAULT_LOGITS[index], 0.1) for index, name in enumerate(CLASS_NAMES)]
# The label buttons show (and the URL keeps) "1 = dog"; the loss needs the class number, its position.
LABEL_TEXTS = [f"{index} = {name}" for index, name in enumerate(CLASS_NAMES)]


def state(label: int, logits) -> dict:
    """A preset's widget values: the true class and the three logits."""
    return {"sparse_cce_label": LABEL_TEXTS[label],
            **{f"sparse_cce_z{index}": z for index, z in enumerate(logits)}}


PRESETS = [
    Preset("Confident and right", state(0, (4.0, 0.0, -1.0))),
    Preset("Unsure: equal logits", state(1, (0.0, 0.0, 0.0))),
    Preset("Confidently wrong", state(2, (4.0, 1.0, -3.0))),
]
GRADIENT_LIMIT = 12.0  # the gradient chart stops at −GRADIENT_LIMIT: −1/p reaches −10⁷ at the clip
# The batch sizes a student can time: N samples × K classes, at most MAX_CELLS probabilities.
# The sliders show (and the URL keeps) "200,000"; the measurement needs the number.
SAMPLE_OPTIONS = {f"{n:,}": n for n in (1_000, 2_000, 5_000, 10_000, 20_000, 50_000, 100_000, 200_000)}
CLASS_OPTIONS = {f"{k:,}": k for k in (2, 3, 5, 10, 20, 50, 100, 200, 500, 1_000)}

LABEL = Ref("sparse_cce_label")  # the class number: the position of the chosen text in LABEL_TEXTS
P = Softmax(Vector(*(Ref(spec.key) for spec in LOGIT_SLIDERS)))  # the output layer
Y = Replace(Vector(*[0.0] * len(CLASS_NAMES)), LABEL, 1.0)  # the same label, one-hot
SPARSE = Loss(LOSS, LABEL, P)
PANEL = Panel(
    "sparse_cce", [Choice("True class: the integer label", "sparse_cce_label",
                    {text: index for index, text in enumerate(LABEL_TEXTS)}, LABEL_TEXTS[0]), *LOGIT_SLIDERS],
    [Readout("Sparse CE, integer label", SPARSE),
     Readout("CE, one-hot label", Loss("categorical_cross_entropy", Y, P)),
     Readout("Gradient ∂L/∂p of the true class", Item(Grad(LOSS, LABEL, P), LABEL))],
    [*loss_and_gradient_charts(
        loss=lambda x: Loss(LOSS, LABEL, Replace(P, LABEL, x)),
        grad=lambda x: Item(Grad(LOSS, LABEL, Replace(P, LABEL, x)), LABEL), current=Item(P, LABEL),
        grid=probability_grid(), x_title="Probability of the true class p", loss_name="Sparse CE",
        loss_extra=[LiveCurve("CE on the one-hot label",
                              Loss("categorical_cross_entropy", Y, Replace(P, LABEL, X)),
                              color=GREY, dash="dot")],
        loss_range=(0.0, maximum(7.0, 1.1 * SPARSE)), grad_range=(-GRADIENT_LIMIT, 1.0),
     ),
     LiveBars("The output layer: one probability per class", "Class (output unit)", "Probability",
              [f"{index}: {name}" for index, name in enumerate(CLASS_NAMES)],
              [("Output p (softmax)", P), ("One-hot label", Y)], y_range=(Const(0.0), Const(1.05)))],
    columns=4,
)

lesson_header(SLUG, SPEC, intro=False)


def one_hot_text(row) -> str:
    """A one-hot label as the student would write it: [0, 1, 0]."""
    return "[" + ", ".join(str(int(value)) for value in row) + "]"


@st.fragment
def live_lesson():
    values = lesson_panel(SLUG, PANEL, PRESETS)
    label = int(values["sparse_cce_label"])
    logits = np.array([values[spec.key] for spec in LOGIT_SLIDERS])
    p = softmax(logits)
    y = one_hot(label, len(CLASS_NAMES))

    sparse = sparse_categorical_cross_entropy([label], [p])
    dense = categorical_cross_entropy([y], [p])
    grad = sparse_categorical_cross_entropy_grad([label], [p])[0, label]
    st.markdown(section(SLUG, "Same loss, different label format", label=label, name=CLASS_NAMES[label],
                        one_hot=one_hot_text(y), sparse=sparse, dense=dense))

    st.subheader("One probability per class")
    st.markdown(section(SLUG, "One probability per class", k=len(CLASS_NAMES),
                        probabilities="[" + ", ".join(fmt(value) for value in p) + "]"))

    st.subheader("Loss against the probability of the true class")
    st.markdown(section(SLUG, "Loss against the probability of the true class"))
    if abs(grad) > GRADIENT_LIMIT:
        st.caption(section(SLUG, "Gradient off the chart", grad=grad, limit=GRADIENT_LIMIT))

    worked_calculation([
        rf"p = \mathrm{{softmax}}({', '.join(fmt_latex(z) for z in logits)})"
        rf" = ({', '.join(fmt_latex(q) for q in p)})",
        rf"\text{{sparse, label }} c = {label}: \quad -\ln p_{{{label}}}"
        rf" = -\ln {fmt_latex(max(p[label], EPSILON))} = {fmt_latex(sparse)}",
        rf"\text{{one-hot }} y = {one_hot_text(y)}: \quad -\sum_k y_k \ln p_k"
        rf" = {cross_entropy_terms_latex(y, p)} = {fmt_latex(dense)}",
    ])

    st.subheader("A batch with integer labels")
    st.markdown(section(SLUG, "A batch with integer labels"))
    names, labels, batch = multiclass_batch(label, p)
    labels_one_hot = one_hot(labels, len(CLASS_NAMES))
    per_sample = sparse_categorical_cross_entropy(labels, batch, reduction="none")
    sample_table({"Sample": names, "Integer label": labels,
                  "One-hot label": [one_hot_text(row) for row in labels_one_hot],
                  "p of the true class": batch[np.arange(len(labels)), labels],
                  "CE on one-hot": categorical_cross_entropy(labels_one_hot, batch, reduction="none")},
                 per_sample, loss_name="Sparse CE")
    loss_metrics([("Batch mean, sparse CE", sparse_categorical_cross_entropy(labels, batch)),
                  ("Batch mean, CE on one-hot labels", categorical_cross_entropy(labels_one_hot, batch))])

    st.subheader("Is it faster?")
    st.markdown(section(SLUG, "Is it faster?"))
    left, right = st.columns(2)
    with left:
        n = SAMPLE_OPTIONS[option_slider("Samples N", "sparse_cce_n", list(SAMPLE_OPTIONS), "50,000")]
    with right:
        k = CLASS_OPTIONS[option_slider("Classes K", "sparse_cce_classes", list(CLASS_OPTIONS), "100")]
    too_large = n * k > MAX_CELLS
    if too_large:
        st.info(section(SLUG, "Too large", cells=f"{n * k:,}", limit=f"{MAX_CELLS:,}"))
    if st.button("Measure", key="sparse_cce_measure", type="primary", disabled=too_large):
        with st.spinner(f"Timing both forms {REPEATS} times on {n:,} × {k:,} probabilities…"):
            st.session_state["sparse_cce_timing"] = time_label_formats(n, k)
    timing = st.session_state.get("sparse_cce_timing")
    if timing is not None:
        loss_metrics([("Sparse CE, integer labels (ms)", timing.sparse_seconds * 1000),
                      ("CE, one-hot labels (ms)", timing.one_hot_seconds * 1000),
                      ("Time ratio, one-hot ÷ sparse", timing.ratio)])
        loss_metrics([("Integer labels (MB)", timing.integer_label_bytes / 1e6),
                      ("One-hot labels (MB)", timing.one_hot_label_bytes / 1e6),
                      ("Memory ratio, one-hot ÷ integer", timing.memory_ratio)])
        st.markdown(section(
            SLUG, "Measured", n=f"{timing.samples:,}", k=f"{timing.classes:,}",
            sparse_ms=timing.sparse_seconds * 1000, one_hot_ms=timing.one_hot_seconds * 1000,
            ratio=timing.ratio, sparse_loss=timing.sparse_loss, one_hot_loss=timing.one_hot_loss,
            int_mb=timing.integer_label_bytes / 1e6, one_hot_mb=timing.one_hot_label_bytes / 1e6,
            memory_ratio=timing.memory_ratio,
        ))


live_lesson()
lesson_footer(SLUG, SPEC)

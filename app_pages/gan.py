"""Lesson: the losses of a GAN, and why the generator's minimax loss saturates."""

import numpy as np
import streamlit as st

from course.numbers import fmt_latex
from course.true_class import sigmoid_slope
from losses import (
    binary_cross_entropy,
    gan_discriminator,
    gan_generator_minimax,
    gan_generator_minimax_grad,
    gan_generator_nonsaturating,
    gan_generator_nonsaturating_grad,
    loss_spec,
)
from ui.content import section
from ui.controls import Preset, SliderSpec
from ui.figures import probability_grid
from ui.lesson import lesson_footer, lesson_header, lesson_panel, sample_table, worked_calculation
from ui.live_panel import (
    PANEL_CHART_HEIGHT,
    Const,
    Grad,
    LiveChart,
    LiveCurve,
    LiveMarker,
    Loss,
    Panel,
    Readout,
    Ref,
    X,
)
from ui.palette import SERIES

DISCRIMINATOR = loss_spec("gan_discriminator")
MINIMAX = loss_spec("gan_generator_minimax")
NON_SATURATING = loss_spec("gan_generator_nonsaturating")
D_REAL = SliderSpec("D(x): the discriminator's output on a real sample", "gan_d_real",
                    0.0, 1.0, 0.9, 0.001, format="%.3f")
D_FAKE = SliderSpec("D(G(z)): its output on a fake", "gan_d_fake", 0.0, 1.0, 0.2, 0.001, format="%.3f")
PRESETS = [
    Preset("Early training: D wins", {"gan_d_real": 0.95, "gan_d_fake": 0.02}),
    Preset("Balanced", {"gan_d_real": 0.5, "gan_d_fake": 0.5}),
    Preset("Generator fooling D", {"gan_d_real": 0.6, "gan_d_fake": 0.9}),
]
# The discriminator's outputs on the rest of a batch of fakes, from hopeless to convincing.
OTHER_FAKES = (0.01, 0.1, 0.5, 0.9)
# Both generator losses run off to ±16 at the ends (where clipping stops them); this range
# keeps the middle readable.
LOSS_RANGE = (-7.0, 7.0)
MINIMAX_COLOR, NON_SATURATING_COLOR, DISCRIMINATOR_COLOR = SERIES[0], SERIES[1], SERIES[2]

D_X, D_G_Z = Ref(D_REAL.key), Ref(D_FAKE.key)


def minimax_at(d_fake):
    return Loss("gan_generator_minimax", d_fake)


def non_saturating_at(d_fake):
    return Loss("gan_generator_nonsaturating", d_fake)


def discriminator_at(d_fake):
    """The discriminator's loss at this D(G(z)), with the current D(x)."""
    return Loss("gan_discriminator", D_X, d_fake)


MINIMAX_GRAD = Grad("gan_generator_minimax", D_G_Z)
NON_SATURATING_GRAD = Grad("gan_generator_nonsaturating", D_G_Z)
X_TITLE = "D(G(z)): the discriminator's output on a fake"
DRAG = (D_FAKE.key, X)  # dragging on a chart sets D(G(z))
GRID = probability_grid()  # packed towards 0 and 1, where the curves climb to the clip
# One legend names the curves of both charts (each loss in one colour, its formula in the text):
# inside the loss chart, in its empty bottom left corner, so that the two plots line up and fit
# on a 720 px screen under the eight readouts.
HEIGHT = PANEL_CHART_HEIGHT
PANEL = Panel(
    "gan", [D_REAL, D_FAKE],
    [Readout("Discriminator loss", Loss("gan_discriminator", D_X, D_G_Z)),
     # The two parts are the BCE of a real sample labelled 1 and of a fake labelled 0.
     Readout("Real part −ln D(x)", Loss("binary_cross_entropy", 1.0, D_X)),
     Readout("Fake part −ln(1 − D(G(z)))", Loss("binary_cross_entropy", 0.0, D_G_Z)),
     Readout("Minimax loss", minimax_at(D_G_Z)), Readout("Minimax gradient", MINIMAX_GRAD),
     Readout("Non-saturating loss", non_saturating_at(D_G_Z)),
     Readout("Non-saturating gradient", NON_SATURATING_GRAD),
     # How many times larger the non-saturating gradient is than the minimax one.
     Readout("Gradient ratio |non-saturating| ÷ |minimax|", abs(NON_SATURATING_GRAD) / abs(MINIMAX_GRAD))],
    [LiveChart(
        "The three losses against D(G(z))", X_TITLE, "Loss", GRID,
        [LiveCurve("discriminator", discriminator_at(X), DISCRIMINATOR_COLOR),
         LiveCurve("minimax", minimax_at(X), MINIMAX_COLOR),
         LiveCurve("non-saturating", non_saturating_at(X), NON_SATURATING_COLOR, dash="dash")],
        [LiveMarker("discriminator, now", D_G_Z, discriminator_at(D_G_Z), DISCRIMINATOR_COLOR, "square"),
         LiveMarker("minimax, now", D_G_Z, minimax_at(D_G_Z), MINIMAX_COLOR),
         LiveMarker("non-saturating, now", D_G_Z, non_saturating_at(D_G_Z), NON_SATURATING_COLOR, "diamond")],
        y_range=(Const(LOSS_RANGE[0]), Const(LOSS_RANGE[1])), zero_line=True, drag=DRAG, height=HEIGHT,
        legend_inside="bottom left"),
     # Both gradients are negative; their sizes span seven orders of magnitude, hence a log scale.
     LiveChart(
        "How hard each loss pushes the generator", X_TITLE, "|∂L/∂D(G(z))| (log scale)", GRID,
        [LiveCurve("minimax", abs(Grad("gan_generator_minimax", X)), MINIMAX_COLOR),
         LiveCurve("non-saturating", abs(Grad("gan_generator_nonsaturating", X)),
                   NON_SATURATING_COLOR, dash="dash")],
        [LiveMarker("minimax, now", D_G_Z, abs(MINIMAX_GRAD), MINIMAX_COLOR),
         LiveMarker("non-saturating, now", D_G_Z, abs(NON_SATURATING_GRAD), NON_SATURATING_COLOR, "diamond")],
        drag=DRAG, height=HEIGHT, legend=False, y_log=True)],
)

lesson_header("gan", DISCRIMINATOR, intro=False)


@st.fragment
def live_lesson():
    values = lesson_panel("gan", PANEL, PRESETS)
    d_real, d_fake = values[D_REAL.key], values[D_FAKE.key]
    if {d_real, d_fake} & {0.0, 1.0}:
        st.info(section("gan", "Clipping", cap=binary_cross_entropy(1.0, 0.0)))

    st.subheader("The discriminator's loss")
    st.markdown(section("gan", "The discriminator's loss is binary cross-entropy"))
    # The two parts are the BCE of a real sample labelled 1 and of a fake labelled 0.
    real_part, fake_part = binary_cross_entropy(1.0, d_real), binary_cross_entropy(0.0, d_fake)
    d_loss = gan_discriminator(d_real, d_fake)

    st.subheader("The generator's two losses")
    st.markdown(section("gan", "The generator's two losses"))
    st.latex(rf"\text{{minimax: }} {MINIMAX.latex} \qquad \text{{non-saturating: }} {NON_SATURATING.latex}")
    minimax, minimax_grad = gan_generator_minimax(d_fake), gan_generator_minimax_grad(d_fake)[0]
    nonsat, nonsat_grad = gan_generator_nonsaturating(d_fake), gan_generator_nonsaturating_grad(d_fake)[0]
    ratio = abs(nonsat_grad) / abs(minimax_grad)
    st.caption(section("gan", "Reading the gradient chart"))

    st.subheader("Why the minimax loss stalls early in training")
    slope = sigmoid_slope(d_fake)  # chain rule through D's sigmoid, to its score
    st.markdown(section("gan", "Why the minimax loss stalls early in training", d_fake=d_fake, ratio=ratio,
                        minimax_logit=minimax_grad * slope, nonsat_logit=nonsat_grad * slope))

    real, fake = fmt_latex(d_real), fmt_latex(d_fake)
    d_wrt_fake = r"\frac{\partial L_G}{\partial D(G(z))}"
    worked_calculation([
        rf"L_D = -\big[\ln D(x) + \ln(1 - D(G(z)))\big] = -\big[\ln {real} + \ln(1 - {fake})\big]"
        rf" = {fmt_latex(real_part)} + {fmt_latex(fake_part)} = {fmt_latex(d_loss)}",
        rf"L_G^{{\text{{minimax}}}} = \ln(1 - {fake}) = {fmt_latex(minimax)}, \qquad"
        rf"{d_wrt_fake} = \frac{{-1}}{{1 - {fake}}} = {fmt_latex(minimax_grad)}",
        rf"L_G^{{\text{{non-sat}}}} = -\ln {fake} = {fmt_latex(nonsat)}, \qquad"
        rf"{d_wrt_fake} = \frac{{-1}}{{{fake}}} = {fmt_latex(nonsat_grad)}",
        rf"\text{{ratio}} = \frac{{\lvert {fmt_latex(nonsat_grad)} \rvert}}"
        rf"{{\lvert {fmt_latex(minimax_grad)} \rvert}} = {fmt_latex(ratio)}",
    ], "Logarithms are natural; a D output of exactly 0 or 1 is clipped to 10⁻⁷ or 1 − 10⁻⁷ first.")

    st.subheader("A batch of fakes")
    st.markdown(section("gan", "A batch of fakes"))
    fakes = np.array([*OTHER_FAKES, d_fake])
    sample_table(
        {"Fake": [f"fake {i + 1}" for i in range(len(OTHER_FAKES))] + ["your fake"],
         "D(G(z))": fakes,
         "Minimax gradient": gan_generator_minimax_grad(fakes),
         "Non-saturating gradient": gan_generator_nonsaturating_grad(fakes)},
        gan_generator_nonsaturating(fakes, reduction="none"),
        loss_name="Non-saturating loss −ln D(G(z))",
    )


live_lesson()
lesson_footer("gan", [DISCRIMINATOR, MINIMAX, NON_SATURATING])

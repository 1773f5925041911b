"""Lesson: the losses of a GAN, and why the generator's minimax loss saturates."""

import numpy as np
import streamlit as st

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
from ui.controls import Preset, SliderSpec, preset_buttons, share_link, slider
from ui.figures import Curve, Marker, curve_figure, grid
from ui.lesson import lesson_footer, lesson_header, loss_metrics, sample_table, two_charts, worked_calculation
from ui.numbers import fmt_latex
from ui.palette import SERIES
from ui.true_class import sigmoid_slope

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
MINIMAX_COLOR, NON_SATURATING_COLOR = SERIES[0], SERIES[1]

lesson_header("gan", DISCRIMINATOR)


@st.fragment
def live_lesson():
    preset_buttons(PRESETS, "gan")
    left, right = st.columns(2)
    with left:
        d_real = slider(D_REAL)
    with right:
        d_fake = slider(D_FAKE)
    if {d_real, d_fake} & {0.0, 1.0}:
        st.info(section("gan", "Clipping", cap=binary_cross_entropy(1.0, 0.0)))

    st.subheader("The discriminator's loss")
    st.markdown(section("gan", "The discriminator's loss is binary cross-entropy"))
    # The two parts are the BCE of a real sample labelled 1 and of a fake labelled 0.
    real_part, fake_part = binary_cross_entropy(1.0, d_real), binary_cross_entropy(0.0, d_fake)
    d_loss = gan_discriminator(d_real, d_fake)
    loss_metrics([("Discriminator loss", d_loss), ("Real part −ln D(x)", real_part),
                  ("Fake part −ln(1 − D(G(z)))", fake_part)])

    st.subheader("The generator's two losses")
    st.markdown(section("gan", "The generator's two losses"))
    st.latex(rf"\text{{minimax: }} {MINIMAX.latex} \qquad \text{{non-saturating: }} {NON_SATURATING.latex}")
    minimax, minimax_grad = gan_generator_minimax(d_fake), gan_generator_minimax_grad(d_fake)[0]
    nonsat, nonsat_grad = gan_generator_nonsaturating(d_fake), gan_generator_nonsaturating_grad(d_fake)[0]
    ratio = abs(nonsat_grad) / abs(minimax_grad)
    loss_metrics([("Minimax loss", minimax), ("Minimax gradient", minimax_grad),
                  ("Non-saturating loss", nonsat), ("Non-saturating gradient", nonsat_grad),
                  ("Gradient ratio", ratio)],
                 help={"Gradient ratio": "How many times larger the non-saturating gradient is than the "
                                         "minimax one: |non-saturating| / |minimax|."})

    x = grid(0.0, 1.0)
    x_title = "D(G(z)): the discriminator's output on a fake"
    loss_fig = curve_figure(
        "The generator's two losses against D(G(z))", x_title, "Generator loss",
        [Curve("minimax ln(1 − D(G(z)))", x, gan_generator_minimax(x, reduction="none"), MINIMAX_COLOR),
         Curve("non-saturating −ln D(G(z))", x, gan_generator_nonsaturating(x, reduction="none"),
               NON_SATURATING_COLOR, dash="dash")],
        [Marker("minimax, now", d_fake, minimax, MINIMAX_COLOR),
         Marker("non-saturating, now", d_fake, nonsat, NON_SATURATING_COLOR, symbol="diamond")],
        y_range=LOSS_RANGE, zero_line=True,
    )
    # Both gradients are negative; their sizes span seven orders of magnitude, hence a log scale.
    grad_fig = curve_figure(
        "How hard each loss pushes the generator", x_title, "|∂L/∂D(G(z))| (log scale)",
        [Curve("minimax |−1/(1 − D(G(z)))|", x, np.abs(gan_generator_minimax_grad(x)), MINIMAX_COLOR),
         Curve("non-saturating |−1/D(G(z))|", x, np.abs(gan_generator_nonsaturating_grad(x)),
               NON_SATURATING_COLOR, dash="dash")],
        [Marker("minimax, now", d_fake, abs(minimax_grad), MINIMAX_COLOR),
         Marker("non-saturating, now", d_fake, abs(nonsat_grad), NON_SATURATING_COLOR, symbol="diamond")],
    )
    grad_fig.update_yaxes(type="log")
    two_charts(loss_fig, grad_fig)
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
    share_link("gan", "gan")


live_lesson()
lesson_footer("gan", [DISCRIMINATOR, MINIMAX, NON_SATURATING])

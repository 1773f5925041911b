"""Lesson: the Poisson loss, for counts."""

import streamlit as st

from losses import loss_spec, poisson, poisson_grad
from ui.content import section
from ui.controls import Preset, SliderSpec, int_slider, preset_buttons, share_link, slider
from ui.counts import log_factorial, poisson_distribution_figure, poisson_pmf
from ui.figures import grid, loss_and_gradient_figures
from ui.lesson import (
    chart,
    lesson_footer,
    lesson_header,
    loss_metrics,
    sample_table,
    two_charts,
    worked_calculation,
)
from ui.numbers import fmt_latex, fmt_signed
from ui.samples import count_batch

SPEC = loss_spec("poisson")
COUNT_KEY = "poisson_count"
MAX_COUNT = 30
RATE = SliderSpec("Predicted rate ŷ (events expected per interval)", "poisson_rate", 0.0, 30.0, 3.0, 0.1,
                  help="What the model predicts: the mean number of events it expects.")
MAX_BAR = 45  # the distribution is drawn up to this count: past it, even a rate of 30 has almost no mass
SMALL_RATE = 0.1  # below this rate the gradient plunges towards −y·10⁸; the gradient chart's range ignores it
PRESETS = [
    Preset("Rate equals the count", {COUNT_KEY: 5, "poisson_rate": 5.0},
           help="y = 5, ŷ = 5: the minimum, and the loss is negative"),
    Preset("No events, rate 2", {COUNT_KEY: 0, "poisson_rate": 2.0}, help="y = 0, ŷ = 2: the loss is ŷ"),
    Preset("Rate 0, three events", {COUNT_KEY: 3, "poisson_rate": 0.0},
           help="y = 3, ŷ = 0: the 10⁻⁸ keeps the loss finite"),
]

# Two (count, rate) pairs whose losses have the opposite signs to their probabilities.
SIGN_EXAMPLE = {
    f"{name}_{key}": value
    for name, (count, rate) in (("a", (1, 1.0)), ("b", (10, 20.0)))
    for key, value in (("count", count), ("rate", rate), ("loss", poisson(count, rate)),
                       ("probability", float(poisson_pmf(rate, [count])[0])),
                       ("log_factorial", log_factorial(count)))
}

lesson_header("poisson", SPEC)


@st.fragment
def live_lesson():
    preset_buttons(PRESETS, "poisson")
    left, right = st.columns(2)
    with left:
        y = int_slider("Observed count y (events in the interval)", COUNT_KEY, 0, MAX_COUNT, 5,
                       help="The label: how many events actually happened.")
    with right:
        y_hat = slider(RATE)

    loss, grad = poisson(y, y_hat), poisson_grad(y, y_hat)[0]
    ln_y_factorial = log_factorial(y)
    probability = poisson_pmf(y_hat, [y])[0]
    loss_metrics([("Poisson loss", loss), ("Gradient ∂L/∂ŷ", grad), ("ln y!", ln_y_factorial),
                  ("Full NLL = loss + ln y!", loss + ln_y_factorial), ("P(y; ŷ)", probability)])

    x = grid(RATE.low, RATE.high)
    curve, slope = poisson([y] * len(x), x, reduction="none"), poisson_grad([y] * len(x), x)
    # The axes follow the curves where the rate is 1 or more; the spike the 10⁻⁸ leaves at ŷ = 0
    # stays on the loss chart (it is the lesson), but would flatten the gradient chart to a line.
    away_from_zero = x >= 1
    loss_range = (min(curve.min(), loss) - 1, max(curve[away_from_zero].max(), loss) + 1)
    lowest_slope = min(slope[away_from_zero].min(), grad if y_hat >= SMALL_RATE else 0.0, -1.0)
    two_charts(*loss_and_gradient_figures(
        x=x, loss=curve, grad=slope, current=(y_hat, loss, grad),
        x_title="Predicted rate ŷ (events per interval)", loss_name="Poisson loss",
        loss_range=loss_range, grad_range=(lowest_slope * 1.05 - 0.5, 1.5),
    ))
    st.markdown(section("poisson", "The current point", count=y, rate=y_hat))
    if y > 0 and y_hat == y:
        st.caption(section("poisson", "Almost zero", grad=grad))
    if y_hat == 0 and y > 0:
        st.info(section("poisson", "A rate of zero", penalty_per_event=poisson(1, 0.0), loss=loss, grad=grad))

    worked_calculation([
        rf"L = \hat y - y \ln(\hat y + 10^{{-8}})"
        rf" = {fmt_latex(y_hat)} - {y} \ln({fmt_latex(y_hat)} + 10^{{-8}}) = {fmt_latex(loss)}",
        rf"\frac{{\partial L}}{{\partial \hat y}} = 1 - \frac{{y}}{{\hat y + 10^{{-8}}}}"
        rf" = 1 - \frac{{{y}}}{{{fmt_latex(y_hat)} + 10^{{-8}}}} = {fmt_latex(grad)}",
        rf"-\ln P(y; \hat y) = L + \ln y! = {fmt_latex(loss)} + {fmt_latex(ln_y_factorial, signed=True)}"
        rf" = {fmt_latex(loss + ln_y_factorial)}",
    ])

    st.subheader("Where the loss comes from")
    st.markdown(section("poisson", "Where the loss comes from", count=y, loss=fmt_signed(loss),
                        log_factorial=ln_y_factorial, nll=loss + ln_y_factorial, probability=probability,
                        **SIGN_EXAMPLE))
    st.markdown(section("poisson", "The distribution of counts"))
    chart(poisson_distribution_figure(y_hat, y, MAX_BAR))

    st.subheader("A batch of counts")
    st.markdown(section("poisson", "A batch of counts"))
    names, counts, rates = count_batch(y, y_hat)
    per_sample = poisson(counts, rates, reduction="none")
    sample_table({"Hour": names, "Calls y": counts, "Predicted rate ŷ": rates,
                  "Full NLL (loss + ln y!)": per_sample + [log_factorial(int(k)) for k in counts]},
                 per_sample, loss_name="Poisson loss")
    if (per_sample < 0).any():
        st.markdown(section("poisson", "Negative terms"))
    share_link("poisson", "poisson")


live_lesson()
lesson_footer("poisson", SPEC)

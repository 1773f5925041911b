"""Lesson: the Poisson loss, for counts."""

import streamlit as st

from app_pages.poisson_charts import poisson_distribution_figure
from course.numbers import fmt_latex, fmt_signed
from course.poisson_distribution import log_factorial, poisson_pmf
from course.samples import count_batch
from losses import loss_spec, poisson, poisson_grad
from ui.content import section
from ui.controls import Preset, SliderSpec
from ui.lesson import chart, lesson_footer, lesson_header, lesson_panel, sample_table, worked_calculation
from ui.live_panel import (
    Grad,
    Loss,
    Panel,
    Readout,
    Ref,
    X,
    exp,
    lgamma,
    loss_and_gradient_charts,
    maximum,
    minimum,
    xlogy,
)

SPEC = loss_spec("poisson")
COUNT = SliderSpec("Observed count y (events in the interval)", "poisson_count", 0, 30, 5, 1,
                   help="The label: how many events actually happened.")
RATE = SliderSpec("Predicted rate ŷ (events expected per interval)", "poisson_rate", 0.0, 30.0, 3.0, 0.1,
                  help="What the model predicts: the mean number of events it expects.")
MAX_BAR = 45  # the distribution is drawn up to this count: past it, even a rate of 30 has almost no mass
SMALL_RATE = 0.1  # below this rate the gradient plunges towards −y·10⁸; the gradient chart's range ignores it
PRESETS = [
    Preset("Rate equals the count", {COUNT.key: 5, RATE.key: 5.0},
           help="y = 5, ŷ = 5: the minimum, and the loss is negative"),
    Preset("No events, rate 2", {COUNT.key: 0, RATE.key: 2.0}, help="y = 0, ŷ = 2: the loss is ŷ"),
    Preset("Rate 0, three events", {COUNT.key: 3, RATE.key: 0.0},
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

Y, Y_HAT = Ref(COUNT.key), Ref(RATE.key)
LOSS = Loss("poisson", Y, Y_HAT)
LN_Y_FACTORIAL = lgamma(Y + 1)  # ln y! = ln Γ(y + 1)
PANEL = Panel(
    "poisson", [COUNT, RATE],
    [Readout("Poisson loss", LOSS), Readout("Gradient ∂L/∂ŷ", Grad("poisson", Y, Y_HAT)),
     Readout("ln y!", LN_Y_FACTORIAL), Readout("Full NLL = loss + ln y!", LOSS + LN_Y_FACTORIAL),
     # P(y; ŷ) = ŷ^y e^(−ŷ) / y!, without the 10⁻⁸: a rate of 0 makes any count above 0 impossible.
     Readout("P(y; ŷ)", exp(xlogy(Y, Y_HAT) - Y_HAT - LN_Y_FACTORIAL))],
    loss_and_gradient_charts(
        loss=lambda x: Loss("poisson", Y, x), grad=lambda x: Grad("poisson", Y, x), current=Y_HAT,
        grid=(RATE.low, RATE.high), x_title="Predicted rate ŷ (events per interval)",
        loss_name="Poisson loss", drag=(RATE.key, X),
        # The axes follow the curves where the rate is 1 or more (the loss is convex, so its top
        # there is at ŷ = 1 or 30; its minimum is at ŷ = y). The spike the 10⁻⁸ leaves at ŷ = 0
        # stays on the loss chart (it is the lesson), but would flatten the gradient chart to a
        # line: the gradient, rising with ŷ, is shown down to its value at ŷ = 1, or at the
        # current rate if it is SMALL_RATE or more (a rate below it, 0, counts as 1 here).
        loss_range=(Loss("poisson", Y, Y) - 1,
                    maximum(maximum(Loss("poisson", Y, 1.0), Loss("poisson", Y, RATE.high)), LOSS) + 1),
        grad_range=(minimum(Grad("poisson", Y, minimum(1.0, Y_HAT + 1 - minimum(Y_HAT / SMALL_RATE, 1.0))),
                            -1.0) * 1.05 - 0.5, 1.5),
    ),
)

lesson_header("poisson", SPEC, intro=False)


@st.fragment
def live_lesson():
    values = lesson_panel("poisson", PANEL, PRESETS)
    y, y_hat = int(values[COUNT.key]), values[RATE.key]
    loss, grad = poisson(y, y_hat), poisson_grad(y, y_hat)[0]
    ln_y_factorial = log_factorial(y)
    probability = poisson_pmf(y_hat, [y])[0]
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


live_lesson()
lesson_footer("poisson", SPEC)

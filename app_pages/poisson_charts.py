"""The Poisson lesson's own chart: how likely each count is at the predicted rate."""

from __future__ import annotations

import numpy as np

from course.numbers import fmt
from course.poisson_distribution import poisson_pmf
from ui.figures import Figure, bar_figure
from ui.palette import BLUE, VERMILION


def poisson_distribution_figure(rate: float, observed: int, max_count: int) -> Figure:
    """Bars of P(k; ŷ) for k = 0..max_count, the observed count in a second colour and labelled."""
    if not 0 <= observed <= max_count:
        raise ValueError(f"The observed count must lie between 0 and {max_count}.")
    counts = np.arange(max_count + 1)
    probabilities = poisson_pmf(rate, counts)
    fig = bar_figure(
        f"Poisson distribution with rate ŷ = {fmt(rate)}: how likely each count is",
        "Count k (events in one interval)",
        "Probability P(k; ŷ)",
        [str(k) for k in counts],
        [("P(k; ŷ)", probabilities)],
    )
    # Colour marks the observed count, and a label says it too (colour alone is not enough).
    for trace in fig.data:
        trace["marker"]["color"] = [VERMILION if k == observed else BLUE for k in counts]
    fig.layout.update(showlegend=False, bargap=0.15)
    # The label sits above the tallest bar, its arrow down to the observed one, so no bar hides it.
    top = float(probabilities.max())
    fig.annotate(x=str(observed), y=float(probabilities[observed]), ax=str(observed), ay=top * 1.2,
                       axref="x", ayref="y", showarrow=True, arrowhead=2, font={"color": VERMILION},
                       text=f"observed y = {observed}: P = {fmt(probabilities[observed])}")
    fig.update_yaxes(range=[0, top * 1.35])
    return fig

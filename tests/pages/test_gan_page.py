"""The GAN lesson: every number on screen is what `losses` computes."""

import math
import re

import pytest

from course.numbers import fmt
from losses import (
    gan_discriminator,
    gan_generator_minimax,
    gan_generator_minimax_grad,
    gan_generator_nonsaturating,
    gan_generator_nonsaturating_grad,
    loss_spec,
)
from tests.conftest import chart_specs, control_value, metric, panels, screen_text, set_controls

NAN_OR_INF = re.compile(r"(?<![\w.])(nan|inf)(?![\w])", re.IGNORECASE)


def markers(chart: dict) -> dict[str, tuple[float, float]]:
    """The marked points of a chart, by name: (x, y); a point beyond the chart's range is drawn
    on its edge and keeps its real value in customdata."""
    return {trace["name"]: (trace["x"][0], trace.get("customdata", trace["y"])[0]) for trace in chart["data"]
            if trace.get("mode") == "markers"}


def assert_numbers_match_losses(at, d_real: float, d_fake: float) -> None:
    minimax_grad = gan_generator_minimax_grad(d_fake)[0]
    nonsat_grad = gan_generator_nonsaturating_grad(d_fake)[0]
    assert metric(at, "Discriminator loss") == fmt(gan_discriminator(d_real, d_fake))
    assert metric(at, "Minimax loss") == fmt(gan_generator_minimax(d_fake))
    assert metric(at, "Minimax gradient") == fmt(minimax_grad)
    assert metric(at, "Non-saturating loss") == fmt(gan_generator_nonsaturating(d_fake))
    assert metric(at, "Non-saturating gradient") == fmt(nonsat_grad)
    assert metric(at, "Gradient ratio") == fmt(abs(nonsat_grad) / abs(minimax_grad))


def test_loads_with_formulas_charts_and_numbers(page):
    at = page("gan")
    assert at.title[0].value == "GAN losses"
    latex = " ".join(element.value for element in at.latex)
    for key in ("gan_discriminator", "gan_generator_minimax", "gan_generator_nonsaturating"):
        assert loss_spec(key).latex in latex
    loss_chart, grad_chart = chart_specs(at)
    assert loss_chart["layout"]["title"]["text"] and grad_chart["layout"]["yaxis"]["type"] == "log"
    assert_numbers_match_losses(at, 0.9, 0.2)
    # Default D(x) = 0.9, D(G(z)) = 0.2, by hand: -(ln 0.9 + ln 0.8) and the two gradients.
    assert metric(at, "Discriminator loss") == fmt(-(math.log(0.9) + math.log(0.8)))
    assert metric(at, "Non-saturating gradient") == "-5"
    assert metric(at, "Minimax gradient") == "-1.25"


@pytest.mark.parametrize(
    ("index", "d_real", "d_fake"),
    [(0, 0.95, 0.02), (1, 0.5, 0.5), (2, 0.6, 0.9)],
    ids=["early training: D wins", "balanced", "generator fooling D"],
)
def test_presets_give_the_numbers_losses_computes(page, index, d_real, d_fake):
    at = page("gan")
    at.button(key=f"gan_preset_{index}").click().run()
    assert control_value(at, "gan_d_real") == d_real
    assert control_value(at, "gan_d_fake") == d_fake
    assert_numbers_match_losses(at, d_real, d_fake)
    # The same numbers derived by hand from the definitions.
    assert metric(at, "Discriminator loss") == fmt(-(math.log(d_real) + math.log(1 - d_fake)))
    assert metric(at, "Real part") == fmt(-math.log(d_real))
    assert metric(at, "Fake part") == fmt(-math.log(1 - d_fake))
    assert metric(at, "Minimax loss") == fmt(math.log(1 - d_fake))
    assert metric(at, "Non-saturating loss") == fmt(-math.log(d_fake))


def test_early_training_the_minimax_gradient_is_flat_and_the_non_saturating_one_huge(page):
    at = page("gan")
    at.button(key="gan_preset_0").click().run()  # D(x) = 0.95, D(G(z)) = 0.02
    assert metric(at, "Non-saturating gradient") == fmt(-1 / 0.02) == "-50"
    assert metric(at, "Minimax gradient") == fmt(-1 / 0.98)
    assert metric(at, "Gradient ratio") == fmt(0.98 / 0.02)
    text = screen_text(at)
    assert "At your D(G(z)) = **0.02**" in text and "**49 times**" in text
    # Through D's sigmoid the minimax gradient becomes -D(G(z)), the non-saturating one -(1 - D(G(z))).
    assert "**-0.02**" in text and "**-0.98**" in text
    latex = " ".join(element.value for element in at.latex)
    assert r"\frac{-1}{0.02} = -50" in latex and r"\frac{-1}{1 - 0.02} = -1.02" in latex


@pytest.mark.parametrize(("d_real", "d_fake"), [(0.0, 0.0), (1.0, 1.0), (0.3, 0.999), (0.731, 0.001)])
def test_sliders_move_every_number_and_marker_and_the_ends_stay_finite(page, d_real, d_fake):
    at = page("gan")
    set_controls(at, gan_d_real=d_real, gan_d_fake=d_fake)
    assert not at.exception
    assert_numbers_match_losses(at, d_real, d_fake)
    loss_chart, grad_chart = chart_specs(at)
    assert markers(loss_chart)["minimax, now"] == pytest.approx((d_fake, gan_generator_minimax(d_fake)))
    assert markers(loss_chart)["non-saturating, now"] == pytest.approx(
        (d_fake, gan_generator_nonsaturating(d_fake)))
    assert markers(grad_chart)["minimax, now"] == pytest.approx(
        (d_fake, abs(gan_generator_minimax_grad(d_fake)[0])))
    assert markers(grad_chart)["non-saturating, now"] == pytest.approx(
        (d_fake, abs(gan_generator_nonsaturating_grad(d_fake)[0])))
    assert not NAN_OR_INF.search(screen_text(at))
    clipped = {d_real, d_fake} & {0.0, 1.0}
    assert bool(at.info) == bool(clipped)


def test_at_the_ends_the_clipped_loss_is_large_but_finite(page):
    at = page("gan")
    set_controls(at, gan_d_real=0.0)  # a real sample called fake with certainty
    assert metric(at, "Real part") == fmt(-math.log(1e-7)) == "16.12"
    assert "16.12" in at.info[0].value


def test_batch_of_fakes_ends_with_the_students_fake(page):
    at = page("gan")
    set_controls(at, gan_d_fake=0.05)
    table = at.dataframe[0].value
    mine = table[table["Fake"] == "your fake"].iloc[0]
    assert mine["D(G(z))"] == pytest.approx(0.05)
    assert mine["Non-saturating loss −ln D(G(z))"] == pytest.approx(-math.log(0.05))
    assert mine["Minimax gradient"] == pytest.approx(-1 / 0.95)
    assert mine["Non-saturating gradient"] == pytest.approx(-1 / 0.05)
    # The worst fake (D(G(z)) = 0.01) gets the largest non-saturating gradient, the smallest minimax one.
    worst = table.loc[table["D(G(z))"].idxmin()]
    assert worst["Non-saturating gradient"] == table["Non-saturating gradient"].min()
    assert abs(worst["Minimax gradient"]) == abs(table["Minimax gradient"]).min()


def test_footer_gives_the_framework_calls_of_all_three_losses(page):
    at = page("gan")
    code = " ".join(block.value for block in at.code)
    for key in ("gan_discriminator", "gan_generator_minimax", "gan_generator_nonsaturating"):
        assert loss_spec(key).keras in code and loss_spec(key).pytorch in code
    assert "Goodfellow et al., 2014" in screen_text(at)


def test_a_shared_link_opens_on_its_state(page):
    at = page("gan", query_params={"gan_d_real": "0.95", "gan_d_fake": "0.02"})
    assert metric(at, "Non-saturating gradient") == "-50"
    assert metric(at, "Discriminator loss") == fmt(gan_discriminator(0.95, 0.02))


def test_the_panel_follows_a_move_and_draws_the_discriminator_against_d_g_z(page):
    at = page("gan")
    (panel,) = panels(at)
    # Dragging on either chart sets D(G(z)).
    assert [chart["drag"]["control"] for chart in panel["charts"]] == ["gan_d_fake", "gan_d_fake"]
    at = set_controls(at, gan_d_real=0.8, gan_d_fake=0.25)
    # By hand: L_D = −(ln 0.8 + ln 0.75); minimax ln 0.75 with gradient −1/0.75;
    # non-saturating −ln 0.25 = ln 4 with gradient −4; ratio 4 / (4/3) = 3.
    assert metric(at, "Discriminator loss") == fmt(-(math.log(0.8) + math.log(0.75)))
    assert metric(at, "Real part") == fmt(-math.log(0.8))
    assert metric(at, "Minimax gradient") == fmt(-1 / 0.75)
    assert metric(at, "Non-saturating gradient") == "-4"
    assert metric(at, "Gradient ratio") == "3"
    loss_chart, grad_chart = chart_specs(at)
    d_loss = -(math.log(0.8) + math.log(0.75))
    assert markers(loss_chart)["discriminator, now"] == pytest.approx((0.25, d_loss))
    assert markers(grad_chart)["non-saturating, now"] == pytest.approx((0.25, 4.0))
    # The discriminator's curve is drawn for the current D(x): −ln 0.8 − ln(1 − D(G(z))).
    curve = next(trace for trace in loss_chart["data"] if trace["name"].startswith("discriminator"))
    inside = [(x, y) for x, y in zip(curve["x"], curve["y"], strict=True) if 0.01 <= x <= 0.99]
    assert [y for _, y in inside] == pytest.approx([-math.log(0.8) - math.log(1 - x) for x, _ in inside])

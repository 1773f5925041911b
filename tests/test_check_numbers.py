"""The answers of every lesson's "Check yourself" are computed, never typed."""

from __future__ import annotations

import math
import re
from pathlib import Path

import pytest

from ui.check_numbers import CHECK_NUMBERS, check_numbers
from ui.content import fill, parse_sections

LESSONS = Path(__file__).resolve().parent.parent / "content" / "lessons"
SLUGS = sorted(path.stem for path in LESSONS.glob("*.md"))
PLACEHOLDER = re.compile(r"\{\{[^}]*\}\}")
ANSWER = re.compile(r"\*\((.*?)\)\*", re.S)
RESULT = re.compile(r"[=≈]\s*[−-]?\d+\.\d+")
"""A decimal number after = or ≈: a result someone worked out, not a question's input."""


def check_section(slug: str) -> str:
    return parse_sections((LESSONS / f"{slug}.md").read_text(encoding="utf-8")).get("Check yourself", "")


@pytest.mark.parametrize("slug", SLUGS)
def test_no_answer_types_a_worked_out_number(slug):
    for answer in ANSWER.findall(check_section(slug)):
        typed = RESULT.findall(PLACEHOLDER.sub("", answer))
        assert not typed, f"{slug}: {typed} in {answer!r}"


@pytest.mark.parametrize("slug", sorted(CHECK_NUMBERS))
def test_every_placeholder_of_check_yourself_is_filled(slug):
    # fill raises KeyError for a placeholder without a value; the page adds none of its own here.
    assert "{{" not in fill(check_section(slug), check_numbers(slug))


# By hand, independently of losses.
BY_HAND = {
    ("mae", "q1_abs"): abs(3 - 7), ("mae", "q1_squared"): (3 - 7) ** 2, ("mae", "q4_mean"): 106 / 4,
    ("huber", "q1_loss"): 0.5 * 0.5**2, ("huber", "q2_loss"): 1 * (3 - 0.5),
    ("huber", "q4_smooth"): 4 - 2 / 2, ("huber", "q4_huber"): 2 * (4 - 1),
    ("mape", "q1_ape"): 100 * 50 / 200, ("mape", "q2_mape_b"): 100 * 10 / 15,
    ("compare_regression", "q1_huber_large"): 4 - 0.5,
    ("compare_regression", "q3_low_loss"): 2 - 4 * math.log(2),
    ("cce", "q1_loss"): -math.log(0.7),
    ("cce", "q3_keras"): -math.log(0.9 / 1.1),
    ("sparse_cce", "q1_loss"): -math.log(0.6),
    ("hinge", "q1_loss"): 1 - 0.3, ("hinge", "q3_loss"): 1 + 0.5, ("hinge", "q3_grad"): 1.0,
    ("focal", "q2_factor"): (1 - 0.9) ** 2, ("focal", "q3_loss"): 0.25 * math.log(2),
    ("gan", "q2_nonsat"): -1 / 0.02, ("gan", "q2_ratio"): 0.98 / 0.02,
    ("poisson", "q2_loss"): 4 - 4 * math.log(4), ("poisson", "q4_loss"): -3 * math.log(1e-8),
    ("mse", "best_mse"): (4 + 1 + 9) / 3, ("mse", "house_rmse"): 50.0,
    ("bce", "ln_2"): math.log(2), ("bce", "ln_10"): math.log(10),
}


@pytest.mark.parametrize(("slug", "name"), sorted(BY_HAND))
def test_the_numbers_are_the_ones_worked_out_by_hand(slug, name):
    assert check_numbers(slug)[name] == pytest.approx(BY_HAND[(slug, name)], rel=1e-6)

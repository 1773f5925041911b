"""The loss guide: every task leads to losses of the catalogue, their calls and their lessons."""

import re

import pytest

from course.guide import load_guide
from course.lessons import LESSONS
from course.numbers import fmt
from losses import LOSSES, mape, mse
from tests.conftest import own_page_links, screen_text
from ui.content import lesson_sections

GUIDE = load_guide()
KERAS_CALLS = {spec.keras for spec in LOSSES}
NAN_OR_INF = re.compile(r"(?<![\w.])(nan|inf)(?![\w])", re.IGNORECASE)


def test_the_map_covers_every_task_of_the_course_and_only_known_losses():
    first_losses = [task.losses[0].key for task in GUIDE]
    assert first_losses == [  # regression, outliers, forecasting, binary, one-hot, integer labels,
        # multi-label, counts, distributions, similarity, detection, GAN
        "mse", "huber", "mape", "binary_cross_entropy", "categorical_cross_entropy",
        "sparse_categorical_cross_entropy", "binary_cross_entropy", "poisson", "kl_divergence", "triplet",
        "focal", "gan_discriminator"]
    sections = lesson_sections("choose")
    for task in GUIDE:
        assert task.losses and task.activation and task.lessons
        assert task.label in sections, f"choose.md has no '## {task.label}'"
        for lesson in task.lessons:
            assert lesson in LESSONS, f"{lesson.slug} is not a lesson of the registry"


def test_the_recommendations_pair_losses_with_the_right_activation():
    binary, onehot, multilabel, counts, detection, gan = (GUIDE[i] for i in (3, 4, 6, 7, 10, 11))
    assert [spec.key for spec in binary.losses] == ["binary_cross_entropy"]
    assert "sigmoid" in multilabel.activation.lower() and "Multi-label" in multilabel.label
    assert "softmax" in onehot.activation.lower()
    assert "softplus" in counts.activation.lower()
    assert [spec.key for spec in detection.losses] == ["focal", "smooth_l1"]
    assert "gan_generator_nonsaturating" in [spec.key for spec in gan.losses]


@pytest.mark.parametrize("task", GUIDE, ids=lambda task: task.label)
def test_every_task_shows_its_losses_calls_and_lesson_links(page, task):
    at = page("choose")
    at.selectbox(key="choose_task").select(task.label).run()
    assert not at.exception, [e.value for e in at.exception]
    text = screen_text(at)
    assert task.activation in text
    assert lesson_sections("choose")[task.label].splitlines()[0] in text  # the "why" paragraph
    code = [block.value for block in at.code]
    shown_calls = {call for call in KERAS_CALLS if any(call in block for block in code)}
    assert shown_calls >= {spec.keras for spec in task.losses}
    for spec in task.losses:
        assert any(spec.pytorch in block for block in code)
    links = own_page_links(at)
    assert len(links) >= 1
    assert links == [lesson.address for lesson in task.lessons]
    assert not NAN_OR_INF.search(text)


def test_the_whole_map_is_one_table_row_per_task_and_loss(page):
    at = page("choose")
    table = at.table[0].value
    assert list(table.columns) == ["Task", "Loss", "Output activation", "Keras", "PyTorch"]
    expected = [(task.label, spec.title, spec.keras, spec.pytorch) for task in GUIDE for spec in task.losses]
    assert list(zip(table["Task"], table["Loss"], table["Keras"], table["PyTorch"], strict=True)) == expected


def test_forecasting_example_numbers_come_from_losses(page):
    at = page("choose")
    at.selectbox(key="choose_task").select("Demand forecasting: relative error matters").run()
    text = screen_text(at)
    assert fmt(mse(1010.0, 1000.0)) == fmt(mse(15.0, 5.0)) == "100"
    assert f"{fmt(mape(1010.0, 1000.0))} % and {fmt(mape(15.0, 5.0))} %" in text
    assert "0.9901 % and 66.67 %" in text  # 10/1010 and 10/15, by hand


def test_a_shared_link_opens_on_its_task(page):
    at = page("choose", query_params={"choose_task": "Counts and rates"})
    assert at.selectbox(key="choose_task").value == "Counts and rates"
    assert own_page_links(at) == ["poisson"]

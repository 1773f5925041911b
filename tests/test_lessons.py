"""The lesson registry (course/lessons.py): one name per lesson for its address, page file,
text, questions and widget keys, and the order of the course."""

from __future__ import annotations

import pytest

from course.lessons import (
    HOME,
    LESSONS,
    SECTIONS,
    current_query_params,
    lesson,
    lesson_teaching,
    previous_and_next,
)
from losses import LOSSES
from tests.conftest import open_page, panels
from tests.pages.test_widget_sweep import WIDGET_KINDS
from ui.quiz import lessons_in, load_questions


@pytest.mark.parametrize("one", LESSONS, ids=lambda one: one.slug)
def test_every_lesson_has_its_page_and_its_text_under_its_slug(one):
    assert (one.content_file.parent.parent.parent / one.page_file).is_file()
    assert one.content_file.is_file()
    assert one.address == ("" if one.slug == HOME else one.slug)


def test_slugs_and_addresses_are_unique_and_never_someone_elses_key_prefix():
    slugs = [one.slug for one in LESSONS]
    addresses = [address for one in LESSONS for address in (one.address, *one.other_addresses)]
    assert len(set(slugs)) == len(slugs) and len(set(addresses)) == len(addresses)
    # "compare" would be the start of two lessons' keys: no slug may be another's prefix.
    assert not [(a, b) for a in slugs for b in slugs if a != b and b.startswith(f"{a}_")]


def test_every_loss_of_the_catalogue_is_taught_by_exactly_one_lesson():
    for spec in LOSSES:
        assert [one.slug for one in LESSONS if spec.key in one.losses] == [lesson_teaching(spec.key).slug]


def test_the_quiz_names_lessons_by_their_slug():
    assert set(lessons_in(load_questions())) <= {one.slug for one in LESSONS}


def test_the_course_runs_home_first_then_section_by_section():
    assert LESSONS[0].slug == HOME
    # Each section is one run of lessons: the sidebar groups and previous / next agree.
    runs = [one.section for index, one in enumerate(LESSONS)
            if index == 0 or LESSONS[index - 1].section != one.section]
    assert tuple(runs) == SECTIONS


def test_previous_and_next_walk_the_whole_course_in_order():
    assert previous_and_next(HOME) == (None, LESSONS[1])
    assert previous_and_next(LESSONS[-1].slug) == (LESSONS[-2], None)
    walked, current = [LESSONS[0]], LESSONS[0]
    while (after := previous_and_next(current.slug)[1]) is not None:
        assert previous_and_next(after.slug)[0] == current
        walked.append(after)
        current = after
    assert walked == list(LESSONS)


def test_an_unknown_slug_is_named():
    with pytest.raises(KeyError, match="sparse-cce"):
        lesson("sparse-cce")


def test_old_parameter_names_are_renamed_and_new_ones_win():
    assert current_query_params({"mse_label": "2"}) is None
    old = {"scce_z0": "1.5", "lab_step": "7", "data_kind": "binary", "mse_pred": "1"}
    assert current_query_params(old) == {
        "sparse_cce_z0": "1.5", "training_lab_step": "7", "your_data_kind": "binary", "mse_pred": "1"}
    assert current_query_params({"cmpreg_pred": "1", "compare_regression_pred": "2"}) == {
        "compare_regression_pred": "2"}


@pytest.mark.parametrize("one", LESSONS, ids=lambda one: one.slug)
def test_every_widget_key_of_a_page_starts_with_its_slug(one):
    at = open_page(one.slug)
    keys = [widget.key for kind in WIDGET_KINDS for widget in getattr(at, kind) if widget.key]
    keys += [control["key"] for panel in panels(at) for control in panel["controls"]]
    assert keys
    assert [key for key in keys if not key.startswith(one.key_prefix)] == []


def test_a_link_shared_under_the_old_names_still_opens_its_view():
    at = open_page("sparse_cce", query_params={"scce_z0": "2.5"})
    assert dict(at.query_params) == {"sparse_cce_z0": "2.5"}
    assert [c["value"] for c in panels(at)[0]["controls"] if c["key"] == "sparse_cce_z0"] == [2.5]

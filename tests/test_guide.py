"""The loss guide's file (course/guide.py): read as tasks with their losses and lessons, and a typo
in the file caught with the culprit named."""

from __future__ import annotations

from pathlib import Path

import pytest

from course.guide import guide_table, load_guide


def write_guide(tmp_path: Path, *tasks: tuple[str, list[str]]) -> Path:
    path = tmp_path / "loss_guide.toml"
    path.write_text("".join(f'[[tasks]]\nlabel = "{label}"\nlosses = {losses!r}\nactivation = "Linear"\n\n'
                            for label, losses in tasks).replace("'", '"'), encoding="utf-8")
    return path


def test_a_task_gets_its_losses_and_each_lesson_once(tmp_path):
    (task,) = load_guide(write_guide(tmp_path, ("Outliers", ["huber", "smooth_l1", "mae"])))
    assert [spec.key for spec in task.losses] == ["huber", "smooth_l1", "mae"]
    assert [lesson.slug for lesson in task.lessons] == ["huber", "mae"]  # smooth L1 is taught with Huber
    table = guide_table((task,))
    assert table["Loss"].tolist() == [spec.title for spec in task.losses]
    assert set(table["Task"]) == {"Outliers"}


def test_an_unknown_loss_is_named(tmp_path):
    with pytest.raises(ValueError, match="hubber"):
        load_guide(write_guide(tmp_path, ("Outliers", ["hubber"])))


def test_two_tasks_with_one_label_are_refused(tmp_path):
    with pytest.raises(ValueError, match="two tasks share a label"):
        load_guide(write_guide(tmp_path, ("Numbers", ["mse"]), ("Numbers", ["mae"])))


def test_the_course_guide_reads():
    assert len(load_guide()) >= 10

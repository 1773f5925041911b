"""The loss guide: which loss, which output activation and which lesson for each task.

The map itself lives in ``content/loss_guide.toml`` so a teacher can edit it without
touching Python; this module reads it, checks it against the catalogue of losses, finds each
loss's lesson in the lesson registry, and lays the map out as one table.
"""

from __future__ import annotations

import tomllib
from dataclasses import dataclass
from pathlib import Path

import pandas as pd

from course.lessons import Lesson, lesson_teaching
from losses import LossSpec, loss_spec
from ui.content import CONTENT_DIR

GUIDE_FILE = CONTENT_DIR / "loss_guide.toml"


@dataclass(frozen=True)
class Task:
    """One kind of problem and what to train it with."""

    label: str
    losses: tuple[LossSpec, ...]
    activation: str
    lessons: tuple[Lesson, ...]
    """The lessons of the recommended losses, in order, each once."""


def load_guide(path: Path = GUIDE_FILE) -> tuple[Task, ...]:
    """Every task of the guide, in the file's order.

    A loss key the catalogue does not know, or a loss no lesson of the registry teaches, raises
    ``ValueError`` naming the culprit, so a typo in the file is caught by the tests rather than
    by a student.
    """
    data = tomllib.loads(path.read_text(encoding="utf-8"))
    tasks = []
    for entry in data["tasks"]:
        specs = tuple(loss_spec(key) for key in entry["losses"])  # raises ValueError for an unknown loss
        try:
            lessons = tuple(dict.fromkeys(lesson_teaching(spec.key) for spec in specs))
        except KeyError as error:
            raise ValueError(f"{path.name}: {error.args[0]} (course/lessons.py says what each lesson "
                             "teaches).") from None
        tasks.append(Task(entry["label"], specs, entry["activation"], lessons))
    labels = [task.label for task in tasks]
    if len(set(labels)) != len(labels):
        raise ValueError(f"{path.name}: two tasks share a label: {labels}.")
    return tuple(tasks)


def guide_table(tasks: tuple[Task, ...]) -> pd.DataFrame:
    """The whole map, one row per (task, recommended loss)."""
    rows = [
        {"Task": task.label, "Loss": spec.title, "Output activation": task.activation,
         "Keras": spec.keras, "PyTorch": spec.pytorch}
        for task in tasks
        for spec in task.losses
    ]
    return pd.DataFrame(rows)

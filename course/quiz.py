"""The quiz as a course: the question file's format, the grading and the score, in plain Python.

A teacher adds a question by adding a ``[[question]]`` table to ``content/quiz.toml``, never
Python. The file is checked as a whole when it is read (``load_questions``): a question with a
missing field, an unknown kind, an answer that is not among its options, an unknown loss,
numbers the loss rejects or a repeated id raises ``QuizFileError`` naming the question and the
problem, so a broken file fails a test instead of confusing a student.

A numeric question names a loss from the catalogue and its inputs; its right answer is never
typed into the file but computed here by calling that loss (``expected_value``), so it is
always what the lessons show. ``check_answer`` judges an answer against it.

The score is arithmetic on *results*, a mapping of question id to whether the first check of
that question was right (``with_check`` records a check; ``score`` and ``progress`` count).
Questions are grouped by their lesson and by the lesson's section of the course
(``course.lessons``). Where the results are kept (a Streamlit session) is ``ui.quiz``'s business.
"""

from __future__ import annotations

import inspect
import math
import re
import tomllib
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field, replace
from functools import lru_cache
from pathlib import Path

import numpy as np

from course.lessons import LESSONS, ROOT, SECTIONS
from course.lessons import lesson as lesson_of  # "lesson" is a question's field here
from course.numbers import fmt
from course.text import fill
from losses import LossSpec, loss_spec

QUIZ_FILE = ROOT / "content" / "quiz.toml"

KINDS = ("choice", "numeric")
COMMON_FIELDS = ("id", "lesson", "kind", "prompt", "explanation")
CHOICE_FIELDS = ("options", "answer")
NUMERIC_REQUIRED = ("loss", "tolerance")
NUMERIC_OPTIONAL = ("params", "reduction", "quantity")
REDUCTIONS = ("mean", "sum")
QUANTITIES = ("loss", "gradient")
ID_PATTERN = re.compile(r"^[a-z0-9]+(?:_[a-z0-9]+)*$")
# The Quiz page's own keys are quiz_<name>: an id must not take one of them, and an id starting
# with "check_" would make quiz_<id> another question's Check button (quiz_check_<id>).
RESERVED_IDS = ("lesson", "reset", "score", "feedback", "section", "next", "new_section", "scoreboard")
# Relative slack on the tolerance, so that 1.51 is accepted for 1.5 ± 0.01 despite rounding.
ROUNDING_SLACK = 1e-9

Results = Mapping[str, bool]
"""Question id -> whether the first check of that question was right."""


class QuizFileError(ValueError):
    """The question file is malformed. The message names the question and what is wrong."""


@dataclass(frozen=True)
class Question:
    """One question of the file, checked, with its prompt and explanation filled in."""

    id: str
    lesson: str
    kind: str  # "choice" or "numeric"
    prompt: str
    explanation: str
    options: tuple[str, ...] = ()
    answer: str | None = None  # the right option of a choice question
    loss: str | None = None  # a catalogue key, for a numeric question
    inputs: dict = field(default_factory=dict)  # the loss's positional arguments, by name
    params: dict = field(default_factory=dict)  # the loss's parameters (delta, gamma, ...)
    reduction: str = "mean"
    quantity: str = "loss"  # or "gradient": the derivative with respect to the prediction
    tolerance: float = 0.0  # absolute, stated to the student


class _Problem(Exception):
    """What is wrong with one question, before the file name and the id are added."""


# ---------------------------------------------------------------------------------------------
# Reading and checking the file


def load_questions(path: Path | str | None = None) -> tuple[Question, ...]:
    """Every question of the file, in its order; ``QuizFileError`` if any is malformed.

    The parsed file is kept until the file changes (its modification time or size), so a
    teacher's edit shows on the next rerun without a restart.
    """
    path = Path(path) if path is not None else QUIZ_FILE
    try:
        stat = path.stat()
    except OSError as error:
        raise QuizFileError(f"{_shown_path(path)} cannot be read: {error.strerror}.") from None
    return _load_cached(str(path), stat.st_mtime_ns, stat.st_size)


@lru_cache(maxsize=8)
def _load_cached(path: str, _mtime_ns: int, _size: int) -> tuple[Question, ...]:
    return parse_questions(Path(path).read_text(encoding="utf-8"), source=_shown_path(Path(path)))


def parse_questions(text: str, source: str = "quiz.toml") -> tuple[Question, ...]:
    """Parse and check the text of a question file (``source`` names it in messages)."""
    try:
        data = tomllib.loads(text)
    except tomllib.TOMLDecodeError as error:
        raise QuizFileError(f"{source} is not valid TOML: {error}.") from None
    extra = sorted(set(data) - {"question"})
    if extra:
        raise QuizFileError(f"{source}: unknown top-level entries {extra}; each question is a "
                            "[[question]] table.")
    entries = data.get("question")
    if not isinstance(entries, list) or not entries:
        raise QuizFileError(f"{source} has no [[question]] tables.")
    questions: list[Question] = []
    seen: set[str] = set()
    for number, entry in enumerate(entries, start=1):
        name = _name_of(entry, number)
        try:
            question = _build(entry)
            if question.id in seen:
                raise _Problem("another question already has this id; every id must be unique.")
        except _Problem as problem:
            raise QuizFileError(f"{source}, question {name}: {problem}") from None
        seen.add(question.id)
        questions.append(question)
    return tuple(questions)


def _name_of(entry, number: int) -> str:
    if isinstance(entry, dict) and isinstance(entry.get("id"), str) and entry["id"]:
        return repr(entry["id"])
    return f"number {number} (it has no id)"


def _shown_path(path: Path) -> str:
    """The file as a teacher finds it: relative to the app's folder when it lies inside."""
    try:
        return str(path.resolve().relative_to(ROOT))
    except ValueError:
        return path.name


def _build(entry) -> Question:
    """One checked question from its TOML table, or ``_Problem`` saying what is wrong."""
    if not isinstance(entry, dict):
        raise _Problem("it is not a table of fields.")
    _require(entry, COMMON_FIELDS)
    question_id = _text(entry, "id")
    if not ID_PATTERN.match(question_id):
        raise _Problem("the id must be lower-case letters and digits joined by single underscores "
                       "(it becomes part of the widget keys).")
    if question_id in RESERVED_IDS or question_id.startswith("check_"):
        raise _Problem(f"the id may not be one of {list(RESERVED_IDS)} or start with 'check_': the "
                       "Quiz page uses those names for its own controls.")
    lesson = _text(entry, "lesson")
    if lesson not in {one.slug for one in LESSONS}:
        raise _Problem(f"its lesson {lesson!r} is not a lesson of the course (course/lessons.py).")
    if not lesson_of(lesson).content_file.is_file():
        raise _Problem(f"its lesson {lesson!r} has no text yet (content/lessons/{lesson}.md), where the "
                       "quiz finds the lesson's title.")
    kind = entry["kind"]
    if kind not in KINDS:
        raise _Problem(f"its kind is {kind!r}; it must be one of {list(KINDS)}.")
    common = {"id": question_id, "lesson": lesson, "kind": kind}
    if kind == "choice":
        return _choice(entry, common)
    return _numeric(entry, common)


def _choice(entry: dict, common: dict) -> Question:
    _only(entry, COMMON_FIELDS + CHOICE_FIELDS)
    _require(entry, CHOICE_FIELDS)
    options = entry["options"]
    if (not isinstance(options, list) or len(options) < 2
            or not all(isinstance(option, str) and option.strip() for option in options)):
        raise _Problem("options must be a list of at least two pieces of text.")
    if len(set(options)) != len(options):
        raise _Problem("two of its options are the same.")
    answer = _text(entry, "answer")
    if answer not in options:
        raise _Problem(f"its answer {answer!r} is not one of its options (copy the option's text "
                       "exactly).")
    return Question(**common, prompt=_filled(entry, "prompt", {}),
                    explanation=_filled(entry, "explanation", {}), options=tuple(options),
                    answer=answer)


def _numeric(entry: dict, common: dict) -> Question:
    _require(entry, NUMERIC_REQUIRED)
    try:
        spec = loss_spec(entry["loss"])
    except (ValueError, TypeError):
        raise _Problem(f"there is no loss called {entry['loss']!r} in losses; use one of the catalogue "
                       "keys, such as 'mse', 'huber' or 'binary_cross_entropy'.") from None
    names = input_names(spec)
    _only(entry, COMMON_FIELDS + NUMERIC_REQUIRED + NUMERIC_OPTIONAL + tuple(names))
    _require(entry, names)
    params = entry.get("params", {})
    if not isinstance(params, dict):
        raise _Problem("params must be a table, such as params = { delta = 1.0 }.")
    known = [param.name for param in spec.params]
    unknown = sorted(set(params) - set(known))
    if unknown:
        raise _Problem(f"{spec.key} has no parameter {unknown[0]!r}; its parameters are {known or 'none'}.")
    reduction = entry.get("reduction", "mean")
    if reduction not in REDUCTIONS:
        raise _Problem(f"reduction must be one of {list(REDUCTIONS)}: a numeric answer is one number.")
    quantity = entry.get("quantity", "loss")
    if quantity not in QUANTITIES:
        raise _Problem(f"quantity must be one of {list(QUANTITIES)}.")
    tolerance = entry["tolerance"]
    if isinstance(tolerance, bool) or not isinstance(tolerance, int | float) or not (
            math.isfinite(tolerance) and tolerance > 0):
        raise _Problem("the tolerance must be a number above 0, such as 0.01.")
    inputs = {name: entry[name] for name in names}
    draft = Question(**common, prompt="", explanation="", loss=spec.key, inputs=inputs,
                     params=dict(params), reduction=reduction, quantity=quantity,
                     tolerance=float(tolerance))
    try:
        expected = expected_value(draft)
    except (ValueError, TypeError) as error:
        raise _Problem(f"losses.{_function_name(draft)} cannot compute its answer: {error}") from None
    # Every number the answer depends on must be shown by the prompt, from the same fields the
    # answer is computed from, so the question and its answer cannot drift apart.
    numbers = list(names) + [name for name, value in params.items() if not isinstance(value, bool)]
    prompt = _text(entry, "prompt")
    for name in numbers:
        if not re.search(r"\{\{\s*" + name + r"\s*(?::[^}]*)?\}\}", prompt):
            raise _Problem(f"the prompt must show {{{{{name}}}}}, a number its answer depends on.")
    values = {**{name: _shown(value) for name, value in inputs.items()},
              **{name: _shown(value) for name, value in params.items()}}
    return replace(draft, prompt=_filled(entry, "prompt", values),
                   explanation=_filled(entry, "explanation", {**values, "answer": expected}))


def _require(entry: dict, names: Iterable[str]) -> None:
    for name in names:
        if name not in entry:
            raise _Problem(f"the field {name!r} is missing.")


def _only(entry: dict, allowed: Iterable[str]) -> None:
    unknown = sorted(set(entry) - set(allowed))
    if unknown:
        raise _Problem(f"unknown field {unknown[0]!r} for a {entry['kind']} question; its fields are "
                       f"{sorted(set(allowed))}.")


def _text(entry: dict, name: str) -> str:
    value = entry[name]
    if not isinstance(value, str) or not value.strip():
        raise _Problem(f"the field {name!r} must be a non-empty piece of text.")
    return value.strip()


def _filled(entry: dict, name: str, values: dict) -> str:
    """A text field with its ``{{placeholders}}`` filled from the question's own numbers."""
    text = _text(entry, name)
    try:
        return fill(text, values)
    except KeyError as error:
        raise _Problem(f"the {name} has a placeholder this question does not define ({error.args[0]}); "
                       f"it may use {sorted(values) or 'none'}.") from None
    except ValueError as error:
        raise _Problem(f"a placeholder format in the {name} does not fit its value: {error}.") from None


def _shown(value) -> object:
    """A question's number as the prompt shows it: a list as text in brackets, its floats
    through ``fmt``; a single number stays a number (``fill`` formats it, or its ``{{x:.2f}}``)."""
    if isinstance(value, list):
        return "[" + ", ".join(_as_text(item) for item in value) + "]"
    return value


def _as_text(value) -> str:
    if isinstance(value, list):
        return _shown(value)
    return fmt(value) if isinstance(value, float) else str(value)


# ---------------------------------------------------------------------------------------------
# Answers


def input_names(spec: LossSpec) -> list[str]:
    """The positional arguments of a loss, which a numeric question must give by name:
    ``y_true, y_pred`` for most, ``anchor, positive, negative`` for triplet, ``d_real, d_fake``
    for the GAN discriminator, ``d_fake`` for the generators."""
    return [p.name for p in inspect.signature(spec.fn).parameters.values()
            if p.kind is inspect.Parameter.POSITIONAL_OR_KEYWORD and p.default is inspect.Parameter.empty]


def expected_value(question: Question) -> float | str:
    """The right answer: the option text of a choice question, or, for a numeric question, the
    number computed by calling its loss (or its gradient) from ``losses`` on its inputs.

    Raises ``ValueError`` if the loss rejects the inputs or the result is not one finite number.
    """
    if question.kind == "choice":
        return question.answer
    spec = loss_spec(question.loss)
    arguments = [question.inputs[name] for name in input_names(spec)]
    if question.quantity == "gradient":
        values = np.asarray(spec.grad(*arguments, **question.params), dtype=float).reshape(-1)
        if values.size != 1:
            raise ValueError(f"the gradient has {values.size} values; a numeric answer must be one number "
                             "(ask about a single prediction).")
        value = float(values[0])
    else:
        value = float(spec.fn(*arguments, **question.params, reduction=question.reduction))
    if not math.isfinite(value):
        raise ValueError("the result is not a finite number.")
    return value


def check_answer(question: Question, answer) -> tuple[bool, float | str]:
    """Whether ``answer`` is right, and the right answer.

    A choice is right when it is the answer's exact text; a number when it lies within the
    question's tolerance of the computed value. No answer (None) or a non-number is wrong.
    """
    expected = expected_value(question)
    if answer is None:
        return False, expected
    if question.kind == "choice":
        return answer == expected, expected
    try:
        given = float(answer)
    except (TypeError, ValueError):
        return False, expected
    if not math.isfinite(given):
        return False, expected
    slack = ROUNDING_SLACK * max(1.0, abs(expected))
    return abs(given - expected) <= question.tolerance + slack, expected


def computation(question: Question) -> str:
    """The call that computes a numeric question's answer, as Python: ``losses.huber(3, 5, delta=1.0)``."""
    arguments = [repr(question.inputs[name]) for name in input_names(loss_spec(question.loss))]
    arguments += [f"{name}={value!r}" for name, value in question.params.items()]
    if question.reduction != "mean":
        arguments.append(f"reduction={question.reduction!r}")
    call = f"losses.{_function_name(question)}({', '.join(arguments)})"
    return f"{call}[0]" if question.quantity == "gradient" else call


def _function_name(question: Question) -> str:
    return f"{question.loss}_grad" if question.quantity == "gradient" else question.loss


def questions_of(questions: Iterable[Question], lesson: str) -> list[Question]:
    """The questions about one lesson, in the file's order."""
    return [question for question in questions if question.lesson == lesson]


def lessons_in(questions: Iterable[Question]) -> list[str]:
    """The lessons the questions cover, each once, in the order they first appear."""
    return list(dict.fromkeys(question.lesson for question in questions))


# ---------------------------------------------------------------------------------------------
# Sections of the course


def section_of(question: Question) -> str:
    """The section of the course (``course.lessons.SECTIONS``) the question's lesson is in."""
    return lesson_of(question.lesson).section


def sections_in(questions: Iterable[Question]) -> list[str]:
    """The sections that have questions, in the course's order (not the file's)."""
    present = {section_of(question) for question in questions}
    return [name for name in SECTIONS if name in present]


def questions_in(questions: Iterable[Question], section: str) -> list[Question]:
    """The questions of one section of the course, lesson by lesson in the course's order, and in
    the file's order within a lesson."""
    order = {one.slug: index for index, one in enumerate(LESSONS)}
    return sorted((question for question in questions if section_of(question) == section),
                  key=lambda question: order[question.lesson])  # sorted() is stable: file order kept


def section_after(sections: Sequence[str], section: str) -> str | None:
    """The section that follows ``section`` among ``sections``; None after the last one."""
    index = list(sections).index(section)
    return sections[index + 1] if index + 1 < len(sections) else None


# ---------------------------------------------------------------------------------------------
# The score


def with_check(results: Results, question_id: str, right: bool) -> dict[str, bool]:
    """The results once a question is checked: only its *first* check counts, so a later check
    of the same question changes nothing."""
    return {question_id: right, **results}


def score(results: Results, questions: Iterable[Question]) -> tuple[int, int]:
    """(right, checked): how many of these questions were right at their first check, out of how
    many were checked (a result of a question since removed from the file no longer counts)."""
    firsts = [results[question.id] for question in questions if question.id in results]
    return sum(firsts), len(firsts)


def progress(results: Results, questions: Sequence[Question]) -> dict[str, tuple[int, int, int]]:
    """For each section that has questions, in the course's order: (right, checked, total)."""
    found = {}
    for name in sections_in(questions):
        in_section = questions_in(questions, name)
        found[name] = (*score(results, in_section), len(in_section))
    return found


def whole_quiz(by_section: Mapping[str, tuple[int, int, int]]) -> tuple[int, int, int]:
    """(right, checked, total) over the whole quiz, from its sections' (``progress``)."""
    if not by_section:
        return 0, 0, 0
    right, checked, total = (sum(counts) for counts in zip(*by_section.values(), strict=True))
    return right, checked, total

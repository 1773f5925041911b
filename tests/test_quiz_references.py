"""Every numeric question of content/quiz.toml against an independent reference, from the TOML
alone: a teacher who adds a numeric question gets it checked with no Python edit.

The app computes a question's answer with ``losses`` (course.quiz.expected_value); here it is
computed again from the question's own inputs by tests/quiz_references.py (scikit-learn, SciPy,
the plain formula), and the right answer, the tolerance and a wrong answer are judged against
that reference, not against the app's value.
"""

from __future__ import annotations

import dataclasses
import math

import numpy as np
import pytest

import course.quiz
from course.quiz import check_answer, expected_value, load_questions
from losses import LOSSES
from tests.quiz_references import LOSS_REFERENCES, disagreement, reference_value
from tests.test_quiz_content import write

NUMERIC = [question for question in load_questions() if question.kind == "numeric"]


def test_every_loss_of_the_catalogue_has_an_independent_reference():
    """So a question on any loss, and on its gradient, can be added without Python."""
    assert set(LOSS_REFERENCES) == {spec.key for spec in LOSSES}


def test_the_file_has_numeric_questions_of_both_quantities():
    assert {question.quantity for question in NUMERIC} == {"loss", "gradient"}


@pytest.mark.parametrize("question", NUMERIC, ids=lambda question: question.id)
def test_the_answer_the_app_computes_is_the_independent_reference(question):
    assert disagreement(question, expected_value(question)) is None


@pytest.mark.parametrize("question", NUMERIC, ids=lambda question: question.id)
def test_an_answer_within_the_tolerance_of_the_reference_is_right_and_one_beyond_it_wrong(question):
    reference, tolerance = reference_value(question), question.tolerance
    assert check_answer(question, reference)[0]
    # Up to the edge (the app and the reference agree far closer than 1 % of any tolerance).
    assert check_answer(question, reference + 0.99 * tolerance)[0]
    assert check_answer(question, reference - 0.99 * tolerance)[0]
    assert not check_answer(question, reference + 2 * tolerance)[0]
    assert not check_answer(question, reference - 2 * tolerance)[0]
    assert not check_answer(question, reference + 10 * tolerance + 1)[0]
    assert not check_answer(question, math.nan)[0]
    assert not check_answer(question, None)[0]
    assert not check_answer(question, "a lot")[0]


# ----------------------------------------------------------------------------------------------
# A question a teacher adds is checked from the file alone.

NEW_QUESTIONS = '''
[[question]]
id = "new_mse_sum"
lesson = "mse"
kind = "numeric"
prompt = "Labels {{y_true}}, predictions {{y_pred}}: the summed squared error?"
loss = "mse"
y_true = [1.0, 2.0, 3.0]
y_pred = [1.5, 0.0, 3.25]
reduction = "sum"
tolerance = 0.001
explanation = "It is {{answer}}."

[[question]]
id = "new_mse_gradient"
lesson = "mse"
kind = "numeric"
quantity = "gradient"
prompt = "Label {{y_true}}, prediction {{y_pred}}: the gradient of the squared error?"
loss = "mse"
y_true = 2.0
y_pred = 3.5
tolerance = 0.01
explanation = "It is {{answer}}."

[[question]]
id = "new_focal_weighted"
lesson = "focal"
kind = "numeric"
prompt = "Labels {{y_true}}, probabilities {{y_pred}}, γ = {{gamma}}, α = {{alpha}}: the focal loss?"
loss = "focal"
y_true = [1, 0]
y_pred = [0.7, 0.4]
params = { gamma = 1.5, alpha = 0.25 }
tolerance = 0.001
explanation = "It is {{answer}}."

[[question]]
id = "new_cce_normalised"
lesson = "cce"
kind = "numeric"
prompt = "Label {{y_true}}, prediction {{y_pred}}, divided by its sum: the cross-entropy?"
loss = "categorical_cross_entropy"
y_true = [[0, 1, 0], [1, 0, 0]]
y_pred = [[0.2, 0.9, 0.3], [0.5, 0.25, 0.25]]
params = { normalize = true }
tolerance = 0.001
explanation = "It is {{answer}}."

[[question]]
id = "new_poisson_gradient"
lesson = "poisson"
kind = "numeric"
quantity = "gradient"
prompt = "A count of {{y_true}}, a predicted rate of {{y_pred}}: the gradient?"
loss = "poisson"
y_true = 5
y_pred = 2.0
tolerance = 0.01
explanation = "It is {{answer}}."

[[question]]
id = "new_minimax_generator"
lesson = "gan"
kind = "numeric"
prompt = "D(G(z)) = {{d_fake}}: the minimax generator loss?"
loss = "gan_generator_minimax"
d_fake = 0.9
tolerance = 0.01
explanation = "It is {{answer}}."
'''


def test_new_numeric_questions_written_into_the_file_are_checked(tmp_path):
    questions = load_questions(write(tmp_path, NEW_QUESTIONS))
    assert len(questions) == 6
    for question in questions:
        assert disagreement(question, expected_value(question)) is None, question.id
        assert check_answer(question, reference_value(question))[0], question.id
        assert not check_answer(question, reference_value(question) + 2 * question.tolerance)[0], question.id
    # The references are real numbers, not a copy of the app's: (0.5² + 2² + 0.25²) summed, and
    # the slope 2(ŷ − y) of a squared error, worked by hand.
    by_id = {question.id: question for question in questions}
    assert reference_value(by_id["new_mse_sum"]) == pytest.approx(0.25 + 4 + 0.0625)
    assert reference_value(by_id["new_mse_gradient"]) == pytest.approx(2 * (3.5 - 2.0), abs=1e-6)


def test_a_wrong_formula_in_the_app_fails_the_check(tmp_path, monkeypatch):
    """If the app computed a squared error as an absolute one, the reference would catch it."""
    real = course.quiz.loss_spec

    def absolute_error(y_true, y_pred, *, reduction="mean"):
        errors = np.abs(np.asarray(y_pred, float) - np.asarray(y_true, float))
        return float(errors.sum() if reduction == "sum" else errors.mean())

    def wrong_spec(key):
        spec = real(key)
        return dataclasses.replace(spec, fn=absolute_error) if key == "mse" else spec

    monkeypatch.setattr(course.quiz, "loss_spec", wrong_spec)
    (question, *_) = load_questions(write(tmp_path, NEW_QUESTIONS))
    assert question.id == "new_mse_sum"
    problem = disagreement(question, expected_value(question))
    assert problem is not None and "new_mse_sum" in problem and "independent reference" in problem


def test_a_question_whose_numbers_do_not_match_its_answer_fails_the_check(tmp_path):
    """A reduction the app ignored, or an answer computed from other numbers than the question's
    own, disagrees with the reference computed from the question."""
    (question, *_) = load_questions(write(tmp_path, NEW_QUESTIONS))
    as_mean = dataclasses.replace(question, reduction="mean")
    assert disagreement(question, expected_value(as_mean)) is not None
    other_numbers = dataclasses.replace(question, inputs={**question.inputs, "y_pred": [1.5, 0.0, 3.0]})
    assert disagreement(question, expected_value(other_numbers)) is not None


def test_a_gradient_asked_at_a_kink_fails_the_check(tmp_path):
    """Where the slope from the left and from the right differ (MAE at ŷ = y), the gradient is a
    matter of convention: a question must ask about a prediction off the kink."""
    text = NEW_QUESTIONS.split("[[question]]")[2].replace('loss = "mse"', 'loss = "mae"').replace(
        "y_pred = 3.5", "y_pred = 2.0")
    (question,) = load_questions(write(tmp_path, "[[question]]" + text))
    problem = disagreement(question, expected_value(question))
    assert problem is not None and "kink" in problem

"""The question file content/quiz.toml: it loads, covers the lessons, every numeric answer is
what `losses` computes, every right answer is accepted and a wrong one rejected; and each kind
of mistake a teacher could make in the file fails here, naming the question."""

from __future__ import annotations

import math
import os
from collections import Counter
from pathlib import Path

import pytest

from course.lessons import LESSONS
from ui.quiz import (
    QUIZ_FILE,
    QuizFileError,
    check_answer,
    computation,
    expected_value,
    lessons_in,
    load_questions,
    questions_of,
)

ROOT = Path(__file__).resolve().parent.parent
QUESTIONS = load_questions()
BY_ID = {question.id: question for question in QUESTIONS}

WITH_QUESTIONS = ("home", "mse", "mae", "huber", "mape", "bce", "cce", "sparse_cce", "kl", "poisson", "hinge",
                  "focal", "triplet", "gan", "choose")


def test_the_real_file_loads_with_enough_questions_of_both_kinds():
    assert len(QUESTIONS) >= 25
    kinds = Counter(question.kind for question in QUESTIONS)
    assert set(kinds) == {"choice", "numeric"}
    # About half of the questions are numeric.
    assert 0.3 <= kinds["numeric"] / len(QUESTIONS) <= 0.7


def test_ids_are_unique():
    ids = [question.id for question in QUESTIONS]
    assert len(ids) == len(set(ids))


def test_every_lesson_is_a_page_of_the_app():
    pages = {page.slug for page in LESSONS}
    for question in QUESTIONS:
        assert (ROOT / "app_pages" / f"{question.lesson}.py").is_file(), question.id
        assert question.lesson in pages, f"{question.id}: app_pages/{question.lesson}.py is not in app.py"


def test_every_lesson_has_questions():
    assert set(WITH_QUESTIONS) <= set(lessons_in(QUESTIONS))
    for lesson in WITH_QUESTIONS:
        assert questions_of(QUESTIONS, lesson), lesson


def test_the_source_exercises_and_quick_quiz_are_asked():
    """What a loss of zero means, why MSE punishes large errors, which loss for binary
    classification, the medical trade-off, the purpose of a loss, whether the loss changes learning."""
    for question_id in ("home_zero_loss", "mse_why_large_errors_cost_more", "bce_for_binary_classification",
                        "home_one_big_miss", "home_purpose", "home_changing_the_loss"):
        assert question_id in BY_ID


@pytest.mark.parametrize("question", QUESTIONS, ids=lambda question: question.id)
def test_the_right_answer_is_accepted_and_a_wrong_one_rejected(question):
    assert question.prompt and question.explanation
    assert check_answer(question, None)[0] is False
    if question.kind == "choice":
        assert check_answer(question, question.answer) == (True, question.answer)
        for option in question.options:
            if option != question.answer:
                assert check_answer(question, option) == (False, question.answer)
        return
    expected = expected_value(question)
    assert math.isfinite(expected)
    assert check_answer(question, expected) == (True, expected)
    # Anywhere within the stated tolerance counts, beyond it does not.
    assert check_answer(question, expected + 0.99 * question.tolerance)[0]
    assert check_answer(question, expected - 0.99 * question.tolerance)[0]
    assert not check_answer(question, expected + 10 * question.tolerance + 1)[0]
    assert not check_answer(question, expected - 1.5 * question.tolerance)[0]
    assert not check_answer(question, math.nan)[0]


def test_the_tolerance_edge_is_inclusive():
    question = BY_ID["huber_label_3_prediction_5"]  # 1.5 ± 0.01
    assert check_answer(question, 1.51)[0]
    assert check_answer(question, 1.49)[0]
    assert not check_answer(question, 1.52)[0]


HAND_DERIVED = {
    # label 3, prediction 5, δ = 1: |e| = 2 > δ, so δ(|e| − δ/2) = 1 · (2 − 0.5).
    "huber_label_3_prediction_5": 1 * (2 - 0.5),
    "huber_quadratic_branch": 0.5 * 0.5**2,
    "huber_gradient": 1.5,  # linear branch: δ · sign(e)
    "huber_smooth_l1": 4 - 2 / 2,
    "home_cost_of_a_batch": (1 + 4 + 16) / 3,
    "mse_one_sample": (4 - 1) ** 2,
    "mse_batch": (1 + 0 + 9) / 3,
    "mae_batch_with_outlier": (1 + 0 + 1 + 20) / 4,
    "mape_large_label": 100 * 10 / 1010,
    "mape_small_label": 100 * 10 / 15,
    "bce_confidently_wrong": -math.log(0.1),
    "bce_label_0": -math.log(0.8),
    "cce_tom_and_jerry": -math.log(0.9),
    "cce_tom_and_jerry_in_keras": -math.log(0.9 / 1.1),
    "sparse_ce_one_sample": -math.log(0.7),
    "sparse_ce_batch": (-math.log(0.5) - math.log(0.8)) / 2,
    "hinge_inside_the_margin": 1 - 0.3,
    "hinge_beyond_the_margin": 0.0,
    "focal_half_sure": -(0.5**2) * math.log(0.5),
    "kl_two_classes": 0.5 * math.log(0.5 / 0.9) + 0.5 * math.log(0.5 / 0.1),
    "kl_swapped": 0.9 * math.log(0.9 / 0.5) + 0.1 * math.log(0.1 / 0.5),
    "poisson_customers": 3 - 2 * math.log(3),
    "poisson_negative_loss": 4 - 4 * math.log(4),
    "triplet_in_the_plane": 1 - 1.5 + 1,
    "gan_discriminator_loss": -(math.log(0.8) + math.log(1 - 0.3)),
    "gan_non_saturating_gradient": -1 / 0.05,
}


@pytest.mark.parametrize(("question_id", "by_hand"), HAND_DERIVED.items())
def test_numeric_answers_match_the_hand_calculation(question_id, by_hand):
    assert expected_value(BY_ID[question_id]) == pytest.approx(by_hand, abs=1e-6)


def test_every_numeric_question_is_checked_by_hand():
    numeric = {question.id for question in QUESTIONS if question.kind == "numeric"}
    assert numeric == set(HAND_DERIVED)


def test_prompts_show_the_numbers_the_answer_is_computed_from():
    question = BY_ID["huber_label_3_prediction_5"]
    assert "label is 3, the prediction 5 and δ = 1." in question.prompt
    assert computation(question) == "losses.huber(3, 5, delta=1.0)"
    assert "{{" not in "".join(q.prompt + q.explanation for q in QUESTIONS)


# ----------------------------------------------------------------------------------------------
# A malformed file fails here, with the question named.

VALID_CHOICE = '''
[[question]]
id = "sample_choice"
lesson = "mse"
kind = "choice"
prompt = "Which one?"
options = ["this", "that"]
answer = "this"
explanation = "Because."
'''

VALID_NUMERIC = '''
[[question]]
id = "sample_numeric"
lesson = "huber"
kind = "numeric"
prompt = "Label {{y_true}}, prediction {{y_pred}}, δ = {{delta}}: the Huber loss?"
loss = "huber"
y_true = 3
y_pred = 5
params = { delta = 1.0 }
tolerance = 0.01
explanation = "It is {{answer}}."
'''


def write(tmp_path: Path, text: str) -> Path:
    path = tmp_path / "quiz.toml"
    path.write_text(text, encoding="utf-8")
    return path


def test_the_valid_samples_load(tmp_path):
    questions = load_questions(write(tmp_path, VALID_CHOICE + VALID_NUMERIC))
    assert [question.id for question in questions] == ["sample_choice", "sample_numeric"]
    assert questions[1].prompt == "Label 3, prediction 5, δ = 1: the Huber loss?"
    assert questions[1].explanation == "It is 1.5."


MALFORMED = [
    ("unknown kind", VALID_CHOICE.replace('kind = "choice"', 'kind = "essay"'), "sample_choice", "kind"),
    ("missing field", VALID_CHOICE.replace('explanation = "Because."', ""), "sample_choice",
     "'explanation' is missing"),
    ("answer not an option", VALID_CHOICE.replace('answer = "this"', 'answer = "these"'), "sample_choice",
     "not one of its options"),
    ("one option", VALID_CHOICE.replace('["this", "that"]', '["this"]'), "sample_choice", "at least two"),
    ("repeated option", VALID_CHOICE.replace('["this", "that"]', '["this", "this"]'), "sample_choice",
     "the same"),
    ("unknown loss", VALID_NUMERIC.replace('loss = "huber"', 'loss = "hubber"'), "sample_numeric",
     "no loss called 'hubber'"),
    ("loss rejects its inputs", VALID_NUMERIC.replace('loss = "huber"', 'loss = "mape"')
     .replace("params = { delta = 1.0 }", "").replace(", δ = {{delta}}", "")
     .replace("y_true = 3", "y_true = 0"),
     "sample_numeric", "MAPE is undefined"),
    ("missing input", VALID_NUMERIC.replace("y_pred = 5", ""), "sample_numeric", "'y_pred' is missing"),
    ("misspelt field", VALID_NUMERIC.replace("tolerance = 0.01", "tolerance = 0.01\ntolerence = 0.1"),
     "sample_numeric", "unknown field 'tolerence'"),
    ("unknown parameter", VALID_NUMERIC.replace("delta = 1.0", "beta = 1.0"), "sample_numeric",
     "no parameter 'beta'"),
    ("bad parameter value", VALID_NUMERIC.replace("delta = 1.0", "delta = -1.0"), "sample_numeric",
     "cannot compute"),
    ("zero tolerance", VALID_NUMERIC.replace("tolerance = 0.01", "tolerance = 0"), "sample_numeric",
     "tolerance"),
    ("prompt hides a number", VALID_NUMERIC.replace("prediction {{y_pred}}", "prediction 5"),
     "sample_numeric", "{{y_pred}}"),
    ("unknown placeholder", VALID_NUMERIC.replace("It is {{answer}}.", "It is {{result}}."), "sample_numeric",
     "result"),
    ("reduction none", VALID_NUMERIC.replace("tolerance = 0.01", 'tolerance = 0.01\nreduction = "none"'),
     "sample_numeric", "reduction"),
    ("gradient of several predictions", VALID_NUMERIC.replace("y_true = 3", "y_true = [3, 3]")
     .replace("y_pred = 5", 'y_pred = [5, 6]\nquantity = "gradient"'), "sample_numeric", "one number"),
    ("lesson that is no page", VALID_CHOICE.replace('lesson = "mse"', 'lesson = "msee"'), "sample_choice",
     "not a lesson of the course"),
    ("lesson outside the pages", VALID_CHOICE.replace('lesson = "mse"', 'lesson = "../app"'), "sample_choice",
     "not a lesson of the course"),
    ("bad id", VALID_CHOICE.replace('id = "sample_choice"', 'id = "Sample choice"'), "Sample choice",
     "lower-case"),
    ("reserved id", VALID_CHOICE.replace('id = "sample_choice"', 'id = "check_this"'), "check_this",
     "check_"),
    ("duplicate id", VALID_CHOICE + VALID_CHOICE, "sample_choice", "unique"),
]


@pytest.mark.parametrize(("text", "question_id", "problem"), [case[1:] for case in MALFORMED],
                         ids=[case[0] for case in MALFORMED])
def test_a_malformed_question_is_named(tmp_path, text, question_id, problem):
    with pytest.raises(QuizFileError) as caught:
        load_questions(write(tmp_path, text))
    message = str(caught.value)
    assert f"question '{question_id}'" in message
    assert problem in message


def test_a_question_without_id_is_named_by_its_number(tmp_path):
    text = VALID_CHOICE + VALID_NUMERIC.replace('id = "sample_numeric"', "")
    with pytest.raises(QuizFileError, match=r"question number 2 \(it has no id\): the field 'id' is missing"):
        load_questions(write(tmp_path, text))


def test_a_file_that_is_not_toml_is_reported(tmp_path):
    with pytest.raises(QuizFileError, match="not valid TOML"):
        load_questions(write(tmp_path, VALID_CHOICE.replace('kind = "choice"', "kind = choice")))


def test_an_empty_or_missing_file_is_reported(tmp_path):
    with pytest.raises(QuizFileError, match="no \\[\\[question\\]\\] tables"):
        load_questions(write(tmp_path, "# nothing yet\n"))
    with pytest.raises(QuizFileError, match="cannot be read"):
        load_questions(tmp_path / "missing.toml")


def test_an_edited_file_is_read_again(tmp_path):
    path = write(tmp_path, VALID_CHOICE)
    assert [question.id for question in load_questions(path)] == ["sample_choice"]
    path.write_text(VALID_CHOICE + VALID_NUMERIC, encoding="utf-8")
    stat = path.stat()
    os.utime(path, ns=(stat.st_atime_ns, stat.st_mtime_ns + 1_000_000_000))
    assert [question.id for question in load_questions(path)] == ["sample_choice", "sample_numeric"]


def test_the_default_file_is_content_quiz_toml():
    assert ROOT / "content" / "quiz.toml" == QUIZ_FILE


def test_the_readme_states_the_number_of_questions_the_quiz_has():
    import re
    from pathlib import Path

    from ui.quiz import load_questions

    readme = (Path(__file__).resolve().parent.parent / "README.md").read_text(encoding="utf-8")
    (stated,) = re.findall(r"a quiz \((\d+) questions\)", readme)
    assert int(stated) == len(load_questions())

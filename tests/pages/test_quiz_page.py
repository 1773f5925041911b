"""The Quiz page and the lessons' quick quizzes, driven as a student would through AppTest."""

from __future__ import annotations

from streamlit.testing.v1 import AppTest

import ui.quiz
from tests.conftest import screen_text
from ui.quiz import lesson_keys, load_questions, questions_of, quiz_page_keys

QUESTIONS = {question.id: question for question in load_questions()}
HUBER = QUESTIONS["huber_label_3_prediction_5"]  # label 3, prediction 5, δ = 1
ZERO_LOSS = QUESTIONS["home_zero_loss"]
# Worked by hand: |e| = 2 > δ = 1, so the linear branch δ(|e| − δ/2) = 1 · (2 − 0.5).
HUBER_BY_HAND = 1 * (2 - 0.5)


def answer(at: AppTest, question, value, *, keys=None) -> AppTest:
    """Type or pick ``value`` for the question, then press its Check button."""
    answer_key, check_key = keys or quiz_page_keys(question)
    widget = at.radio(key=answer_key) if question.kind == "choice" else at.number_input(key=answer_key)
    widget.set_value(value).run()
    at.button(key=check_key).click().run()
    assert not at.exception, [e.value for e in at.exception]
    return at


def score_line(at: AppTest) -> str:
    lines = [m.value for m in at.markdown if "correct so far" in m.value or "No answer checked" in m.value]
    assert len(lines) == 1, lines
    return lines[0]


def test_opens_with_every_question_and_no_score(page):
    at = page("quiz")
    assert at.title[0].value == "Quiz"
    assert len(at.radio) + len(at.number_input) == len(QUESTIONS)
    assert all(radio.value is None for radio in at.radio)
    assert all(box.value is None for box in at.number_input)
    assert "No answer checked yet" in score_line(at)
    assert not at.success and not at.error


def test_a_right_numeric_answer_is_confirmed_and_scored(page):
    at = answer(page("quiz"), HUBER, HUBER_BY_HAND)
    assert len(at.success) == 1
    feedback = at.success[0].value
    assert "Right" in feedback and "1.5" in feedback
    assert HUBER.explanation in feedback
    assert "losses.huber(3, 5, delta=1.0)" in screen_text(at)
    assert "1 of 1 correct so far" in score_line(at)


def test_a_numeric_answer_within_the_tolerance_counts(page):
    at = answer(page("quiz"), HUBER, HUBER_BY_HAND + 0.005)
    assert len(at.success) == 1
    assert "±0.01" in screen_text(at)


def test_a_wrong_choice_shows_the_right_answer_and_the_explanation(page):
    wrong = next(option for option in ZERO_LOSS.options if option != ZERO_LOSS.answer)
    at = answer(page("quiz"), ZERO_LOSS, wrong)
    assert not at.success
    assert len(at.error) == 1
    feedback = at.error[0].value
    assert "Not quite" in feedback
    assert ZERO_LOSS.answer in feedback
    assert ZERO_LOSS.explanation in feedback
    assert "0 of 1 correct so far" in score_line(at)


def test_a_wrong_number_shows_the_exact_value(page):
    at = answer(page("quiz"), HUBER, 2.0)
    feedback = at.error[0].value
    assert "You gave 2" in feedback and "**1.5**" in feedback


def test_only_the_first_check_counts(page):
    at = answer(page("quiz"), HUBER, 4.0)
    at = answer(at, HUBER, HUBER_BY_HAND)
    assert len(at.success) == 1  # the feedback follows the latest check...
    assert "0 of 1 correct so far" in score_line(at)  # ...the score the first one


def test_checking_without_an_answer_asks_for_one(page):
    at = page("quiz")
    at.button(key=quiz_page_keys(ZERO_LOSS)[1]).click().run()
    assert any("Choose an option or type a number first" in info.value for info in at.info)
    assert "No answer checked yet" in score_line(at)


def test_the_score_counts_several_questions(page):
    at = answer(page("quiz"), HUBER, HUBER_BY_HAND)
    at = answer(at, ZERO_LOSS, ZERO_LOSS.answer)
    at = answer(at, QUESTIONS["mse_one_sample"], 4.0)  # (4 − 1)² = 9: wrong
    assert "2 of 3 correct so far" in score_line(at)
    assert len(at.success) == 2 and len(at.error) == 1


def test_reset_clears_the_answers_the_feedback_and_the_score(page):
    at = answer(page("quiz"), HUBER, HUBER_BY_HAND)
    at = answer(at, ZERO_LOSS, ZERO_LOSS.answer)
    at.button(key="quiz_reset").click().run()
    assert "No answer checked yet" in score_line(at)
    assert not at.success and not at.error
    assert at.number_input(key=quiz_page_keys(HUBER)[0]).value is None
    assert at.radio(key=quiz_page_keys(ZERO_LOSS)[0]).value is None
    # A fresh start: the next first check counts again.
    at = answer(at, HUBER, HUBER_BY_HAND)
    assert "1 of 1 correct so far" in score_line(at)


def test_the_lesson_filter_shows_only_that_lessons_questions(page):
    at = page("quiz")
    at.selectbox(key="quiz_lesson").select("huber").run()
    huber_questions = questions_of(QUESTIONS.values(), "huber")
    shown = [w.key for w in [*at.radio, *at.number_input]]
    assert sorted(shown) == sorted(quiz_page_keys(question)[0] for question in huber_questions)
    headings = [h.value for h in at.subheader if h.value.startswith("Question")]
    assert len(headings) == len(huber_questions)
    assert all(heading.endswith("Huber loss and smooth L1") for heading in headings)


def test_the_filter_keeps_the_score_and_answers_of_other_lessons(page):
    at = answer(page("quiz"), ZERO_LOSS, ZERO_LOSS.answer)
    at.selectbox(key="quiz_lesson").select("huber").run()
    at = answer(at, HUBER, HUBER_BY_HAND)
    assert "2 of 2 correct so far" in score_line(at)
    at.selectbox(key="quiz_lesson").select("all").run()
    assert at.radio(key=quiz_page_keys(ZERO_LOSS)[0]).value == ZERO_LOSS.answer


def test_a_broken_question_file_gives_a_plain_error_not_a_traceback(page, tmp_path, monkeypatch):
    broken = tmp_path / "quiz.toml"
    broken.write_text(
        '[[question]]\nid = "typo_question"\nlesson = "mse"\nkind = "choice"\nprompt = "Which?"\n'
        'options = ["a", "b"]\nanswer = "c"\nexplanation = "Because."\n', encoding="utf-8")
    monkeypatch.setattr(ui.quiz, "QUIZ_FILE", broken)
    at = page("quiz")
    assert not at.exception
    assert len(at.error) == 1
    message = at.error[0].value
    assert "typo_question" in message and "not one of its options" in message
    assert not at.radio and not at.number_input


def test_a_lessons_quick_quiz_works_and_counts_towards_the_quiz_score(page):
    at = page("huber")
    keys = lesson_keys("huber", HUBER)
    assert keys == ("huber_check_huber_label_3_prediction_5", "huber_checkbutton_huber_label_3_prediction_5")
    assert "Quick quiz" in [h.value for h in at.subheader]
    # The lesson's markdown "Check yourself" stays, next to the interactive questions.
    assert "Check yourself" in [e.label for e in at.expander]
    at = answer(at, HUBER, HUBER_BY_HAND, keys=keys)
    assert len(at.success) == 1 and "1.5" in at.success[0].value
    # The quiz page shows no feedback for its own copy, but the score includes the lesson's answer.
    at.switch_page("app_pages/quiz.py").run()
    assert "1 of 1 correct so far" in score_line(at)


def test_a_lesson_shows_at_most_three_of_its_questions(page):
    at = page("huber")
    quick = {w.key for w in [*at.radio, *at.number_input] if w.key and w.key.startswith("huber_check_")}
    assert quick == {lesson_keys("huber", q)[0] for q in questions_of(QUESTIONS.values(), "huber")[:3]}


def test_a_lesson_without_questions_keeps_only_its_check_yourself_text(page):
    at = page("compare_regression")
    assert not questions_of(QUESTIONS.values(), "compare_regression")
    assert "Quick quiz" not in [h.value for h in at.subheader]
    assert "Check yourself" in [e.label for e in at.expander]


def test_reset_on_the_quiz_page_also_clears_a_lessons_quick_quiz(page):
    at = page("huber")
    keys = lesson_keys("huber", HUBER)
    at = answer(at, HUBER, HUBER_BY_HAND, keys=keys)
    at.switch_page("app_pages/quiz.py").run()
    at.button(key="quiz_reset").click().run()
    assert "No answer checked yet" in score_line(at)
    at.switch_page("app_pages/huber.py").run()
    assert at.number_input(key=keys[0]).value is None
    assert not at.success

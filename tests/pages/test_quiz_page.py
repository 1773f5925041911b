"""The Quiz page, taken a section at a time, and the lessons' quick quizzes, driven as a student
would through AppTest."""

from __future__ import annotations

from itertools import pairwise

from streamlit.testing.v1 import AppTest

import course.quiz
from course.lessons import SECTIONS
from course.quiz import load_questions, questions_in, questions_of, section_of, sections_in
from tests.conftest import screen_text
from ui.quiz import lesson_keys, quiz_page_keys

ALL = load_questions()
QUESTIONS = {question.id: question for question in ALL}
HUBER = QUESTIONS["huber_label_3_prediction_5"]  # label 3, prediction 5, δ = 1 (Regression)
ZERO_LOSS = QUESTIONS["home_zero_loss"]  # Basics
# Worked by hand: |e| = 2 > δ = 1, so the linear branch δ(|e| − δ/2) = 1 · (2 − 0.5).
HUBER_BY_HAND = 1 * (2 - 0.5)
SECTIONS_WITH_QUESTIONS = sections_in(ALL)


def choose_section(at: AppTest, name: str) -> AppTest:
    at.radio(key="quiz_section").set_value(name).run()
    assert not at.exception, [e.value for e in at.exception]
    return at


def answer(at: AppTest, question, value, *, keys=None) -> AppTest:
    """Type or pick ``value`` for the question, then press its Check button (on the Quiz page,
    in the question's section first)."""
    answer_key, check_key = keys or quiz_page_keys(question)
    if keys is None and at.radio(key="quiz_section").value != section_of(question):
        choose_section(at, section_of(question))
    widget = at.radio(key=answer_key) if question.kind == "choice" else at.number_input(key=answer_key)
    widget.set_value(value).run()
    at.button(key=check_key).click().run()
    assert not at.exception, [e.value for e in at.exception]
    return at


def score_line(at: AppTest) -> str:
    """The score at the top of the page (the running score under a feedback aside)."""
    lines = [m.value for m in at.markdown
             if " checked** · whole quiz" in m.value or "No answer checked" in m.value]
    assert len(lines) == 1, lines
    return lines[0]


def running_scores(at: AppTest) -> list[str]:
    """The score under each feedback shown."""
    return [m.value for m in at.markdown if m.value.startswith("**Score so far:**")]


def progress_texts(at: AppTest) -> list[str]:
    return [bar.text for bar in at.get("progress")]


def shown_questions(at: AppTest) -> list[str]:
    return [w.key for w in [*at.radio, *at.number_input]
            if w.key and w.key.startswith("quiz_") and w.key != "quiz_section"]


def test_opens_on_the_first_section_with_its_questions_only_and_no_score(page):
    at = page("quiz")
    assert at.title[0].value == "Quiz"
    chooser = at.radio(key="quiz_section")
    assert chooser.options == SECTIONS_WITH_QUESTIONS  # the course's order, sections with questions only
    assert [name for name in SECTIONS if name in SECTIONS_WITH_QUESTIONS] == SECTIONS_WITH_QUESTIONS
    assert chooser.value == SECTIONS[0] == "Basics"
    first = questions_in(ALL, "Basics")
    assert sorted(shown_questions(at)) == sorted(quiz_page_keys(question)[0] for question in first)
    assert all(radio.value is None for radio in at.radio if radio.key != "quiz_section")
    assert "No answer checked yet" in score_line(at)
    assert progress_texts(at) == [f"Basics: 0 of {len(first)} questions checked",
                                  f"Whole quiz: 0 of {len(ALL)} questions checked"]
    assert not at.success and not at.error


def test_every_section_shows_its_own_questions_numbered_with_their_lesson(page):
    at = page("quiz")
    for name in SECTIONS_WITH_QUESTIONS:
        choose_section(at, name)
        expected = questions_in(ALL, name)
        assert sorted(shown_questions(at)) == sorted(quiz_page_keys(question)[0] for question in expected)
        headings = [h.value for h in at.subheader if h.value.startswith("Question")]
        assert len(headings) == len(expected)
        assert headings[0].startswith(f"Question 1 of {len(expected)} · ")


def test_a_right_numeric_answer_is_confirmed_and_scored(page):
    at = answer(page("quiz"), HUBER, HUBER_BY_HAND)
    assert len(at.success) == 1
    feedback = at.success[0].value
    assert "Right" in feedback and "1.5" in feedback
    assert HUBER.explanation in feedback
    assert "losses.huber(3, 5, delta=1.0)" in screen_text(at)
    assert "Regression: 1 right of 1 checked" in score_line(at)


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
    assert "Basics: 0 right of 1 checked" in score_line(at)


def test_a_wrong_number_shows_the_exact_value(page):
    at = answer(page("quiz"), HUBER, 2.0)
    feedback = at.error[0].value
    assert "You gave 2" in feedback and "**1.5**" in feedback


def test_only_the_first_check_counts(page):
    at = answer(page("quiz"), HUBER, 4.0)
    at = answer(at, HUBER, HUBER_BY_HAND)
    assert len(at.success) == 1  # the feedback follows the latest check...
    assert "Regression: 0 right of 1 checked" in score_line(at)  # ...the score the first one


def test_checking_without_an_answer_asks_for_one(page):
    at = page("quiz")
    at.button(key=quiz_page_keys(ZERO_LOSS)[1]).click().run()
    assert any("Choose an option or type a number first" in info.value for info in at.info)
    assert "No answer checked yet" in score_line(at)
    assert not running_scores(at)


def test_progress_and_the_running_score_follow_a_right_and_a_wrong_answer(page):
    basics, regression = len(questions_in(ALL, "Basics")), len(questions_in(ALL, "Regression"))
    at = answer(page("quiz"), HUBER, HUBER_BY_HAND)
    assert progress_texts(at) == [f"Regression: 1 of {regression} questions checked",
                                  f"Whole quiz: 1 of {len(ALL)} questions checked"]
    assert [bar.value for bar in at.get("progress")] == [int(100 / regression), int(100 / len(ALL))]
    assert running_scores(at) == [
        f"**Score so far:** Regression 1 right of 1 checked ({regression} questions) "
        f"· whole\nquiz 1 right of 1 checked ({len(ALL)} questions)."]
    wrong = next(option for option in ZERO_LOSS.options if option != ZERO_LOSS.answer)
    at = answer(at, ZERO_LOSS, wrong)  # in Basics
    assert "Basics: 0 right of 1 checked** · whole quiz: 1 right of\n2 checked" in score_line(at)
    assert progress_texts(at) == [f"Basics: 1 of {basics} questions checked",
                                  f"Whole quiz: 2 of {len(ALL)} questions checked"]
    assert "Basics 0 right of 1 checked" in running_scores(at)[0]
    assert "quiz 1 right of 2 checked" in running_scores(at)[0]


def test_the_score_counts_several_questions(page):
    at = answer(page("quiz"), HUBER, HUBER_BY_HAND)
    at = answer(at, QUESTIONS["mse_one_sample"], 4.0)  # (4 − 1)² = 9: wrong
    at = answer(at, ZERO_LOSS, ZERO_LOSS.answer)
    assert "whole quiz: 2 right of\n3 checked" in score_line(at)
    choose_section(at, "Regression")
    assert "Regression: 1 right of 2 checked" in score_line(at)
    # The answers and their feedback stay when the student comes back to a section.
    assert len(at.success) == 1 and len(at.error) == 1


def test_next_section_moves_on_and_the_last_section_ends_the_quiz(page):
    at = page("quiz")
    for current, following in pairwise(SECTIONS_WITH_QUESTIONS):
        assert at.radio(key="quiz_section").value == current
        button = at.button(key="quiz_next")
        assert button.label == f"Next section: {following}"
        button.click().run()
        assert not at.exception
    assert at.radio(key="quiz_section").value == SECTIONS_WITH_QUESTIONS[-1]
    assert "quiz_next" not in [button.key for button in at.button]
    assert "This is the last section of the quiz" in screen_text(at)
    last = questions_in(ALL, SECTIONS_WITH_QUESTIONS[-1])
    assert sorted(shown_questions(at)) == sorted(quiz_page_keys(question)[0] for question in last)


def test_the_section_is_in_the_address(page):
    at = page("quiz", query_params={"quiz_section": "Classification"})
    assert at.radio(key="quiz_section").value == "Classification"
    assert sorted(shown_questions(at)) == sorted(
        quiz_page_keys(question)[0] for question in questions_in(ALL, "Classification"))
    assert at.query_params["quiz_section"] == "Classification"  # what "Copy link to this view" copies


def test_a_tampered_section_in_the_address_falls_back_to_the_first(page):
    for tampered in ("Nowhere", "Practice", "", "<script>", "regression"):
        at = page("quiz", query_params={"quiz_section": tampered})
        assert not at.exception and not at.error
        assert sorted(shown_questions(at)) == sorted(
            quiz_page_keys(question)[0] for question in questions_in(ALL, "Basics"))
        assert at.radio(key="quiz_section").value == "Basics"
        assert at.run().radio(key="quiz_section").value == "Basics"


def test_a_section_left_without_questions_falls_back_to_the_first(page, tmp_path, monkeypatch):
    at = choose_section(page("quiz"), "Beyond")
    fewer = tmp_path / "quiz.toml"
    fewer.write_text(
        '[[question]]\nid = "only_question"\nlesson = "mse"\nkind = "choice"\nprompt = "Which?"\n'
        'options = ["a", "b"]\nanswer = "a"\nexplanation = "Because."\n', encoding="utf-8")
    monkeypatch.setattr(course.quiz, "QUIZ_FILE", fewer)  # a teacher removed the other questions
    at.run()
    assert not at.exception
    assert at.radio(key="quiz_section").options == ["Regression"]
    assert at.radio(key="quiz_section").value == "Regression"
    assert shown_questions(at) == ["quiz_only_question"]
    assert "This is the last section of the quiz" in screen_text(at)


def test_a_link_shared_with_the_former_lesson_filter_opens_that_lessons_section(page):
    at = page("quiz", query_params={"quiz_lesson": "Huber loss and smooth L1"})
    assert not at.exception
    assert at.radio(key="quiz_section").value == "Regression"
    at = page("quiz", query_params={"quiz_lesson": "No such lesson"})
    assert not at.exception and at.radio(key="quiz_section").value == "Basics"


def test_reset_clears_the_answers_the_feedback_and_the_score(page):
    at = answer(page("quiz"), HUBER, HUBER_BY_HAND)
    at = answer(at, ZERO_LOSS, ZERO_LOSS.answer)
    at.button(key="quiz_reset").click().run()
    assert "No answer checked yet" in score_line(at)
    assert not at.success and not at.error and not running_scores(at)
    assert at.radio(key=quiz_page_keys(ZERO_LOSS)[0]).value is None
    choose_section(at, "Regression")
    assert at.number_input(key=quiz_page_keys(HUBER)[0]).value is None
    # A fresh start: the next first check counts again.
    at = answer(at, HUBER, HUBER_BY_HAND)
    assert "Regression: 1 right of 1 checked" in score_line(at)


def test_a_broken_question_file_gives_a_plain_error_not_a_traceback(page, tmp_path, monkeypatch):
    broken = tmp_path / "quiz.toml"
    broken.write_text(
        '[[question]]\nid = "typo_question"\nlesson = "mse"\nkind = "choice"\nprompt = "Which?"\n'
        'options = ["a", "b"]\nanswer = "c"\nexplanation = "Because."\n', encoding="utf-8")
    monkeypatch.setattr(course.quiz, "QUIZ_FILE", broken)
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
    assert "Regression 1 right of 1 checked" in running_scores(at)[0]
    # The quiz page shows no feedback for its own copy, but the score includes the lesson's answer.
    at.switch_page("app_pages/quiz.py").run()
    assert "whole quiz: 1 right of\n1 checked" in score_line(at)
    choose_section(at, "Regression")
    assert "Regression: 1 right of 1 checked" in score_line(at)


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

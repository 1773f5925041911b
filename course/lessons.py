"""The lesson registry: every page of the course, in the order a student takes them.

One name per lesson, its *slug*, is at once

- its address: ``/<slug>`` (home is served at the app's base URL as well);
- its page file: ``app_pages/<slug>.py``;
- its text: ``content/lessons/<slug>.md``, and its questions: ``lesson = "<slug>"`` in
  ``content/quiz.toml``;
- the prefix of its widget keys, which are also the names of its URL parameters:
  ``<slug>_label``, ``<slug>_pred``, ...

``app.py`` builds the navigation from ``LESSONS``, and the tests, the bench, the guide, the
quiz and the lessons' previous / next links read it; nothing else lists the pages. To add a
lesson, add its entry here, its page file and its Markdown (the README shows the steps).
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
PAGES_DIR = ROOT / "app_pages"
LESSONS_DIR = ROOT / "content" / "lessons"
HOME = "home"
"""The slug of the page served at the app's base URL."""


@dataclass(frozen=True)
class Lesson:
    """One page of the course."""

    slug: str
    title: str
    icon: str
    section: str
    losses: tuple[str, ...] = ()
    """The losses the lesson teaches, by their names in ``losses`` (the catalogue's keys)."""
    former_addresses: tuple[str, ...] = ()
    """Addresses the lesson had before its address became its slug: links shared then still open it."""
    former_key_prefix: str | None = None
    """The prefix its widget keys had before they took the slug's: old links' parameters are renamed."""

    @property
    def page_file(self) -> str:
        """The page's script, relative to the app's root, as ``st.Page`` takes it."""
        return f"app_pages/{self.slug}.py"

    @property
    def content_file(self) -> Path:
        return LESSONS_DIR / f"{self.slug}.md"

    @property
    def address(self) -> str:
        """Where the lesson answers under the app's base URL: ``""`` for home, else the slug."""
        return "" if self.slug == HOME else self.slug

    @property
    def other_addresses(self) -> tuple[str, ...]:
        """Where else the lesson answers, hidden from the navigation: /home for the page served at
        the base URL (the address a student guesses from /mse), and its former addresses."""
        return ((HOME,) if self.slug == HOME else ()) + self.former_addresses

    @property
    def key_prefix(self) -> str:
        """What every widget key of the page starts with (its URL parameters too)."""
        return f"{self.slug}_"


LESSONS: tuple[Lesson, ...] = (
    Lesson("home", "Why loss functions", "🎯", "Basics"),
    Lesson("mse", "Mean squared error", "📐", "Regression", ("mse",)),
    Lesson("mae", "Mean absolute error", "📏", "Regression", ("mae",)),
    Lesson("huber", "Huber loss and smooth L1", "🪝", "Regression", ("huber", "smooth_l1")),
    Lesson("mape", "MAPE", "💯", "Regression", ("mape",)),
    Lesson("compare_regression", "Compare regression losses", "📊", "Regression",
           former_addresses=("compare-regression",), former_key_prefix="cmpreg"),
    Lesson("bce", "Binary cross-entropy", "🪙", "Classification", ("binary_cross_entropy",)),
    Lesson("cce", "Categorical cross-entropy", "🎲", "Classification", ("categorical_cross_entropy",)),
    Lesson("sparse_cce", "Sparse categorical cross-entropy", "🔢", "Classification",
           ("sparse_categorical_cross_entropy",), former_addresses=("sparse-cce",), former_key_prefix="scce"),
    Lesson("hinge", "Hinge", "🚪", "Classification", ("hinge",)),
    Lesson("focal", "Focal", "🔍", "Classification", ("focal",)),
    Lesson("compare_classification", "Compare classification losses", "📈", "Classification",
           former_addresses=("compare-classification",), former_key_prefix="cmpcls"),
    Lesson("kl", "KL divergence", "↔️", "Beyond", ("kl_divergence",)),
    Lesson("poisson", "Poisson", "🐟", "Beyond", ("poisson",)),
    Lesson("triplet", "Triplet", "🔺", "Beyond", ("triplet",)),
    Lesson("gan", "GAN losses", "🎭", "Beyond",
           ("gan_discriminator", "gan_generator_minimax", "gan_generator_nonsaturating")),
    Lesson("choose", "Choosing a loss", "🧭", "Beyond"),
    Lesson("quiz", "Quiz", "✅", "Practice"),
    Lesson("training_lab", "Training lab", "🏋️", "Practice",
           former_addresses=("training-lab",), former_key_prefix="lab"),
    Lesson("your_data", "Your own numbers", "📄", "Practice",
           former_addresses=("your-data",), former_key_prefix="data"),
)

SECTIONS: tuple[str, ...] = tuple(dict.fromkeys(lesson.section for lesson in LESSONS))
"""The course's parts, in order: the sidebar's groups and the home page's map."""

_BY_SLUG: Mapping[str, Lesson] = {lesson.slug: lesson for lesson in LESSONS}


def lesson(slug: str) -> Lesson:
    """The lesson of that slug; an unknown slug raises ``KeyError`` naming the slugs there are."""
    try:
        return _BY_SLUG[slug]
    except KeyError:
        raise KeyError(f"no lesson {slug!r}; the lessons are {sorted(_BY_SLUG)}") from None


def lessons_in(section: str) -> tuple[Lesson, ...]:
    return tuple(one for one in LESSONS if one.section == section)


def previous_and_next(slug: str) -> tuple[Lesson | None, Lesson | None]:
    """The lessons before and after this one in the course (None at either end)."""
    index = LESSONS.index(lesson(slug))
    before = LESSONS[index - 1] if index > 0 else None
    after = LESSONS[index + 1] if index + 1 < len(LESSONS) else None
    return before, after


def lesson_teaching(loss: str) -> Lesson:
    """The lesson that teaches a loss (by its name in ``losses``)."""
    for one in LESSONS:
        if loss in one.losses:
            return one
    raise KeyError(f"no lesson teaches the loss {loss!r}")


def current_query_params(params: Mapping[str, str]) -> dict[str, str] | None:
    """The parameters of an address shared before the widget keys took their lesson's slug,
    renamed to today's keys (``cmpreg_pred`` → ``compare_regression_pred``); None when none
    needs renaming. A parameter today's keys already hold wins over its old name."""
    renamed = dict(params)
    changed = False
    for one in LESSONS:
        old = one.former_key_prefix and f"{one.former_key_prefix}_"
        if not old:
            continue
        for name in list(renamed):
            if name.startswith(old):
                value = renamed.pop(name)
                renamed.setdefault(one.key_prefix + name[len(old):], value)
                changed = True
    return renamed if changed else None

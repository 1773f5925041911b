"""The app-wide notation appears once on every page: in full on the home page, one click away
(a popover beside the formula) everywhere else, so it no longer opens every lesson."""

from __future__ import annotations

import pytest

from course.lessons import LESSONS
from tests.conftest import open_page

NOTATION = "Notation used everywhere in Loss Lab."


@pytest.mark.parametrize("declared", LESSONS,
                         ids=lambda page: page.slug)
def test_the_notation_is_shown_once(declared):
    at = open_page(declared.slug)
    shown = [element for element in at.markdown if NOTATION in element.value]
    assert len(shown) == 1, f"{declared.page_file}: the notation appears {len(shown)} times"
    popovers = [popover for popover in at.get("popover")
                if any(NOTATION in element.value for element in popover.markdown)]
    assert len(popovers) == (0 if declared.slug == "home" else 1)

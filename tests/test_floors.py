"""The app's floors: imports only go downwards, app_pages/ (and app.py) → ui/ → course/ → losses/,
and the two lower floors are plain Python, with no Streamlit.

Every import of every module is read with ``ast`` (a function's lazy import too), so a page's own
chart module next to it, or a helper in ui/, cannot look up a floor without this test naming the
file and the import.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from course.lessons import ROOT
from tests.conftest import write_files
from tests.test_dockerfile import imported_modules

FLOORS = {"app.py": 3, "app_pages": 3, "ui": 2, "course": 1, "losses": 0}
"""Each top-level package (or module) of the app by its floor: it may import its own floor and
the floors below."""
WITHOUT_STREAMLIT = ("course", "losses")
"""The floors that are plain Python: the tests call them directly and no page state reaches them."""


def floor_of(name: str) -> int | None:
    """The floor of a top-level package or module of the app (a file name or a dotted name), or
    None for what is not one (numpy, streamlit, tests)."""
    top = name.split("/")[0] if "/" in name else name.split(".")[0]
    return FLOORS.get(top, FLOORS.get(f"{top}.py"))


def app_modules(root: Path = ROOT) -> list[Path]:
    """Every Python file of the app's floors."""
    files = [root / "app.py"] if (root / "app.py").is_file() else []
    for package in FLOORS:
        if (root / package).is_dir():
            files.extend(sorted((root / package).rglob("*.py")))
    return files


def wrong_imports(root: Path = ROOT) -> list[str]:
    """Each import that breaks the floors, once per file and package imported, as
    "<file>: imports <module> (<why>)"."""
    found = {}
    for path in app_modules(root):
        where = path.relative_to(root).as_posix()
        floor = floor_of(where)
        for module in imported_modules(path, root):  # `from a import b` gives a, then a.b
            top = module.split(".")[0]
            if top == "streamlit" and where.split("/")[0] in WITHOUT_STREAMLIT:
                found.setdefault((where, top), f"{where}: imports {module} (its floor is plain Python, "
                                               "without Streamlit)")
            target = floor_of(module)
            if target is not None and target > floor:
                found.setdefault((where, top), f"{where}: imports {module} (from a floor above its own)")
    return sorted(found.values())


def test_no_module_imports_from_a_floor_above_or_streamlit_below_ui():
    found = wrong_imports()
    assert not found, "\n".join(found)


def test_every_floor_is_read():
    """The walk sees the app: a file of each floor, and the imports that tie them."""
    files = {path.relative_to(ROOT).as_posix() for path in app_modules()}
    assert {"app.py", "app_pages/mse.py", "ui/lesson.py", "course/lessons.py", "losses/__init__.py"} <= files
    assert "ui.lesson" in imported_modules(ROOT / "app_pages" / "mse.py")


@pytest.mark.parametrize(("file", "line", "why"), [
    ("ui/shared.py", "from app_pages.page_charts import chart\n", "from a floor above"),
    ("ui/shared.py", "def later():\n    import app_pages.page_charts\n", "from a floor above"),
    ("course/plain.py", "from ui import shared\n", "from a floor above"),
    ("course/plain.py", "from .. import ui\n", "from a floor above"),
    ("course/plain.py", "import streamlit as st\n", "without Streamlit"),
    ("losses/__init__.py", "from streamlit import session_state\n", "without Streamlit"),
    ("losses/__init__.py", "import course.plain\n", "from a floor above"),
    ("app_pages/page_charts.py", "import course.plain\nfrom losses import mse\n", None),  # downwards: fine
])
def test_an_upward_or_streamlit_import_is_caught(tmp_path: Path, file, line, why):
    """The check itself, on a small app whose files import only downwards until one line is added."""
    files = {
        "app.py": "import streamlit as st\nfrom ui import shared\n",
        "app_pages/page.py": "from app_pages.page_charts import chart\nfrom course.plain import f\n",
        "app_pages/page_charts.py": "from ui.shared import figure\n",
        "ui/__init__.py": "",
        "ui/shared.py": "import streamlit as st\nfrom course import plain\nfrom losses import mse\n",
        "course/__init__.py": "",
        "course/plain.py": "import numpy as np\nfrom losses import mse\n",
        "losses/__init__.py": "import numpy as np\n",
    }
    write_files(tmp_path, files)
    assert wrong_imports(tmp_path) == []
    with (tmp_path / file).open("a", encoding="utf-8") as opened:
        opened.write(line)
    found = wrong_imports(tmp_path)
    if why is None:
        assert found == []
    else:
        assert len(found) == 1 and found[0].startswith(f"{file}: imports ") and why in found[0], found

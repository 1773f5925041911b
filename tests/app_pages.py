"""The pages app.py declares, read from its source (no import, no Streamlit run).

The sweep and the browser tests iterate over these, so a page added to the navigation is
tested without anyone keeping a second list of pages in the tests.
"""

from __future__ import annotations

import ast
from dataclasses import dataclass
from functools import cache
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
APP_FILE = ROOT / "app.py"


@dataclass(frozen=True)
class DeclaredPage:
    """One ``st.Page(...)`` call of app.py."""

    path: str  # "app_pages/mse.py"
    title: str
    url_path: str  # "mse": the page's address under the app's base URL ("" for the base URL itself)
    default: bool  # the default page is served at the base URL
    hidden: bool = False  # not in the navigation: another address of a page that is

    @property
    def address(self) -> str:
        """Where the page answers, under the app's base URL: "" (the base URL) or "mse"."""
        return "" if self.default else self.url_path

    @property
    def test_id(self) -> str:
        """A readable pytest id: the address, or the file's stem for the base URL."""
        return self.address or self.name

    @property
    def name(self) -> str:
        """The page file's stem, what ``tests/conftest.open_page`` takes ("mse")."""
        return Path(self.path).stem


def _is_page_call(node: ast.AST) -> bool:
    if not isinstance(node, ast.Call):
        return False
    func = node.func
    return (isinstance(func, ast.Attribute) and func.attr == "Page") or (
        isinstance(func, ast.Name) and func.id == "Page"
    )


def _literal(node: ast.AST | None):
    return ast.literal_eval(node) if node is not None else None


def declared_pages() -> tuple[DeclaredPage, ...]:
    """Every page of app.py's navigation, in its order (one entry per page a student sees)."""
    return tuple(page for page in all_declared_pages() if not page.hidden)


def hidden_pages() -> tuple[DeclaredPage, ...]:
    """The ``st.Page`` entries with ``visibility="hidden"``: more addresses of pages of the
    navigation (/home for the page served at the base URL)."""
    return tuple(page for page in all_declared_pages() if page.hidden)


@cache
def all_declared_pages() -> tuple[DeclaredPage, ...]:
    """Every ``st.Page`` of app.py, hidden ones included, in the order of the source."""
    tree = ast.parse(APP_FILE.read_text(encoding="utf-8"), filename=str(APP_FILE))
    pages = []
    for node in ast.walk(tree):
        if not _is_page_call(node):
            continue
        keywords = {keyword.arg: keyword.value for keyword in node.keywords}
        path = _literal(node.args[0] if node.args else keywords.get("page"))
        # Without url_path Streamlit derives the address from the file name.
        url_path = _literal(keywords.get("url_path"))
        url_path = Path(path).stem if url_path is None else url_path.strip("/")
        title = _literal(keywords.get("title")) or Path(path).stem
        page = DeclaredPage(path=path, title=title, url_path=url_path,
                            default=bool(_literal(keywords.get("default"))),
                            hidden=_literal(keywords.get("visibility")) == "hidden")
        pages.append(((node.lineno, node.col_offset), page))
    assert pages, f"no st.Page(...) found in {APP_FILE}"
    # ast.walk is breadth-first: sort back into the order of the source.
    return tuple(page for _, page in sorted(pages, key=lambda item: item[0]))


@cache
def declared_sections() -> tuple[str, ...]:
    """The sidebar's groups: the keys of the dict of pages app.py gives ``st.navigation``."""
    tree = ast.parse(APP_FILE.read_text(encoding="utf-8"), filename=str(APP_FILE))
    for node in ast.walk(tree):
        if isinstance(node, ast.Dict) and node.values and all(
                isinstance(value, ast.List) and value.elts and all(_is_page_call(e) for e in value.elts)
                for value in node.values):
            return tuple(_literal(key) for key in node.keys)
    raise AssertionError(f"no dict of st.Page lists found in {APP_FILE}")

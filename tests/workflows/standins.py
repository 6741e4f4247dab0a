"""Stand-ins for the world around a workflow run: a git remote, the actions, an artifact store.

* :func:`make_origin` builds the repository on GitHub: a ``main`` branch with
  the ladder, roster and templates, and one branch per pull request adding a
  packet.
* :class:`Stand` holds the actions rung's workflows use.  ``actions/checkout``
  really clones (full history with ``fetch-depth: 0``, else only the one commit,
  as the real action fetches it), and the artifact actions copy files into a
  store kept per workflow run, so a later run downloads with ``run-id`` what an
  earlier one uploaded.
"""

from __future__ import annotations

import fnmatch
import os
import shutil
import subprocess
import sys
from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path

from paths import REPO
from workflows.localrunner import ActionFailed, ActionHandler, JobRunner

FIXTURES = Path(__file__).parent / "fixtures"
VENV_BIN = Path(sys.executable).parent  # where the rung under test is installed
PATH = os.pathsep.join([str(VENV_BIN), "/usr/local/bin", "/usr/bin", "/bin"])


def git_env(home: Path) -> dict[str, str]:
    return {
        "PATH": PATH,
        "HOME": str(home),
        "LANG": "C.UTF-8",
        "GIT_CONFIG_NOSYSTEM": "1",
        "GIT_AUTHOR_NAME": "Dana Levi",
        "GIT_AUTHOR_EMAIL": "dana@example.com",
        "GIT_COMMITTER_NAME": "Dana Levi",
        "GIT_COMMITTER_EMAIL": "dana@example.com",
        "GIT_AUTHOR_DATE": "2026-06-01T10:00:00+00:00",
        "GIT_COMMITTER_DATE": "2026-06-01T10:00:00+00:00",
    }


def git(cwd: Path, *args: str, home: Path) -> str:
    done = subprocess.run(
        ["git", *args], cwd=cwd, env=git_env(home), capture_output=True, text=True, check=False
    )
    assert done.returncode == 0, f"git {' '.join(args)}: {done.stderr}"
    return done.stdout.strip()


@dataclass
class Origin:
    """The repository on "GitHub": its path, ``main`` and a head commit per pull request."""

    path: Path
    home: Path
    main: str
    heads: dict[str, str] = field(default_factory=dict)  # branch -> commit


def make_origin(
    tmp: Path, pulls: Mapping[str, Mapping[str, str]], on_main: Mapping[str, str] | None = None
) -> Origin:
    """``main``: the fixture repository plus ``on_main``; a branch per pull request.

    ``on_main`` and each pull request map a path in the repository to the file
    of fixtures/pull-requests/ written there.
    """
    home = tmp / "home"
    home.mkdir(exist_ok=True)
    path = tmp / "origin"
    shutil.copytree(FIXTURES / "repo", path)
    shutil.copytree(REPO / "templates", path / "templates")
    shutil.copytree(REPO / ".github" / "workflows", path / ".github" / "workflows")
    # The lock the workflows install from, and hash into their cache keys.
    shutil.copytree(REPO / "requirements", path / "requirements")

    def write(files: Mapping[str, str]) -> None:
        for target, name in files.items():
            (path / target).parent.mkdir(parents=True, exist_ok=True)
            shutil.copy(FIXTURES / "pull-requests" / name, path / target)

    write(on_main or {})
    git(path, "init", "--quiet", "--initial-branch=main", home=home)
    git(path, "add", "--all", home=home)
    git(path, "commit", "--quiet", "--message=Northwind ladder and committee", home=home)
    origin = Origin(path, home, git(path, "rev-parse", "HEAD", home=home))
    for branch, files in pulls.items():
        git(path, "checkout", "--quiet", "-b", branch, "main", home=home)
        write(files)
        git(path, "add", "--all", home=home)
        git(path, "commit", "--quiet", f"--message=Pull request from {branch}", home=home)
        origin.heads[branch] = git(path, "rev-parse", "HEAD", home=home)
        git(path, "checkout", "--quiet", "main", home=home)
    return origin


@dataclass
class Artifact:
    path: Path
    retention_days: str


class Stand:
    """The actions of one test: checkout from ``origin`` and artifacts kept per run id."""

    def __init__(self, origin: Origin, root: Path) -> None:
        self.origin = origin
        self.root = root
        self.runs: dict[str, dict[str, Artifact]] = {}
        self.caches: dict[str, Path] = {}  # key -> saved folder, oldest first
        self.app_token: str | None = None
        # Other repositories a checkout may name (``repository:``), by owner/name: rung's
        # own, for an organisation's workflows that call rung at a pinned commit.
        self.repositories: dict[str, Path] = {}

    def handlers(self) -> dict[str, ActionHandler]:
        return {
            "actions/checkout": self.checkout,
            "actions/setup-python": lambda inputs, runner: {"python-version": "3.11"},
            "actions/upload-artifact": self.upload,
            "actions/download-artifact": self.download,
            "actions/create-github-app-token": self.no_app,
            "actions/cache": self.cache,
        }

    def checkout(self, inputs: dict[str, str], runner: JobRunner) -> Mapping[str, str]:
        # `path:` is a folder in the workspace, cleaned alone; without it, the workspace.
        workspace = runner.workspace / inputs.get("path", "")
        shutil.rmtree(workspace, ignore_errors=True)
        workspace.mkdir(parents=True)
        ref = inputs.get("ref") or str(runner.context["github"]["sha"])
        source = self.origin.path
        repository = inputs.get("repository", "")
        if repository and repository != runner.context["github"]["repository"]:
            assert repository in self.repositories, f"the test has no repository {repository}"
            source = self.repositories[repository]
        home, url = self.origin.home, f"file://{source}"
        if inputs.get("fetch-depth", "1") == "0":
            git(workspace, "clone", "--quiet", "--no-checkout", url, ".", home=home)
            target = ref if ref not in self.origin.heads and ref != "main" else f"origin/{ref}"
            git(workspace, "checkout", "--quiet", "--detach", target, home=home)
        else:  # the real action fetches the one commit it checks out, and no branch
            git(workspace, "init", "--quiet", home=home)
            git(workspace, "remote", "add", "origin", url, home=home)
            depth = inputs.get("fetch-depth", "1")
            git(workspace, "fetch", "--quiet", f"--depth={depth}", "origin", ref, home=home)
            git(workspace, "checkout", "--quiet", "--detach", "FETCH_HEAD", home=home)
        return {"ref": ref, "commit": git(workspace, "rev-parse", "HEAD", home=home)}

    def _run(self, runner: JobRunner, run_id: str | None = None) -> dict[str, Artifact]:
        return self.runs.setdefault(run_id or str(runner.context["github"]["run_id"]), {})

    def upload(self, inputs: dict[str, str], runner: JobRunner) -> Mapping[str, str]:
        name, source = inputs["name"], Path(inputs["path"])
        store = self._run(runner)
        target = self.root / "artifacts" / str(runner.context["github"]["run_id"]) / name
        if name in store:  # upload-artifact v4: a name is taken once per run, re-runs included
            if inputs.get("overwrite", "false") != "true":
                raise ActionFailed(
                    "Failed to CreateArtifact: (409) Conflict: an artifact with this name "
                    "already exists on the workflow run"
                )
            del store[name]
            shutil.rmtree(target)
        if not source.exists():
            if inputs.get("if-no-files-found", "warn") == "error":
                raise ActionFailed(f"no files were found with the provided path: {source}")
            return {}
        if source.is_dir():
            shutil.copytree(source, target)
        else:
            target.mkdir(parents=True)
            shutil.copy(source, target / source.name)
        store[name] = Artifact(target, inputs.get("retention-days", ""))
        return {"artifact-id": str(len(store))}

    def download(self, inputs: dict[str, str], runner: JobRunner) -> Mapping[str, str]:
        # Another run's artifacts need both run-id and a token, as with the real action.
        other = inputs.get("run-id") if inputs.get("github-token") else None
        store = self._run(runner, other)
        if "name" in inputs:
            if inputs["name"] not in store:
                raise ActionFailed(
                    f"Unable to download artifact(s): Artifact not found for name: {inputs['name']}"
                )
            names = [inputs["name"]]
        else:
            names = sorted(n for n in store if fnmatch.fnmatch(n, inputs.get("pattern", "*")))
        destination = Path(inputs.get("path") or runner.workspace)
        merge = inputs.get("merge-multiple", "false") == "true" or "name" in inputs
        for name in names:
            target = destination if merge else destination / name
            shutil.copytree(store[name].path, target, dirs_exist_ok=True)
        return {"download-path": str(destination)}

    def cache(self, inputs: dict[str, str], runner: JobRunner) -> Mapping[str, str]:
        """actions/cache: restore the exact key, else the newest key starting with a
        restore key (tried in order); save under the key after a successful job
        unless it was an exact hit.  Caches are immutable: a key is saved once."""
        key, path = inputs["key"], Path(inputs["path"])
        hit = key if key in self.caches else None
        restored = hit
        for prefix in [] if hit else [k for k in inputs.get("restore-keys", "").splitlines() if k]:
            matches = [k for k in self.caches if k.startswith(prefix)]
            if matches:
                restored = matches[-1]
                break
        if restored is not None:
            shutil.copytree(self.caches[restored], path, dirs_exist_ok=True)

        def save(result: str) -> None:
            if result == "success" and hit is None and key not in self.caches and path.exists():
                target = self.root / "caches" / str(len(self.caches))
                shutil.copytree(path, target)
                self.caches[key] = target

        runner.post.append(save)
        return {"cache-hit": "true" if hit else "false", "cache-matched-key": restored or ""}

    def no_app(self, inputs: dict[str, str], runner: JobRunner) -> Mapping[str, str]:
        """actions/create-github-app-token: the App's installation token, when a test
        configured one (``app_token``, which the fake GitHub accepts as the App's)."""
        if self.app_token is None:
            raise AssertionError("no GitHub App is configured in this test")
        assert inputs["app-id"] and inputs["private-key"], "the App's secrets were not passed"
        return {"token": self.app_token}

    def files(self, run_id: int) -> dict[str, list[str]]:
        """Each artifact of a run and the files in it, relative to the artifact."""
        return {
            name: sorted(p.relative_to(a.path).as_posix() for p in a.path.rglob("*") if p.is_file())
            for name, a in sorted(self.runs.get(str(run_id), {}).items())
        }


def skip_installs(step: Mapping[str, object]) -> bool:
    """System packages and ``pip install``: rung is already installed here, from this tree."""
    script = str(step.get("run", ""))
    return "apt-get" in script or "pip install" in script

"""A packet-review run for ``rung pr locate``: GitHub's own workflow_run payload, a fake GitHub.

The event is the ``completed`` example of ``@octokit/webhooks-examples`` whose
``pull_requests[]`` names a pull request (GitHub's example names one of another
repository, as for a fork), made a run of packet-check (``pull_request``,
``success``) as packet-review's ``if:`` admits it.
"""

from __future__ import annotations

import copy
import functools
import json
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest

from fakegithub import FakeGitHub
from paths import REPO
from rung.cli import main

INDEX = (
    REPO / "tooling" / "node" / "node_modules" / "@octokit" / "webhooks-examples"
    / "api.github.com" / "index.json"
)  # fmt: skip
PACKET = "packets/2026-H2/dana-levi.md"


@functools.cache
def _index() -> str:
    return INDEX.read_text(encoding="utf-8")


def webhook_examples(name: str) -> list[dict[str, Any]]:
    """GitHub's example payloads of event ``name`` (what GITHUB_EVENT_PATH holds), a fresh
    copy each time."""
    if not INDEX.is_file():
        pytest.skip("make test runs npm ci in tooling/node")
    data = json.loads(_index())
    return [e for entry in data if entry["name"] == name for e in entry["examples"]]


def workflow_run_example() -> dict[str, Any]:
    """GitHub's completed workflow_run example that names a pull request."""
    [event] = [
        e
        for e in webhook_examples("workflow_run")
        if e["action"] == "completed" and e["workflow_run"]["pull_requests"]
    ]
    event = copy.deepcopy(event)
    event["workflow_run"].update(event="pull_request", conclusion="success")
    return event


@dataclass
class Locate:
    """One run of ``rung pr locate``: its event, record and outputs files, and the fake."""

    tmp: Path
    github: FakeGitHub
    event: dict[str, Any]
    capsys: pytest.CaptureFixture[str]

    @property
    def head_sha(self) -> str:
        return str(self.event["workflow_run"]["head_sha"])

    @property
    def record(self) -> Path:
        return self.tmp / "rung-pull-request" / "pull-request.json"

    @property
    def entry(self) -> dict[str, Any]:
        """The pull request GitHub's event names (another repository's, as in the example)."""
        return self.event["workflow_run"]["pull_requests"][0]  # type: ignore[no-any-return]

    def same_repository(self) -> int:
        """Make the event's pull request this repository's (a branch pushed here); its number."""
        self.entry["base"]["repo"]["id"] = self.event["repository"]["id"]
        return int(self.entry["number"])

    def write_record(self, data: bytes | str) -> None:
        self.record.parent.mkdir(exist_ok=True)
        self.record.write_bytes(data.encode("utf-8") if isinstance(data, str) else data)

    def add_pull(self, number: int, files: dict[str, str], **kw: Any) -> None:
        """Pull request ``number`` at the run's commit, changing ``files`` (path -> status)."""
        pull = self.github.add_pull(number, "dana-levi", **kw)
        pull.head_sha = self.head_sha
        pull.files = dict(files)

    def run(self, quiet: bool = True) -> tuple[int, str, str]:
        """Exit code, standard output (the log) and the outputs file's text; ``quiet``:
        nothing on standard error (no traceback, no warning)."""
        (self.tmp / "event.json").write_text(json.dumps(self.event), encoding="utf-8")
        outputs = self.tmp / "output"
        outputs.write_text("", encoding="utf-8")
        code = main(["pr", "locate", "--record", str(self.record)])
        out, err = self.capsys.readouterr()
        assert err == "" or not quiet, err
        return code, out, outputs.read_text(encoding="utf-8")


@pytest.fixture
def locate(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> Iterator[Locate]:
    event = workflow_run_example()
    owner, name = event["repository"]["full_name"].split("/")
    monkeypatch.chdir(tmp_path)
    with FakeGitHub(owner, name) as github:
        for variable, value in github.env().items():
            monkeypatch.setenv(variable, value)
        monkeypatch.setenv("GITHUB_EVENT_PATH", str(tmp_path / "event.json"))
        monkeypatch.setenv("GITHUB_OUTPUT", str(tmp_path / "output"))
        yield Locate(tmp_path, github, event, capsys)

"""The world of the pull-request workflow tests: a repository, its actions, a fake GitHub.

:class:`World` runs packet-check and packet-review jobs, as written in the YAML,
with the events GitHub would send for pull request number N from branch B.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import fakegithub
from workflows.localrunner import JobRun, JobRunner, github_context, runner_env
from workflows.standins import FIXTURES, PATH, Origin, Stand, skip_installs
from workflows.wfload import load_workflow

REPOSITORY = "acme/promotions"
DANA = "packets/2026-H2/dana-levi.md"
IDO = "packets/2026-H2/ido-peretz.md"
CHECK_RUN, REVIEW_RUN, TRIGGER_RUN = 1001, 2001, 3001
REPO_ID = 52_001  # the repository's id, as GitHub's events carry it


class World:
    """One test's repository, actions, fake GitHub and the jobs it runs."""

    def __init__(self, tmp: Path, origin: Origin, github: fakegithub.FakeGitHub) -> None:
        self.tmp, self.origin, self.github = tmp, origin, github
        self.stand = Stand(origin, tmp)
        self.count = 0
        self.workflows: dict[str, dict[str, Any]] = {}  # a test's edited copies
        self.last_trigger: JobRun | None = None  # packet-review-trigger's run, on a review
        self.last_trigger_run_id = 0
        self.secrets: dict[str, str] = {}  # the `rung` environment's (none: no App)

    def configure_app(self) -> None:
        """The organisation installed rung's GitHub App: its secrets in the environment, its
        token accepted by GitHub, and the record's branch writable by it alone."""
        token = "app-installation-token"
        self.secrets = {"RUNG_APP_ID": "12345", "RUNG_APP_PRIVATE_KEY": "-----BEGIN KEY-----"}
        self.stand.app_token = self.github.app_token = token
        self.github.protected_refs = {"rung-record"}

    def run(
        self,
        workflow: str,
        job: str,
        *,
        event_name: str,
        event: dict[str, Any],
        run_id: int,
        sha: str,
        ref: str,
        base_ref: str = "",
        extra: dict[str, Any] | None = None,
    ) -> JobRun:
        self.count += 1
        here = self.tmp / f"{workflow}-{run_id}-{job}-{self.count}"
        temp = here / "runner-temp"
        temp.mkdir(parents=True)
        github = github_context(
            event_name=event_name,
            event={
                "repository": {"id": REPO_ID, "full_name": REPOSITORY, "default_branch": "main"},
                **event,
            },
            event_path=here / "event.json",
            repository=REPOSITORY,
            sha=sha,
            ref=ref,
            api_url=self.github.api_url,
            token=self.github.token,
            workflow=workflow,
            run_id=run_id,
            base_ref=base_ref,
        )
        env = runner_env(github, PATH, self.origin.home)
        # Test pacing only: no retry waits, no throttling against the fake.
        env |= {k: v for k, v in self.github.env().items() if k.startswith("RUNG_GITHUB_")}
        runner = JobRunner(
            self.workflows.get(workflow) or load_workflow(workflow),
            job,
            context={
                "github": github,
                "inputs": {},
                "matrix": {},
                "needs": {},
                "secrets": dict(self.secrets),
                **(extra or {}),
            },
            workspace=here / "workspace",
            temp=temp,
            base_env=env,
            actions=self.stand.handlers(),
            skip_run=skip_installs,
        )
        return runner.run()

    def packet_check(self, number: int, branch: str) -> JobRun:
        head = self.origin.heads[branch]
        event = {
            "action": "opened",
            "number": number,
            "pull_request": {
                "number": number,
                "draft": False,
                "head": {"sha": head, "ref": branch, "repo": {"full_name": REPOSITORY}},
                "base": {"sha": self.origin.main, "ref": "main"},
            },
        }
        return self.run(
            "packet-check",
            "packet-check",
            event_name="pull_request",
            event=event,
            run_id=CHECK_RUN + number,
            sha=head,
            ref=f"refs/pull/{number}/merge",
            base_ref="main",
        )

    def packet_review_after(
        self,
        number: int,
        branch: str,
        conclusion: str,
        *,
        fork: bool = True,
        trigger: str = "pull_request",
        run_id: int | None = None,
        repo_id: int = REPO_ID,
    ) -> JobRun:
        """packet-review on a ``workflow_run`` event; a fork's names no pull request.

        ``trigger`` is the event of the run that finished (packet-check's
        ``pull_request``, or packet-review-trigger's review events); ``repo_id``
        the repository GitHub says the named pull request belongs to.
        """
        named = {
            "url": f"{self.github.api_url}/repos/{REPOSITORY}/pulls/{number}",
            "id": 90_000 + number,
            "number": number,
            "head": {
                "ref": branch,
                "sha": self.origin.heads[branch],
                "repo": {"id": repo_id, "url": "", "name": "promotions"},
            },
            "base": {
                "ref": "main",
                "sha": self.origin.main,
                "repo": {"id": repo_id, "url": "", "name": "promotions"},
            },
        }
        event = {
            "action": "completed",
            "workflow_run": {
                "id": run_id if run_id is not None else CHECK_RUN + number,
                "event": trigger,
                "conclusion": conclusion,
                "head_sha": self.origin.heads[branch],
                "head_branch": branch,
                "pull_requests": [] if fork else [named],
            },
        }
        return self.run(
            "packet-review",
            "review",
            event_name="workflow_run",
            event=event,
            run_id=REVIEW_RUN + self.count,
            sha=self.origin.main,
            ref="refs/heads/main",
        )

    def packet_review_on_comment(
        self, number: int, branch: str, repo: str, *, fork: bool = False
    ) -> JobRun:
        """A review comment: packet-review-trigger records it, then packet-review runs."""
        event = {
            "action": "created",
            "comment": {"path": DANA, "body": "/meets"},
            "pull_request": {
                "number": number,
                "head": {
                    "sha": self.origin.heads[branch],
                    "ref": branch,
                    "repo": {"full_name": repo},
                },
            },
        }
        run_id = self.last_trigger_run_id = TRIGGER_RUN + self.count
        self.last_trigger = self.run(
            "packet-review-trigger",
            "record",
            event_name="pull_request_review_comment",
            event=event,
            run_id=run_id,
            sha=self.origin.heads[branch],
            ref=f"refs/pull/{number}/merge",
        )
        return self.packet_review_after(
            number,
            branch,
            self.last_trigger.result,
            fork=fork,
            trigger="pull_request_review_comment",
            run_id=run_id,
        )

    def add_pull(self, number: int, author: str, branch: str, path: str) -> None:
        text = (FIXTURES / "pull-requests" / Path(path).name).read_text(encoding="utf-8")
        pull = self.github.add_pull(number, author, {path: text})
        pull.head_sha = self.origin.heads[branch]  # the commit packet-check checked
        self.github.add_content(path, text, pull.head_sha)

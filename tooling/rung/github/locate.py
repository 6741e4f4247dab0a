"""The GitHub reads of ``rung pr locate``: one pull request and the files it changes.

Requests: one ``GET /repos/{o}/{r}/pulls/{n}``, then ``ceil(F / 100)`` pages of
its files (GitHub lists at most 3,000).  Nothing is written.  The number may
come from a record that pull-request code wrote, so a pull request GitHub does
not know is an answer (``None``), not an error.
"""

from __future__ import annotations

from typing import Any

import requests
from github import GithubException

from rung.github.client import GitHubClient
from rung.github.context import GitHubError
from rung.steps.locate import PullHead


def _text(data: Any, *keys: str) -> str | None:
    for key in keys:
        data = data.get(key) if isinstance(data, dict) else None
    return data if isinstance(data, str) else None


class LocateClient(GitHubClient):
    """:class:`GitHubClient` plus the two reads that find a run's pull request."""

    def pull_head(self, number: int) -> PullHead | None:
        """Head commit, state and draft flag of pull request ``number``; None if GitHub has
        no such pull request here.  After a rename, later reads go to the new name."""
        what = f"reading pull request #{number}"
        try:
            data = self._get(f"/repos/{self.repository}/pulls/{number}")
        except (GithubException, requests.RequestException) as err:
            if isinstance(err, GithubException) and err.status == 404:
                return None
            raise self.translate(err, what) from None
        head_sha, state = _text(data, "head", "sha"), _text(data, "state")
        if head_sha is None or state is None:
            raise GitHubError(f"{what}: GitHub's answer has no head commit or state")
        current = _text(data, "base", "repo", "full_name")
        if current and current.casefold() != self.repository.casefold():
            self.repository = current  # renamed: no later read is redirected
        return PullHead(head_sha, state, data.get("draft") is True)

    def pull_files(self, number: int) -> list[tuple[str, str]]:
        """``(filename, status)`` of every file pull request ``number`` changes."""
        with self.errors(f"listing the files of #{number}"):
            raw = self.paginate(f"/repos/{self.repository}/pulls/{number}/files")
        return [
            (name, status)
            for entry in raw
            if (name := _text(entry, "filename")) is not None
            and (status := _text(entry, "status")) is not None
        ]

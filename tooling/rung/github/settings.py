"""Reading the repository settings rung's guarantees rest on (for ``rung doctor``).

Every read is a GET through the client's PyGithub requester (its bounded retries
and pacing).  A refusal is an answer, not an error: 403 and 404 come back as an
``Answer`` with that status, so the check that asked can say "cannot read with
this token" instead of passing or failing.  Only a token GitHub refuses outright
(401) or a GitHub that cannot be reached stops the run.
"""

from __future__ import annotations

import base64
import binascii
from dataclasses import dataclass
from typing import Any
from urllib.parse import quote

import requests
from github import GithubException
from github.GithubException import RateLimitExceededExceedsMaxWait

from rung.github.client import GitHubClient
from rung.github.retry import error_message
from rung.problems import FatalError


@dataclass(frozen=True)
class Answer:
    status: int  # 200 when read; otherwise GitHub's status (403, 404, 5xx)
    data: Any = None
    message: str = ""

    @property
    def ok(self) -> bool:
        return self.status == 200


class SettingsReader:
    """GETs below one repository, answered as ``Answer`` values."""

    def __init__(self, client: GitHubClient) -> None:
        self.client = client
        self.base = f"/repos/{client.repository}"

    def get(self, rest: str, params: dict[str, Any] | None = None) -> Answer:
        try:
            _, data = self.client.github.requester.requestJsonAndCheck(
                "GET", self.base + rest, params
            )
        except GithubException as err:
            if err.status == 401 or isinstance(err, RateLimitExceededExceedsMaxWait):
                raise self.client.translate(err, "reading the settings") from None
            return Answer(err.status, err.data, error_message(err))
        except requests.RequestException as err:
            raise self.client.translate(err, "reading the settings") from None
        return Answer(200, data)

    def every(self, rest: str, key: str | None = None) -> Answer:
        """All pages of a list (``key``: the list inside an object, as for branch policies)."""
        items: list[Any] = []
        for page in range(1, 101):  # 10,000 items: far beyond any real ruleset or policy list
            answer = self.get(rest, {"per_page": 100, "page": page})
            if not answer.ok:
                return answer
            chunk = answer.data.get(key) if key and isinstance(answer.data, dict) else answer.data
            if not isinstance(chunk, list):
                return Answer(200, items)
            items += chunk
            if len(chunk) < 100:
                break
        return Answer(200, items)

    # --- what rung doctor reads ---------------------------------------------------------

    def repository(self) -> dict[str, Any]:
        """The repository (for its default branch); FatalError when it cannot be read."""
        answer = self.get("")
        if not answer.ok or not isinstance(answer.data, dict):
            raise FatalError(
                f"cannot read the repository {self.client.repository} ({answer.status} "
                f"{answer.message}); check GITHUB_REPOSITORY and that the token can read it"
            )
        return answer.data

    def environment(self, name: str) -> Answer:
        return self.get(f"/environments/{quote(name, safe='')}")

    def branch_policies(self, name: str) -> Answer:
        return self.every(
            f"/environments/{quote(name, safe='')}/deployment-branch-policies", "branch_policies"
        )

    def branch_rules(self, branch: str) -> Answer:
        """The active rules GitHub applies to ``branch`` (whether or not it exists)."""
        return self.every(f"/rules/branches/{quote(branch, safe='')}")

    def ruleset(self, ruleset_id: int) -> Answer:
        return self.get(f"/rulesets/{ruleset_id}")

    def file(self, path: str, ref: str) -> Answer:
        """A file's text on ``ref`` as ``data``; 404 when it is not there.  A file that is
        there but cannot be read as text (a folder, a link, over 1 MB, not UTF-8) is
        200 with ``data`` None and the reason as ``message``: it is there, so it counts."""
        answer = self.get(f"/contents/{quote(path)}", {"ref": ref})
        if not answer.ok:
            return answer
        data = answer.data if isinstance(answer.data, dict) else {}
        if data.get("type") != "file" or data.get("encoding") != "base64":
            return Answer(200, None, "not a regular file of at most 1 MB")
        try:
            text = base64.b64decode(str(data.get("content", ""))).decode("utf-8")
        except (binascii.Error, UnicodeDecodeError):
            return Answer(200, None, "not UTF-8 text")
        return Answer(200, text)

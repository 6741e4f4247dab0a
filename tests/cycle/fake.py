"""The fake GitHub of tests/fakegithub.py, plus what a whole cycle needs.

``CycleFake`` adds, in GitHub's response shapes (``label``, ``pull-request-simple``):

    GET    /repos/{o}/{r}/pulls?state=&sort=&direction=      (GitHub's order: newest first)
    GET    /repos/{o}/{r}/issues/{n}/labels
    POST   /repos/{o}/{r}/issues/{n}/labels                  (a list, or {"labels": [...]})
    DELETE /repos/{o}/{r}/issues/{n}/labels/{name}

and, in the state, draft pull requests, labels, a pull request's opening time and
issue comments created at a given time.  Every other route is the parent's.
"""

from __future__ import annotations

import hashlib
from datetime import datetime
from typing import Any
from urllib.parse import quote

from fakegithub import Call, FakeGitHub, Pull, _error


class CycleFake(FakeGitHub):
    def __init__(self, **kwargs: Any) -> None:
        super().__init__(**kwargs)
        self.labels: dict[int, list[str]] = {}
        self.drafts: set[int] = set()

    # --- state ------------------------------------------------------------------------

    def add_cycle_pull(
        self,
        number: int,
        author: str,
        files: dict[str, str],
        *,
        created_at: str,
        requested: tuple[str, ...] = (),
        draft: bool = False,
        labels: tuple[str, ...] = (),
        state: str = "open",
    ) -> Pull:
        """A pull request opened at ``created_at`` (ISO 8601, ``Z``)."""
        pull = self.add_pull(number, author, files, requested=requested, state=state)
        pull.created_at = created_at
        if draft:
            self.drafts.add(number)
        self.labels[number] = list(labels)
        return pull

    def add_comment_at(self, number: int, login: str, body: str, created_at: str) -> int:
        comment_id = self.add_issue_comment(number, login, body)
        comment = next(c for c in self.issue_comments if c["id"] == comment_id)
        comment["created_at"] = comment["updated_at"] = created_at
        return comment_id

    def set_clock(self, moment: datetime) -> None:
        """The time the next created object gets (plus a minute, as the parent counts)."""
        self._clock = moment

    # --- GitHub's shapes --------------------------------------------------------------

    def label(self, name: str) -> dict[str, Any]:
        """``label``."""
        label_id = int(hashlib.sha256(name.encode()).hexdigest()[:8], 16)
        return {
            "id": label_id,
            "node_id": f"LA_{label_id}",
            "url": f"{self._repo_api}/labels/{quote(name)}",
            "name": name,
            "description": "",
            "color": "ededed",
            "default": False,
        }

    def _pull_simple(self, pull: Pull) -> dict[str, Any]:
        data = super()._pull_simple(pull)
        data["labels"] = [self.label(name) for name in self.labels.get(pull.number, [])]
        data["draft"] = pull.number in self.drafts
        return data

    # --- routing ----------------------------------------------------------------------

    def _route(self, call: Call) -> tuple[int, dict[str, str], Any]:
        rest = self.below_repository(call.path)  # GitHub's next links use the id
        if rest == "/pulls" and call.method == "GET":
            return self._list_pulls(call)
        if rest is not None and rest.startswith("/issues/"):
            parts = rest.split("/")  # "", "issues", N, "labels", [name]
            if len(parts) >= 4 and parts[2].isdigit() and parts[3] == "labels":
                number = int(parts[2])
                if number not in self.pulls:
                    return 404, {}, _error(404, "Not Found")
                return self._labels_route(call, number, "/".join(parts[4:]) or None)
        return super()._route(call)

    def _list_pulls(self, call: Call) -> tuple[int, dict[str, str], Any]:
        state = call.query.get("state", "open")
        sort = call.query.get("sort", "created")
        # GitHub: "Default: desc when sort is created or sort is not specified, otherwise asc."
        direction = call.query.get("direction", "desc" if sort == "created" else "asc")
        pulls = [p for p in self.pulls.values() if state in ("all", p.state)]
        pulls.sort(key=lambda p: (p.created_at, p.number), reverse=direction == "desc")
        return self._page(call, [self._pull_simple(p) for p in pulls])

    def _labels_route(
        self, call: Call, number: int, name: str | None
    ) -> tuple[int, dict[str, str], Any]:
        have = self.labels.setdefault(number, [])
        if call.method == "GET" and name is None:
            return self._page(call, [self.label(n) for n in have])
        if call.method == "POST" and name is None:
            body = call.body
            names = body.get("labels") if isinstance(body, dict) else body
            if not isinstance(names, list) or not names:
                return 422, {}, {"message": "Invalid request.", "documentation_url": "x"}
            for item in names:
                label = item["name"] if isinstance(item, dict) else str(item)
                if label not in have:
                    have.append(label)
            return 200, {}, [self.label(n) for n in have]
        if call.method == "DELETE" and name is not None:
            if name not in have:
                return 404, {}, _error(404, "Label does not exist")
            have.remove(name)
            return 200, {}, [self.label(n) for n in have]
        return 404, {}, _error(404, "Not Found")

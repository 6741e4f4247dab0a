"""The fake GitHub's repository settings: environments, rulesets, the repository itself.

A mixin of ``FakeGitHub`` (tests/fakegithub.py) for ``rung doctor``.  Shapes are
GitHub's: ``full-repository``, ``environment`` and ``deployment-branch-policy``
(as in @octokit/openapi's ``environment`` and ``deployment-branch-policies-list``
examples), ``repository-rule-detailed`` (a rule with its ruleset's source and id,
as in ``repository-rule-items``) and ``repository-ruleset`` (its example), whose
``bypass_actors`` GitHub shows only to a token that may edit the ruleset (admin).

    GET /repos/{o}/{r}
    GET /repos/{o}/{r}/environments/{name}
    GET /repos/{o}/{r}/environments/{name}/deployment-branch-policies   (paginated)
    GET /repos/{o}/{r}/rules/branches/{branch}                          (paginated)
    GET /repos/{o}/{r}/rulesets/{id}

``import_ruleset(body)`` takes the body of ``repos/create-repo-ruleset`` (the files
in docs/rulesets/), as *Import a ruleset* does; ``add_environment`` sets deployment
branches; ``admin = False`` hides bypass lists; ``forbid(prefix)`` answers 403 to
every GET below ``prefix`` (a token without the permission).
"""

from __future__ import annotations

import fnmatch
import re
from collections.abc import Callable
from typing import Any

DOCS = "https://docs.github.com/rest"
NOT_FOUND = {"message": "Not Found", "documentation_url": DOCS, "status": "404"}
FORBIDDEN = {"message": "Resource not accessible by integration", "documentation_url": DOCS,
             "status": "403"}  # fmt: skip


class Settings:
    """Mixed into FakeGitHub: needs ``_repo_api``, ``html_url``, ``full_name``,
    ``_repository`` and ``_page``."""

    @property
    def _repo_api(self) -> str:  # pragma: no cover - provided by FakeGitHub
        raise NotImplementedError

    @property
    def html_url(self) -> str:  # pragma: no cover - provided by FakeGitHub
        raise NotImplementedError

    @property
    def full_name(self) -> str:  # pragma: no cover - provided by FakeGitHub
        raise NotImplementedError

    # FakeGitHub's own (annotations only, so they do not shadow them)
    _repository: Callable[[], dict[str, Any]]
    _page: Callable[[Any, list[dict[str, Any]]], tuple[int, dict[str, str], Any]]

    def init_settings(self) -> None:
        self.environments: dict[str, dict[str, Any]] = {}
        self.branch_policies: dict[str, list[dict[str, Any]]] = {}
        self.rulesets: dict[int, dict[str, Any]] = {}
        self.admin = True
        self.forbidden: list[str] = []

    def add_environment(self, name: str, *, branches: list[str] | None = None,
                        protected: bool = False) -> None:  # fmt: skip
        """An environment; ``branches`` (custom policies) or ``protected``; neither: any branch."""
        env_id = 161088068 + len(self.environments)
        policy = None
        if protected or branches is not None:
            policy = {"protected_branches": protected, "custom_branch_policies": not protected}
        self.environments[name] = {
            "id": env_id,
            "node_id": f"EN_{env_id}",
            "name": name,
            "url": f"{self._repo_api}/environments/{name}",
            "html_url": f"{self.html_url}/deployments/activity_log?environments_filter={name}",
            "created_at": "2026-01-05T08:00:00Z",
            "updated_at": "2026-01-05T08:00:00Z",
            "protection_rules": [
                {"id": 3756, "node_id": "MDQ6R2F0ZTM3NTY=", "type": "branch_policy"}
            ]
            if policy
            else [],
            "deployment_branch_policy": policy,
        }
        self.branch_policies[name] = [
            {"id": 361471 + i, "node_id": f"GBP_{361471 + i}", "name": b, "type": "branch"}
            for i, b in enumerate(branches or [])
        ]

    def import_ruleset(self, body: dict[str, Any]) -> int:
        ruleset_id = 42 + len(self.rulesets)
        self.rulesets[ruleset_id] = {
            "id": ruleset_id,
            "name": body["name"],
            "target": body.get("target", "branch"),
            "source_type": "Repository",
            "source": self.full_name,
            "enforcement": body["enforcement"],
            "bypass_actors": body.get("bypass_actors", []),
            "current_user_can_bypass": "never",
            "conditions": body.get("conditions", {}),
            "rules": body.get("rules", []),
            "node_id": f"RRS_{ruleset_id}",
            "_links": {
                "self": {"href": f"{self._repo_api}/rulesets/{ruleset_id}"},
                "html": {"href": f"{self.html_url}/rules/{ruleset_id}"},
            },
            "created_at": "2026-01-05T08:00:00Z",
            "updated_at": "2026-01-05T08:00:00Z",
        }
        return ruleset_id

    def forbid(self, prefix: str) -> None:
        self.forbidden.append(prefix)

    def _applies(self, ruleset: dict[str, Any], branch: str) -> bool:
        if ruleset["enforcement"] != "active" or ruleset["target"] != "branch":
            return False
        names = ruleset["conditions"].get("ref_name", {})
        ref = f"refs/heads/{branch}"

        def matches(pattern: str) -> bool:
            if pattern == "~ALL":
                return True
            if pattern == "~DEFAULT_BRANCH":
                return branch == "main"
            return fnmatch.fnmatchcase(ref, pattern)

        return any(map(matches, names.get("include", []))) and not any(
            map(matches, names.get("exclude", []))
        )

    def settings_route(self, call: Any, rest: str) -> tuple[int, dict[str, str], Any] | None:
        """Answer a GET of the repository or its settings; None for any other request."""
        if call.method != "GET":
            return None
        if any(rest.startswith(prefix) for prefix in self.forbidden):
            return 403, {}, FORBIDDEN
        if rest == "":
            return 200, {}, {**self._repository(), "has_discussions": False,
                             "network_count": 0, "subscribers_count": 3}  # fmt: skip
        if match := re.fullmatch(r"/environments/([^/]+)(/deployment-branch-policies)?", rest):
            env = self.environments.get(match.group(1))
            if env is None:
                return 404, {}, NOT_FOUND
            if match.group(2) is None:
                return 200, {}, env
            policies = self.branch_policies[match.group(1)]
            status, headers, page = self._page(call, policies)
            return status, headers, {"total_count": len(policies), "branch_policies": page}
        if match := re.fullmatch(r"/rules/branches/([^/]+)", rest):
            rules = [
                {
                    **rule,
                    "ruleset_source_type": "Repository",
                    "ruleset_source": self.full_name,
                    "ruleset_id": ruleset["id"],
                }
                for ruleset in self.rulesets.values()
                if self._applies(ruleset, match.group(1))
                for rule in ruleset["rules"]
            ]
            return self._page(call, rules)
        if match := re.fullmatch(r"/rulesets/(\d+)", rest):
            ruleset = self.rulesets.get(int(match.group(1)))
            if ruleset is None:
                return 404, {}, NOT_FOUND
            shown = {k: v for k, v in ruleset.items() if self.admin or k != "bypass_actors"}
            return 200, {}, shown
        return None

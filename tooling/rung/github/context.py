"""Where GitHub is and how patient to be with it, from the environment (no PyGithub here).

=================================  ============================================  =====================
variable                           meaning                                       default
=================================  ============================================  =====================
``GITHUB_TOKEN``                   token for the REST API                        (required to call)
``GITHUB_REPOSITORY``              ``OWNER/NAME`` (``--repo`` overrides it)      (required to call)
``GITHUB_API_URL``                 REST API root; GitHub Enterprise Server:      https://api.github.com
                                   ``https://HOST/api/v3``
``GITHUB_SERVER_URL``,             with ``GITHUB_REPOSITORY``: the workflow run  (unset: no link)
``GITHUB_RUN_ID``                  whose artifacts hold a cut scorecard in full
``RUNG_GITHUB_LOGIN``              login that owns the sticky comment, when the  ``GET /user``, else
                                   token cannot read ``GET /user``               github-actions[bot]
``RUNG_GITHUB_RETRY_ATTEMPTS``     tries per request (1 = no retry)              4
``RUNG_GITHUB_RETRY_BACKOFF``      exponential backoff factor, seconds           1
``RUNG_GITHUB_RETRY_MAX_WAIT``     cap on any single wait (Retry-After, backoff, 30
                                   rate-limit reset); 0 never sleeps
``RUNG_GITHUB_THROTTLE``           seconds between writes (a quarter of it       1
                                   between reads); 0 turns pacing off
=================================  ============================================  =====================
"""

from __future__ import annotations

import math
import re
from collections.abc import Mapping
from dataclasses import dataclass

from rung.problems import FatalError

DEFAULT_API_URL = "https://api.github.com"
DEFAULT_SERVER_URL = "https://github.com"
ACTIONS_BOT = "github-actions[bot]"
_REPOSITORY = re.compile(r"[A-Za-z0-9](?:[A-Za-z0-9-]*[A-Za-z0-9])?/[A-Za-z0-9._-]+\Z")


class GitHubError(Exception):
    """GitHub answered with an error rung could not work around (after bounded retries)."""

    def __init__(self, message: str, status: int | None = None) -> None:
        super().__init__(message)
        self.message = message
        self.status = status


@dataclass(frozen=True)
class RetrySettings:
    """Bounded retries: every wait is at most ``max_wait`` seconds, and tries are counted."""

    attempts: int = 4
    backoff: float = 1.0
    max_wait: float = 30.0
    throttle: float = 1.0

    @classmethod
    def from_env(cls, env: Mapping[str, str]) -> RetrySettings:
        return cls(
            attempts=int(_number(env, "RUNG_GITHUB_RETRY_ATTEMPTS", cls.attempts, minimum=1)),
            backoff=_number(env, "RUNG_GITHUB_RETRY_BACKOFF", cls.backoff),
            max_wait=_number(env, "RUNG_GITHUB_RETRY_MAX_WAIT", cls.max_wait),
            throttle=_number(env, "RUNG_GITHUB_THROTTLE", cls.throttle),
        )

    def backoff_wait(self, attempt: int) -> float:
        """The wait before try ``attempt + 1`` (``attempt`` counts from 1)."""
        return min(self.max_wait, self.backoff * 2.0 ** (attempt - 1))

    def capped(self, seconds: float) -> float:
        return max(0.0, min(self.max_wait, seconds))


def _number(env: Mapping[str, str], name: str, default: float, minimum: float = 0) -> float:
    text = env.get(name, "").strip()
    if not text:
        return default
    try:
        value = float(text)
    except ValueError:
        value = math.nan
    if not math.isfinite(value) or value < minimum:
        raise FatalError(f"{name}={text!r} is not a number of at least {minimum:g}")
    return value


@dataclass(frozen=True)
class GitHubContext:
    token: str | None
    repository: str | None  # OWNER/NAME
    api_url: str = DEFAULT_API_URL
    server_url: str = DEFAULT_SERVER_URL
    run_repository: str | None = None  # the workflow's repository (GITHUB_REPOSITORY)
    run_id: str | None = None
    login: str | None = None  # RUNG_GITHUB_LOGIN

    @classmethod
    def from_env(cls, env: Mapping[str, str], repository: str | None = None) -> GitHubContext:
        """The context from ``env``; ``repository`` (``--repo``) overrides GITHUB_REPOSITORY."""
        run_repository = env.get("GITHUB_REPOSITORY") or None
        chosen = repository or run_repository
        if chosen is not None and not _REPOSITORY.match(chosen):
            raise FatalError(f"repository '{chosen}' is not in the form OWNER/NAME")
        return cls(
            token=env.get("GITHUB_TOKEN") or None,
            repository=chosen,
            api_url=(env.get("GITHUB_API_URL") or DEFAULT_API_URL).rstrip("/"),
            server_url=(env.get("GITHUB_SERVER_URL") or DEFAULT_SERVER_URL).rstrip("/"),
            run_repository=run_repository,
            run_id=env.get("GITHUB_RUN_ID") or None,
            login=env.get("RUNG_GITHUB_LOGIN") or None,
        )

    def require(self) -> tuple[str, str]:
        """The token and repository, or a FatalError saying which is missing."""
        if self.token is None:
            raise FatalError(
                "GITHUB_TOKEN is not set; rung needs a token to read and update the pull "
                "request (or use --dry-run for reviewers)"
            )
        if self.repository is None:
            raise FatalError("no repository: set GITHUB_REPOSITORY or pass --repo OWNER/NAME")
        return self.token, self.repository

    @property
    def artifacts_url(self) -> str | None:
        """The workflow run's artifacts, when rung runs inside GitHub Actions."""
        if self.run_repository is None or self.run_id is None or not self.run_id.isdigit():
            return None
        return f"{self.server_url}/{self.run_repository}/actions/runs/{self.run_id}#artifacts"

"""Bounded retries for GitHub: the transport's for reads, rung's own for POSTs.

A POST is never retried by the transport: GitHub can answer 5xx after it did
the work.  ``retry_wait`` tells the callers that retry POSTs themselves (after
reading GitHub's state again) how long to wait, or that they must give up.
"""

from __future__ import annotations

import time
from collections.abc import Callable
from typing import Any

import requests
from github import GithubException, GithubRetry
from urllib3.response import BaseHTTPResponse

from rung.github.context import RetrySettings

IDEMPOTENT_METHODS = frozenset({"GET", "HEAD", "OPTIONS", "PUT", "PATCH", "DELETE"})
SECONDARY_RATE_WAIT = 60.0  # GitHub's advice when a secondary limit gives no Retry-After
Sleep = Callable[[float], None]


class BoundedRetry(GithubRetry):
    """GithubRetry whose every wait is capped and goes through an injectable ``sleep``."""

    def __init__(self, sleep: Sleep = time.sleep, max_wait: float = 30.0, **kwargs: Any) -> None:
        self.sleep_function = sleep
        self.max_wait = max_wait
        super().__init__(**kwargs)

    def new(self, **kw: Any) -> BoundedRetry:
        kw.update(sleep=self.sleep_function, max_wait=self.max_wait)
        return super().new(**kw)

    def sleep(self, response: BaseHTTPResponse | None = None) -> None:
        wait = self.get_retry_after(response) if response is not None else None
        if not wait:
            wait = self.get_backoff_time()
        wait = min(wait, self.max_wait)
        if wait > 0:
            self.sleep_function(wait)


def make_retry(settings: RetrySettings, sleep: Sleep = time.sleep) -> BoundedRetry:
    return BoundedRetry(
        sleep=sleep,
        max_wait=settings.max_wait,
        total=settings.attempts - 1,
        backoff_factor=settings.backoff,
        backoff_max=settings.max_wait,
        retry_after_max=int(settings.max_wait),
        secondary_rate_wait=min(SECONDARY_RATE_WAIT, settings.max_wait),
        max_rate_limit_wait=settings.max_wait,
        allowed_methods=IDEMPOTENT_METHODS,
        raise_on_status=False,  # the last error response reaches PyGithub as a GithubException
    )


def header(headers: Any, name: str) -> str | None:
    for key, value in dict(headers or {}).items():
        if str(key).lower() == name:
            return str(value)
    return None


def error_message(err: GithubException) -> str:
    """GitHub's own message for an error response, on one line."""
    data = err.data
    text = data.get("message") if isinstance(data, dict) else data
    return " ".join(str(text or err.message or "").split())[:300]


def retry_wait(err: Exception, attempt: int, settings: RetrySettings) -> float | None:
    """How long to wait before retrying a failed POST, or None to give up."""
    if attempt >= settings.attempts:
        return None
    if isinstance(err, requests.ConnectionError | requests.Timeout):
        return settings.backoff_wait(attempt)
    if not isinstance(err, GithubException):
        return None
    retry_after = header(err.headers, "retry-after")
    if err.status in (403, 429):
        if retry_after is not None and retry_after.strip().isdigit():
            return settings.capped(float(retry_after))
        if "secondary rate limit" in error_message(err).lower():
            return settings.capped(SECONDARY_RATE_WAIT)
        return None
    if 500 <= err.status < 600:
        return settings.backoff_wait(attempt)
    return None

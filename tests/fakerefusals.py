"""What GitHub would refuse, as the fakes saw it: the session-wide check's record.

The fake GitHub answers a request GitHub's published descriptions reject the
way GitHub would (a GraphQL ``errors`` answer, a 422), and rung may well cope
with that answer gracefully, so the test that sent it could still pass.  So
the fakes also write the refusal down here, and ``tests/conftest.py`` fails
the test during which it happened.  A test that sends something invalid on
purpose takes the record with ``expect_refusal``.

The fakes answer in a server thread; a refusal is written before the answer is
sent, so it is here by the time the client has read the answer.
"""

from __future__ import annotations

import threading
from collections.abc import Iterator
from contextlib import contextmanager

_LOCK = threading.Lock()
_REFUSED: list[str] = []


def refuse(what: str) -> None:
    """Note that GitHub would refuse ``what`` (one line saying what was sent and why)."""
    with _LOCK:
        _REFUSED.append(what)


def take() -> list[str]:
    """The refusals noted since the last ``take``, and forget them."""
    with _LOCK:
        taken = list(_REFUSED)
        _REFUSED.clear()
        return taken


@contextmanager
def expect_refusal() -> Iterator[list[str]]:
    """For a test that sends something invalid on purpose: the refusals inside the block.

    Fails when there was none: the check it relies on did not fire.
    """
    earlier = take()  # kept: they still fail the test
    seen: list[str] = []
    try:
        yield seen
    finally:
        seen += take()
        with _LOCK:
            _REFUSED[:0] = earlier
    assert seen, "the fake accepted what the test expected GitHub to refuse"

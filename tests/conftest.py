"""Shared test set-up: no test may reach any address but loopback, and no test may send
the fake GitHub anything GitHub's published descriptions reject (tests/fakerefusals.py)."""

from __future__ import annotations

import ipaddress
import os
import socket
from collections.abc import Generator, Iterator
from pathlib import Path
from typing import Any

import pytest
from hypothesis import HealthCheck, settings

import fakerefusals
from paths import REPO

pytest_plugins = ["coverage_support"]

# A render cache shared between tests would let one test's PDF answer another's
# render (a time-limit test would then never time out): tests/render/test_cache.py
# turns it on where it is the subject.
os.environ["RUNG_RENDER_CACHE"] = "off"

# No property test may fail because the machine is busy: Hypothesis's deadline and
# its "too slow" health check both read the wall clock.  A test's own @settings
# only add to this profile.
settings.register_profile("rung", deadline=None, suppress_health_check=[HealthCheck.too_slow])
settings.load_profile("rung")


def _is_loopback(address: Any) -> bool:
    if isinstance(address, str | bytes):  # AF_UNIX
        return True
    host = address[0]
    if host == "localhost":
        return True
    try:
        return ipaddress.ip_address(host).is_loopback
    except ValueError:
        return False  # a host name other than localhost would need DNS: refuse


@pytest.fixture(autouse=True)
def _loopback_only(monkeypatch: pytest.MonkeyPatch) -> Iterator[None]:
    """Fail any connection to a non-loopback address instead of sending traffic."""
    real_connect = socket.socket.connect
    real_connect_ex = socket.socket.connect_ex

    def guarded(method: Any) -> Any:
        def connect(self: socket.socket, address: Any) -> Any:
            if not _is_loopback(address):
                raise ConnectionRefusedError(f"test tried to reach {address!r}; loopback only")
            return method(self, address)

        return connect

    monkeypatch.setattr(socket.socket, "connect", guarded(real_connect))
    monkeypatch.setattr(socket.socket, "connect_ex", guarded(real_connect_ex))
    yield


def _refusals(phase: str) -> str:
    refused = fakerefusals.take()
    if not refused:
        return ""
    return f"during {phase}, rung sent the fake GitHub what GitHub would refuse:\n" + "\n".join(
        f"  {line}" for line in refused
    )


@pytest.hookimpl(wrapper=True)
def pytest_runtest_call(item: pytest.Item) -> Generator[None, object, object]:
    """Fail the test during which a fake saw a request GitHub's schemas reject, even when
    rung took GitHub's refusal in its stride and the test's own assertions passed."""
    try:
        result = yield
    except BaseException as err:
        if message := _refusals("the test"):
            err.add_note(message)  # often the cause of the failure itself
        raise
    if message := _refusals("the test"):
        raise AssertionError(message)
    return result


@pytest.hookimpl(wrapper=True)
def pytest_runtest_teardown(item: pytest.Item) -> Generator[None, object, object]:
    """The same for what a fixture sent while setting up or tearing down."""
    result = yield
    if message := _refusals("a fixture"):
        raise AssertionError(message)
    return result


@pytest.fixture(autouse=True)
def _no_forced_colour(monkeypatch: pytest.MonkeyPatch) -> None:
    """Exact-output tests see plain text even where the developer's shell forces colour."""
    monkeypatch.delenv("FORCE_COLOR", raising=False)


@pytest.fixture
def in_repo(monkeypatch: pytest.MonkeyPatch) -> Path:
    """Run the test from the repository root, as a user runs rung."""
    monkeypatch.chdir(REPO)
    return REPO

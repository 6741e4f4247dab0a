"""Shared test set-up: no test may reach any address but loopback."""

from __future__ import annotations

import ipaddress
import os
import socket
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from hypothesis import HealthCheck, settings

from paths import REPO

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


@pytest.fixture(autouse=True)
def _no_forced_colour(monkeypatch: pytest.MonkeyPatch) -> None:
    """Exact-output tests see plain text even where the developer's shell forces colour."""
    monkeypatch.delenv("FORCE_COLOR", raising=False)


@pytest.fixture
def in_repo(monkeypatch: pytest.MonkeyPatch) -> Path:
    """Run the test from the repository root, as a user runs rung."""
    monkeypatch.chdir(REPO)
    return REPO

from __future__ import annotations

import socket

import pytest


def test_connecting_outside_loopback_is_refused() -> None:
    with socket.socket() as sock, pytest.raises(ConnectionRefusedError, match="loopback only"):
        sock.connect(("192.0.2.1", 80))  # TEST-NET-1: refused before any packet leaves


def test_loopback_is_allowed() -> None:
    with socket.socket() as server:
        server.bind(("127.0.0.1", 0))
        server.listen(1)
        with socket.socket() as client:
            client.connect(server.getsockname())
            accepted, _ = server.accept()
            accepted.close()

"""BLAKE2b without ``hashlib``, whose import loads OpenSSL: a few milliseconds of
every ``rung validate`` start, for a hash CPython builds in (``hashlib.blake2b``
*is* ``_blake2.blake2b``)."""

from __future__ import annotations

try:
    from _blake2 import blake2b
except ImportError:  # pragma: no cover - another Python implementation
    from hashlib import blake2b

__all__ = ["blake2b"]

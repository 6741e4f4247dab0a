"""BLAKE2b and SHA-256 without ``hashlib``, whose import loads OpenSSL: a few
milliseconds of every ``rung validate`` start, for hashes CPython builds in
(``hashlib.blake2b`` *is* ``_blake2.blake2b``; the built-in SHA-256 gives the same
digests as OpenSSL's, tests/model/test_digest.py)."""

from __future__ import annotations

try:
    from _blake2 import blake2b
except ImportError:  # pragma: no cover - another Python implementation
    from hashlib import blake2b

TYPE_CHECKING = False  # not typing's: importing typing costs every start
if TYPE_CHECKING:
    from hashlib import sha256  # the same interface; typeshed has no stubs for _sha256
else:
    try:
        from _sha256 import sha256  # Python 3.11
    except ImportError:  # pragma: no cover - 3.12 renamed it; other implementations
        try:
            from _sha2 import sha256
        except ImportError:
            from hashlib import sha256

__all__ = ["blake2b", "sha256"]

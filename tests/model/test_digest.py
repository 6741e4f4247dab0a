"""The built-in hashes rung uses instead of ``hashlib`` give hashlib's digests."""

from __future__ import annotations

import hashlib

from hypothesis import given
from hypothesis import strategies as st

from rung.model.digest import blake2b, sha256


@given(st.binary(max_size=300))
def test_the_same_digests_as_hashlib(data: bytes) -> None:
    assert sha256(data).hexdigest() == hashlib.sha256(data).hexdigest()
    assert blake2b(data, digest_size=8).digest() == hashlib.blake2b(data, digest_size=8).digest()

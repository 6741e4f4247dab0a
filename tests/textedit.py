"""Editing fixture text in tests: one exact, unique replacement."""

from __future__ import annotations


def edit(text: str, old: str, new: str) -> str:
    """``text`` with its single occurrence of ``old`` replaced by ``new``."""
    assert text.count(old) == 1, old
    return text.replace(old, new)

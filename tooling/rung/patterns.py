"""Regular expressions compiled when first used, not when their module is imported.

Why: ``rung validate`` imports some forty module-level patterns, and compiling them
cost about 2 ms of its start although a clean packet uses few of them (the slips'
explanations, the findings' escapes, most GitHub link shapes are never needed).
"""

from __future__ import annotations

import re

TYPE_CHECKING = False  # not typing's: importing typing costs every start
if TYPE_CHECKING:
    from typing import Any

# What rung calls on its patterns: after the first use each is the compiled pattern's
# own bound method, found in the instance's dictionary (no per-call indirection).
_METHODS = ("match", "fullmatch", "search", "finditer", "findall", "sub", "split")


class _Later:
    def __init__(self, pattern: str, flags: int) -> None:
        self._source = (pattern, flags)

    def __getattr__(self, name: str) -> Any:  # only while an attribute is not yet set
        compiled = re.compile(*self._source)
        for method in _METHODS:
            setattr(self, method, getattr(compiled, method))
        return getattr(compiled, name)


def lazy(pattern: str, flags: int = 0) -> re.Pattern[str]:
    """``re.compile(pattern, flags)``, done on the first call of one of its methods."""
    return _Later(pattern, flags)  # type: ignore[return-value]

"""Colour for the text reporter, as yamllint and ruff do it: on a terminal only.

``NO_COLOR`` (set and not empty, https://no-color.org) always wins; ``FORCE_COLOR``
(set, not empty and not ``0``) colours output that is not a terminal, for CI
logs that render colour.  Only the level word is coloured, so the line stays
``path:line:col: level: message [rule]`` for anything that parses it.
"""

from __future__ import annotations

import os
from collections.abc import Mapping

from rung.problems import Level

TYPE_CHECKING = False  # not typing's: importing typing costs every start
if TYPE_CHECKING:
    from typing import TextIO

_CODES = {Level.ERROR: "1;31", Level.WARNING: "33", Level.NOTICE: "36"}


def use_colour(stream: TextIO, env: Mapping[str, str] | None = None) -> bool:
    """Whether text written to ``stream`` may carry colour codes."""
    env = os.environ if env is None else env
    if env.get("NO_COLOR"):
        return False
    if env.get("FORCE_COLOR", "0") not in {"", "0"}:
        return True
    isatty = getattr(stream, "isatty", None)
    return bool(isatty and isatty())


def level_word(level: Level, colour: bool) -> str:
    """``error``, ``warning`` or ``notice``, in its colour when ``colour``."""
    return f"\x1b[{_CODES[level]}m{level}\x1b[0m" if colour else str(level)

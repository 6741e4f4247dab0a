"""Surviving mutants no test can kill, each with the reason.

Keyed by module name (:data:`rung_mutate.config.TARGETS`) and by the mutant's
key (``before  =>  after``, the source line and the mutated line, without a
line number, so the list survives unrelated edits).  A listed mutant that a test
does kill, or that is no longer generated, is reported, so the list stays true.
"""

from __future__ import annotations

EQUIVALENT: dict[str, dict[str, str]] = {}

"""The packet rules, one module each, in the order ``rung validate`` applies them.

``yaml``, ``read``, ``size`` and ``schema`` are found while the file is read and
parsed; their modules document them so ``rung rules`` lists every rule a
finding can name.  ``reference`` resolves the ladder and levels; the rules after
it run only when they resolve.
"""

from __future__ import annotations

from rung.rules import (
    checkpoint,
    coverage,
    gaps,
    link,
    path,
    read,
    reference,
    reviewers,
    schema,
    section,
    size,
    step,
    tenure,
    unicode,
)
from rung.rules import yaml as yaml_rule
from rung.rules.base import Context, Rule

RULES: dict[str, Rule] = {
    "read": read,
    "size": size,
    "yaml": yaml_rule,
    "schema": schema,
    "reference": reference,
    "step": step,
    "tenure": tenure,
    "coverage": coverage,
    "gaps": gaps,
    "checkpoint": checkpoint,
    "link": link,
    "path": path,
    "section": section,
    "unicode": unicode,
    "reviewers": reviewers,
}

__all__ = ["RULES", "Context", "Rule"]

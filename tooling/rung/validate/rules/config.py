"""``rung.toml`` is valid: TOML, known keys, known rules, known levels.

Found while ``rung.toml`` is read (``validate/config.py``), before anything else is
checked.  A file that is not TOML, an unknown key, an unknown rule (with a
did-you-mean), a level other than error, warning, notice or off, or a rule whose
level is fixed is an error at ``rung.toml:line:column``, and every command exits 2
(a configuration error).  ``rung validate --changed-since REF`` also gives a
warning when the branch changes ``rung.toml``: the rule levels it uses are REF's
until the change is merged (docs/security.md).

Passing::

    [rules]
    reuse = "off"
    github-link = "warning"

Failing: ``[rules]`` then ``resue = "off"`` (no rule 'resue'; did you mean 'reuse'?).
"""

from __future__ import annotations

from rung.problems import Level

ID = "config"
LEVEL = Level.ERROR

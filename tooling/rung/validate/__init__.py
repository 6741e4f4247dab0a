"""Validation: the rule runner (``runner``), one module per rule (``rules/``, with an
explicit registry), the reporters that print findings (``report``, ``colour``,
``sarif``), ``rung.toml``'s rule levels (``config``) and the inline suppressions
(``suppress``, and ``silenced`` to show what they silenced).

May import: :mod:`rung.committee` (the ``reviewers`` and ``decisions`` rules check
against the roster), the model, :mod:`rung.loaders` and :mod:`rung.problems`.  Never
a capability folder, PyGithub or WeasyPrint: ``rung validate`` stays light.
"""

"""Everything that talks to GitHub; the only package that imports PyGithub.

``rung.github.context`` is cheap (no PyGithub): configuration from ``GITHUB_*``
variables.  ``rung.github.client`` imports PyGithub and is imported lazily, only
by commands that call GitHub, so ``rung validate`` never loads it.

May import: the pure capabilities whose data it fills (:mod:`rung.scorecard`,
:mod:`rung.evidence`, :mod:`rung.cycle`), the core, the model, :mod:`rung.loaders`
and :mod:`rung.problems`.  Nothing below it imports it.
"""

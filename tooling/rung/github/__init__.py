"""Everything that talks to GitHub; the only package that imports PyGithub.

``rung.github.context`` is cheap (no PyGithub): configuration from ``GITHUB_*``
variables.  ``rung.github.client`` imports PyGithub and is imported lazily, only
by commands that call GitHub, so ``rung validate`` never loads it.
"""

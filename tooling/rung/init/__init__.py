"""``rung init``: the files of a new organisation's promotion repository.

What it writes (pure: text for paths; ``commands/init.py`` writes them): the thin
caller workflows that call rung's reusable ones pinned to a commit
(``callers.py``), and the roster, people file, CODEOWNERS, ``rung.toml``, README
and starter ladder stubs plus the rulesets to import (``scaffold.py``).

May import: ``model/``, ``ladder/``, ``loaders/``, ``problems`` (floors below).
"""

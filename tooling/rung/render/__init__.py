"""Packets as committee PDFs: templates -> HTML -> WeasyPrint, and the cycle bundle.

``context`` (typed view of a packet), ``markdown`` (narrative -> sanitised HTML),
``html`` (the one Jinja environment), ``pdf`` (the only WeasyPrint importer: fetcher
policy, time limit, reproducible output), ``packet`` (one packet end to end),
``bundle`` and ``assemble`` (process pool, shards, the joined committee PDF),
``commit`` (which commit a PDF is stamped with).  docs/rendering.md explains them.
Nothing here is imported by ``rung validate``.

May import: :mod:`rung.evidence` (the marks beside claims), the core, the model,
:mod:`rung.loaders` and :mod:`rung.problems`; never :mod:`rung.github`.
"""

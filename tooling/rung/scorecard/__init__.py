"""The per-criterion scorecard: what reviewers said, where, and what counts.

``inputs`` (plain data from GitHub's JSON), ``grammar`` (which lines of a comment are
commands), ``place`` (the criterion a review comment belongs to), ``tally`` (which
offer counts and why the others do not), ``collate`` (packet + discussion + roster ->
rows) and ``markdown`` (the pull-request comment).  Pure: GitHub is read by
:mod:`rung.github`.

May import: :mod:`rung.committee`, the model, :mod:`rung.loaders` and :mod:`rung.problems`.
"""

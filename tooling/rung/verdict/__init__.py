"""``rung verdict``: a reviewer's verdicts on one packet, walked criterion by criterion.

Owns the walk (which criteria, with the ladder's words, the candidate's claims and
their evidence marks), the answers a reviewer types, the ``--from FILE`` format,
what the reviewer already gave on the pull request (resume) and the one function
that turns a verdict into a comment's body.  Pure: the GitHub layer reads and
posts.  May import the capabilities below it (``scorecard/``, ``evidence/``), the
core, the model and the loaders; nothing imports it but ``commands/``.
"""

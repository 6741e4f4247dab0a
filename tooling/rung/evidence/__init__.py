"""Verified evidence: what the GitHub work a packet cites says about the candidate.

Pure parts only (the GitHub reader is ``rung.github.evidence``): ``model``
(GitHub's answer and the verdict), ``classify`` (verdict and mark),
``cache`` (answers kept between runs), ``marks`` (a packet's links to the
marks and JSON a reader sees).  docs/evidence.md is the user's guide.

May import: the model and :mod:`rung.problems`.
"""

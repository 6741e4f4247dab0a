"""The calibration committee: the roster (``roster``) and who reviews a packet, and
why (``assign``, a pure function of plain data).

May import: the model (:mod:`rung.model`, :mod:`rung.ladder`), :mod:`rung.loaders`
and :mod:`rung.problems`.
"""

"""The calibration committee: the roster (``roster``) and who reviews a packet, and
why (``assign``, a pure function of plain data); the roster's decision rule applied
to a panel's sides (``rule``), and those sides as the promotion record holds them
(``panel``).

May import: the model (:mod:`rung.model`, :mod:`rung.ladder`), :mod:`rung.record`,
:mod:`rung.loaders` and :mod:`rung.problems`.
"""

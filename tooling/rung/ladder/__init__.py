"""Career ladders: the model (``model``), loading a ladder file (``load``) and the
semantic checks the schema cannot express (``check``).

May import: :mod:`rung.loaders` and :mod:`rung.problems`.
"""

"""The promotion model around a ladder: packets (``packet``), the links they cite
(``githublink``), how a packet's evidence covers its move (``coverage``), cycles and
their dates (``cycles``), a cycle's decisions file (``decisions``), where things
live in a rung repository (``repo``) and which of them the privileged side trusts
(``trusted``).

May import: :mod:`rung.ladder`, :mod:`rung.loaders` and :mod:`rung.problems`.
"""

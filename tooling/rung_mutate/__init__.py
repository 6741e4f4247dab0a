"""``make mutate``: mutation testing of rung's trust-critical modules.

Each mutant is a one-line change (:mod:`rung_mutate.mutants`) written into a
copy of the repository on disk; the tests that exercise the module
(:mod:`rung_mutate.config`) run against it in a fresh interpreter, and a mutant
no test notices *survives*.  Every survivor is either killed by a new test or
listed, with the reason no test can tell, in :mod:`rung_mutate.equivalent`.
A maintainer tool beside the package, like ``rung_bench``: not installed.
"""

"""The promotion record: an append-only, hash-chained account of what the privileged side saw.

One file per packet per cycle (``records/<cycle>/<login>.jsonl`` on the record ref),
one event per line.  ``events`` (the kinds of event and their canonical JSON line),
``chain`` (each line carries the SHA-256 of the line before it: appending, and the
findings of a line that was rewritten, removed or moved), ``replay`` (a packet's
events folded into plain state: who was assigned, who said what, the manager, the
bound pull request, the decisions), ``rounds`` (round one before the panel's
reveal, round two beside it, and which verdicts were given with no other in
view) and ``compare`` (the record against the comments GitHub shows now).  Pure: the ref is read and written by
:mod:`rung.github.record`.  docs/security.md ("The promotion record") says what
the record guarantees and what it cannot.

May import: the model, :mod:`rung.loaders` and :mod:`rung.problems`.
"""

"""Each inline suppression names known rules, gives a reason, and silences something.

A YAML comment in a packet's front matter silences the findings of the rules it
names on its own line (after a value) or, alone on a line, on the next line::

    links: [https://docs.example.com/design]  # rung: ignore[reuse] reason: shared design doc with Noa

``ignore[reuse, github-link]`` names several rules.  A silenced finding is not
counted (nor by ``--strict``), and every output lists it with its reason: the text
and github formats, the job summary, ``--format json`` (``silenced``) and SARIF
(a result with ``suppressions``).  Errors cannot be silenced inline: the candidate
writes the packet, so a suppression may quiet a warning or a notice for the
reviewers to read, never make an invalid packet pass.  A suppression without a
reason, or naming no rule rung has, is an error; one that silences nothing, or
points at an error, is a warning.  The Markdown body has no suppressions (a line
starting with ``#`` is a heading there): ``rung.toml`` sets a rule's level for the
whole repository.

Passing: ``# rung: ignore[reuse] reason: the design doc we wrote together`` above
a link that another packet cites too.

Failing: ``# rung: ignore[reuse]`` (no reason), or the same comment above a line
with no ``reuse`` finding (unused).
"""

from __future__ import annotations

from rung.problems import Level

ID = "suppression"
LEVEL = Level.ERROR

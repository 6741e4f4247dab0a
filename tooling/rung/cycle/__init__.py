"""The committee's cycle: status, calibration agenda, decisions applied, letters, reminders.

``pulls`` (plain data read from GitHub), ``verdicts`` (the one adapter to the
scorecard's collation), ``status`` (one row per packet, pure), ``measure`` (the
disagreement measure and the agenda's order), ``load`` (a cycle from disk),
``report`` (text, JSON, Markdown), ``dashboard`` (one self-contained HTML file),
``agenda`` and ``letter`` (PDFs through :mod:`rung.render`; the letter from the
decision record alone), ``redact`` and ``feedback`` (the draft of the committee's
feedback, with no reviewer in it), ``remind`` (who is owed a nudge).  docs/committee.md describes the cycle end to end.

May import: :mod:`rung.render` (its PDFs), :mod:`rung.scorecard` (through ``verdicts``),
the core, the model, :mod:`rung.loaders` and :mod:`rung.problems`; never PyGithub
(GitHub is read by :mod:`rung.github.cycle`).
"""

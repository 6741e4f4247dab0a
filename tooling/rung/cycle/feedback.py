"""A draft of the committee's feedback from the reviewers' ``/not-yet`` reasons.

``rung letter --draft-feedback`` prints it for a chair to rewrite into the
committee's words and paste under the decision in ``decisions.yaml``: the letter
reads only that file.  The reasons are the counted ones (as the scorecard
counts), with every trace of who wrote them taken out (:mod:`rung.cycle.redact`);
the draft is a starting point, never the record, and rung writes it nowhere.
"""

from __future__ import annotations

import json

from rung.cycle.redact import Redactor
from rung.cycle.verdicts import PacketVerdicts
from rung.model.coverage import Coverage
from rung.scorecard.markdown import one_line


def _quoted(text: str) -> str:
    """A YAML double-quoted scalar: JSON's string syntax is YAML's, escapes and all.

    Readable letters stay as they are; anything YAML would refuse in a stream (C1
    controls, line separators, unassigned code points) is written as an escape.
    """
    quoted = json.dumps(text, ensure_ascii=False)
    return "".join(ch if ch.isprintable() else _escape(ch) for ch in quoted)


def _escape(ch: str) -> str:
    return f"\\U{ord(ch):08x}" if ord(ch) > 0xFFFF else f"\\u{ord(ch):04x}"


def _comment(text: str) -> str:
    """Ladder text as a one-line YAML comment (``split`` also breaks on U+2028)."""
    return " ".join(one_line(text).split())[:200]


def draft_feedback(
    coverage: Coverage,
    verdicts: PacketVerdicts,
    redact: Redactor,
    *,
    candidate: str,
    cycle: str,
    pull: int,
) -> str:
    """The ``feedback:`` block for ``candidate``'s decision, indented to sit in its entry."""
    lines = [
        f"# Draft feedback for {one_line(candidate)} from the counted /not-yet reasons on "
        f"pull request #{pull},",
        "# with reviewers' logins, names, @mentions and links into pull requests taken out.",
        "# Rewrite it in the committee's words, then put it under the decision in",
        f"# packets/{cycle}/decisions.yaml: the letter carries only what that file says.",
        "    feedback:",
    ]
    by_id = {c.criterion: c for c in verdicts.criteria}
    empty = True
    for row in coverage.rows:
        reasons = by_id[row.criterion.id].reasons if row.criterion.id in by_id else ()
        cleaned = [text for text in (redact(r) for r in reasons) if text]
        if not cleaned:
            continue
        empty = False
        lines.append(f"      # {_comment(row.criterion.text)}")
        lines.append(f"      {row.criterion.id}: {_quoted(' '.join(cleaned))}")
    if empty:
        lines[-1] = "    # no counted /not-yet gave a reason: nothing to draft"
    return "\n".join(lines) + "\n"

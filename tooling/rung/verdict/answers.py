"""What a reviewer types at the prompts, read strictly: anything else is asked again."""

from __future__ import annotations

from rung.verdict.plan import NEEDS_REASON

SKIP = "skip"
KEEP = "keep"
_CHOICES = {
    "m": "meets",
    "meets": "meets",
    "n": "not-yet",
    "not-yet": "not-yet",
    "not yet": "not-yet",
    "a": "abstain",
    "abstain": "abstain",
    "s": SKIP,
    "skip": SKIP,
}
_KEEP = {"k", "keep", ""}


def choice_prompt(has_given: bool) -> str:
    if has_given:
        return "[k]eep (Enter), [m]eets, [n]ot yet, [a]bstain? "
    return "[m]eets, [n]ot yet, [a]bstain, [s]kip? "


def parse_choice(text: str, has_given: bool) -> str | None:
    """meets, not-yet, abstain, ``SKIP`` or (where a verdict was given) ``KEEP``; None:
    not an answer.  Keeping is the default on Enter only where there is something to keep,
    so a stray Enter never posts or skips anything."""
    word = " ".join(text.strip().casefold().split())
    if has_given and word in _KEEP:
        return KEEP
    return _CHOICES.get(word)


def reason_prompt(verdict: str) -> str:
    return "Reason: " if verdict in NEEDS_REASON else "Reason (optional, Enter for none): "


def parse_reason(text: str, verdict: str) -> str | None:
    """The reason as one line, or None when ``verdict`` needs one and none was given."""
    reason = " ".join(text.split())
    if not reason and verdict in NEEDS_REASON:
        return None
    return reason

"""The interactive part of ``rung verdict``: one criterion at a time, on a terminal.

Everything shown from the packet is the candidate's text: it is printed on one
line without control characters (C0, DEL and the C1 range some terminals obey as
escapes), so a claim cannot move the cursor, clear the screen or forge what the
reviewer reads.  An answer that is
not one of the choices, or a missing reason where one is required, is asked
again.  End of input (Ctrl-D) stops the walk with nothing chosen: the command
then posts nothing at all, never half a review.
"""

from __future__ import annotations

from typing import TextIO

from rung.verdict.answers import (
    KEEP,
    SKIP,
    choice_prompt,
    parse_choice,
    parse_reason,
    reason_prompt,
)
from rung.verdict.plan import Draft, Step, comment_body

Chosen = dict[str, tuple[str, str]]  # criterion -> (verdict, reason)


def one_line(text: str) -> str:
    """``text`` on one line, every control character a space."""
    return "".join(" " if ord(c) < 0x20 or 0x7F <= ord(c) <= 0x9F else c for c in text)


class Stopped(Exception):
    """The reviewer ended the input before the walk was done."""


def show(step: Step, number: int, total: int, out: TextIO) -> None:
    """The criterion as the reviewer needs it: the ladder's words, the claims, the marks."""
    out.write(f"\n[{number}/{total}] {step.criterion}  (line {step.line}, {step.status})\n")
    out.write(f"  Ladder: {one_line(step.words)}\n")
    for claim in step.claims:
        out.write(f"  Claim: {one_line(claim.text)}\n")
        for link, mark in claim.links:
            out.write(f"    {one_line(link)}  [{one_line(mark)}]\n")
    if step.gap is not None:
        out.write(f"  Gap: {one_line(step.gap)}\n")
    if not step.claims and step.gap is None:
        out.write("  No evidence.\n")
    if step.given is not None:
        out.write(
            f"  You gave: {one_line(f'/{step.given.verdict} {step.given.reason}'.rstrip())}\n"
        )


def _ask(prompt: str, stream: TextIO, out: TextIO) -> str:
    out.write(prompt)
    out.flush()
    line = stream.readline()
    if not line:
        out.write("\n")
        raise Stopped
    return line.rstrip("\r\n")


def walk(steps: list[Step], stream: TextIO, out: TextIO) -> Chosen:
    """Ask for each step's verdict; raises Stopped at end of input."""
    chosen: Chosen = {}
    placed = [step for step in steps if step.line > 0]
    for number, step in enumerate(placed, 1):
        show(step, number, len(placed), out)
        given = step.given is not None
        while (choice := parse_choice(_ask(choice_prompt(given), stream, out), given)) is None:
            out.write("  Not an answer: type one of the letters in brackets.\n")
        if choice in (SKIP, KEEP):
            continue
        while (reason := parse_reason(_ask(reason_prompt(choice), stream, out), choice)) is None:
            out.write(f"  /{choice} needs a reason: the candidate reads it.\n")
        chosen[step.criterion] = (choice, reason)
    return chosen


def summary(drafts: list[Draft], out: TextIO) -> None:
    for draft in drafts:
        out.write(f"  line {draft.line}  {draft.criterion}: {one_line(comment_body(draft))}\n")


def confirm(count: int, number: int, stream: TextIO, out: TextIO) -> bool:
    plural = "verdict" if count == 1 else "verdicts"
    answer = _ask(f"Post {count} {plural} to #{number} as one review? [y/N] ", stream, out)
    return answer.strip().casefold() in ("y", "yes")

"""The scorecard as the Markdown of the pull-request comment.

Everything a packet author or a commenter wrote is untrusted: it is escaped so
it cannot break the table, inject HTML, close the hidden marker comment, or
mention (notify) anybody.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence

from rung.problems import Problem
from rung.record.rounds import Given, Rounds
from rung.scorecard.collate import (
    MARKER,
    MAX_BODY_CHARS,
    MAX_CELL_CHARS,
    MAX_IGNORED_SHOWN,
    STATUS_WORDS,
    SUPERSEDED,
    NotCounted,
    Row,
    Scorecard,
    link_to_line,
)
from rung.scorecard.view import sealed_counts

# What can start inline markup (GitHub renders ``$...$`` as math); block syntax
# cannot start inside a table cell or after a heading's first words.
_PUNCTUATION = set("\\`*_[]()!#~${}")
_ENTITIES = {"&": "&amp;", "<": "&lt;", ">": "&gt;", "|": "&#124;"}


def one_line(text: str) -> str:
    """Untrusted text on one line without control characters (C0, DEL, C1)."""
    return "".join(" " if ord(c) < 0x20 or 0x7F <= ord(c) < 0xA0 else c for c in text)


def escape(text: str, limit: int = MAX_CELL_CHARS) -> str:
    """``text`` as inert Markdown on one line: no markup, HTML, table break, mention or
    control character.  The one escaper for untrusted text in Markdown (the scorecard
    comment, the cycle's status issue)."""
    flat = " ".join(one_line(text).split())
    if len(flat) > limit:
        flat = flat[: limit - 1].rstrip() + "…"
    out: list[str] = []
    for char in flat:
        if char in _ENTITIES:
            out.append(_ENTITIES[char])
        elif char in _PUNCTUATION:
            out.append("\\" + char)
        elif char == "@":
            out.append("@\u200b")  # a zero-width space: shown, but never a mention
        else:
            out.append(char)
    return "".join(out)


_SYMBOL = {"meets": "✅", "not-yet": "❌", "abstain": "➖"}
_RECOMMEND = {"promote": "promote", "not-yet": "not yet", "defer": "defer"}
_STATE_WORDS = {"APPROVED": "approved", "CHANGES_REQUESTED": "requested changes"}
# The verified column (``--evidence``), with the symbols of the evidence marks (docs/evidence.md).
VERIFICATION_CELLS = {
    "verified": "✓ verified",
    "unverified": "⚠ unverified",
    "not checked": "not checked",
}


def _evidence_cell(row: Row) -> str:
    if row.gap is not None:
        return f"gap: {escape(row.gap)}"
    if row.status == "missing":
        return "missing"
    if row.criterion.min_evidence > 1:
        mark = "" if row.status == "met" else " (short)"  # "met": enough items (coverage)
        return f"checkpoint {row.evidence}/{row.criterion.min_evidence}{mark}"
    return str(row.evidence)


def _verdict_cell(row: Row, rounds: Rounds | None) -> str:
    if not row.verdicts:
        return "—"
    return " · ".join(
        f"{_SYMBOL[v.value]} {escape(login)}{' abstained' if v.value == 'abstain' else ''}"
        f"{' (outdated)' if v.outdated else ''}{_round_one_mark(rounds, login, row, v.value)}"
        for login, v in row.verdicts.items()
    )


def _round_one_mark(rounds: Rounds | None, login: str, row: Row, value: str) -> str:
    """`` (round one ❌)`` beside a verdict changed after the reveal."""
    if rounds is None or rounds.revealed_at is None:
        return ""
    one = rounds.round_one_of(login, row.criterion.id)
    return f" (round one {_SYMBOL[one.value]})" if one is not None and one.value != value else ""


def _row_line(index: int, row: Row, card: Scorecard, verification: Mapping[str, str] | None) -> str:
    link = link_to_line(card.file_url, row.line)
    name = f"[{escape(row.criterion.id)}]({link})" if link else escape(row.criterion.id)
    verified = (
        ""
        if verification is None
        else f" | {VERIFICATION_CELLS[verification.get(row.criterion.id, 'not checked')]}"
    )
    return (
        f"| {index} | {name}<br>{escape(row.criterion.text)} | {_evidence_cell(row)}{verified} "
        f"| {row.comments} | {_verdict_cell(row, card.record.rounds if card.record else None)} |"
    )


def render_markdown(
    card: Scorecard,
    artifacts_url: str | None = None,
    max_chars: int = MAX_BODY_CHARS,
    verification: Mapping[str, str] | None = None,
) -> str:
    """The sticky comment's body, cut to ``max_chars`` with a pointer to the full report.

    ``verification`` (criterion id -> ``verified`` / ``unverified`` / ``not checked``,
    from ``rung scorecard --evidence``) adds the verified column; without it there is
    no column, rather than "not checked" on every row.
    """
    p = card.packet
    columns = ("evidence", "verified") if verification is not None else ("evidence",)
    head = [
        MARKER,
        f"### Scorecard: {escape(p.name)} ({escape(p.candidate)}), "
        f"{escape(p.ladder)} {escape(p.from_level)} → {escape(p.to_level)}",
        "",
        _summary(card),
        "",
        *_problem_lines(card.path, card.problems),
        f"| # | criterion | {' | '.join(columns)} | comments | verdicts |",
        f"|---:|---|{'---|' * len(columns)}---:|---|",
    ]
    rows = [_row_line(i, row, card, verification) for i, row in enumerate(card.rows, 1)]
    tail = ["", *_footer(card)]
    full = "\n".join([*head, *rows, *tail]) + "\n"
    if len(full) <= max_chars:
        return full
    where = (
        f"the workflow run's artifacts: {artifacts_url}"
        if artifacts_url
        else f"run rung scorecard {escape(card.path)} --pr N"
    )
    note = (
        f"\n**This scorecard is {len(full):,} characters, more than a comment holds; "
        f"the table is cut here.** The full report: {where}\n"
    )
    footer = "\n".join(tail) + "\n"
    kept = "\n".join(head)
    if len(kept) + len(note) + len(footer) > max_chars:
        footer = ""  # the table's head and the pointer matter more
    if len(kept) + len(note) + len(footer) > max_chars:
        return MARKER + note  # a pathological header
    budget = max_chars - len(note) - len(footer)
    for line in rows:
        if len(kept) + 1 + len(line) > budget:
            break
        kept += "\n" + line
    return kept + "\n" + note + footer


MAX_PROBLEMS_SHOWN = 10


def _problem_lines(path: str, problems: Sequence[Problem]) -> list[str]:
    """The validation errors that keep a packet from being routed, as a short list."""
    if not problems:
        return []
    lines = [
        f"**This packet does not pass `rung validate` ({len(problems)} error"
        f"{'s' if len(problems) != 1 else ''}): it is not routed to reviewers until it does.**",
        "",
    ]
    lines += [
        f"- line {p.line}: {escape(p.message)} ({escape(p.rule)})"
        for p in problems[:MAX_PROBLEMS_SHOWN]
    ]
    if len(problems) > MAX_PROBLEMS_SHOWN:
        lines.append(
            f"- and {len(problems) - MAX_PROBLEMS_SHOWN} more: run rung validate {escape(path)}"
        )
    return [*lines, ""]


def render_problems(path: str, problems: Sequence[Problem]) -> str:
    """The comment for a packet too broken to score: only what to fix."""
    head = [MARKER, f"### Scorecard: {escape(path)}", ""]
    return "\n".join([*head, *_problem_lines(path, problems)]) + "\n"


def _summary(card: Scorecard) -> str:
    statuses = [row.status for row in card.rows]
    parts = [f"{len(card.rows)} criteria"] + [
        f"{statuses.count(s)} {STATUS_WORDS[s]}"
        for s in ("met", "partial", "gap", "missing")
        if s in statuses
    ]
    total = sum(row.comments for row in card.rows)
    parts.append(f"{total} review comment{'s' if total != 1 else ''} on criteria")
    return " · ".join(parts)


def _not_counted(item: NotCounted) -> str:
    where = f" on {escape(item.criterion)}" if item.criterion else ""
    what = escape(f"{item.command}")
    link = f"[{what}]({item.url})" if item.url.startswith(("https://", "http://")) else what
    return f"{link} by {escape(item.login)}{where} ({escape(item.reason)})"


def _footer(card: Scorecard) -> list[str]:
    out: list[str] = []
    if card.pending:
        waiting = ", ".join(
            f"{escape(login)} ({missing} of {len(card.rows)})"
            for login, missing in card.pending.items()
        )
        out.append(f"**Verdicts still to give:** {waiting}")
    else:
        out.append("**Verdicts still to give:** none")
    if card.seals:  # who and how many, never which criteria or what: not until the reveal
        sealed = " · ".join(
            f"{escape(login)} {n} of {len(card.rows)}"
            for login, n in sealed_counts(card.seals).items()
        )
        out.append(f"**Sealed verdicts (opened at the reveal):** {sealed}")
    if card.reviews:
        decided = " · ".join(
            f"{escape(login)} {_STATE_WORDS[s]}" for login, s in card.reviews.items()
        )
        out.append(f"**Reviews:** {decided}")
    if card.recommendations:
        said = " · ".join(
            f"{escape(login)}: {_RECOMMEND[v.value]}" for login, v in card.recommendations.items()
        )
        out.append(f"**Recommendations:** {said}")
    listed = [n for n in card.not_counted if n.reason != SUPERSEDED]
    if listed:
        shown = "; ".join(_not_counted(n) for n in listed[:MAX_IGNORED_SHOWN])
        more = len(listed) - MAX_IGNORED_SHOWN
        out.append(f"**Not counted:** {shown}{f'; and {more} more' if more > 0 else ''}")
    replaced = len(card.not_counted) - len(listed)
    if replaced:
        out.append(f"{replaced} earlier verdict(s) replaced by the same reviewer's later one.")
    if card.unplaced:
        out.append(
            f"{card.unplaced} review comment(s) on the packet are outside every criterion's lines."
        )
    out += _record_lines(card)
    out = [part for line in out for part in (line, "")]  # a paragraph each
    edits = (
        "an edit by anyone else changes nothing (the promotion record keeps what you wrote)"
        if card.record is not None
        else "an edit by anyone else voids it"
    )
    out += [
        "<sub>Committee members: comment `/meets <why>`, `/not-yet <why>` or `/abstain <why>` "
        "on a criterion's lines in the pull request's diff, and "
        "`/recommend promote|not-yet|defer <why>` in "
        f"your review or the conversation. Your latest one counts; {edits}.</sub>",
    ]
    return out


def _record_lines(card: Scorecard) -> list[str]:
    """What the promotion record says besides the counts: who was assigned, who was asked
    by hand, changes by others, a new manager, other pull requests."""
    view = card.record
    if view is None:
        return []
    assigned = ", ".join(escape(login) for login in view.assigned) or "nobody yet"
    out = [f"**Assigned reviewers (the promotion record):** {assigned}"]
    if view.hand_requests:
        asked = "; ".join(
            f"{escape(login)} (requested by {escape(by) if by else 'someone else'})"
            for login, by in view.hand_requests
        )
        out.append(f"**Requested by hand — not assigned, their verdicts do not count:** {asked}")
    if view.notes:
        shown = "; ".join(
            f"{escape(n.command)} by {escape(n.login)}"
            f"{f' on {escape(n.criterion)}' if n.criterion else ''} ({escape(n.note)})"
            for n in view.notes[:MAX_IGNORED_SHOWN]
        )
        out.append(f"**Changed by someone else, counted as written:** {shown}")
    if view.rounds is not None:
        out += rounds_lines(view.rounds)
    if view.manager_changes:
        named = ", ".join(escape(m or "nobody") for m in view.manager_changes)
        out.append(
            f"**For the chairs: the packet now names another manager** ({named}); the one "
            f"recorded at assignment, {escape(view.manager or 'nobody')}, still stands"
        )
    if view.other_pulls:
        others = ", ".join(f"#{n}" for n in view.other_pulls)
        out.append(
            f"**The packet's review is #{view.pull}.** Other pull requests touching it "
            f"({others}) are listed, never counted."
        )
    return out


_WORDS = {"meets": "meets", "not-yet": "not yet", "abstain": "abstained"}


def _said(given: Given | None) -> str:
    return "nothing" if given is None else f"{_SYMBOL[given.value]} {_WORDS[given.value]}"


def rounds_lines(rounds: Rounds) -> list[str]:
    """Round one, round two and independence, as the record says (docs/committee.md)."""
    if not rounds.round_one and not rounds.changes:
        return []  # nothing given yet: nothing to say
    if rounds.revealed_at is None:
        when = "the panel is not complete yet: every verdict so far is round one"
    elif rounds.sealed:
        when = f"round one closed at the reveal, {escape(rounds.revealed_at)}"
    else:
        when = f"round one closed when the panel became complete, {escape(rounds.revealed_at)}"
    out = [f"**Rounds:** {when}; {len(rounds.changes)} change(s) after it (round two)"]
    if rounds.changes:
        shown = "; ".join(
            f"{escape(c.after.author)} on {escape(c.after.criterion)}: round one "
            f"{_said(c.before)}, round two {_said(c.after)} — {escape(c.reason)}"
            for c in rounds.changes[:MAX_IGNORED_SHOWN]
        )
        more = len(rounds.changes) - MAX_IGNORED_SHOWN
        out.append(f"**Round two:** {shown}{f'; and {more} more' if more > 0 else ''}")
    out.append(
        f"**{rounds.independence_words[0].upper()}{rounds.independence_words[1:]}** "
        "(given before any other reviewer's verdict on this packet was visible)"
    )
    return out

"""``rung new``: write a fill-in packet for a move, with every criterion it requires."""

from __future__ import annotations

import argparse
import json
import re
import sys
import textwrap

from rung.ladder.model import Criterion, Ladder, MoveError, classify_move, required_criteria
from rung.loaders.schema_fast import load_schema
from rung.loaders.sources import display_path
from rung.model.repo import PACKETS_DIR, find_root, require_ladder
from rung.problems import FatalError
from rung.validate.rules.base import did_you_mean

WIDTH = 88
SINCE_PLACEHOLDER = "YYYY-MM"
_GUIDANCE = {
    "summary": "Two or three sentences: your role, what you work on, and why this move now.",
    "impact": "What changed because of your work, for users, the team and the company; "
    "numbers where you have them.",
}
# Plain scalars that yamlload would not read back as the same text.
_PLAIN = re.compile(r"[^\W\d_][\w .'-]*\Z")
_YAML_WORDS = frozenset({"true", "false", "null", "yes", "no", "on", "off", "y", "n", "~"})


def add_parser(subparsers: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    parser = subparsers.add_parser(
        "new",
        help="write a fill-in packet for a move: packets/CYCLE/LOGIN.md",
        description="Write packets/CYCLE/LOGIN.md with every criterion the move requires as a "
        "key, the ladder's text above it and one empty evidence item to fill in, plus the "
        "narrative sections the ladder requires.  Never overwrites a packet.",
    )
    parser.add_argument("--ladder", required=True, metavar="LADDER")
    parser.add_argument("--from", dest="from_level", required=True, metavar="LEVEL")
    parser.add_argument("--to", dest="to_level", required=True, metavar="LEVEL")
    parser.add_argument("--candidate", required=True, metavar="LOGIN", help="GitHub login")
    parser.add_argument("--name", required=True, help="the candidate's name")
    parser.add_argument("--manager", required=True, metavar="LOGIN", help="the manager's login")
    parser.add_argument("--cycle", required=True, metavar="CYCLE", help="e.g. 2026-H2")
    parser.add_argument("--since", metavar="YYYY-MM", help="the month the candidate reached FROM")
    parser.set_defaults(func=run_new)


def yaml_scalar(text: str) -> str:
    """``text`` as a YAML scalar that reads back as exactly this text."""
    if _PLAIN.match(text) and text.lower() not in _YAML_WORDS and not text.endswith(" "):
        return text
    return json.dumps(text, ensure_ascii=False)  # a JSON string is a YAML double-quoted scalar


def _comment(text: str, indent: str) -> list[str]:
    return [
        f"{indent}# {line}"
        for line in textwrap.wrap(" ".join(text.split()), WIDTH - len(indent) - 2) or [""]
    ]


def _check_field(name: str, value: str, definition: str) -> None:
    schema = load_schema("packet")
    spec = schema["properties"][definition]
    spec = schema["$defs"][spec["$ref"].removeprefix("#/$defs/")] if "$ref" in spec else spec
    if not re.search(spec["pattern"], value):
        raise FatalError(
            f"--{name} '{value}' is not in the expected form (e.g. '{spec['examples'][0]}')"
        )


def render_packet(args: argparse.Namespace, ladder: Ladder, criteria: list[Criterion]) -> str:
    """The text of the fill-in packet."""
    kind = classify_move(ladder, args.from_level, args.to_level).value
    since = args.since or SINCE_PLACEHOLDER
    out = [
        "---",
        "# A promotion packet; docs/packets.md describes every field.",
        f"candidate: {args.candidate}",
        f"name: {yaml_scalar(args.name.strip())}",
        f"manager: {args.manager}",
        f"ladder: {ladder.id}",
        f"from: {args.from_level}",
        f"to: {args.to_level}",
        f"cycle: {args.cycle}",
        f"in_level_since: {since}"
        + ("  # the month you reached " + args.from_level if not args.since else ""),
    ]
    target = ladder.level(args.to_level)
    if target is not None and target.expected_ratings and ladder.competencies:
        expected = ", ".join(
            f"{ladder.competencies[c]} {n}" for c, n in target.expected_ratings.items()
        )
        out += _comment(f"Optional self-ratings (1-5); {target.id} expects: {expected}.", "")
        out.append("# ratings:")
        out += [f"#   {c}:" for c in target.expected_ratings]
    limit = ladder.policy.gap_limit(len(criteria))
    gaps = ""
    if limit is not None:
        gaps = f" ({ladder.id} allows at most {limit} gap{'' if limit == 1 else 's'})"
    out += _comment(
        f"{args.from_level} -> {args.to_level} ({kind}): {len(criteria)} criteria.  For each, one "
        "or more items (a claim in your words and links to the work), or 'gap:' saying why it "
        f"is not shown yet{gaps}.  An item with an empty claim does not count.",
        "",
    )
    out.append("evidence:")
    area = None
    for criterion in criteria:
        level = ladder.level(criterion.level)
        names = {a.id: a.name for a in level.areas} if level else {}
        if (criterion.level, criterion.area) != area:
            area = (criterion.level, criterion.area)
            out.append(
                f"  # --- {criterion.level}: {names.get(criterion.area, criterion.area)} ---"
            )
        out += _comment(criterion.text, "  ")
        if criterion.min_evidence > 1:
            out.append(f"  # (needs {criterion.min_evidence} distinct items)")
        out += [f"  {criterion.id}:", '    - claim: ""', "      links: []"]
    out.append("---")
    for title in ladder.policy.required_sections or ("Summary",):
        # An HTML comment: a hint to the author that the `section` rule never counts
        # as the section's text.
        guidance = _GUIDANCE.get(title.casefold(), f"Write the {title} section.")
        out += ["", f"## {title}", "", f"<!-- {guidance} -->"]
    return "\n".join(out) + "\n"


def run_new(args: argparse.Namespace) -> int:
    root = find_root()
    for name, definition in (
        ("candidate", "candidate"),
        ("manager", "manager"),
        ("cycle", "cycle"),
    ):
        _check_field(name, getattr(args, name), definition)
    if args.since is not None:
        _check_field("since", args.since, "in_level_since")
    if not args.name.strip() or not args.name.isprintable():
        # isprintable() is False for line breaks, including U+2028 that YAML folds.
        raise FatalError("--name must be one line of printable text")
    ladder = require_ladder(root, args.ladder)
    for flag, level_id in (("from", args.from_level), ("to", args.to_level)):
        if ladder.level(level_id) is None:
            ids = [lv.id for lv in ladder.levels]
            hint = did_you_mean(level_id, ids) or f"; its levels: {', '.join(ids)}"
            raise FatalError(f"--{flag}: ladder '{ladder.id}' has no level '{level_id}'{hint}")
    try:
        criteria = required_criteria(ladder, args.from_level, args.to_level)
    except MoveError as err:
        raise FatalError(str(err)) from None
    path = root / PACKETS_DIR / args.cycle / f"{args.candidate}.md"
    text = render_packet(args, ladder, criteria)
    path.parent.mkdir(parents=True, exist_ok=True)
    try:
        with path.open("x", encoding="utf-8") as stream:
            stream.write(text)
    except FileExistsError:
        raise FatalError(
            f"{display_path(path)} already exists; edit it, or remove it to start again"
        ) from None
    shown = display_path(path)
    sys.stdout.write(
        f"wrote {shown}: {len(criteria)} criteria to fill in\n"
        f"check it with: rung validate {shown}\n"
    )
    if args.since is None:
        sys.stderr.write(
            f"rung: in_level_since is left as {SINCE_PLACEHOLDER}: "
            f"write the month {args.candidate} reached {args.from_level}\n"
        )
    return 0

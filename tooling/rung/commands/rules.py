"""``rung rules`` (what each finding means) and ``rung schema`` (the packet schema, for editors)."""

from __future__ import annotations

import argparse
import inspect
import json
import re
import sys

from rung.loaders.schema_fast import load_schema
from rung.model.packet import packet_schema
from rung.model.repo import (
    find_root,
    require_ladder,
)
from rung.problems import FatalError
from rung.validate.rules import FILE_RULES, RULES, FileRule
from rung.validate.rules.base import did_you_mean


def add_parser(subparsers: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    rules = subparsers.add_parser(
        "rules",
        help="list the packet rules, or explain one",
        description="List every rule a finding can name, or print one rule's explanation "
        "with a passing and a failing example.",
    )
    rules.add_argument("rule", nargs="?", metavar="RULE")
    rules.set_defaults(func=run_rules)

    schema = subparsers.add_parser("schema", help="JSON Schema of packet front matter, for editors")
    schema.add_argument("--ladder", metavar="LADDER", help="name this ladder's criteria as keys")
    schema.set_defaults(func=run_schema)


def run_rules(args: argparse.Namespace) -> int:
    every: dict[str, FileRule] = {**RULES, **FILE_RULES}
    if args.rule is None:
        width = max(len(rule_id) for rule_id in every)
        for rule_id, rule in every.items():
            first = plain_text((inspect.getdoc(rule) or "").splitlines()[0])
            sys.stdout.write(f"{rule_id:<{width}}  {rule.LEVEL!s:<7}  {first}\n")
        return 0
    chosen = every.get(args.rule)
    if chosen is None:
        hint = did_you_mean(args.rule, every) or f"; rules: {', '.join(every)}"
        raise FatalError(f"no rule '{args.rule}'{hint}")
    doc = plain_text(inspect.getdoc(chosen) or "")
    sys.stdout.write(f"{chosen.ID} (default level: {chosen.LEVEL})\n\n{doc}\n")
    return 0


def plain_text(doc: str) -> str:
    """A rule's reST docstring as plain text: ``code`` loses its backquotes, ``Passing::``
    its second colon."""
    return re.sub(r"``(.+?)``", r"\1", doc).replace("::\n", ":\n")


def run_schema(args: argparse.Namespace) -> int:
    if args.ladder is None:
        schema = load_schema("packet")
    else:
        schema = packet_schema(require_ladder(find_root(), args.ladder))
    json.dump(schema, sys.stdout, indent=2, ensure_ascii=False)
    sys.stdout.write("\n")
    return 0

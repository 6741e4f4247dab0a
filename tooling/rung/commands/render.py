"""``rung render`` (one PDF per packet) and ``rung bundle`` (the cycle's committee PDF).

Nothing heavy is imported at module level: the CLI imports this module to build
its parser, and ``rung validate`` must not pay for Jinja or WeasyPrint.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from rung.commands.fmt import packet_paths
from rung.commands.private_file import write_private
from rung.commands.render_shared import (
    DEFAULT_OUT,
    cache_keys,
    check_renderable,
    close_cache,
    common_options,
    open_cache,
    output_path,
    stamps,
    templates_folder,
    warn_fetches,
)
from rung.extras import require
from rung.ladder.model import MoveError
from rung.loaders.sources import display_path
from rung.model.repo import find_root, load_ladders
from rung.problems import FatalError, Level, Problem
from rung.render.inputs import AUDIENCES, RULE
from rung.validate.report import report_text


def add_parser(subparsers: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    render = subparsers.add_parser("render", help="render packets as committee PDFs")
    render.add_argument("packets", nargs="+", type=Path, metavar="PACKET",
                        help="packet files, or folders of them (packets/2026-H2)")  # fmt: skip
    render.add_argument("--out", type=Path, default=DEFAULT_OUT, metavar="DIR",
                        help="write DIR/<cycle>/<candidate>.pdf (default: out)")  # fmt: skip
    render.add_argument(
        "--html", action="store_true", help="also write the HTML given to WeasyPrint"
    )
    render.add_argument("--evidence", type=Path, action="append", default=[], metavar="FILE",
                        help="marks per claim from 'rung evidence --format json' (one file per packet)")  # fmt: skip
    render.add_argument("--verdicts", type=Path, action="append", default=[], metavar="FILE",
                        help="the panel from 'rung scorecard --format json' (one file per packet)")  # fmt: skip
    render.add_argument("--audience", choices=AUDIENCES, default="committee",
                        help="candidate: the packet without reviewers (default: committee)")  # fmt: skip
    render.add_argument("--preview", action="store_true",
                        help="say on every page that this is a pull request's own rendering, "
                        "not the committee's copy (packet-check's PDFs)")  # fmt: skip
    common_options(render)
    render.set_defaults(func=run_render)


def run_render(args: argparse.Namespace) -> int:
    require("render", "render")
    from rung.render.commit import resolve_commit
    from rung.render.inputs import read_inputs
    from rung.render.packet import render_packet
    from rung.render.pdf import RenderTimeout

    root = find_root()
    templates = templates_folder(root)
    ladders, _ = load_ladders(root)
    named = args.packets
    args.packets = packet_paths(named, root)  # a folder: each packet in it
    if not args.packets:
        raise FatalError(f"no packets in {', '.join(display_path(p) for p in named)}")
    inputs = read_inputs(args.packets, args.evidence, args.verdicts, args.audience)
    messages: set[str] = set()
    refused: list[str] = []
    # Every packet checked first, so git is asked once for all their stamps.
    checked = [(path, *check_renderable(path, ladders)) for path in args.packets]
    renderable = [(path, ladder) for path, source, ladder, _ in checked
                  if source is not None and ladder is not None]  # fmt: skip
    own = iter(stamps(resolve_commit(args.commit, root), root, renderable, templates))
    keys = cache_keys(templates, args, bundle=False)
    cache = open_cache(args)  # closed (and trimmed) after the loop; a crash leaves it whole
    status = 0
    for _, source, ladder, problems in checked:
        if source is None or ladder is None:
            report_text(problems, sys.stdout)
            status = 1
            continue
        stamp = next(own)
        # The key holds the packet's text and its stamp (uncommitted changes included).
        key = keys.key(source, ladder, stamp) if cache is not None else ""
        try:
            result = cache.get(key) if cache is not None else None
            if result is None:
                result = render_packet(
                    source,
                    ladder,
                    stamp,
                    templates,
                    args.time_limit,
                    **inputs.for_packet(source.path),
                    preview=args.preview,
                    ids=args.ids,
                )
                if cache is not None:
                    cache.put(key, result)
        except (RenderTimeout, MoveError) as err:
            report_text(
                [Problem(source.path, 0, 0, Level.ERROR, RULE, f"cannot render: {err}")], sys.stdout
            )
            status = 1
            continue
        summary = result.summary
        pdf_path = output_path(args.out, summary.cycle, summary.candidate, ".pdf")
        write_private(pdf_path, result.rendered.pdf)
        if args.html:
            write_private(
                output_path(args.out, summary.cycle, summary.candidate, ".html"),
                result.html.encode(),
            )
        messages.update(result.rendered.messages)
        refused.extend(result.rendered.refused)
        sys.stdout.write(f"wrote {display_path(pdf_path)} ({result.rendered.pages} pages)\n")
    close_cache(cache)
    warn_fetches(messages, refused)
    return status

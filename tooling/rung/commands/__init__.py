"""One module per ``rung`` subcommand; each exposes ``add_parser(subparsers)``.

May import: everything below; nothing imports a command but :mod:`rung.cli`.
"""

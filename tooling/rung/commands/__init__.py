"""One module per ``rung`` subcommand; each exposes ``add_parser(subparsers)``."""

"""Edits of a packet's text that keep everything they do not mean to change.

``rung fmt`` and ``rung packet sync`` change front-matter lines in place and
never re-dump the YAML: comments, key order, quoting style and the Markdown
body stay byte for byte, and every edit is checked by parsing the result.

May import: the model, :mod:`rung.ladder`, :mod:`rung.loaders` and :mod:`rung.problems`.
"""

"""Loaders: reading files and strict YAML with the position of every key and value.

Owns: decoding bytes (``sources``), which files git says changed (``gitchanges``),
a file as a local branch holds it (``gitshow``),
the YAML model (``yamldoc``), the strict loader and its C fast path (``yamlload``,
``yamlfast``), the hand-written slips it explains (``yamlslips``), JSON Schema
findings placed on nodes (``schema``), TOML with positions (``tomlload``, for
``rung.toml``) and GitHub's CODEOWNERS with its matching rules
(``codeowners``).

May import: the standard library, PyYAML and :mod:`rung.problems` — nothing else of rung.
"""

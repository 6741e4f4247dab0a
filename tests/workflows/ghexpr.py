"""GitHub Actions expressions (``${{ ... }}``), evaluated as the runner does.

Enough of the language for the end-to-end workflow test: contexts with
case-insensitive property access and ``[index]``, literals, ``! == != < <= > >=
&& ||`` with GitHub's loose equality (strings compare case-insensitively, mixed
types compare as numbers), ``||`` / ``&&`` returning an operand, and the
functions rung's workflows use.  Status functions read ``status`` from the
context: ``"success"``, ``"failure"`` or ``"cancelled"``.
"""

from __future__ import annotations

import hashlib
import json
import math
import re
from collections.abc import Callable, Mapping
from pathlib import Path
from typing import Any

_TOKEN = re.compile(
    r"\s*(?:(?P<num>-?\d+(?:\.\d+)?)|(?P<str>'(?:[^']|'')*')|(?P<op>==|!=|<=|>=|&&|\|\||[!<>()\[\].,*])"
    r"|(?P<name>[A-Za-z_][A-Za-z0-9_-]*))"
)
_TEMPLATE = re.compile(r"\$\{\{(.*?)\}\}", re.DOTALL)


class ExpressionError(ValueError):
    pass


def _tokens(text: str) -> list[tuple[str, str]]:
    out: list[tuple[str, str]] = []
    pos = 0
    text = text.strip()
    while pos < len(text):
        match = _TOKEN.match(text, pos)
        if match is None or match.end() == pos:
            raise ExpressionError(f"cannot read expression at {text[pos:]!r}")
        kind = match.lastgroup
        assert kind is not None
        out.append((kind, match.group(kind)))
        pos = match.end()
        while pos < len(text) and text[pos].isspace():
            pos += 1
    return out


def to_number(value: Any) -> float:
    if value is None:
        return 0.0
    if isinstance(value, bool):
        return 1.0 if value else 0.0
    if isinstance(value, int | float):
        return float(value)
    if isinstance(value, str):
        text = value.strip()
        if text == "":
            return 0.0
        try:
            return float(int(text, 0)) if text.lower().startswith(("0x", "0o")) else float(text)
        except ValueError:
            return math.nan
    return math.nan


def truthy(value: Any) -> bool:
    if value is None or value is False or value == "":
        return False
    if isinstance(value, int | float) and not isinstance(value, bool):
        return not (value == 0 or math.isnan(value))
    return True


def to_string(value: Any) -> str:
    """How a value is written into a string (an ``env:`` value, a ``run:`` line)."""
    if value is None:
        return ""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    if isinstance(value, dict | list):
        return json.dumps(value, indent=2)
    return str(value)


def _equal(a: Any, b: Any) -> bool:
    if isinstance(a, str) and isinstance(b, str):
        return a.casefold() == b.casefold()
    if a is None and b is None:
        return True
    if isinstance(a, dict | list) or isinstance(b, dict | list):
        return a is b
    if type(a) is type(b) and not isinstance(a, str):
        return bool(a == b)
    return to_number(a) == to_number(b)


def _compare(a: Any, b: Any, op: str) -> bool:
    if isinstance(a, str) and isinstance(b, str):
        x: Any = a.casefold()
        y: Any = b.casefold()
    else:
        x, y = to_number(a), to_number(b)
        if math.isnan(x) or math.isnan(y):
            return False
    return bool({"<": x < y, "<=": x <= y, ">": x > y, ">=": x >= y}[op])


def _member(value: Any, key: Any) -> Any:
    if isinstance(value, Mapping):
        if isinstance(key, str):
            for k, v in value.items():
                if str(k).casefold() == key.casefold():
                    return v
        return None
    if isinstance(value, list):
        number = to_number(key)
        if math.isnan(number) or number < 0 or int(number) >= len(value):
            return None
        return value[int(number)]
    return None


def _format(fmt: Any, *args: Any) -> str:
    return re.sub(r"\{(\d+)\}", lambda m: to_string(args[int(m.group(1))]), to_string(fmt))


def _hash_files(context: Mapping[str, Any], patterns: tuple[Any, ...]) -> str:
    """GitHub's hashFiles: the SHA-256 of each matching file's SHA-256, in path order,
    relative to the workspace; empty when nothing matches."""
    workspace = Path(str(context["github"]["workspace"]))
    files = sorted({p for pattern in patterns for p in workspace.glob(to_string(pattern))})
    digests = [hashlib.sha256(p.read_bytes()).digest() for p in files if p.is_file()]
    return hashlib.sha256(b"".join(digests)).hexdigest() if digests else ""


class _Parser:
    def __init__(self, text: str, context: Mapping[str, Any]) -> None:
        self.tokens = _tokens(text)
        self.pos = 0
        self.context = context
        self.functions: dict[str, Callable[..., Any]] = {
            "success": lambda: context.get("status", "success") == "success",
            "failure": lambda: context.get("status", "success") == "failure",
            "cancelled": lambda: context.get("status", "success") == "cancelled",
            "always": lambda: True,
            "contains": lambda hay, needle: (
                any(_equal(x, needle) for x in hay)
                if isinstance(hay, list)
                else to_string(needle).casefold() in to_string(hay).casefold()
            ),
            "startswith": lambda s, p: to_string(s).casefold().startswith(to_string(p).casefold()),
            "endswith": lambda s, p: to_string(s).casefold().endswith(to_string(p).casefold()),
            "format": _format,
            "tojson": lambda v: json.dumps(v, indent=2),
            "fromjson": lambda s: json.loads(to_string(s)),
            "hashfiles": lambda *patterns: _hash_files(context, patterns),
            "join": lambda v, sep=",": (
                to_string(sep).join(to_string(x) for x in v)
                if isinstance(v, list)
                else to_string(v)
            ),
        }

    def peek(self) -> str | None:
        return self.tokens[self.pos][1] if self.pos < len(self.tokens) else None

    def take(self, expected: str | None = None) -> tuple[str, str]:
        if self.pos >= len(self.tokens):
            raise ExpressionError("unexpected end of expression")
        token = self.tokens[self.pos]
        if expected is not None and token[1] != expected:
            raise ExpressionError(f"expected {expected!r}, found {token[1]!r}")
        self.pos += 1
        return token

    def parse(self) -> Any:
        value = self.or_()
        if self.pos != len(self.tokens):
            raise ExpressionError(f"unexpected {self.tokens[self.pos][1]!r}")
        return value

    def or_(self) -> Any:
        value = self.and_()
        while self.peek() == "||":
            self.take()
            right = self.and_()
            value = value if truthy(value) else right
        return value

    def and_(self) -> Any:
        value = self.equality()
        while self.peek() == "&&":
            self.take()
            right = self.equality()
            value = right if truthy(value) else value
        return value

    def equality(self) -> Any:
        value = self.relational()
        while self.peek() in ("==", "!="):
            op = self.take()[1]
            right = self.relational()
            value = _equal(value, right) if op == "==" else not _equal(value, right)
        return value

    def relational(self) -> Any:
        value = self.unary()
        while self.peek() in ("<", "<=", ">", ">="):
            op = self.take()[1]
            value = _compare(value, self.unary(), op)
        return value

    def unary(self) -> Any:
        if self.peek() == "!":
            self.take()
            return not truthy(self.unary())
        return self.postfix()

    def postfix(self) -> Any:
        value = self.primary()
        while self.peek() in (".", "["):
            if self.take()[1] == ".":
                value = _member(value, self.take()[1])
            else:
                key = self.or_()
                self.take("]")
                value = _member(value, key)
        return value

    def primary(self) -> Any:
        kind, text = self.take()
        if kind == "num":
            return float(text)
        if kind == "str":
            return text[1:-1].replace("''", "'")
        if text == "(":
            value = self.or_()
            self.take(")")
            return value
        if kind != "name":
            raise ExpressionError(f"unexpected {text!r}")
        lowered = text.lower()
        if lowered in ("true", "false"):
            return lowered == "true"
        if lowered == "null":
            return None
        if self.peek() == "(":
            self.take()
            args = []
            while self.peek() != ")":
                args.append(self.or_())
                if self.peek() == ",":
                    self.take()
            self.take(")")
            if lowered not in self.functions:
                raise ExpressionError(f"unknown function {text}()")
            return self.functions[lowered](*args)
        return _member(self.context, text)


def evaluate(expression: str, context: Mapping[str, Any]) -> Any:
    """The value of one expression, written with or without ``${{ }}``."""
    text = expression.strip()
    if text.startswith("${{") and text.endswith("}}") and text.count("${{") == 1:
        text = text[3:-2]
    return _Parser(text, context).parse()


def interpolate(text: str, context: Mapping[str, Any]) -> str:
    """``text`` with every ``${{ expr }}`` replaced by its value as a string."""
    return _TEMPLATE.sub(lambda m: to_string(evaluate(m.group(1), context)), text)


def uses_status_function(condition: str) -> bool:
    return re.search(r"\b(success|failure|cancelled|always)\s*\(", condition) is not None


def condition_holds(condition: Any, context: Mapping[str, Any]) -> bool:
    """A step or job ``if:``: without a status function it implies ``success() && (...)``."""
    status: str = context.get("status", "success")
    if condition is None:
        return status == "success"
    if isinstance(condition, bool):
        return condition and status == "success"
    text = str(condition)
    value = truthy(evaluate(text, context))
    if uses_status_function(text):
        return value
    return value and context.get("status", "success") == "success"

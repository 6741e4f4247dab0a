"""The fast path of :mod:`rung.loaders.yamlload`: libyaml's C composer builds the tree.

libyaml composes a node tree in C about five times faster than Python can walk
its event stream, but the tree hides anchors (and scalar aliases) and libyaml
composes recursively, so a deeply nested document could exhaust the C stack.
The fast path is therefore taken only for text that cannot contain an anchor,
alias or tag (no '&', '*' or '!' at the start of a token) and cannot nest
deeply; anything else, and any document the fast walk finds a problem in, goes
through the event walk, which reports the first problem in document order.
"""

from __future__ import annotations

import yaml

from rung.loaders.yamldoc import (
    MAX_DEPTH,
    MAX_INT_DIGITS,
    Document,
    Lines,
    StructureError,
    plain_scalar,
)
from rung.patterns import lazy

TYPE_CHECKING = False  # not typing's: importing typing costs every start
if TYPE_CHECKING:
    from typing import Any

# A marker that starts a token: the text's first character, or after whitespace or a
# flow indicator.  An '&' or '*' followed by a blank is no anchor or alias: their
# names have at least one character, so libyaml refuses it ("did not find expected
# alphabetic or numeric character"), the fast path falls back to the event walk, and
# the finding is the one the event walk gives.  "Scope & Impact" stays on the fast path.
_TOKEN_START_MARKER = lazy(r"(?:^|[\s\[\]{},])(?:!|[&*](?![ \t\r\n]))")
_BLANKS = (" ", "\t", "\r", "\n")
_DEEP_INDENT = "\n" + " " * 128
_MANY_MARKERS = 64  # beyond this, one regex scan beats a Python step per marker
_MAX_OPENERS = 4096  # libyaml's recursive composer overflows the C stack near 40,000

_CParser: Any
try:
    from yaml._yaml import CParser as _CParser
except ImportError:  # pragma: no cover - PyYAML built without libyaml
    _CParser = None


def fast_path_is_safe(text: str) -> bool:
    # Substring tests run in C.  Nesting is bounded by the indentation plus the
    # indicators that can open a collection on one line ('[', '{', '-', '?'), so
    # few of them means shallow.
    if _CParser is None or openers(text) >= _MAX_OPENERS:
        return False
    if _DEEP_INDENT in text or text.startswith(_DEEP_INDENT[1:]):
        return False
    return not _marker_at_token_start(text)


# Every byte but the four openers: deleting them leaves the openers, counted in one
# pass of bytes.translate (four str.count passes took twice as long, a few per cent
# of checking a packet).  UTF-8 never puts an ASCII byte inside another character.
_NOT_OPENERS = bytes(sorted(set(range(256)) - set(b"[{-?")))


def openers(text: str) -> int:
    """How many '[', '{', '-' and '?' ``text`` holds."""
    return len(text.encode("utf-8", "surrogatepass").translate(None, _NOT_OPENERS))


def _marker_at_token_start(text: str) -> bool:
    """Whether an '&', '*' or '!' starts a token: the text's first character, or
    after whitespace or a flow indicator (an '&' or '*' followed by a blank starts
    none).  Exactly ``_TOKEN_START_MARKER.search``.

    Real text has a few markers, inside words ("R&D", "Q&A", a URL's query), so
    finding each and looking at the character before it is far cheaper than the
    regex, which tries a match at every position.  Text full of markers goes to
    the regex, whose cost does not grow with their number.
    """
    seen = 0
    for marker in "&*!":
        at = text.find(marker)  # memchr: far faster than counting
        while at >= 0:
            # str.isspace is the regex's \s (both are Py_UNICODE_ISSPACE)
            if (at == 0 or text[at - 1].isspace() or text[at - 1] in "[]{},") and (
                marker == "!" or text[at + 1 : at + 2] not in _BLANKS
            ):
                return True
            seen += 1
            if seen > _MANY_MARKERS:
                return _TOKEN_START_MARKER.search(text) is not None
            at = text.find(marker, at + 1)
    return False


if _CParser is not None:

    class NodeLoader(_CParser, yaml.constructor.BaseConstructor, yaml.resolver.BaseResolver):  # type: ignore[misc]
        """libyaml's C composer with no implicit resolvers: untagged scalars are all
        ``str``, so any other tag on a node was written out by the author."""

        def __init__(self, stream: str) -> None:
            _CParser.__init__(self, stream)
            yaml.constructor.BaseConstructor.__init__(self)
            yaml.resolver.BaseResolver.__init__(self)

        # The composer calls these two hooks around every node; rung uses no path
        # resolvers, so builtins that accept the same arguments and do nothing
        # stand in for Python methods (a tenth of the fast path's time).
        descend_resolver = slice  # type: ignore[assignment]
        ascend_resolver = tuple  # type: ignore[assignment]

        def resolve(self, kind: Any, value: Any, implicit: Any) -> str:  # noqa: ARG002
            # Called by the C composer once per node: the cheapest possible answer.
            return _DEFAULT_TAG[kind]


_STR = "tag:yaml.org,2002:str"
_SEQ = "tag:yaml.org,2002:seq"
_MAP = "tag:yaml.org,2002:map"
_DEFAULT_TAG = {yaml.ScalarNode: _STR, yaml.SequenceNode: _SEQ, yaml.MappingNode: _MAP}


def build_from_nodes(root: Any, lines: Lines) -> Document:
    """Data from a composed tree, which keeps the positions; any oddity raises ``StructureError``.

    Hot loop: scalars (most nodes) are converted inline rather than through a
    call, and so are new collections (a call per list and mapping was a fifth of
    the walk).
    """
    seen_collections: set[int] = set()
    scalar_node = yaml.ScalarNode
    sequence_node = yaml.SequenceNode
    mapping_node = yaml.MappingNode

    def collection(node: Any, depth: int) -> Any:
        if node.__class__ is scalar_node or depth > MAX_DEPTH or id(node) in seen_collections:
            raise StructureError(0, 0, "scalar tag, depth or alias")
        seen_collections.add(id(node))
        if node.tag == _SEQ and isinstance(node, yaml.SequenceNode):
            return []
        if node.tag == _MAP and isinstance(node, yaml.MappingNode):
            return {}
        raise StructureError(0, 0, "tag")

    def scalar(node: Any) -> Any:
        if node.tag != _STR:
            raise StructureError(0, 0, "tag")
        return node.value if node.style else plain_scalar(node.value)

    if root is None:
        return Document(None, values={}, keys={})
    data = scalar(root) if root.__class__ is scalar_node else collection(root, 1)
    stack: list[tuple[Any, Any, int]] = (
        [(root, data, 1)] if root.__class__ is not scalar_node else []
    )
    seen = seen_collections.add
    while stack:
        node, target, depth = stack.pop()
        depth += 1
        if target.__class__ is list:
            for child in node.value:
                kind = child.__class__
                if kind is scalar_node:
                    if child.tag != _STR:
                        raise StructureError(0, 0, "tag")
                    text = child.value
                    # plain_scalar keeps any longer text as it is: no call for it
                    long = len(text) > MAX_INT_DIGITS
                    target.append(text if child.style or long else plain_scalar(text))
                    continue
                # What ``collection`` does, inline: the exact node classes the
                # composer makes, with their default tags, each node once.
                if depth > MAX_DEPTH or id(child) in seen_collections:
                    raise StructureError(0, 0, "depth or alias")
                if kind is sequence_node and child.tag == _SEQ:
                    value: Any = []
                elif kind is mapping_node and child.tag == _MAP:
                    value = {}
                else:
                    value = collection(child, depth)  # a subclass, or a tag: its answer
                seen(id(child))
                target.append(value)
                stack.append((child, value, depth))
            continue
        # The mapping's own keys find a duplicate; which node holds a key is
        # looked up from the tree only when a position is asked for (Document).
        for key_node, child in node.value:
            if key_node.__class__ is not scalar_node or key_node.tag != _STR:
                raise StructureError(0, 0, "key")
            name = key_node.value
            if name in target or (name == "<<" and not key_node.style):
                raise StructureError(0, 0, "duplicate or merge key")
            kind = child.__class__
            if kind is scalar_node:
                if child.tag != _STR:
                    raise StructureError(0, 0, "tag")
                text = child.value
                long = len(text) > MAX_INT_DIGITS
                target[name] = text if child.style or long else plain_scalar(text)
                continue
            if depth > MAX_DEPTH or id(child) in seen_collections:
                raise StructureError(0, 0, "depth or alias")
            if kind is sequence_node and child.tag == _SEQ:
                value = []
            elif kind is mapping_node and child.tag == _MAP:
                value = {}
            else:
                value = collection(child, depth)
            seen(id(child))
            target[name] = value
            stack.append((child, value, depth))
    return Document(data, root=root, lines=lines)

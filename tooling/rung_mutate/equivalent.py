"""Surviving mutants no test can kill, each with the reason.

Keyed by module name (:data:`rung_mutate.config.TARGETS`) and by the mutant's
key (``before  =>  after``, the source line and the mutated line, without a
line number, so the list survives unrelated edits).  A listed mutant that a test
does kill, or that is no longer generated, is reported, so the list stays true
(``tests/mutate/test_mutate.py`` checks that every key is still generated).
"""

from __future__ import annotations

_KEYS = (
    "keys = sorted((e.position[0], cid) for cid, e in packet.evidence.items() if e.position[0] > 0)"
)
_KEYS_IF = "keys = sorted((e.position[0], cid) for cid, e in packet.evidence.items() if "
_WALK = 'while start - 1 > floor and lines[start - 2].lstrip().startswith("#"):'
_WALK_TAIL = ' and lines[start - 2].lstrip().startswith("#"):'
_ENDS = "ends = [start - 1 for start in starts[1:]] + [max(last, keys[-1][0])]"
_RANGES = (
    "return {cid: (start, end) for (_, cid), start, end in zip(keys, starts, ends, strict=True)}"
)
_ORG = "orgs[member.org] = orgs.get(member.org, 0) + 1"
_POSITION = "position: Position = (0, 0)  # of the login value"
_MONOTONE = (
    "org counts are only compared with each other and with 0; 0, 1, 2 ... become 0, 2, 3 ... "
    "(or 0, 2, 4 ...), which keeps every comparison"
)
_BUILT_ONLY = "only _build makes Members in rung, and it always passes the login's position"
_LINE_ZERO = (
    "reached only for an outdated comment with original_line 0, which GitHub never sends; "
    "lines -1, 0 and 1 (the opening ---) are all outside every criterion"
)

_TC = "TYPE_CHECKING = False  # not typing's: importing typing costs every start"
_TC_TRUE = "TYPE_CHECKING = True  # not typing's: importing typing costs every start"
_TYPING_ONLY = (
    "the imports under it are for mypy: annotations are strings (from __future__ import "
    "annotations) and never evaluated; importing them anyway costs time, not behaviour"
)
_TYPING = {
    f"{_TC}  =>  {_TC_TRUE}": _TYPING_ONLY,
    "if TYPE_CHECKING:  =>  if True:": _TYPING_ONLY,
    "if TYPE_CHECKING:  =>  if False:": _TYPING_ONLY,
}
_PLAN_VERSION = (
    "the file's own code (plan_cache.py) is among its code stamps, so another format is "
    "another file already: VERSION only ever meets a file this same code wrote"
)
_DIGEST = (
    "index_cache hashes with digest_size=DIGEST_BYTES and index_table.py is among the code "
    "stamps the file is marked with: another width only ever meets a file it wrote itself"
)
_LENGTH = (
    "setting /Length to the value it holds writes the same text; an indirect /Length "
    "(which the setting would make direct) is not in rung's PDFs: WeasyPrint writes direct "
    "lengths, and drain() cannot copy an indirect number (pikepdf gives a Python int)"
)
_END = (
    "end is the no-line mark (-1, or -2 or 0 as mutated) or at least len(MAGIC): the "
    "bound `end > 0` and any bound between them sort them the same"
)
_INVALID = (
    "an invalid roster's plan has no levels: shortfalls() answers [] before the quota or "
    "exclude_manager is read"
)

EQUIVALENT: dict[str, dict[str, str]] = {
    "replay": {
        "elif isinstance(event, Decision):  =>  elif True:": (
            "the last branch of a chain over the seven event kinds: every other kind is "
            "handled above, so only a Decision ever reaches it"
        ),
    },
    "chain": {
        'line = data[: err.start].count(b"\\n") + 1  =>  '
        'line = data[: (err.start + 1)].count(b"\\n") + 1': (
            "the byte at err.start is the one UTF-8 refused, never a line break (ASCII decodes)"
        ),
        "if previous is not None and entry.seq > previous.seq + 1:  =>  "
        "if previous is not None and (entry.seq >= previous.seq + 1):": (
            "seq == previous.seq + 1 returned just above, so >= and > agree here"
        ),
        "if previous is not None and entry.seq > previous.seq + 1:  =>  "
        "if previous is not None and entry.seq > previous.seq + (0):": (
            "the only seq above previous.seq and not above previous.seq + 1 is previous.seq + 1,"
            " which returned just above"
        ),
        'prev = line_hash(text[:-1].rsplit("\\n", 1)[-1]) if text else GENESIS  =>  '
        'prev = line_hash(text[:-1].rsplit("\\n", (2))[-1]) if text else GENESIS': (
            "the last piece of a split from the right is the same whatever the split count"
        ),
    },
    "rounds": {
        "after = history[len(before) :]  =>  after = history[(len(before) - 1) :]": (
            "only after[-1] and whether after is empty are read: starting one earlier adds "
            "before[-1], which is round one itself (no change), or nothing when before is empty"
        ),
        "return False  =>  return None": "read only as a truth value (not _seen_before(...))",
    },
    "recorded": {
        "one = said[0] if len(said) == 1 else None  =>  "
        "one = said[(-1)] if len(said) == 1 else None": (
            "taken only from a list of one, whose first item is its last"
        ),
    },
    "grammar": {
        'if "/" not in body:  =>  if False:': (
            "a shortcut: without a '/' no line can match _COMMAND, which starts with '/'"
        ),
        'if "/" not in body:  =>  if "" not in body:': (
            "the same shortcut never taken ('' is in every string): the loop finds nothing either"
        ),
        'if "/assign" not in body.casefold():  =>  if False:': (
            "a shortcut: without '/assign' in any case no line can match _ASSIGN"
        ),
        'if "/assign" not in body.casefold():  =>  if "" not in body.casefold():': (
            "the same shortcut never taken ('' is in every string): the loop finds nothing either"
        ),
        "if TYPE_CHECKING:  =>  if False:": (
            "the imports under it are for mypy: annotations are strings (from __future__ import "
            "annotations) and never evaluated"
        ),
        "return False  =>  return None": (
            "the inline parser only tests _note_line's answer for truth: None and False both "
            "say 'no match here'"
        ),
    },
    "place": {
        f"{_KEYS}  =>  {_KEYS_IF}e.position[(1)] > 0)": (
            "a parsed evidence key has line and column >= 1, a built one (0, 0): the column "
            "filters the same keys as the line"
        ),
        f"{_KEYS}  =>  {_KEYS_IF}e.position[(-1)] > 0)": (
            "a parsed evidence key has line and column >= 1, a built one (0, 0): the column "
            "filters the same keys as the line"
        ),
        f"{_KEYS}  =>  {_KEYS_IF}e.position[0] > (1))": (
            "line 1 is the packet's opening ---: no evidence key is ever on it"
        ),
        "after = [line for line in top_level if line > keys[-1][0]]  =>  "
        "after = [line for line in top_level if line > keys[-(0)][0]]": (
            "top-level keys all lie outside evidence:, so none falls between its first and "
            "last key: both give the same list"
        ),
        f"{_WALK}  =>  while (start - 1 >= floor){_WALK_TAIL}": (
            "the floor line is evidence: or the previous criterion's key, never a comment, so "
            "the walk up stops there either way"
        ),
        f"{_WALK}  =>  while start - (0) > floor{_WALK_TAIL}": (
            "the floor line is evidence: or the previous criterion's key, never a comment, so "
            "the walk up stops there either way"
        ),
        f"{_ENDS}  =>  ends = [start - 1 for start in starts[1:]] + [max(last, keys[-(0)][0])]": (
            "last (the line before the next top-level key or before the closing ---) is never "
            "above the last key, so max gives last with either key"
        ),
        f"{_RANGES}  =>  {_RANGES.replace('strict=True', 'strict=False')}": (
            "keys, starts and ends are built to the same length"
        ),
        "last = comment.original_line or 0  =>  last = comment.original_line or (1)": _LINE_ZERO,
        "last = comment.original_line or 0  =>  last = comment.original_line or (-1)": _LINE_ZERO,
    },
    "tally": {
        "return found[0] if found else None  =>  return found[(-1)] if found else None": (
            "a comment with more than one command returned above, so found has one element here"
        ),
    },
    "assign": {
        "count = load.get(member.key, 0)  =>  count = load.get(member.key, (-1))": (
            "max_open_reviews is at least 1 (the schema), so a member with no open reviews is "
            "under it counted as 0 or as -1; the count is shown only when over"
        ),
        "if member.org:  =>  if True:": (
            "orgs[''] is never read: the rank and the reason look an org up only for a member "
            "who has one"
        ),
        f"{_ORG}  =>  orgs[member.org] = orgs.get(member.org, (1)) + 1": _MONOTONE,
        f"{_ORG}  =>  orgs[member.org] = orgs.get(member.org, 0) + (2)": _MONOTONE,
        "return (orgs.get(m.org, 0) if m.org else 0, load.get(m.key, 0))  =>  "
        "return (orgs.get(m.org, 0) if True else 0, load.get(m.key, 0))": (
            "orgs has no '' key (_count_org skips members without an org): 0 either way"
        ),
    },
    "roster": {
        f"{_POSITION}  =>  position: Position = ((1), 0)  # of the login value": _BUILT_ONLY,
        f"{_POSITION}  =>  position: Position = ((-1), 0)  # of the login value": _BUILT_ONLY,
        f"{_POSITION}  =>  position: Position = (0, (1))  # of the login value": _BUILT_ONLY,
        f"{_POSITION}  =>  position: Position = (0, (-1))  # of the login value": _BUILT_ONLY,
        "return ladder.level(level_id) if level_id is not None else None  =>  "
        "return ladder.level(level_id) if True else None": (
            "ladder.level(None) finds no level: None either way"
        ),
    },
    "decisions": {
        "close = difflib.get_close_matches(word.casefold(), options, n=1, cutoff=0.6)  =>  "
        "close = difflib.get_close_matches(word.casefold(), options, n=(2), cutoff=0.6)": (
            "only close[0] is read, and n=2 puts the same best match first"
        ),
        "line, column = decisions.doc.value_at((field,) if field else ())  =>  "
        "line, column = decisions.doc.value_at((field,) if True else ())": (
            "problem() is called without an index only for 'cycle', so field is never empty there"
        ),
        "if not problems and not path.is_file():  =>  if (not problems or not path.is_file()):": (
            "read_decisions gives no findings exactly when the file is not there, so 'and' and "
            "'or' agree"
        ),
    },
    "decision_rule": {
        "ref = _ref(cycle_dir) if pending else None  =>  ref = _ref(cycle_dir) if True else None": (
            "with nothing pending the loop yields nothing whatever the ref: the condition only "
            "spares a git call"
        ),
        "if ref is None:  =>  if False:": (
            "without a ref each read is `git show None:records/...`: a branch named None, "
            "which rung never writes, so nothing is weighed either way; the return is there "
            "for the type"
        ),
    },
    "plan_cache": {
        "now = stamp(roster_file, {k: v for k, v in stamped.paths.items() if k})  =>  "
        "now = stamp(roster_file, {k: v for k, v in stamped.paths.items() if True})": (
            "the key '' names the roster file, which stamp() puts under '' itself: the same "
            "paths are stamped"
        ),
        **_TYPING,
        "VERSION = 1  =>  VERSION = (2)": _PLAN_VERSION,
        "VERSION = 1  =>  VERSION = (0)": _PLAN_VERSION,
        "return CachedPlan(0, False, None)  =>  return CachedPlan((1), False, None)": _INVALID,
        "return CachedPlan(0, False, None)  =>  return CachedPlan((-1), False, None)": _INVALID,
        "return CachedPlan(0, False, None)  =>  return CachedPlan(0, True, None)": _INVALID,
    },
    "index_table": {
        **_TYPING,
        "DIGEST_BYTES = 16  =>  DIGEST_BYTES = (17)": _DIGEST,
        "DIGEST_BYTES = 16  =>  DIGEST_BYTES = (15)": _DIGEST,
        "for h, j in zip(self.hashes, self.owners, strict=True):  =>  "
        "for h, j in zip(self.hashes, self.owners, strict=False):": (
            "the two columns are always as long: from_bytes cuts both from the one count of "
            "pairs, and every Table built or updated extends them together"
        ),
        "if replaced:  # their old hashes go, from the last so the places hold  =>  "
        "if True:  # their old hashes go, from the last so the places hold": (
            "with nothing replaced the scan finds no owner in the empty set and deletes "
            "nothing: the condition only spares the scan"
        ),
        'end = data.find(b"\\n", len(MAGIC)) if data.startswith(MAGIC) else -1  =>  '
        'end = data.find(b"\\n", len(MAGIC)) if data.startswith(MAGIC) else -(2)': _END,
        'end = data.find(b"\\n", len(MAGIC)) if data.startswith(MAGIC) else -1  =>  '
        'end = data.find(b"\\n", len(MAGIC)) if data.startswith(MAGIC) else -(0)': _END,
        'sizes = data[len(MAGIC) : end].split(b" ") if end > 0 else []  =>  '
        'sizes = data[len(MAGIC) : end].split(b" ") if end > (1) else []': _END,
        'sizes = data[len(MAGIC) : end].split(b" ") if end > 0 else []  =>  '
        'sizes = data[len(MAGIC) : end].split(b" ") if (end >= 0) else []': _END,
        'sizes = data[len(MAGIC) : end].split(b" ") if end > 0 else []  =>  '
        'sizes = data[len(MAGIC) : end].split(b" ") if end > (-1) else []': _END,
    },
    "pdfcopy": {
        'return _TOKEN if b"(" in text else _REFERENCE  =>  '
        "return _TOKEN if True else _REFERENCE": (
            "a text without '(' holds no string literal, so the longer pattern finds the same "
            "references: the choice is for speed"
        ),
        "if match[1] is None:  =>  if match[(2)] is None:": (
            "the pattern's two groups (number, generation) match together: both are None "
            "exactly for a string literal"
        ),
        "if obj.is_indirect:  =>  if True:": (
            "a direct object's objgen is (0, 0): object 0 heads the free list and is never "
            "referenced, so mapping it changes no reference"
        ),
        'if obj.stream_dict.get("/Length") != len(data):  =>  if True:': _LENGTH,
        'if obj.stream_dict.get("/Length") != len(data):  =>  '
        'if obj.stream_dict.get("") != len(data):': _LENGTH,
        "head = obj.stream_dict.unparse(resolved=True)  =>  "
        "head = obj.stream_dict.unparse(resolved=False)": (
            "a stream's dictionary is a direct object: `resolved` changes only how an indirect "
            "object itself is written"
        ),
    },
}

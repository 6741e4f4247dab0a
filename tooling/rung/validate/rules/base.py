"""What every rule gets, and the wording helpers their messages share."""

from __future__ import annotations

from collections.abc import Iterable, Iterator

from rung.classes import dataclass
from rung.ladder.model import Criterion, Ladder
from rung.loaders.yamlload import Position
from rung.model.coverage import Coverage
from rung.model.packet import Packet
from rung.problems import Level, Problem

TYPE_CHECKING = False  # not typing's: importing typing costs every start
if TYPE_CHECKING:
    from functools import cached_property
    from typing import Protocol

    once = cached_property  # what ``once`` is to a type checker
else:
    Protocol = object  # a Protocol only describes; at run time a plain class will do

    class once:  # lower case: a decorator, like cached_property
        """``functools.cached_property`` without the lock Python 3.11 takes on each first
        read: every packet gets a new Context, so each first read is a packet's."""

        def __init__(self, func):
            self.func = func
            self.name = func.__name__
            self.__doc__ = func.__doc__

        def __get__(self, obj, owner=None):
            if obj is None:
                return self  # the class's attribute, for help()
            value = obj.__dict__[self.name] = self.func(obj)  # read from there next time
            return value


MAX_QUOTE = 100


@dataclass(frozen=True)
class Context:
    """A packet whose ladder and levels resolved.

    ``coverage`` is None when the ladder does not allow the packet's move
    (``step`` reports that); the rules that need it then have nothing to say.
    """

    packet: Packet
    ladder: Ladder
    coverage: Coverage | None

    @once
    def statuses(self) -> tuple[str, ...]:
        """``coverage.rows[i].status`` for each row, computed once (it is not stored)."""
        return tuple(row.status for row in self.coverage.rows) if self.coverage else ()

    @once
    def links(self) -> list[tuple[str, int, int, str]]:
        """Every link of the packet's evidence in file order, as (criterion id, item
        index, link index, link): one walk of the evidence for the rules that look
        at each link (``link``, ``github-link``)."""
        return [
            (criterion_id, item.index, j, link)
            for criterion_id, evidence in self.packet.evidence.items()
            for item in evidence.items
            for j, link in enumerate(item.links)
        ]

    @property
    def criteria(self) -> dict[str, Criterion]:
        """Every criterion of the ladder by id."""
        return self.ladder.criteria_by_id

    def problem(self, where: Position, level: Level, rule: str, message: str) -> Problem:
        return Problem(self.packet.path, where[0], where[1], level, rule, message)


class Rule(Protocol):
    """A rule module: ``ID``, default ``LEVEL``, a docstring, and ``check``."""

    ID: str
    LEVEL: Level

    def check(self, ctx: Context) -> Iterator[Problem]: ...


def quote(text: str, limit: int = MAX_QUOTE) -> str:
    """``text`` in double quotes, on one line, shortened to about ``limit`` characters."""
    flat = " ".join(text.split())
    if len(flat) > limit:
        flat = flat[: limit - 1].rstrip() + "…"
    return f'"{flat}"'


def label(criterion: Criterion) -> str:
    """``id ("text")``: how messages name a criterion."""
    return f"{criterion.id} ({quote(criterion.text)})"


def did_you_mean(word: str, options: Iterable[str]) -> str:
    """``; did you mean 'x'?`` for the closest option, or an empty string."""
    import difflib  # only when a message needs it: not on every start

    close = difflib.get_close_matches(word, list(options), n=1, cutoff=0.6)
    return f"; did you mean '{close[0]}'?" if close else ""


def lines(positions: Iterable[Position]) -> str:
    """``12, 30 and 41``: line numbers for a message."""
    numbers = [str(p[0]) for p in positions]
    if len(numbers) <= 1:
        return "".join(numbers)
    return ", ".join(numbers[:-1]) + " and " + numbers[-1]

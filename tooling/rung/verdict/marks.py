"""Evidence marks for the walk, from the evidence cache alone (never the network).

``rung evidence`` keeps GitHub's answers in its cache; the walk shows each link's
mark as that cache last saw the work, however old (the reviewer sees a hint,
not a check).  A link the cache does not hold is "not checked".  A cache entry
that does not parse is skipped, as ``rung evidence`` skips it.
"""

from __future__ import annotations

from rung.evidence.cache import Cache, entry_key
from rung.evidence.marks import Answer, cited_links, claim_marks, evaluate, hosts_for
from rung.evidence.model import Work
from rung.model.packet import Packet


def cached_marks(packet: Packet, cache: Cache, web_host: str) -> dict[tuple[str, int], list[str]]:
    """The marks of each claim by (criterion id, item index), in link order."""
    cited = cited_links(packet, hosts_for(web_host))
    answers: dict[str, Answer] = {}
    for c in cited:
        if c.ref is None or c.ref.key in answers:
            continue
        entry = cache.entries.get(entry_key(c.ref.key, packet.candidate))
        try:
            answers[c.ref.key] = (Work.from_json(entry["work"]), "cache")  # type: ignore[index]
        except (KeyError, TypeError, ValueError):
            continue
    return claim_marks(evaluate(packet, cited, answers, web_host))

"""The committee PDF's panel (rung.render.verdicts) with an abstention (issue 24): shown as
"abstained", never as meets or not yet, and no side in a split."""

from __future__ import annotations

from rung.render.verdicts import Panel


def test_an_abstention_is_shown_and_takes_no_side() -> None:
    panel = Panel(
        packet=None,
        reviewers=("ann", "bob", "carol"),
        verdicts={
            "a": {"ann": "not-yet", "bob": "abstain"},
            "b": {"ann": "meets", "bob": "abstain", "carol": "meets"},
        },
        recommendations={},
        reviews={},
    )
    assert panel.verdict("a", "bob") == "abstained"
    assert panel.tally("a") == "1 not yet, 1 abstained, 1 not given"
    assert panel.contested("a") == "all not yet"  # every side taken said not yet
    assert panel.contested("b") is None  # the abstention is not a split
    assert panel.area_tally(("a", "b")) == (2, 1, 1)  # meets, not yet, not given
    assert panel.given("bob", ("a", "b")) == 2  # an abstention is given

"""seal() and open_sealed(): age through pyrage, bound to where the verdict was given."""

from __future__ import annotations

import base64
import json
import re
from typing import Any

import pyrage
import pytest

from rung.scorecard.sealed import (
    PAD,
    Binding,
    Opened,
    Refused,
    armored,
    is_sealed,
    open_sealed,
    seal,
)

HERE = Binding("packets/2026-H2/dana-levi.md", "ic-2.team.mentors", "Noa-Shapiro", 7)


@pytest.fixture(scope="module")
def key() -> Any:
    return pyrage.x25519.Identity.generate()


def test_a_seal_opens_where_it_was_given_and_nowhere_else(key: Any) -> None:
    body = seal(str(key.to_public()), HERE, "/not-yet", "One mentee, not two — yet")
    assert is_sealed(body)
    assert "One mentee" not in body and "not-yet" not in body.split("```")[1]
    assert open_sealed(str(key), body, HERE) == Opened("/not-yet", "One mentee, not two — yet")
    folded = Binding(HERE.packet, HERE.criterion, "noa-shapiro", HERE.pull)
    assert open_sealed(str(key), body, folded) == Opened("/not-yet", "One mentee, not two — yet")
    for other, word in (
        (Binding("packets/2026-H2/amir.md", HERE.criterion, HERE.reviewer, 7), "packet"),
        (Binding(HERE.packet, "ic-2.delivery.leads-features", HERE.reviewer, 7), "criterion"),
        (Binding(HERE.packet, HERE.criterion, "amir-cohen", 7), "reviewer"),
        (Binding(HERE.packet, HERE.criterion, HERE.reviewer, 8), "pull request"),
    ):
        assert open_sealed(str(key), body, other) == Refused(
            f"sealed for another {word}: copied here"
        )


def test_every_plaintext_is_padded_so_the_length_tells_nothing(key: Any) -> None:
    """age hides nothing of the length: without padding /meets and /not-yet, or a short and
    a long reason, would differ in the ciphertext's size."""
    identity = str(key)
    sizes = set()
    for command, reason in (("/meets", ""), ("/not-yet", "x" * 300), ("/abstain", "é" * 20)):
        body = seal(str(key.to_public()), HERE, command, reason)
        text = armored(body)
        assert text is not None
        plain = pyrage.decrypt(text.encode(), [pyrage.x25519.Identity.from_str(identity)])
        assert len(plain) % PAD == 0
        sizes.add(len(plain))
    assert sizes == {PAD}


def test_two_seals_of_the_same_verdict_differ(key: Any) -> None:
    one = seal(str(key.to_public()), HERE, "/meets", "yes")
    two = seal(str(key.to_public()), HERE, "/meets", "yes")
    assert armored(one) != armored(two)


def test_a_rotated_out_key_still_opens_beside_the_new_one(key: Any) -> None:
    new = pyrage.x25519.Identity.generate()
    body = seal(str(key.to_public()), HERE, "/meets", "old key")
    both = f"# created 2026-01-01\n{new}\n{key}\n"
    assert open_sealed(both, body, HERE) == Opened("/meets", "old key")
    assert open_sealed(str(new), body, HERE) == Refused(
        "cannot be opened with the cycle's identity (another key, or damaged)"
    )
    assert open_sealed("", body, HERE) == Refused("no age identity to open it with")


def test_what_is_not_a_seal_rung_made_is_refused(key: Any) -> None:
    assert open_sealed(str(key), "/meets fine", HERE) == Refused("not a sealed verdict")
    raw = pyrage.encrypt(b'{"v":1}', [key.to_public()], armored=True).decode()
    body = f"/sealed\n\n```\n{raw.strip()}\n```\n"
    assert open_sealed(str(key), body, HERE) == Refused(
        "opened, but it is not a verdict rung sealed"
    )
    text = armored(seal(str(key.to_public()), HERE, "/meets", "x"))
    assert text is not None
    damaged = text.replace(text.split("\n")[3], base64.b64encode(b"\0" * 48).decode())
    assert isinstance(open_sealed(str(key), f"/sealed\n```\n{damaged}\n```", HERE), Refused)


@pytest.mark.parametrize(
    ("command", "reason", "message"),
    [
        ("/recommend promote", "x", "a sealed verdict is one of"),
        ("/meets", "two\nlines", "is one line"),
    ],
)
def test_seal_refuses_what_is_not_a_verdict(
    key: Any, command: str, reason: str, message: str
) -> None:
    with pytest.raises(ValueError, match=re.escape(message)):
        seal(str(key.to_public()), HERE, command, reason)
    with pytest.raises(ValueError, match="not an age recipient"):
        seal("age1nope", HERE, "/meets", "x")


@pytest.mark.parametrize(
    "body",
    [
        "/sealed",
        "/sealedx\n```\n-----BEGIN AGE ENCRYPTED FILE-----\nYQ==\n-----END AGE ENCRYPTED FILE-----\n```",
        "> /sealed\n```\n-----BEGIN AGE ENCRYPTED FILE-----\nYQ==\n-----END AGE ENCRYPTED FILE-----\n```",
        "/sealed\n```\n-----BEGIN AGE ENCRYPTED FILE-----\nYQ==\n-----END AGE ENCRYPTED FILE-----\n```\nmore",
    ],
)
def test_only_a_whole_sealed_body_is_a_seal(body: str) -> None:
    assert not is_sealed(body)


def _plain(key: Any, body: str) -> bytes:
    text = armored(body)
    assert text is not None
    return bytes(pyrage.decrypt(text.encode("ascii"), [key]))


def _sealed_raw(key: Any, data: object) -> str:
    """A body holding ``data`` as its plaintext, encrypted to ``key`` as seal() does."""
    raw = json.dumps(data).encode("utf-8")
    text = bytes(pyrage.encrypt(raw, [key.to_public()], armored=True)).decode("ascii").strip()
    return f"/sealed verdict\n\n```\n{text}\n```\n"


def test_the_plaintext_is_one_versioned_block_of_sorted_keys(key: Any) -> None:
    plain = _plain(key, seal(str(key.to_public()), HERE, "/meets", "Two mentees."))
    assert len(plain) == PAD == 512
    data = json.loads(plain)
    assert data["v"] == 1 and list(data) == sorted(data)
    assert plain.startswith(b'{"command":"/meets","criterion":"ic-2.team.mentors",')


@pytest.mark.parametrize(
    ("change", "why"),
    [
        ({"v": 2}, "another version"),
        ({"pull": "7"}, "a pull request number written as text"),
        ({"reason": 5}, "a reason that is not text"),
    ],
)
def test_a_plaintext_rung_did_not_write_is_refused(
    key: Any, change: dict[str, Any], why: str
) -> None:
    data: dict[str, Any] = {
        "v": 1, "packet": HERE.packet, "criterion": HERE.criterion, "reviewer": HERE.reviewer,
        "pull": HERE.pull, "command": "/meets", "reason": "ok", "pad": "",
    }  # fmt: skip
    assert open_sealed(str(key), _sealed_raw(key, data), HERE) == Opened("/meets", "ok")
    refused = open_sealed(str(key), _sealed_raw(key, {**data, **change}), HERE)
    assert refused == Refused("opened, but it is not a verdict rung sealed"), why
    assert open_sealed(str(key), _sealed_raw(key, [data]), HERE) == refused  # not an object


def test_a_key_and_a_body_as_people_paste_them(key: Any) -> None:
    """A recipient with spaces around it, a body with Windows line ends, an identity file
    as age-keygen writes it (comments, indentation, a blank line)."""
    body = seal(f"  {key.to_public()}\n", HERE, "/abstain", "Not my area.")
    crlf = body.replace("\n", "\r\n")
    assert is_sealed(crlf)
    identity = f"# created: 2026-07-01\n# public key: {key.to_public()}\n\n   {key}   \n"
    assert open_sealed(identity, crlf, HERE) == Opened("/abstain", "Not my area.")
    assert open_sealed("# nothing but a comment\n", body, HERE) == Refused(
        "no age identity to open it with"
    )

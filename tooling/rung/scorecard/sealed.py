"""Sealed verdicts: a verdict encrypted to the cycle's age recipient until the reveal.

A sealed verdict is a review comment on its criterion's line, like any verdict,
whose body is ``/sealed`` and an ASCII-armored age ciphertext in a code block::

    /sealed verdict: rung reveals it when the panel is complete or on the reveal date

    ```
    -----BEGIN AGE ENCRYPTED FILE-----
    ...
    -----END AGE ENCRYPTED FILE-----
    ```

The plaintext is canonical JSON that binds the verdict to where it was given
(packet path, criterion, reviewer, pull request) beside the command and its
reason, padded to a multiple of :data:`PAD` bytes so the ciphertext's length says
nothing about which command or how long a reason (age itself hides nothing of the
length).  The encryption is age's (``pyrage``, the Python binding of rage, the
Rust implementation): X25519 recipients, ChaCha20-Poly1305; rung adds no
cryptography of its own.  Each seal uses a fresh file key, so two seals of the
same verdict differ and a ciphertext's hash says nothing about its content.

Pure: :func:`seal` and :func:`open_sealed` take the keys as text and touch no
file, variable or network.  ``pyrage`` is imported only when a seal is made or
opened, so recognising a sealed comment (the offline preview) needs nothing.
"""

from __future__ import annotations

import contextlib
import json
import re
from dataclasses import dataclass
from typing import Any

BEGIN = "-----BEGIN AGE ENCRYPTED FILE-----"
END = "-----END AGE ENCRYPTED FILE-----"
PAD = 512  # bytes: every plaintext is a multiple of this long
VERSION = 1
COMMANDS = ("/meets", "/not-yet", "/abstain")
_BODY = re.compile(
    r"\A/sealed(?![\w/-])[^\n]*\n\s*```\n(" + BEGIN + r"\n[A-Za-z0-9+/=\n]+" + END + r")\n?```\s*\Z"
)
_HEADLINE = "/sealed verdict: rung reveals it when the panel is complete or on the reveal date"
_KEYS = ("v", "packet", "criterion", "reviewer", "pull", "command", "reason")


@dataclass(frozen=True)
class Binding:
    """Where a sealed verdict belongs: checked at the reveal against where it is."""

    packet: str  # packets/<cycle>/<login>.md
    criterion: str
    reviewer: str  # the comment's author (compared case-folded, as GitHub does)
    pull: int


@dataclass(frozen=True)
class Opened:
    command: str  # /meets, /not-yet or /abstain
    reason: str


@dataclass(frozen=True)
class Refused:
    """A sealed comment that is not revealed, and why; never says what it holds."""

    why: str


def armored(body: str) -> str | None:
    """The armored ciphertext of a sealed comment's ``body``; None when it is not one."""
    match = _BODY.match(body.replace("\r\n", "\n"))
    return match.group(1) if match else None


def is_sealed(body: str) -> bool:
    return armored(body) is not None


def seal(recipient: str, binding: Binding, command: str, reason: str) -> str:
    """The body of a review comment that holds ``command`` and ``reason`` sealed to
    ``recipient`` (an ``age1…`` X25519 public key); ValueError for a command that is not
    a verdict, a reason of more than one line or a recipient age does not read."""
    import pyrage  # the privileged side and the reviewer's tool only

    if command not in COMMANDS:
        raise ValueError(f"a sealed verdict is one of {', '.join(COMMANDS)}, not {command!r}")
    if "\n" in reason or "\r" in reason:
        raise ValueError("a verdict's reason is one line (the rest of the command's line)")
    try:
        key = pyrage.x25519.Recipient.from_str(recipient.strip())
    except Exception as err:  # pyrage raises its own exception types
        raise ValueError(f"not an age recipient (age1...): {err}") from None
    text = bytes(pyrage.encrypt(_plaintext(binding, command, reason), [key], armored=True))
    return f"{_HEADLINE}\n\n```\n{text.decode('ascii').strip()}\n```\n"


def open_sealed(identity: str, body: str, observed: Binding) -> Opened | Refused:
    """The verdict a sealed comment holds, when its binding names where it was observed
    (``observed``: the packet, the criterion it is placed on, its author, the pull
    request); a refusal that says which part differs (never what the verdict is) otherwise.

    ``identity`` is the text of an age identity file: one ``AGE-SECRET-KEY-1…`` per
    line (``#`` comments allowed), so a rotated-out key can sit beside the new one.
    """
    import pyrage

    text = armored(body)
    if text is None:
        return Refused("not a sealed verdict")
    keys = _identities(identity)
    if not keys:
        return Refused("no age identity to open it with")
    try:
        plain = bytes(pyrage.decrypt(text.encode("ascii"), keys))  # age reads its armor
    except Exception:  # wrong key, damaged or forged ciphertext: age says only that it failed
        return Refused("cannot be opened with the cycle's identity (another key, or damaged)")
    data = _parse(plain)
    if data is None:
        return Refused("opened, but it is not a verdict rung sealed")
    wrong = [
        name
        for name, said, seen in (
            ("packet", data["packet"], observed.packet),
            ("criterion", data["criterion"], observed.criterion),
            ("reviewer", str(data["reviewer"]).casefold(), observed.reviewer.casefold()),
            ("pull request", data["pull"], observed.pull),
        )
        if said != seen
    ]
    if wrong:
        return Refused(f"sealed for another {' and another '.join(wrong)}: copied here")
    return Opened(data["command"], data["reason"])


def _plaintext(binding: Binding, command: str, reason: str) -> bytes:
    data: dict[str, Any] = {
        "v": VERSION,
        "packet": binding.packet,
        "criterion": binding.criterion,
        "reviewer": binding.reviewer,
        "pull": binding.pull,
        "command": command,
        "reason": reason,
        "pad": "",
    }
    size = len(_dumps(data))
    data["pad"] = " " * (-size % PAD)
    return _dumps(data)  # ASCII: a space of padding is one byte


def _dumps(data: dict[str, Any]) -> bytes:
    return json.dumps(data, sort_keys=True, separators=(",", ":")).encode("ascii")


def _parse(plain: bytes) -> dict[str, Any] | None:
    try:
        data = json.loads(plain.decode("utf-8"))
    except (UnicodeDecodeError, ValueError):
        return None
    if not isinstance(data, dict) or data.get("v") != VERSION:
        return None
    if any(key not in data for key in _KEYS) or data["command"] not in COMMANDS:
        return None
    strings = ("packet", "criterion", "reviewer", "reason")
    if not all(isinstance(data[k], str) for k in strings) or type(data["pull"]) is not int:
        return None
    return data


def _identities(text: str) -> list[Any]:
    """Every line that is an age identity; blank, comment (``# public key: …``) and
    unreadable lines are no key, and are never echoed."""
    import pyrage

    keys = []
    for line in text.splitlines():
        with contextlib.suppress(Exception):  # pyrage raises its own exception types
            keys.append(pyrage.x25519.Identity.from_str(line.strip()))
    return keys

"""A pseudo-terminal session with a real ``rung`` process (stdlib ``pty``), for the walk.

``expect(text)`` reads what the process wrote until ``text`` appears after what
was already matched; ``line(answer)`` types an answer and Enter; ``eof()`` types
Ctrl-D.  The terminal echoes what is typed, so ``transcript`` is the session as
the reviewer saw it.  The timeout only stops a hung test: no answer depends on
how fast the machine is.
"""

from __future__ import annotations

import os
import pty
import select
import subprocess
import sys
from pathlib import Path

HANG = 120.0  # seconds: far beyond any run; only a broken test waits this long


class Terminal:
    def __init__(self, args: list[str], *, cwd: Path, env: dict[str, str]) -> None:
        master, slave = pty.openpty()
        self.process = subprocess.Popen(
            [sys.executable, "-m", "rung", *args],
            stdin=slave,
            stdout=slave,
            stderr=slave,
            cwd=cwd,
            env=env,
            close_fds=True,
        )
        os.close(slave)
        self.master = master
        self.output = b""
        self.seen = 0  # where the next expect starts

    def _read(self) -> bool:
        ready, _, _ = select.select([self.master], [], [], HANG)
        if not ready:
            self.stop()
            raise AssertionError(f"the process hung; its output so far:\n{self.transcript}")
        try:
            chunk = os.read(self.master, 4096)
        except OSError:  # EIO: the process closed the terminal
            chunk = b""
        self.output += chunk
        return bool(chunk)

    def expect(self, text: str) -> None:
        wanted = text.encode("utf-8")
        while (found := self.output.find(wanted, self.seen)) < 0:
            if not self._read():
                self.stop()
                raise AssertionError(f"{text!r} never came; the output:\n{self.transcript}")
        self.seen = found + len(wanted)

    def line(self, answer: str) -> None:
        os.write(self.master, answer.encode("utf-8") + b"\n")

    def eof(self) -> None:
        os.write(self.master, b"\x04")

    def stop(self) -> None:
        """End the process this test started (a failed expectation)."""
        self.process.kill()
        self.process.wait()
        os.close(self.master)

    def finish(self) -> int:
        """Read to the end; the exit code."""
        while self._read():
            pass
        os.close(self.master)
        return self.process.wait(timeout=HANG)

    @property
    def transcript(self) -> str:
        return self.output.decode("utf-8", "replace").replace("\r\n", "\n")

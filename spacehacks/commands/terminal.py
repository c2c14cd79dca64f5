"""Everything the commands print is made safe for a terminal first: a title, a file name
or a message from a library can hold ESC (which starts a command that can rewrite the
screen or the window title), other control characters, or a control that turns a line
around. While a command runs, standard output and standard error write through
`characters.for_terminal`, so no print anywhere can forget it."""

from __future__ import annotations

import io
import sys
from contextlib import contextmanager

from ..characters import for_terminal


class SafeStream(io.TextIOBase):
    """A text stream that escapes what a terminal would act on, then writes to `stream`."""

    def __init__(self, stream):
        super().__init__()
        self.stream = stream

    def write(self, text: str) -> int:
        self.stream.write(for_terminal(text))
        return len(text)

    def flush(self) -> None:
        self.stream.flush()

    def isatty(self) -> bool:
        return self.stream.isatty()

    def fileno(self) -> int:
        return self.stream.fileno()

    @property
    def encoding(self):
        return getattr(self.stream, "encoding", "utf-8")

    @property
    def errors(self):
        return getattr(self.stream, "errors", "strict")


@contextmanager
def safe_output():
    """sys.stdout and sys.stderr escape what they write, until the block ends."""
    saved = sys.stdout, sys.stderr
    sys.stdout, sys.stderr = SafeStream(saved[0]), SafeStream(saved[1])
    try:
        yield
    finally:
        sys.stdout.flush()
        sys.stderr.flush()
        sys.stdout, sys.stderr = saved

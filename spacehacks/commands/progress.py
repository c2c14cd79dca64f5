"""What a long build shows while it works: the step it is on, and a heartbeat.

On a terminal, once the build has taken a second, one status line is rewritten every
second ("laying out the guide: page 60 of 132 (12 s)"), and each step that ends leaves a
line with its own duration ("laying out the guide: 18.2 s"). Written to a file or a
pipe, only the lines of finished steps appear. With --quiet, or in CI (where the CI
variable is set), nothing appears: the build prints only problems and its last line.
"""

from __future__ import annotations

import os
import sys
import threading
import time
from typing import TextIO

from ..characters import for_terminal
from ..progress import Progress
from .terminal import SafeStream

BEAT = 1.0  # seconds between two rewrites of the status line: a heartbeat within 2 s


class Heartbeat(Progress):
    def __init__(self, stream: TextIO | None = None, *, quiet: bool = False,
                 interactive: bool | None = None, delay: float = 1.0):
        # The status line is rewritten with a carriage return and an erase: those go to
        # the terminal as they are, and the words between them are made safe here.
        stream = stream or sys.stderr
        self.stream = stream.stream if isinstance(stream, SafeStream) else stream
        self.enabled = not quiet and not os.environ.get("CI")
        self.interactive = (self.stream.isatty() if interactive is None else interactive)
        self.delay = delay  # nothing shows for a build shorter than this
        self.started = time.monotonic()
        self.lock = threading.Lock()
        self.name: str | None = None
        self.total: int | None = None
        self.unit = "page"
        self.done = 0
        self.step_started = self.started
        self.finished: list[tuple[str, float]] = []  # steps over before anything showed
        self.shown = False
        self.live = False  # a status line is on the screen, to be rewritten
        self.stopped = threading.Event()
        self.thread = threading.Thread(target=self._beat, daemon=True)
        if self.enabled:
            self.thread.start()

    # ---- what the build says -----------------------------------------------------------

    def step(self, name: str, total: int | None = None, unit: str = "page") -> None:
        with self.lock:
            self._end()
            self.name, self.total, self.unit, self.done = name, total, unit, 0
            self.step_started = time.monotonic()

    def advance(self, done: int) -> None:
        self.done = done

    def end_step(self) -> None:
        with self.lock:
            self._end()

    def stop(self) -> None:
        """Always called (in a `finally`): the status line goes, the heartbeat stops."""
        self.stopped.set()
        if self.thread.is_alive():
            self.thread.join()
        with self.lock:
            self._end()
            self._clear()

    # ---- what it shows -----------------------------------------------------------------

    def status(self) -> str:
        """The status line: the step, how far it has come, how long it has taken."""
        text = self.name or ""
        if self.done and self.total:
            text += f": {self.unit} {min(self.done, self.total)} of {self.total}"
        elif self.done:
            text += f": {self.unit} {self.done}"
        return f"{text} ({time.monotonic() - self.step_started:.0f} s)"

    def _end(self) -> None:
        if self.name is None:
            return
        seconds = time.monotonic() - self.step_started
        if self.shown:
            self._clear()
            self._write("", f"{self.name}: {seconds:.1f} s\n")
        else:
            self.finished.append((self.name, seconds))
        self.name = None

    def _beat(self) -> None:
        while not self.stopped.wait(BEAT / 4 if not self.shown else BEAT):
            with self.lock:
                if not self.shown and time.monotonic() - self.started < self.delay:
                    continue
                if not self.shown:
                    self.shown = True
                    for name, seconds in self.finished:
                        self._write("", f"{name}: {seconds:.1f} s\n")
                if self.interactive and self.name is not None:
                    self._write("\r\033[K", self.status())
                    self.live = True

    def _clear(self) -> None:
        if self.live:
            self._write("\r\033[K", "")
            self.live = False

    def _write(self, control: str, text: str) -> None:
        try:
            self.stream.write(control + for_terminal(text))
            self.stream.flush()
        except (OSError, ValueError):  # the terminal went away: nothing to show it on
            self.stopped.set()

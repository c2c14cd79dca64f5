"""How far a long build has come: told by the layers that do the work, shown (or not) by
the command that runs them (commands/progress.py prints a heartbeat on a terminal).

A step is something an editor waits for ("laying out the guide"); it may count what it
has done ("page 60 of 132", "edition 3 of 12"). The base class shows nothing, which is
what tests and libraries get.
"""

from __future__ import annotations


class Progress:
    def step(self, name: str, total: int | None = None, unit: str = "page") -> None:
        """A step begins; `total` is how many `unit`s it will count, when known."""

    def advance(self, done: int) -> None:
        """So many units of the step are done."""

    def end_step(self) -> None:
        """The step is over (the next `step` ends it too)."""


QUIET = Progress()

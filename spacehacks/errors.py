"""Errors an editor can cause, reported as `file:line: what is wrong and what to do`."""

from __future__ import annotations

import difflib
import unicodedata
from dataclasses import dataclass
from pathlib import Path

from .characters import BIDI_CONTROLS

# Control characters, line and paragraph separators, and the stand-ins for bytes of a file
# name that are not UTF-8.
UNPRINTABLE = {"Cc", "Zl", "Zp", "Cs"}


# What to say when the builder runs on a Python that `make` has not set up.
NOT_SET_UP = ("build_pdf.py: this Python lacks what the builder needs (no module named "
              "'{name}'). Run `make pdf` first: it sets everything up in .venv. Then use "
              "`make check`, `make pdf`, `make watch`, or `.venv/bin/python build_pdf.py ...`.")


@dataclass(frozen=True)
class Problem:
    """One thing wrong in one content file."""

    path: Path
    line: int | None
    message: str
    details: tuple[str, ...] = ()  # a list the message announces, one item a line

    def format(self, root: Path) -> str:
        """The message on one line, then each detail on a line of its own, indented.
        Control characters (a line break in a file name...) and the controls that turn
        text around are escaped."""
        try:
            shown = self.path.relative_to(root)
        except ValueError:
            shown = self.path
        where = f"{shown}:{self.line}" if self.line else f"{shown}"
        return "\n".join(_printable(text) for text in (
            f"{where}: {self.message}", *(f"    {detail}" for detail in self.details)))


def _printable(text: str) -> str:
    return "".join(char.encode("unicode_escape", "backslashreplace").decode("ascii")
                   if unicodedata.category(char) in UNPRINTABLE or char in BIDI_CONTROLS
                   else char for char in text)


class BuildFailed(Exception):
    """The build stopped. Every problem found is listed; nothing was written."""

    def __init__(self, problems: list[Problem]):
        super().__init__(f"{len(problems)} problem(s)")
        self.problems = problems

    def __reduce__(self):  # whole, when it comes back from a worker process
        return BuildFailed, (self.problems,)


class ProblemList:
    """Collects problems while reading, so an editor sees all of them at once."""

    def __init__(self) -> None:
        self.items: list[Problem] = []

    def add(self, path: Path, line: int | None, message: str) -> None:
        self.items.append(Problem(path, line, message))

    def raise_if_any(self) -> None:
        if self.items:
            raise BuildFailed(self.items)


class UsageError(Exception):
    """A command-line choice that cannot be met, such as a handout of an unknown hack."""


def suggestion(word: str, choices) -> str:
    """' Did you mean 'x'?' for a near miss, or nothing."""
    close = difflib.get_close_matches(str(word), [str(choice) for choice in choices], n=1)
    return f" Did you mean '{close[0]}'?" if close else ""


def line_number(text: str, needle: str, first_line: int = 1) -> int | None:
    """The line where `needle` first stands in `text`, counted from `first_line`."""
    index = text.find(needle)
    return first_line + text.count("\n", 0, index) if index >= 0 else None

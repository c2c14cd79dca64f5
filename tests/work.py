"""Work counted in steps, not seconds: every line of Python run and every call made, as
sys.settrace sees them. A step that grows faster than its input shows as a count that
grows faster than the input, the same on any machine and however busy it is; and the
count stops the run as soon as it passes its bound, so a test of a quadratic step fails
in a moment instead of hanging for hours."""

from __future__ import annotations

import sys
from contextlib import contextmanager


class TooMuchWork(Exception):
    pass


@contextmanager
def at_most(steps: int):
    """Run the block counting its steps; raise TooMuchWork past `steps`. Yields a list
    whose only item is the count so far."""
    count = [0]

    def tracer(frame, event, arg):
        count[0] += 1
        if count[0] > steps:
            sys.settrace(None)
            raise TooMuchWork(f"more than {steps:,} steps")
        return tracer

    previous = sys.gettrace()
    sys.settrace(tracer)
    try:
        yield count
    finally:
        sys.settrace(previous)

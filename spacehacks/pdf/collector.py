"""Python's cyclic garbage collector, held off while an edition is laid out and written.
Imports nothing heavy: the workshop pauses it around each edition."""

from __future__ import annotations

import gc
from contextlib import contextmanager


@contextmanager
def collector_paused():
    """WeasyPrint makes millions of small objects and keeps nearly all of them until the
    layout is done, so Python's cyclic garbage collector only wastes time in between
    (measured: a sixth of the layout time, for about a tenth more memory). Pausing it
    around a whole edition (build/workers.py) also spares the collections that started
    as soon as layout ended and again after writing, each walking the whole laid-out
    document while it was still in use; nested pauses leave it to the outermost."""
    was_enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if was_enabled:
            gc.enable()

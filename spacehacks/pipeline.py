"""The build, top to bottom: read and check all content; make each edition (render,
typeset, finish); then write every file. An edition is a description (editions.py);
this one pipeline makes all of them."""

from __future__ import annotations

import os
import signal
import time
from contextlib import contextmanager
from dataclasses import dataclass, field
from multiprocessing import get_context
from pathlib import Path
from typing import Callable

from . import editions as described
from .checks import check_guide
from .editing import TEMPLATE
from .editions import Edition, Request
from .errors import BuildFailed, Problem
from .manifest import Manifest, fingerprint, sha256_of
from .model import Guide
from .output import write_atomically
from .reader import read_guide
from .style import check_style

@dataclass
class Options:
    root: Path  # the project: content/, layout/, fonts/
    request: Request = field(default_factory=Request)
    output_dir: Path | None = None  # default: root/output
    html_output: Path | None = None  # also save the HTML of the (first) edition
    jobs: int = 1  # processes: editions on different papers are made side by side
    force: bool = False  # build even when nothing changed
    progress: Callable[[str], None] = lambda step: None


@dataclass
class Made:
    """One edition, made but not yet written."""

    edition: Edition
    files: dict[str, bytes]  # file name under output/ -> PDF
    anchors: dict[str, int]  # id -> printed page number
    pages: int
    layouts: int  # how many times it was laid out
    html: str
    warnings: list[str] = field(default_factory=list)
    problems: list[Problem] = field(default_factory=list)  # e.g. a card too long: not fatal
    notes: list[Problem] = field(default_factory=list)
    records: dict | None = None  # the whole guide: each hack and its pages (changes.py)


@dataclass
class Result:
    written: list[Path] = field(default_factory=list)
    pages: int = 0  # of the first edition
    hacks: int = 0
    style_notes: list[Problem] = field(default_factory=list)  # never fatal
    warnings: list[str] = field(default_factory=list)  # from WeasyPrint's layout
    problems: list[Problem] = field(default_factory=list)  # outputs that could not be made
    layouts: int = 0  # typesetting runs, all editions together
    nothing_changed: bool = False
    seconds: dict[str, float] = field(default_factory=dict)  # per step, for `make bench`


@contextmanager
def _timed(seconds: dict[str, float], step: str, progress: Callable[[str], None]):
    progress(step)
    start = time.perf_counter()
    yield
    seconds[step] = seconds.get(step, 0.0) + time.perf_counter() - start


def read_and_check(root: Path, *, unwritten_ok: bool = False) -> tuple[Guide, list[Problem]]:
    """All content, checked (raises BuildFailed), and the house-style notes. With
    `unwritten_ok`, hacks still holding the template's text pass (`new` and `move` edit
    the lists while a new hack is being written)."""
    guide = read_guide(root)
    check_guide(guide, root / "fonts", None if unwritten_ok else root / "layout" / TEMPLATE)
    return guide, guide.notes + check_style(guide)


def build(options: Options) -> Result:
    root = options.root.resolve()
    output_dir = options.output_dir or root / "output"
    seconds: dict[str, float] = {}
    manifest = Manifest(output_dir)

    # 0. Nothing changed since the last build of the same request: nothing to do. This
    #    reads only file bytes and library versions; WeasyPrint is not even imported.
    inputs = fingerprint(root)
    request_key = options.request.key
    if not (options.force or options.html_output):
        files = manifest.up_to_date(request_key, inputs)
        if files is not None:
            return Result(written=[output_dir / name for name in files], nothing_changed=True)

    # 1. Read and check everything first: contents, index and references need it all.
    with _timed(seconds, "read and check", options.progress):
        guide, style_notes = read_and_check(root)
        editions = described.plan(guide, options.request)

    # 2-4. Make each edition: render, typeset, finish. Editions of different papers are
    #      made side by side, one process each (the machine has two cores).
    with _timed(seconds, "typeset", options.progress):
        workshop = Workshop(guide, root, manifest, inputs)
        made = workshop.make_all(editions, options.jobs)

    # 5. Write, only now that everything worked: a failed build keeps the old files.
    with _timed(seconds, "write", options.progress):
        files = {name: data for m in made for name, data in m.files.items()}
        written = [_write(output_dir / name, data) for name, data in files.items()]
        if options.html_output:
            written.append(_write(options.html_output, made[0].html.encode("utf-8")))
        problems = [problem for m in made for problem in m.problems]
        if not problems:  # a build with a failed output is never taken as up to date
            manifest.record(request_key, inputs,
                            {m.edition.key: {"anchors": _places(m.anchors), "pages": m.pages,
                                             "kind": m.edition.kind} for m in made},
                            {name: sha256_of(data) for name, data in files.items()},
                            next((m.records for m in made if m.records), None))
            _write(manifest.path, manifest.to_bytes())
    return Result(written=written, pages=made[0].pages, hacks=len(guide.hacks),
                  style_notes=style_notes + [n for m in made for n in m.notes],
                  warnings=[w for m in made for w in m.warnings], problems=problems,
                  layouts=sum(m.layouts for m in made), seconds=seconds)


def _places(anchors: dict[str, int]) -> dict[str, int]:
    """The page numbers worth keeping for the next build: the places the templates print
    page numbers for (not every heading)."""
    kept = ("hack-", "part-", "section-", "tag-", "card-", "contents", "featured", "whats-new")
    return {anchor: page for anchor, page in anchors.items() if anchor.startswith(kept)}


def _write(path: Path, data: bytes) -> Path:
    try:
        write_atomically(path, data)
    except OSError as error:
        raise BuildFailed([Problem(path, None,
                                   f"could not write this file: {error.strerror}. Check that "
                                   "its folder can be created and that you may write "
                                   "there.")]) from None
    return path


class Workshop:
    """Makes editions from the checked guide, side by side in two processes when it can
    (the machine has two cores). Only here is WeasyPrint imported."""

    def __init__(self, guide: Guide, root: Path, manifest: Manifest, inputs: str):
        self.guide = guide
        self.root = root
        self.manifest = manifest
        self.inputs = inputs

    def make_all(self, editions: list[Edition], jobs: int) -> list[Made]:
        # Handouts and cards print the guide's page numbers ("guide page 32"): from the
        # last build when it had the same inputs, else from the guide made first.
        guide_pages = self.manifest.trusted_pages(
            described.guide((), self.guide.settings.title).key, self.inputs)
        later = [e for e in editions if e.needs_guide_pages and guide_pages is None]
        made = self.make_side_by_side([e for e in editions if e not in later], jobs,
                                      guide_pages)
        if later:
            guide_pages = next((m.anchors for m in made if m.edition.kind == "guide"
                                and m.edition.whole_guide), None) or self.guide_pages()
            made += self.make_side_by_side(later, jobs, guide_pages)
        order = {edition.key: index for index, edition in enumerate(editions)}
        return sorted(made, key=lambda m: order[m.edition.key])

    def make_side_by_side(self, editions: list[Edition], jobs: int,
                          guide_pages: dict[str, int] | None) -> list[Made]:
        batches = _share_out(editions, jobs, self.work)
        if len(batches) < 2:
            return self.make_batch(editions, guide_pages)
        # fork: the children share the checked guide and the loaded libraries. They leave
        # Ctrl-C to this process, which stops them at once (no traceback, nothing written).
        from . import press  # noqa: F401 - load WeasyPrint once, before forking
        pool = get_context("fork").Pool(len(batches), initializer=_leave_interrupts)
        try:
            results = [pool.apply_async(self.make_batch, (batch, guide_pages))
                       for batch in batches]
            return [m for result in results for m in result.get()]
        finally:
            pool.terminate()
            pool.join()

    def work(self, edition: Edition) -> float:
        """About how long an edition takes to make, in pages of the guide: its page count
        in the last build (else a guess from its hacks), by what a page costs in it."""
        pages = self.manifest.data["editions"].get(edition.key, {}).get("pages")
        if not pages:
            parts = [p for p in self.guide.parts if p.id in edition.parts]
            pages = (len(self.guide.hacks) * 1.4 + 5 if edition.whole_guide
                     else len(edition.hacks) + sum(len(p.hacks) + 2 for p in parts) + 1)
        # Measured: a booklet page (half a sheet) and a card cost about 0.7 of a page of
        # the guide.
        return pages * (0.7 if edition.kind in ("booklet", "cards") else 1.0)

    def make_batch(self, editions: list[Edition], guide_pages) -> list[Made]:
        from .press import make_edition

        return [make_edition(self.guide, edition, self.root,
                             self.manifest.pages(edition.key), guide_pages)
                for edition in editions]

    def guide_pages(self) -> dict[str, int]:
        """The full guide's page numbers, laid out for them when no build has them."""
        from .press import make_edition

        edition = described.guide((), self.guide.settings.title)
        return make_edition(self.guide, edition, self.root, self.manifest.pages(edition.key),
                            None, write=False).anchors


def _leave_interrupts() -> None:
    signal.signal(signal.SIGINT, signal.SIG_IGN)


def _share_out(editions: list[Edition], jobs: int,
               work: Callable[[Edition], float]) -> list[list[Edition]]:
    """Editions in `jobs` batches of about the same work (largest first, each to the
    lightest batch)."""
    batches: list[list[Edition]] = [[] for _ in range(max(1, min(jobs, len(editions))))]
    loads = [0.0] * len(batches)
    for edition in sorted(editions, key=work, reverse=True):
        lightest = loads.index(min(loads))
        batches[lightest].append(edition)
        loads[lightest] += work(edition)
    return [batch for batch in batches if batch]


def default_jobs() -> int:
    return max(1, min(2, os.cpu_count() or 1))

"""The build, top to bottom: read and check all content; make each edition (render,
typeset, finish); then write every file. An edition is a description (editions.py);
this one pipeline makes all of them."""

from __future__ import annotations

import os
import time
from concurrent.futures import ProcessPoolExecutor
from contextlib import contextmanager
from dataclasses import dataclass, field
from multiprocessing import get_context
from pathlib import Path
from typing import Callable

from . import editions as described
from .checks import check_guide
from .editions import Edition, Request
from .errors import BuildFailed, Problem
from .manifest import Manifest, fingerprint, sha256_of
from .model import Guide
from .output import write_atomically
from .reader import read_guide
from .style import check_style

# With page numbers known from the last build, an edition is laid out once; with none,
# twice. A third layout happens only when a new page number moves a page break.
MAX_LAYOUTS = 3


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


def read_and_check(root: Path) -> tuple[Guide, list[Problem]]:
    """All content, checked (raises BuildFailed), and the house-style notes."""
    guide = read_guide(root)
    check_guide(guide, root / "fonts")
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
                            {m.edition.key: {"anchors": m.anchors, "pages": m.pages,
                                             "kind": m.edition.kind,
                                             "paper": m.edition.paper.name} for m in made},
                            {name: sha256_of(data) for name, data in files.items()},
                            hacks=None)
            _write(manifest.path, manifest.to_bytes())
    return Result(written=written, pages=made[0].pages, hacks=len(guide.hacks),
                  style_notes=style_notes + [n for m in made for n in m.notes],
                  warnings=[w for m in made for w in m.warnings], problems=problems,
                  layouts=sum(m.layouts for m in made), seconds=seconds)


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
    """Makes editions from the checked guide. Only here is WeasyPrint imported."""

    def __init__(self, guide: Guide, root: Path, manifest: Manifest, inputs: str):
        self.guide = guide
        self.root = root
        self.manifest = manifest
        self.inputs = inputs

    def make_all(self, editions: list[Edition], jobs: int) -> list[Made]:
        by_paper: dict[str, list[Edition]] = {}
        for edition in editions:
            by_paper.setdefault(edition.paper.name, []).append(edition)
        groups = list(by_paper.values())
        if jobs > 1 and len(groups) > 1:
            # fork: the children share the checked guide and the loaded libraries.
            from . import press  # noqa: F401 - load WeasyPrint once, before forking
            with ProcessPoolExecutor(min(jobs, len(groups)), mp_context=get_context("fork")
                                     ) as pool:
                results = list(pool.map(self.make_group, groups))
        else:
            results = [self.make_group(group) for group in groups]
        order = {edition.key: index for index, edition in enumerate(editions)}
        return sorted((m for group in results for m in group), key=lambda m: order[m.edition.key])

    def make_group(self, editions: list[Edition]) -> list[Made]:
        """Editions on one paper. The guide comes first: handouts and cards print its
        page numbers ("guide page 32")."""
        from .press import make_edition

        guide_pages = None
        made = []
        for edition in sorted(editions, key=lambda e: e.kind != "guide"):
            if edition.needs_guide_pages and guide_pages is None:
                guide_pages = self.guide_pages(edition.paper)
            made.append(make_edition(self.guide, edition, self.root,
                                     self.manifest.pages(edition.key), guide_pages))
            if edition.kind == "guide" and edition.whole_guide:
                guide_pages = made[-1].anchors
        return made

    def guide_pages(self, paper) -> dict[str, int]:
        """The full guide's page numbers on this paper: from the last build when it was
        made from the same inputs, else from laying the guide out (not written)."""
        from .press import make_edition

        edition = described.guide(paper, self.guide.settings.title)
        trusted = self.manifest.trusted_pages(edition.key, self.inputs)
        if trusted:
            return trusted
        return make_edition(self.guide, edition, self.root, self.manifest.pages(edition.key),
                            None, write=False).anchors


def default_jobs() -> int:
    return max(1, min(2, os.cpu_count() or 1))

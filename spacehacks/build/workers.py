"""Editions made side by side: in two processes when the machine has two cores, each
given about the same work. Only here (and below) is WeasyPrint imported."""

from __future__ import annotations

import os
import signal
from multiprocessing import get_context
from pathlib import Path
from typing import TYPE_CHECKING, Callable

from ..editions.edition import Edition, Site, guide as guide_edition
from ..progress import QUIET, Progress
from ..reading.model import Guide
from ..pdf.numbers import agree
from .manifest import Manifest, sha256_of

if TYPE_CHECKING:  # the PDF layer is imported only when an edition is made
    from ..pdf.edition import Made
    from ..site.edition import SiteMade


class Workshop:
    """Makes editions from the checked guide, side by side in two processes when it can
    (the machine has two cores)."""

    def __init__(self, guide: Guide, root: Path, manifest: Manifest, inputs: str,
                 progress: Progress = QUIET, *, keep_layout: bool = False):
        self.guide = guide
        self.root = root
        self.manifest = manifest
        self.inputs = inputs
        self.progress = progress  # told of each page in this process, of each edition else
        self.keep_layout = keep_layout
        self.finished = 0  # editions made so far, of `self.total`
        self.total = 0

    def __getstate__(self):  # sent to a child process, which shows no progress of its own
        return {**self.__dict__, "progress": QUIET}

    def make_all(self, editions: list[Edition], jobs: int) -> list[Made]:
        """Every edition, in the order given. Handouts and cards print the guide's page
        numbers ("guide page 32"): each is checked against the guide laid out in this
        same run (made for them when the request has no guide), and an edition that
        printed another number is made again with the right ones. The last build's
        numbers are only a first guess, so that they can be made side by side with the
        guide."""
        needing = [e for e in editions if e.needs_guide_pages]
        guide = next((e for e in editions if e.kind == "guide" and e.whole_guide), None)
        extra = []  # the guide laid out only for its page numbers: no paper, no file
        if needing and guide is None:
            guide = guide_edition((), self.guide.settings.title)
            extra = [guide]
        guess = self.manifest.page_numbers(guide_edition((), self.guide.settings.title).key)
        later = needing if needing and not guess else []
        self.total = len(editions) + len(extra)
        made = self.make_side_by_side(
            [e for e in editions if e not in later] + extra, jobs, guess)
        if needing:
            guide_numbers = next(m.page_numbers for m in made if m.edition == guide)
            wrong = [m.edition for m in made if m.edition.needs_guide_pages
                     and not agree(m.printed_guide_numbers, guide_numbers)]
            made = [m for m in made if m.edition not in wrong + extra]
            made += self.make_side_by_side(later + wrong, jobs, guide_numbers)
            assert all(agree(m.printed_guide_numbers, guide_numbers) for m in made
                       if m.edition.needs_guide_pages), "guide pages from another layout"
        order = {edition.key: index for index, edition in enumerate(editions)}
        return sorted(made, key=lambda m: order[m.edition.key])

    def kept(self, site: Site, editions: list[Edition]) -> dict[Edition, dict[str, bytes]]:
        """The PDF editions the site offers that this build does not make and that
        output/ holds from these very inputs, each file whole (its hash checked): they
        are offered as they are, not made again."""
        result = {}
        for edition in site.downloads:
            if edition in editions:
                continue
            names = self.manifest.trusted_files(edition.key, self.inputs)
            # The same edition on fewer papers (`make pdf`: the guide on Letter) is not
            # what the site offers: made again, on every paper.
            if names and any(edition.file_name(paper) not in names
                             for paper in edition.papers):
                continue
            files = {}
            for name, digest in (names or {}).items():
                try:
                    data = (self.manifest.output_dir / name).read_bytes()
                except OSError:
                    break
                if sha256_of(data) != digest:
                    break
                files[name] = data
            else:
                if names:
                    result[edition] = files
        return result

    def make_site(self, site: Site, made: list[Made],
                  kept: dict[Edition, dict[str, bytes]]) -> SiteMade:
        from ..site.edition import make_site

        pdfs = {m.edition: m.files for m in made if m.edition in site.downloads}
        pdfs.update(kept)
        return make_site(self.guide, site, self.root,
                         [(edition, pdfs[edition]) for edition in site.downloads
                          if edition in pdfs])

    def make_side_by_side(self, editions: list[Edition], jobs: int,
                          guide_numbers: dict[str, int] | None) -> list[Made]:
        batches = _share_out(editions, jobs, self.work)
        if len(batches) < 2:
            return self.make_batch(editions, guide_numbers, self.progress)
        # fork: the children share the checked guide and the loaded libraries. They leave
        # Ctrl-C to this process, which stops them at once (no traceback, nothing written).
        # Each child takes the largest edition left, one at a time; this process counts
        # the editions as they come back.
        from ..pdf import edition  # noqa: F401 - load WeasyPrint once, before forking
        pool = get_context("fork").Pool(len(batches), initializer=_leave_interrupts)
        try:
            self.progress.step("making the editions", self.total, unit="edition")
            largest_first = sorted(editions, key=self.work, reverse=True)
            made = []
            for done in pool.imap_unordered(self.make_one, [(e, guide_numbers)
                                                            for e in largest_first]):
                made.append(done)
                self.finished += 1
                self.progress.advance(self.finished)
            return made
        finally:
            pool.terminate()
            pool.join()

    def make_one(self, task) -> Made:
        """One edition, in a child process (which shows no progress of its own)."""
        edition, guide_numbers = task
        return self.make_batch([edition], guide_numbers, QUIET)[0]

    def work(self, edition: Edition) -> float:
        """About how long an edition takes to make, in pages of the guide: its page count
        in the last build (else a guess from its hacks), by what a page costs in it."""
        page_count = self.manifest.data["editions"].get(edition.key, {}).get("page count")
        if not isinstance(page_count, int) or page_count < 1:
            parts = [p for p in self.guide.parts if p.id in edition.parts]
            page_count = (len(self.guide.hacks) * 1.4 + 5 if edition.whole_guide
                          else len(edition.hacks) + sum(len(p.hacks) + 2 for p in parts) + 1)
        # Measured: a booklet page (half a sheet) and a card cost about 0.7 of a page of
        # the guide.
        return page_count * (0.7 if edition.kind in ("booklet", "cards") else 1.0)

    def make_batch(self, editions: list[Edition], guide_numbers, progress: Progress
                   ) -> list[Made]:
        from ..pdf.edition import make_edition
        from ..pdf.collector import collector_paused

        made = []
        for edition in editions:
            # One pause for the whole edition: the collector runs once it is made, when
            # its laid-out pages are garbage, not twice over them while still in use.
            with collector_paused():
                made.append(make_edition(
                    self.guide, edition, self.root, self.manifest.page_numbers(edition.key),
                    guide_numbers, known_fits=self.manifest.fits(edition.key),
                    keep=self.keep_layout and edition.kind == "guide", progress=progress,
                    expected_pages=self.expected_pages(edition)))
        return made

    def expected_pages(self, edition: Edition) -> int | None:
        count = self.manifest.data["editions"].get(edition.key, {}).get("page count")
        return count if isinstance(count, int) else None


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

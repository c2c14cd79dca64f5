"""The build, top to bottom: read and check all content; make each edition (render,
typeset, finish); then write every file. An edition is a description
(editions/edition.py); this one pipeline makes all of them."""

from __future__ import annotations

import time
from concurrent.futures import ThreadPoolExecutor
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING

from .. import ids
from ..editions.addresses import DOWNLOADS
from ..editions.plan import Request, contents, plan
from ..errors import BuildFailed, Problem
from ..progress import QUIET, Progress
from ..reading.checks import HACK_TEMPLATE, check_guide
from ..reading.model import Guide
from ..reading.reader import read_guide
from ..reading.style import check_style
from .inputs import fingerprint
from .manifest import Manifest, sha256_of
from .output import replace_folder, write_atomically
from .records import records
from .trust import check_writable, refuse_untrusted
from .workers import Workshop

if TYPE_CHECKING:  # the PDF layer is imported only when an edition is made
    from ..pdf.edition import Made

@dataclass
class Options:
    root: Path  # the project: content/, layout/, fonts/
    request: Request = field(default_factory=Request)
    output_dir: Path | None = None  # default: root/output
    html_output: Path | None = None  # also save the HTML of the (first) edition
    jobs: int = 1  # processes: editions on different papers are made side by side
    force: bool = False  # build even when nothing changed
    progress: Progress = QUIET
    keep_layout: bool = False  # keep the guide's laid-out pages in Result.kept (watch)
    # The content already read and checked (watch): (fingerprint taken before reading
    # it, the guide, its style notes).
    checked: tuple[str, Guide, list[Problem]] | None = None


@dataclass
class Result:
    written: list[Path] = field(default_factory=list)
    page_count: int = 0  # of the first edition
    hacks: int = 0
    style_notes: list[Problem] = field(default_factory=list)  # never fatal
    warnings: list[str] = field(default_factory=list)  # from WeasyPrint's layout
    problems: list[Problem] = field(default_factory=list)  # outputs that could not be made
    layouts: int = 0  # typesetting runs, all editions together
    site: Path | None = None  # the web edition's folder, when it was made
    site_pages: int = 0
    nothing_changed: bool = False
    seconds: dict[str, float] = field(default_factory=dict)  # per step, for `make bench`
    kept: Made | None = None  # the guide as laid out, with its pages (Options.keep_layout)
    guide: Guide | None = None  # the content as read and checked


@contextmanager
def _timed(seconds: dict[str, float], step: str):
    start = time.perf_counter()
    yield
    seconds[step] = seconds.get(step, 0.0) + time.perf_counter() - start


def read_and_check(root: Path, *, unwritten_ok: bool = False) -> tuple[Guide, list[Problem]]:
    """All content, checked (raises BuildFailed), and the house-style notes. With
    `unwritten_ok`, hacks still holding the template's text pass (`new` and `move` edit
    the lists while a new hack is being written)."""
    guide = read_guide(root)
    check_guide(guide, root / "fonts", None if unwritten_ok else root / "layout" / HACK_TEMPLATE)
    return guide, guide.notes + check_style(guide)


def build(options: Options) -> Result:
    root = options.root.resolve()
    output_dir = options.output_dir or root / "output"
    seconds: dict[str, float] = {}
    # Nothing in output/ is taken on trust: not a link, not a file committed to git.
    refuse_untrusted(root, output_dir)
    manifest = Manifest(output_dir)

    # 0. Nothing changed since the last build of the same request: nothing to do. This
    #    reads only file bytes and library versions; WeasyPrint is not even imported.
    inputs = options.checked[0] if options.checked else fingerprint(root)
    request_key = options.request.key
    if not (options.force or options.html_output):
        files = manifest.up_to_date(request_key, inputs)
        if files is not None:
            return Result(written=[output_dir / name for name in files], nothing_changed=True)

    # 1. Read and check everything first: contents, index and references need it all.
    with _timed(seconds, "read and check"):
        if options.checked:
            _, guide, style_notes = options.checked
        else:
            options.progress.step("reading and checking the content")
            guide, style_notes = read_and_check(root)
        editions = plan(guide, options.request)

    # 2-4. Make each edition: render, typeset, finish. Editions of different papers are
    #      made side by side, one process each (the machine has two cores). The web
    #      edition offers every PDF edition: those output/ holds from these very inputs
    #      are kept as they are, the others are made here.
    site = next((edition for edition in editions if edition.kind == "site"), None)
    pdf_editions = [edition for edition in editions if edition.kind != "site"]
    workshop = Workshop(guide, root, manifest, inputs, options.progress,
                        keep_layout=options.keep_layout)
    with _timed(seconds, "typeset"):
        kept = workshop.kept(site, pdf_editions) if site else {}
        if site:
            pdf_editions += [edition for edition in site.downloads
                             if edition not in pdf_editions and edition not in kept]
        made = workshop.make_all(pdf_editions, options.jobs) if pdf_editions else []

    # The web edition, from the same checked guide and the PDFs it offers.
    if site:
        with _timed(seconds, "site"):
            options.progress.step("making the web edition")
            made.append(workshop.make_site(site, made, kept))

    # 5. Write, only now that everything worked: a failed build keeps the old files.
    with _timed(seconds, "write"):
        options.progress.step("saving the files")
        files = {name: data for m in made for name, data in m.files.items()}
        hashes = {name: sha256_of(data) for name, data in files.items()}
        in_site = lambda name: site is not None and name.startswith(site.key)  # noqa: E731
        for name in files:  # every folder on the way is checked before anything is written
            check_writable(output_dir, output_dir / (site.folder + "/x" if in_site(name)
                                                     else name))
        # Each file is flushed to the disk before it takes its name; many files wait on
        # the disk side by side (the waits overlap), not one after another.
        with ThreadPoolExecutor(8) as pool:
            written = list(pool.map(lambda item: _write(output_dir / item[0], item[1]),
                                    [(name, data) for name, data in files.items()
                                     if not in_site(name)]))
        if site:  # the site's folder holds exactly this build's pages
            pages = {name.removeprefix(site.key): data for name, data in files.items()
                     if in_site(name)}
            # The PDFs it offers are those just written (or kept) under output/: the
            # same bytes, which the site shares with them where the disk allows.
            written += _replace(output_dir / site.folder, pages, {
                name: output_dir / name.removeprefix(DOWNLOADS) for name in pages
                if name.startswith(DOWNLOADS) and name.endswith(".pdf")})
        if options.html_output:
            written.append(_write(options.html_output, made[0].html.encode("utf-8")))
        problems = [problem for m in made for problem in m.problems]
        if not problems:  # a build with a failed output is never taken as up to date
            with _writing(manifest.path):
                manifest.record(
                    request_key, inputs,
                    {m.edition.key: {"page numbers": _kept_numbers(m.page_numbers),
                                     "page count": m.page_count,
                                     "kind": m.edition.kind,
                                     "files": {name: hashes[name] for name in m.files},
                                     **({"fit": m.fits} if getattr(m, "fits", None) else {})}
                     for m in made},
                    hashes,
                    next((records(guide, m.page_numbers, m.spans) for m in made
                          if m.spans is not None), None))
        options.progress.end_step()
    _remember_pages(made, guide, root)
    laid_out = next((m for m in made if getattr(m, "laid", None) is not None), None)
    first = made[0].edition  # what the one-line report names when one file is written
    return Result(written=written, page_count=made[0].page_count,
                  hacks=len(contents(first, guide)[1]) if first.kind != "site" else 0,
                  site=output_dir / site.folder if site else None,
                  site_pages=made[-1].page_count if site else 0,
                  style_notes=style_notes,
                  warnings=[w for m in made for w in m.warnings], problems=problems,
                  layouts=sum(m.layouts for m in made), seconds=seconds, kept=laid_out,
                  guide=guide)


def guide_records(root: Path, progress: Progress = QUIET) -> dict:
    """Lay out the whole guide in `root` (nothing is written) and describe its hacks, for
    the what-changed report."""
    guide, _ = read_and_check(root)
    made = lay_out_guide(guide, root, progress=progress)
    return records(guide, made.page_numbers, made.spans)


def lay_out_guide(guide: Guide, root: Path, *, paper: str = "letter",
                  progress: Progress = QUIET, keep: bool = False) -> Made:
    """The whole guide laid out, nothing written (the what-changed report; watch, when the
    PDF is already up to date but its pages are not in memory). Page numbers come from
    the last build in root/output, if any."""
    from ..editions.edition import PAPERS, guide as guide_edition
    from ..pdf.edition import make_edition

    edition = guide_edition((PAPERS[paper],), guide.settings.title)
    manifest = Manifest(root / "output")
    return make_edition(guide, edition, root, manifest.page_numbers(edition.key), None,
                        write=False, keep=keep, progress=progress,
                        expected_pages=manifest.data["editions"].get(edition.key, {})
                        .get("page count"))


def _remember_pages(made, guide: Guide, root: Path) -> None:
    """Each hack's page count and each card's overrun, for the next `check` (measure.py)."""
    if not any(m.edition.kind in ("guide", "cards") for m in made):
        return
    from .measure import remember

    for m in made:
        remember(m, guide, root)


def _kept_numbers(page_numbers: dict[str, int]) -> dict[str, int]:
    """The page numbers worth keeping for the next build: the places the templates print
    page numbers for, which are the builder's (not the headings in the text)."""
    return {anchor: number for anchor, number in page_numbers.items()
            if not ids.is_content(anchor)}


def _replace(folder: Path, files: dict[str, bytes], same_as: dict[str, Path]) -> list[Path]:
    try:
        replace_folder(folder, files, same_as)
    except OSError as error:
        raise BuildFailed([Problem(folder, None,
                                   f"could not write this folder: {error.strerror}. Check "
                                   "that it can be created and that you may write "
                                   "there.")]) from None
    return [folder / name for name in files]


def _write(path: Path, data: bytes) -> Path:
    with _writing(path):
        write_atomically(path, data)
    return path


@contextmanager
def _writing(path: Path):
    """A file that cannot be written stops the build with a message, not a traceback."""
    try:
        yield
    except OSError as error:
        raise BuildFailed([Problem(path, None,
                                   f"could not write this file: {error.strerror}. Check that "
                                   "its folder can be created and that you may write "
                                   "there.")]) from None

"""`build_pdf.py watch`: check on every save, and show the edit in the PDF in a second.

Each save is checked first, so mistakes show at once with their file and line; only
content that passes is built, and a failed check or build keeps the last good PDF.

The guide stays laid out in memory between saves. A save that changes only what a hack
prints on its own pages, and keeps it within its pages, updates the PDF in about a
second (build/quick.py): a *quick* PDF, whose text, page numbers, links and bookmarks
are those of a full build. The *final* PDF, tagged and byte for byte what `make pdf`
writes, follows from a full build in the background, stopped and started again by the
next save. Any other save (a title the contents print, a hack that now fills more
pages, a stylesheet) lays the whole guide out again and says why.

Nothing stops watching: a file that vanishes while it is read (an editor saving by
renaming), a folder deleted or replaced, a build that fails on something unforeseen are
each said in one line, and the next save starts again.
"""

from __future__ import annotations

import contextlib
import gc
import os
import signal
import subprocess
import sys
import time
from pathlib import Path
from typing import Callable

from .. import paths
from ..editions.edition import PAPERS
from ..editions.plan import Request
from ..errors import BuildFailed
from .common import project_root
from .progress import Heartbeat
from .saves import Saves


def add_parser(commands, common) -> None:
    parser = commands.add_parser(
        "watch", parents=[common], help="check on every save, then rebuild",
        description="Check the content on every save and show problems at once; when it "
                    "passes, update the PDF (a hack's page in about a second) and say "
                    "where the edit is. Ctrl-C stops.")
    parser.add_argument("--paper", choices=sorted(PAPERS), default="letter")
    parser.set_defaults(run=run)


def run(args) -> int:
    root = project_root(args.project)
    watcher = Watcher(root, args.paper, lambda line: print(line, flush=True))
    try:
        watcher.watch()
    except KeyboardInterrupt:
        print("\nStopped watching. The PDF in output/ is the last good build.")
    finally:
        watcher.close()
    return 0


# Files an editor saves (temporary files of editors and tools are changes too, but not
# worth naming).
CONTENT_SUFFIXES = {".md", ".yaml", ".yml", ".html", ".css", ".png", ".jpg", ".jpeg", ".gif",
                    ".webp", ".woff", ".woff2", ".ttf", ".otf", ".py", ".txt"}


def _described(changed: set[Path], root: Path) -> str:
    names = sorted({path.name for path in changed if path.suffix.lower() in CONTENT_SUFFIXES
                    or path.is_dir()})
    if not names:
        return "a change in " + ", ".join(sorted({f"{path.relative_to(root).parts[0]}/"
                                                  for path in changed
                                                  if path.is_relative_to(root)}))
    return ", ".join(names[:5]) + (f" and {len(names) - 5} more" if len(names) > 5 else "")


def layout_key(root: Path) -> tuple:
    """What the laid-out pages depend on besides the content: the files of layout/, fonts/
    and the builder, by name, size and time."""
    from ..build.inputs import BUILDER

    return tuple(stamp for folder in (root / "layout", root / "fonts", BUILDER)
                 for stamp in paths.stamps(folder))


class Superseded(Exception):
    """A newer save came in while the guide was being laid out."""


class WatchProgress(Heartbeat):
    """The heartbeat on the terminal, which also stops a layout when a newer save waits."""

    def __init__(self, saves: Saves | None, **options):
        super().__init__(sys.stdout, delay=0.0, **options)
        self.saves = saves

    def advance(self, done: int) -> None:
        super().advance(done)
        if self.saves is not None and self.saves.waiting.is_set():
            raise Superseded


class FinalBuild:
    """The full build that follows a quick update, in a process of its own (so that the
    next save can stop it at once: it writes nothing half-way, see build/output.py)."""

    def __init__(self, root: Path, paper: str):
        script = ("import signal, sys; signal.signal(signal.SIGINT, signal.default_int_handler); "
                  "from spacehacks.commands import main; sys.exit(main(sys.argv[1:]))")
        self.started = time.monotonic()
        self.process = subprocess.Popen(
            [sys.executable, "-c", script, "--project", str(root), "--paper", paper,
             "--quiet", "--jobs", "1"],
            stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True)
        with contextlib.suppress(OSError):  # the quick path of the next save comes first
            os.setpriority(os.PRIO_PROCESS, self.process.pid, 10)

    def done(self) -> bool:
        return self.process.poll() is not None

    def outcome(self) -> tuple[int, list[str]]:
        output = self.process.stdout.read() if self.process.stdout else ""
        return self.process.returncode, [line for line in output.splitlines() if line.strip()]

    def stop(self) -> None:
        if self.done():
            return
        self.process.send_signal(signal.SIGINT)  # as Ctrl-C: nothing is left half-written
        try:
            self.process.wait(timeout=10)
        except subprocess.TimeoutExpired:
            self.process.kill()
            self.process.wait()


class Watcher:
    def __init__(self, root: Path, paper: str = "letter",
                 say: Callable[[str], None] = print, *, interactive: bool | None = None,
                 final_builds: bool = True):
        self.root = root.resolve()
        self.paper = paper
        self.say = say
        self.interactive = interactive
        self.final_builds = final_builds  # after a quick update, the full build behind it
        self.saves = Saves(self.root)
        self.kept = None  # build.quick.Kept: the guide as last laid out
        self.final: FinalBuild | None = None
        self.noted: dict[Path, list[str]] | None = None  # style notes shown, by file
        self.printed: dict[str, str] = {}  # what each hack prints (its hash), last round
        self.checked = None  # this round's content: (fingerprint, guide, style notes)
        self.layout: tuple = ()  # this round's layout_key

    def watch(self) -> None:
        """Build now, then after every save, until Ctrl-C."""
        self.saves.start()
        shown = ", ".join(f"{folder.relative_to(self.root)}/" for folder in self.saves.watched())
        self.say(f"Watching {shown} (Ctrl-C to stop).")
        self.round(set())
        while True:
            if self.final is not None and self.final.done():
                self.final_done()
            if not self.saves.waiting.wait(timeout=0.2):
                continue
            changed = self.saves.take()
            self.say(f"\nSaved: {_described(changed, self.root)}")
            self.round(changed)

    def close(self) -> None:
        self.saves.stop()
        if self.final is not None:
            self.final.stop()

    # ---- one round: check, then the quickest build that gives the right PDF ----------

    def round(self, changed: set[Path]) -> bool:
        """Check, then build; True when the PDF shows the content. Never raises for
        anything a file or a save can do."""
        started = time.monotonic()
        if self.final is not None:
            self.final.stop()
            self.final_done()
        try:
            return self._round(changed, started)
        except Superseded:
            self.say("A newer save came in: starting again with it.")
        except BuildFailed as failed:
            for problem in failed.problems:
                self.say(problem.format(self.root))
            count = len(failed.problems)
            self.say(f"{count} problem{'s' if count > 1 else ''} to fix; the last good PDF "
                     "is unchanged. Watching for the next save...")
        except OSError as error:  # a file or folder that vanished or changed while read
            where = self.shown(Path(error.filename)) if error.filename else "a file"
            self.say(f"{where} changed while it was being read ({error.strerror or error}). "
                     "The last good PDF is unchanged; the next save tries again.")
            self.saves.note([self.root / "content"])  # look again at once
        except Exception as error:  # noqa: BLE001 - watch goes on whatever a save does
            self.say(f"This save could not be built ({type(error).__name__}: "
                     f"{' '.join(str(error).split())[:200]}). The last good PDF is "
                     "unchanged; watching for the next save. If it happens again, please "
                     "report this line.")
        return False

    def _round(self, changed: set[Path], started: float) -> bool:
        from ..build.inputs import fingerprint
        from ..build.pipeline import read_and_check

        inputs = fingerprint(self.root)  # before reading: a save meanwhile shows as a change
        guide, notes = read_and_check(self.root)
        self.checked = (inputs, guide, notes)
        self.say(f"Checked in {time.monotonic() - started:.1f} s: no errors.")
        self.show_notes(notes, changed)
        edited = self.edited(guide)
        self.layout = layout_key(self.root)
        if self.kept is not None and self.kept.layout == self.layout:
            from ..build.quick import FullBuildNeeded, update

            try:
                updated = update(self.kept, guide, self.root)
            except FullBuildNeeded as reason:
                self.say(f"Laying out the whole guide again: {reason}.")
            else:
                self.kept.guide = guide
                self.quick_done(updated, edited, started)
                return True
        elif self.kept is not None:
            self.say("Laying out the whole guide again: the layout, fonts or builder changed.")
        return self.full(guide, edited, started)

    def edited(self, guide) -> list:
        """The hacks whose printed text changed since the last round (or that are new)."""
        from ..build.records import printed_hash

        now = {hack.slug: printed_hash(guide, hack) for hack in guide.hacks}
        before, self.printed = self.printed, now
        if not before:
            return []
        return [hack for hack in guide.hacks if before.get(hack.slug) != now[hack.slug]]

    def show_notes(self, notes, changed: set[Path]) -> None:
        """Style notes, once: at the start all of them, then only those of files saved."""
        by_file: dict[Path, list[str]] = {}
        for note in notes:
            by_file.setdefault(note.path, []).append(note.format(self.root))
        for path, lines in by_file.items():
            if self.noted is None or (path in changed and lines != self.noted.get(path)):
                for line in lines:
                    self.say(f"style note: {line}")
        self.noted = by_file

    def quick_done(self, updated, edited, started: float) -> None:
        seconds = time.monotonic() - started
        if not updated.hacks:
            self.say("Nothing to update: the PDF already shows this.")
            return
        where = "; ".join(f"{hack.number} on page {page}" for hack, page in updated.hacks)
        names = ", ".join(self.shown(path) for path in updated.files)
        self.say(f"Quick PDF: {names} updated in {seconds:.1f} s ({where}). The final PDF, "
                 "tagged and identical to `make pdf`, follows in the background.")
        if self.final_builds:
            self.final = FinalBuild(self.root, self.paper)

    def final_done(self) -> None:
        final, self.final = self.final, None
        if final is None or not final.done():
            return
        code, lines = final.outcome()
        if code == 0:
            self.kept.note_files(list(self.kept.files))
            self.say(f"Final PDF ready ({time.monotonic() - final.started:.0f} s): "
                     f"{', '.join(self.shown(path) for path in self.kept.files)}, as "
                     "`make pdf` writes it.")
        elif code != 130:  # 130: stopped for a newer save
            for line in lines:
                self.say(line)

    # ---- the whole guide -------------------------------------------------------------

    def full(self, guide, edited, started: float) -> bool:
        from ..build.pipeline import Options, build, lay_out_guide
        from ..build.quick import Kept

        progress = WatchProgress(self.saves, interactive=self.interactive)
        gc.unfreeze()
        try:
            options = Options(root=self.root, request=Request(papers=(self.paper,)),
                              keep_layout=True, progress=progress, checked=self.checked)
            result = build(options)
            if result.nothing_changed:
                self.say("The PDF already matches the content. Laying out the guide once, "
                         "so that each save shows in it in about a second...")
                made = lay_out_guide(guide, self.root, paper=self.paper, progress=progress,
                                     keep=True)
            else:
                made = result.kept
        finally:
            progress.stop()
        pdfs = [path for path in result.written if path.suffix == ".pdf"]
        self.kept = Kept(made, guide, layout=self.layout)
        self.kept.note_files(pdfs)
        # The kept pages are millions of objects that live until the next full layout:
        # out of the collector's sight, so that its passes after each save stay short.
        gc.collect()
        gc.freeze()
        for problem in result.problems:
            self.say(problem.format(self.root))
        if result.nothing_changed:
            self.say(f"Ready ({time.monotonic() - started:.0f} s): save a file, and the PDF "
                     "shows it.")
            return True
        where = "".join(f"; {hack.number} on page {made.page_numbers.get(hack.anchor, '?')}"
                        for hack in edited[:5])
        self.say(f"Rebuilt {', '.join(self.shown(path) for path in pdfs)} ({result.page_count} "
                 f"pages) in {time.monotonic() - started:.0f} s{where}. Watching...")
        return not result.problems

    def shown(self, path: Path) -> str:
        return str(path.relative_to(self.root)) if path.is_relative_to(self.root) else str(path)

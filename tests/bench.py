"""`make bench`: how fast and how big the build is, as ratios measured side by side.

Comparisons, each run alternating with its baseline so that both see the same
machine, medians reported:

1. the full build of the Letter guide against WeasyPrint alone typesetting the very HTML
   our pipeline typesets (saved with --html): what reading, checking, rendering,
   repairing the structure tree, placing on paper and writing cost on top of the
   typesetting no builder can skip;
2. the same full build against WeasyPrint typesetting that HTML with its stylesheets
   removed: the cost of the design;
3. every edition on both papers (`--all`) against the Letter guide alone;
4. the web edition (`--edition site`, offering the PDFs the `--all` before it made from the
   same inputs) against the Letter guide alone; and the site's size in bytes;
5. watch: a save of a one-word edit to a hack until the updated guide is written (the
   quick PDF), five hacks spread over the guide, against the full build of (1), with
   the time until the final PDF of the full build behind it; each quick PDF is read back
   and compared with that final PDF, a full build of the same content: each page's
   text (and so its page numbers), every link and name and where it leads, every
   bookmark (tests/pdf_facts.py).

Every build is forced (an unchanged guide would otherwise be a no-op) and runs in a copy
of the project, with the page numbers its previous build left, as an editor's rebuild
does. Targets are printed, never asserted: a slow machine must not fail the tests.

`make bench ARGS=--watch` runs only (5), beside full builds of the guide alternating with
WeasyPrint alone as in (1): a few minutes instead of a quarter of an hour.
`make bench ARGS=--site` runs only (4), after one `--all`: a few minutes.
"""

from __future__ import annotations

import os
import re
import shutil
import signal
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
BIN = Path(sys.executable).parent
RUNS = int(os.environ.get("BENCH_RUNS", "3"))
TARGETS = {"guide / WeasyPrint alone": 1.10, "guide / WeasyPrint, no stylesheets": 1.6,
           "--all (both papers) / guide": 2.5, "site / guide": 0.2}
SAVE_TARGET = 1.5  # seconds from a save in watch to the updated guide PDF


def measure(command: list[str]) -> tuple[float, float]:
    """Wall seconds and peak memory (MiB) of one child process (and its workers)."""
    start = time.perf_counter()
    process = subprocess.Popen(command, cwd=REPO, stdout=subprocess.DEVNULL,
                               stderr=subprocess.PIPE)
    _, status, usage = os.wait4(process.pid, 0)
    seconds = time.perf_counter() - start
    if os.waitstatus_to_exitcode(status) != 0:
        sys.exit(f"bench: {' '.join(command)} failed:\n{process.stderr.read().decode()}")
    return seconds, usage.ru_maxrss / 1024


def alternate(first: list[str], second: list[str]) -> tuple[list, list]:
    ours, theirs = [], []
    for _ in range(RUNS):
        ours.append(measure(first))
        theirs.append(measure(second))
    return ours, theirs


def median(runs, index: int) -> float:
    return statistics.median(run[index] for run in runs)


def main() -> None:
    only_watch = "--watch" in sys.argv[1:]
    only_site = "--site" in sys.argv[1:]
    with tempfile.TemporaryDirectory() as folder:
        folder = Path(folder)
        project = folder / "project"
        for name in ("content", "layout", "fonts"):
            shutil.copytree(REPO / name, project / name)
        html = folder / "guide.html"
        bare = folder / "bare.html"
        build = [sys.executable, "build_pdf.py", "--project", str(project), "--force", "-q"]
        guide = build + ["-o", str(folder / "ours.pdf")]
        measure(guide + ["--html", str(html)])  # warm-up: page numbers and the HTML
        if not only_watch:
            measure(build + ["--all"])
        text = html.read_text(encoding="utf-8")
        bare.write_text(re.sub(r'<link rel="stylesheet"[^>]*>|<style>.*?</style>', "", text,
                               flags=re.S), encoding="utf-8")
        weasyprint = [str(BIN / "weasyprint"), "--pdf-variant", "pdf/ua-1"]
        rows = [] if only_site else [
            ("guide / WeasyPrint alone",
             *alternate(guide, weasyprint + [str(html), str(folder / "alone.pdf")])),
        ]
        if only_site:
            rows += [("site / guide", *alternate(build + ["--edition", "site"], guide))]
        elif not only_watch:
            rows += [
                ("guide / WeasyPrint, no stylesheets",
                 *alternate(guide, weasyprint + [str(bare), str(folder / "bare.pdf")])),
                ("--all (both papers) / guide", *alternate(build + ["--all"], guide)),
                ("site / guide", *alternate(build + ["--edition", "site"], guide)),
            ]
        site = project / "output" / "site"
        sizes = {path: path.stat().st_size for path in site.rglob("*") if path.is_file()}
        offered = sum(size for path, size in sizes.items()
                      if path.is_relative_to(site / "downloads") and path.suffix == ".pdf")
        sys.path.insert(0, str(REPO))
        from spacehacks.build.pipeline import Options, build as run
        from spacehacks.editions.plan import Request

        steps = {} if only_site else run(Options(root=project, request=Request(),
                                                  force=True)).seconds
        saves = [] if only_site else watch_saves(project)

    print(f"Space Hacks build benchmark, median of {RUNS} alternating runs "
          f"({os.cpu_count()} cores)\n")
    print(f"{'':38}{'ours (s)':>9}{'base (s)':>9}{'time':>7}{'target':>8}"
          f"{'ours MiB':>10}{'base MiB':>10}{'memory':>8}")
    verdicts = []
    for name, ours, base in rows:
        ratio = median(ours, 0) / median(base, 0)
        memory = median(ours, 1) / median(base, 1)
        print(f"{name:38}{median(ours, 0):9.2f}{median(base, 0):9.2f}{ratio:7.2f}"
              f"{TARGETS[name]:8.2f}{median(ours, 1):10.0f}{median(base, 1):10.0f}"
              f"{memory:8.2f}")
        verdicts.append(f"{name}: {ratio:.2f} "
                        f"({'within' if ratio <= TARGETS[name] else 'OVER'} target "
                        f"{TARGETS[name]})")
    if steps:
        print("\nSteps of one in-process build of the guide (s):")
        total = sum(steps.values())
        for step, seconds in steps.items():
            print(f"  {step:16}{seconds:7.2f}  {seconds / total:6.1%}")
    if sizes:
        print(f"\nThe web edition: {sum(sizes.values())} bytes in {len(sizes)} files, of which "
              f"{offered} bytes are the PDFs it offers ({sum(sizes.values()) - offered} "
              "bytes without them)")
    if only_site:
        print()
        print("\n".join(verdicts))
        return
    quick = sum(how == "quick" for _, how, _, _ in saves)
    differing = sum(not same.startswith("same") for _, how, _, same in saves if how == "quick")
    full_build = median(rows[0][1], 0)
    print(f"\nwatch: save -> updated guide PDF, {len(saves)} saves of one word in a hack:")
    for (seconds, how, final, same), hack in zip(saves, SAVE_HACKS):
        print(f"  hack {hack:3} {how:6}{seconds:7.2f} s   final PDF after {final:5.1f} s   "
              f"{same}")
    # The median of every save, quick or not: a save that had to lay out the whole guide
    # counts with its own time.
    save = statistics.median(seconds for seconds, _, _, _ in saves)
    print(f"  median {save:.2f} s (target {SAVE_TARGET}; {quick} of {len(saves)} quick), "
          f"full build {full_build:.2f} s: {full_build / save:.0f} times faster")
    verdicts.append(f"watch save -> PDF: {save:.2f} s "
                    f"({'within' if save <= SAVE_TARGET else 'OVER'} target {SAVE_TARGET} s)"
                    f"; full build {full_build:.2f} s; quick PDFs unlike the full build: "
                    f"{differing} of {quick}")
    print()
    print("\n".join(verdicts))


SAVE_HACKS = [5, 20, 40, 60, 80]  # which hacks are edited, spread over the guide


def watch_saves(project: Path) -> list[tuple[float, str, float, str]]:
    """Run `watch` as an editor does; for each save, the seconds until the guide PDF is
    replaced, whether it was quick, the seconds until the final PDF after it, and whether
    the quick PDF gives a reader what the final one (a full build) gives."""
    import pdf_facts
    from spacehacks.reading.reader import read_guide

    hacks = read_guide(project).hacks
    pdf = project / "output" / "space-hacks.pdf"
    # Ctrl-C (SIGINT) stops it as it stops an editor's, even where the shell that ran the
    # benchmark had it ignored (a job in the background inherits that).
    watch = subprocess.Popen([sys.executable, "build_pdf.py", "watch", "--project",
                              str(project)], cwd=REPO, stdout=subprocess.PIPE,
                             stderr=subprocess.STDOUT, text=True, bufsize=1,
                             preexec_fn=lambda: signal.signal(signal.SIGINT, signal.SIG_DFL))
    lines: list[str] = []

    def until(*starts: str) -> str:
        for line in watch.stdout:
            lines.append(line)
            if line.startswith(starts):
                return line
        sys.exit("bench: watch stopped:\n" + "".join(lines))

    try:
        until("Ready", "Rebuilt")
        results = []
        for index in SAVE_HACKS:
            path = hacks[min(index, len(hacks) - 1)].path
            text = path.read_text(encoding="utf-8")
            before = pdf.stat().st_mtime_ns
            saved = time.perf_counter()
            settings, body = text.split("\n---\n", 1)  # one word of the body, not the title
            path.write_text(f"{settings}\n---\n{body.replace(' the ', ' this ', 1)}",
                            encoding="utf-8")
            while pdf.stat().st_mtime_ns == before:  # written by renaming: whole at once
                time.sleep(0.002)
                if time.perf_counter() - saved > 300:
                    sys.exit("bench: the save never reached the PDF:\n" + "".join(lines))
            seconds = time.perf_counter() - saved
            quick_pdf = project.parent / "quick.pdf"
            shutil.copyfile(pdf, quick_pdf)  # before the final PDF replaces it
            said = until("Quick PDF", "Laying out")
            if said.startswith("Quick PDF"):
                how = "quick"
                until("Final PDF ready")
                final = time.perf_counter() - saved
                quick, full = pdf_facts.read(quick_pdf), pdf_facts.read(pdf)
                same = ("same text, page numbers, links and bookmarks as the full build"
                        if quick == full else "UNLIKE the full build in: " + ", ".join(
                            key for key in full if quick[key] != full[key]))
            else:
                how, same = "full", ""
                print(f"bench: hack {index}: {said.strip()}")  # why, as watch says it
                until("Rebuilt")
                final = time.perf_counter() - saved
            results.append((seconds, how, final, same))
        return results
    finally:
        watch.send_signal(signal.SIGINT)
        try:
            watch.wait(timeout=60)
        except subprocess.TimeoutExpired:  # the results stand; the process goes all the same
            watch.kill()
            watch.wait()


if __name__ == "__main__":
    main()

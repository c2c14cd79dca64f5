"""`make bench`: how fast and how big the build is, as ratios measured side by side.

The baseline is WeasyPrint alone typesetting the very HTML our pipeline typesets
(saved with --html). Its ratio to our full build shows what reading, checking,
rendering, finishing and writing cost on top of the typesetting no builder can skip.
Runs alternate so that both sides see the same machine state; medians are reported.
Targets are printed, never asserted: a slow machine must not fail the tests.
"""

from __future__ import annotations

import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
BIN = Path(sys.executable).parent
RUNS = int(os.environ.get("BENCH_RUNS", "3"))
TARGETS = {"time": 1.35, "memory": 1.25}  # full build / WeasyPrint alone


def measure(command: list[str]) -> tuple[float, float]:
    """Wall seconds and peak memory (MiB) of one child process."""
    start = time.perf_counter()
    process = subprocess.Popen(command, cwd=REPO, stdout=subprocess.DEVNULL,
                               stderr=subprocess.PIPE)
    _, status, usage = os.wait4(process.pid, 0)
    seconds = time.perf_counter() - start
    if os.waitstatus_to_exitcode(status) != 0:
        sys.exit(f"bench: {' '.join(command)} failed:\n{process.stderr.read().decode()}")
    return seconds, usage.ru_maxrss / 1024


def main() -> None:
    with tempfile.TemporaryDirectory() as folder:
        html = Path(folder) / "guide.html"
        ours_cmd = [sys.executable, "build_pdf.py", "-o", str(Path(folder) / "ours.pdf"),
                    "--html", str(html)]
        alone_cmd = [str(BIN / "weasyprint"), "--pdf-variant", "pdf/ua-1", str(html),
                     str(Path(folder) / "alone.pdf")]
        measure(ours_cmd)  # warm-up, and it writes the HTML for the baseline
        ours, alone = [], []
        for _ in range(RUNS):
            ours.append(measure(ours_cmd))
            alone.append(measure(alone_cmd))

        sys.path.insert(0, str(REPO))
        from spacehacks.pipeline import Options, build

        steps = build(Options(root=REPO, output=Path(folder) / "steps.pdf")).seconds

    ours_time = statistics.median(t for t, _ in ours)
    alone_time = statistics.median(t for t, _ in alone)
    ours_memory = statistics.median(m for _, m in ours)
    alone_memory = statistics.median(m for _, m in alone)
    ratios = {"time": ours_time / alone_time, "memory": ours_memory / alone_memory}

    print(f"Space Hacks build benchmark, median of {RUNS} alternating runs\n")
    print(f"{'':24}{'full build':>12}{'WeasyPrint alone':>18}{'ratio':>8}{'target':>9}")
    print(f"{'wall time (s)':24}{ours_time:12.2f}{alone_time:18.2f}"
          f"{ratios['time']:8.2f}{TARGETS['time']:>9}")
    print(f"{'peak memory (MiB)':24}{ours_memory:12.0f}{alone_memory:18.0f}"
          f"{ratios['memory']:8.2f}{TARGETS['memory']:>9}")
    print("\nSteps of one in-process build (s):")
    total = sum(steps.values())
    for step, seconds in steps.items():
        print(f"  {step:16}{seconds:7.2f}  {seconds / total:6.1%}")
    for name, ratio in ratios.items():
        verdict = "within target" if ratio <= TARGETS[name] else "OVER TARGET"
        print(f"{name} ratio {ratio:.2f}: {verdict} ({TARGETS[name]})")


if __name__ == "__main__":
    main()

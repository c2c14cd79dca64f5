"""The editors' loop: no-op rebuilds, progress and Ctrl-C, watch, new, move, changes."""

from __future__ import annotations

import os
import re
import signal
import subprocess
import sys
import time
from types import SimpleNamespace

import pytest

from conftest import REPO, hack_text


def cli(project, capsys, *args):
    from spacehacks.commands import main

    code = main([args[0], "--project", str(project), *args[1:]] if args and args[0] in (
        "check", "new", "move", "changes", "random") else ["--project", str(project), *args])
    captured = capsys.readouterr()
    return code, captured.out, captured.err


@pytest.mark.slow
def test_a_build_with_nothing_changed_does_no_typesetting(project):
    """Run as an editor does; the second run must not even import WeasyPrint."""
    script = ("import sys; from spacehacks.commands import main; code = main(sys.argv[1:]); "
              "print('WEASYPRINT', 'weasyprint' in sys.modules); sys.exit(code)")
    run = lambda: subprocess.run([sys.executable, "-c", script, "--project", str(project)],  # noqa: E731
                                 capture_output=True, text=True, cwd=REPO, timeout=300)
    first = run()
    assert first.returncode == 0 and "WEASYPRINT True" in first.stdout
    second = run()
    assert second.returncode == 0, second.stderr
    assert "Nothing changed since the last build" in second.stdout
    assert "WEASYPRINT False" in second.stdout
    # Any edit (content, layout, options) makes it build again.
    path = project / "content/prevention/walk-the-space.md"
    path.write_text(path.read_text().replace("A short paragraph.", "A shorter paragraph."))
    assert "WEASYPRINT True" in run().stdout


@pytest.mark.slow
def test_quiet_and_progress(project):
    command = [sys.executable, str(REPO / "build_pdf.py"), "--project", str(project), "--force"]
    loud = subprocess.run(command, capture_output=True, text=True, timeout=300,
                          env={**os.environ, "CI": ""})
    # Each step that ended, with its own duration (not the time since the start).
    steps = re.findall(r"^(reading and checking the content|laying out the guide|writing the "
                       r"guide): (\d+\.\d) s$", loud.stderr, re.M)
    assert [name for name, _ in steps][-2:] == ["laying out the guide", "writing the guide"], \
        loud.stderr
    progress = re.compile(r"^(reading|laying|writing|saving|making) ", re.M)
    quiet = subprocess.run(command + ["--quiet"], capture_output=True, text=True, timeout=300)
    assert quiet.returncode == 0 and "Wrote" in quiet.stdout
    assert not progress.search(quiet.stderr), quiet.stderr
    in_ci = subprocess.run(command, capture_output=True, text=True, timeout=300,
                           env={**os.environ, "CI": "true"})
    assert in_ci.returncode == 0 and "Wrote" in in_ci.stdout
    assert not progress.search(in_ci.stderr), in_ci.stderr


def test_the_heartbeat_on_a_terminal_beats_within_two_seconds(monkeypatch):
    """Outside CI (CI turns the heartbeat off, so the test unsets it)."""
    import io

    from spacehacks.commands.progress import Heartbeat

    monkeypatch.delenv("CI", raising=False)
    screen = io.StringIO()
    progress = Heartbeat(screen, interactive=True, delay=0.0)
    try:
        progress.step("laying out the guide", 132)
        progress.advance(60)
        time.sleep(2.5)  # a long page: the line is rewritten all the same
        progress.step("writing the guide")
    finally:
        progress.stop()
    shown = screen.getvalue()
    assert shown.count("\r\x1b[Klaying out the guide: page 60 of 132 (") >= 2, shown
    assert re.search(r"laying out the guide: 2\.\d s\n", shown)
    assert re.search(r"\nwriting the guide: \d+\.\d s\n$", shown), shown


def _failing_midway(progress, error):
    """A step that shows on the status line, then fails."""
    progress.step("laying out the guide", 132)
    progress.advance(60)
    time.sleep(0.6)  # the status line is on the screen
    raise error


@pytest.mark.parametrize("command", ["build", "check", "changes --since", "watch"])
@pytest.mark.parametrize("error", [RuntimeError("a fault"), KeyboardInterrupt()],
                         ids=["fault", "ctrl-c"])
def test_the_status_line_goes_whatever_stops_a_command(project, capsys, monkeypatch, command,
                                                       error):
    """Each command that shows a heartbeat stops it in a `finally`: after a fault or
    Ctrl-C in the middle of a step, no status line is left on the screen and no thread
    beats on."""
    import io

    from spacehacks.build import measure, pipeline
    from spacehacks.commands import build, changes, check, progress as shown, watch
    from spacehacks.commands.terminal import SafeStream

    monkeypatch.delenv("CI", raising=False)
    monkeypatch.setattr(shown, "BEAT", 0.1)  # rewritten often: the step's 0.6 s show it
    beats = []

    def heartbeat(*args, **options):  # a terminal, on which anything shows at once
        # (written through the stream that makes what commands print safe, as sys.stderr
        # is while a command runs: the heartbeat's own controls must reach the terminal)
        beat = shown.Heartbeat(SafeStream(io.StringIO()), interactive=True, delay=0.0)
        beats.append(beat)
        return beat

    for module in (build, check, changes):
        monkeypatch.setattr(module, "Heartbeat", heartbeat)
    monkeypatch.setattr(pipeline, "build", lambda options: _failing_midway(options.progress,
                                                                           error))
    monkeypatch.setattr(measure.Measures, "problems",
                        lambda self: _failing_midway(self.progress, error))
    monkeypatch.setattr(pipeline, "guide_records",
                        lambda folder, progress: _failing_midway(progress, error))
    monkeypatch.setattr(changes, "guide_at", lambda root, ref, read: read(root))
    if command == "watch":
        class Shown(watch.WatchProgress):
            def __init__(self, saves, **options):
                super().__init__(saves, interactive=True)
                self.stream = io.StringIO()  # (sys.stdout, unwrapped as above)
                beats.append(self)

        monkeypatch.setattr(watch, "WatchProgress", Shown)
        watcher = watch.Watcher(project, "letter", lambda line: None, interactive=True,
                                final_builds=False)
        try:
            if isinstance(error, KeyboardInterrupt):
                with pytest.raises(KeyboardInterrupt):
                    watcher.round(set())
            else:
                assert not watcher.round(set())
        finally:
            watcher.close()
    else:
        args = {"build": ["--force"], "check": ["check"],
                "changes --since": ["changes", "--since", "main"]}[command]
        code, _, err = cli(project, capsys, *args)
        assert code == (130 if isinstance(error, KeyboardInterrupt) else 3), err
    assert len(beats) == 1
    beat = beats[0]
    screen = beat.stream.getvalue()
    step = "laying out the guide" + (" at main" if command == "changes --since" else "")
    assert f"\r\x1b[K{step}: page 60 of 132 (" in screen  # it was on the screen
    assert not beat.thread.is_alive() and not beat.live
    # The status line was wiped, and the step left its duration on a line of its own.
    assert re.search(rf"\r\x1b\[K{step}: 0\.\d s\n$", screen), screen


@pytest.mark.slow
def test_ctrl_c_stops_cleanly_and_writes_nothing(tmp_path):
    import shutil

    project = tmp_path / "project"  # the real guide: its build takes long enough
    for name in ("content", "layout", "fonts"):
        shutil.copytree(REPO / name, project / name)
    output = project / "output"
    output.mkdir()
    (output / "space-hacks.pdf").write_bytes(b"the previous PDF")
    command = [sys.executable, str(REPO / "build_pdf.py"), "--project", str(project),
               "--all", "--force"]
    # Ctrl-C reaches the build as it reaches an editor's, even where these tests run in a
    # background job (which starts every child with Ctrl-C ignored).
    process = subprocess.Popen(command, stdout=subprocess.PIPE, stderr=subprocess.PIPE,
                               text=True, env={**os.environ, "CI": ""},
                               preexec_fn=lambda: signal.signal(signal.SIGINT, signal.SIG_DFL))
    for line in process.stderr:  # the content is read: typesetting is under way
        if line.startswith("reading and checking the content:"):
            break
    process.send_signal(signal.SIGINT)
    out, err = process.communicate(timeout=60)
    assert process.returncode == 130, err
    assert "Traceback" not in err and "Stopped." in err
    files = sorted(path.name for path in output.rglob("*") if path.is_file())
    assert files == ["space-hacks.pdf"]  # no partial file, no temporary file
    assert (output / "space-hacks.pdf").read_bytes() == b"the previous PDF"


def in_house_style(project) -> None:
    """The sample guide with no style note at all: every hack has its three sections,
    150 to 450 words and one-sentence summary; the long hack is gone."""
    steps = "\n".join(f"{n}. Step {n} of the plan, said in plain words the team can use "
                      "at the door today." for n in range(1, 4))
    why = " ".join(["The team sees the same room every day, so small problems hide in "
                    "plain sight until someone new walks in."] * 5)
    body = (f"## Why it matters\n\n{why}\n\n## Try this\n\n{steps}\n\n## Adapt it\n\n"
            "- **Outdoor sites:** Walk the block as well as the tent.\n")
    for name in ("content/prevention/walk-the-space.md", "content/prevention/daily-huddle.md",
                 "content/response/words/one-voice.md"):
        path = project / name
        settings = path.read_text().split("---\n")[1]
        path.write_text(f"---\n{settings}---\n\n{body}")
    (project / "content/prevention/long-hack.md").unlink()
    part = project / "content/prevention/part.md"
    part.write_text(part.read_text().replace("  - long-hack\n", ""))


def test_check_strict_fails_on_a_style_note_and_passes_without_one(project, capsys):
    in_house_style(project)
    code, out, err = cli(project, capsys, "check", "--strict")
    assert code == 0, err
    assert "style note" not in err and "The content has no errors." in out
    path = project / "content/prevention/walk-the-space.md"
    path.write_text(path.read_text().replace("summary: Look at the room with fresh eyes.",
                                             "summary: Look at the room. Then fix it."))
    code, out, err = cli(project, capsys, "check", "--strict")
    assert code == 1
    assert ("style note: content/prevention/walk-the-space.md:3: the summary should be one "
            "sentence") in err
    assert "check --strict: the style notes count as problems." in err
    code, out, err = cli(project, capsys, "check")  # without --strict, advice only
    assert code == 0 and "1 style note" in out


def test_new_makes_a_hack_that_passes_check_and_lists_it_in_place(project, capsys):
    code, out, _ = cli(project, capsys, "new", "Open the back door: slowly", "--after",
                       "walk-the-space")
    assert code == 0 and "It prints as P-2." in out
    assert out.rstrip().endswith("Check it with: make check")  # a command that works
    path = project / "content/prevention/open-the-back-door-slowly.md"
    assert path.read_text().startswith('---\ntitle: "Open the back door: slowly"\n')
    listed = (project / "content/prevention/part.md").read_text()
    assert "  - walk-the-space\n  - open-the-back-door-slowly\n  - daily-huddle\n" in listed
    # Until its own words are written, check names the lines still holding the template's.
    code, out, err = cli(project, capsys, "check")
    problems = [line for line in err.split("\n") if line.startswith("content/")]
    assert code == 1 and len(problems) == 1, err
    assert problems[0].startswith("content/prevention/open-the-back-door-slowly.md:3: this "
                                  "hack still holds the template's example text, on lines 3, ")
    path.write_text(hack_text('"Open the back door: slowly"', "Open it slowly."))
    code, out, err = cli(project, capsys, "check")
    assert code == 0 and "The content has no errors" in out
    assert "not listed" not in err
    # A section's list, and a clear message for a section that does not exist.
    code, out, _ = cli(project, capsys, "new", "Say it twice", "--part", "response",
                       "--section", "words", "--first")
    assert code == 0 and "It prints as R-1." in out
    # (new still works while the hack made before it holds the template's text)
    code, _, err = cli(project, capsys, "new", "X", "--part", "response", "--section", "wordz")
    assert code == 2 and "no section 'wordz'. Did you mean 'words'?" in err


def test_new_refuses_a_title_or_file_name_another_hack_has(project, capsys):
    before = {path: path.read_bytes() for path in (project / "content").rglob("*")
              if path.is_file()}
    code, _, err = cli(project, capsys, "new", "Hold a Daily Huddle.", "--after",
                       "walk-the-space")
    assert code == 2 and ("P-2 (content/prevention/daily-huddle.md) already has the title "
                          "'Hold a daily huddle'. Give the new hack a title of its own.") in err
    code, _, err = cli(project, capsys, "new", "Walk: the space", "--after", "walk-the-space")
    assert code == 2 and ("the new hack's file would be walk-the-space.md, the file name of "
                          "P-1 'Walk the space'") in err
    # Nothing was written, and the next `new` still works.
    assert {path: path.read_bytes() for path in (project / "content").rglob("*")
            if path.is_file()} == before
    code, out, _ = cli(project, capsys, "new", "Open the back door", "--first", "--part",
                       "prevention")
    assert code == 0 and "It prints as P-1." in out


def test_a_python_that_is_not_set_up_is_told_to_run_make_pdf(tmp_path):
    """`python3 build_pdf.py check` outside the virtual environment: not 'a fault in the
    builder', but what to run first."""
    bare = tmp_path / "bare"
    subprocess.run([sys.executable, "-m", "venv", "--without-pip", str(bare)], check=True)
    run = subprocess.run([str(bare / "bin" / "python"), str(REPO / "build_pdf.py"), "check"],
                         capture_output=True, text=True, cwd=REPO, timeout=120)
    assert run.returncode == 1 and "Traceback" not in run.stderr
    assert "Run `make pdf` first: it sets everything up in .venv. Then use `make check`" \
        in run.stderr, run.stderr
    assert "fault in the builder" not in run.stderr


def test_move_renumbers_without_renaming(project, capsys):
    code, out, _ = cli(project, capsys, "move", "long-hack", "--after", "walk-the-space")
    assert code == 0 and "P-3 is now P-2: A hack that runs long." in out
    code, out, _ = cli(project, capsys, "move", "P-1", "--part", "response", "--section",
                       "words", "--first")
    assert code == 0 and "P-1 is now R-1: Walk the space." in out
    assert (project / "content/response/words/walk-the-space.md").is_file()
    assert not (project / "content/prevention/walk-the-space.md").exists()
    code, out, _ = cli(project, capsys, "check")
    assert code == 0


def _changes_after(project, capsys, edit) -> str:
    from spacehacks.commands import main

    assert main(["--project", str(project), "--quiet"]) == 0
    edit(project)
    assert main(["--project", str(project), "--quiet"]) == 0
    capsys.readouterr()
    code, out, _ = cli(project, capsys, "changes")
    assert code == 0
    return out


def _add(project):
    (project / "content/prevention/new-one.md").write_text(
        hack_text("A new one", "Something new."))
    part = project / "content/prevention/part.md"
    part.write_text(part.read_text().replace("  - walk-the-space\n",
                                             "  - new-one\n  - walk-the-space\n"))


def _feature_quote_picture_section(project):
    from PIL import Image

    walk = project / "content/prevention/walk-the-space.md"
    walk.write_text(walk.read_text().replace("featured: true\n", "").replace(
        "A short paragraph.", "![A floor plan](plan.png)"))
    Image.new("RGB", (300, 200), "white").save(project / "content/prevention/plan.png")
    huddle = project / "content/prevention/daily-huddle.md"
    huddle.write_text(huddle.read_text().replace("programs:", "featured: true\nprograms:"))
    quotes = project / "content/quotes.yaml"
    quotes.write_text(quotes.read_text().replace("only light can do that", "only light can")
                      + '- id: new-voice\n  text: "We open the door first."\n  by: Someone\n')
    section = project / "content/response/words/section.md"
    section.write_text(section.read_text().replace("Words that help",
                                                   "Words that cool things down"))


@pytest.mark.parametrize("edit, expected", [
    (_add, ["Summary: hacks: 1 added, 3 renumbered, 1 moved to another page; 16 pages (+1).",
            "Added (1)",
            "P-1 A new one (page 7)", "Renumbered (3)", "P-1 to P-3 (3 hacks) are now P-2 to P-4",
            "Pages: 15 before, 16 now (+1)."]),
    (lambda p: (p / "content/response/words/one-voice.md").write_text(
        hack_text("One voice leads", "One person talks; the others support.",
                  tags="[teamwork, words]", body="## Why it matters\n\nNew words.\n")),
     ["Edited (1)", "R-1 One voice leads"]),
    (lambda p: [(p / "content/prevention/part.md").write_text(
        (p / "content/prevention/part.md").read_text().replace("  - long-hack\n", "")),
        (p / "content/prevention/long-hack.md").unlink()],
     ["Removed (1)", "P-3 A hack that runs long", "Pages: 15 before, 13 now (-2)."]),
    (lambda p: (p / "content/prevention/part.md").write_text(
        (p / "content/prevention/part.md").read_text().replace(
            "  - daily-huddle\n  - long-hack\n", "  - long-hack\n  - daily-huddle\n")),
     ["Renumbered (2)", "P-3 is now P-2: A hack that runs long",
      "P-2 is now P-3: Hold a daily huddle"]),
    (lambda p: (p / "content/prevention/long-hack.md").write_text(
        hack_text("A hack that runs long", "This one takes more than a page.")),
     ["Moved to another page (1)", "R-1 One voice leads: page 12 is now page"]),
    (_feature_quote_picture_section,
     ["Summary: hacks: 2 edited; featured: 1 more, 1 fewer; 2 quotes changed; 1 picture "
      "changed; 15 pages, as before.", "Now featured (1):\n  P-2 Hold a daily huddle",
      "No longer featured (1):\n  P-1 Walk the space", "Quotes (2):\n  added: new-voice\n"
      "  edited: light", "Pictures (1):\n  P-1 Walk the space: plan.png added",
      "Sections renamed (1):\n  'Words that help' is now 'Words that cool things down'"]),
], ids=["add", "edit", "remove", "renumber", "move", "featured, quotes, pictures, sections"])
def test_changes_reports_each_kind_of_change(project, capsys, edit, expected):
    report = _changes_after(project, capsys, edit)
    assert report.startswith("Summary: "), report
    for line in expected:
        assert line in report, report


def test_changes_says_when_the_content_changed_after_the_last_build(project, capsys):
    report = _changes_after(project, capsys, _add)
    assert "changed since the last build" not in report
    (project / "content/prevention/new-one.md").write_text(
        hack_text("A new one", "Something newer."))
    code, out, _ = cli(project, capsys, "changes")
    assert code == 0 and out.split("\n")[1] == (
        "Note: the content (or the layout) has changed since the last build, and those "
        "changes are not in this report. Build again (make pdf) to see them, or compare "
        "with a branch: build_pdf.py changes --since main."), out


def test_changes_folds_runs_of_hacks_that_moved_alike():
    """A hack added at the start of a part of 40: one line for the renumbered run and one
    for the run of pages that moved, not 80."""
    from spacehacks.commands.changes_report import compare, describe

    def hack(number, name, page):
        return {"number": f"P-{number}", "name": name, "title": f"Hack {name}", "part": "p",
                "section": "s", "hash": name, "pages": [page], "featured": False,
                "pictures": {}}

    before = {"hacks": [hack(n, f"h{n}", 10 + n) for n in range(1, 41)], "page_count": 60,
              "quotes": {}, "sections": {}}
    after = {"hacks": [hack(1, "new", 11)] + [hack(n + 1, f"h{n}", 11 + n)
                                              for n in range(1, 41)],
             "page_count": 61, "quotes": {}, "sections": {}}
    report = describe(compare(before, after))
    lines = report.split("\n")
    assert lines[0] == "Summary: hacks: 1 added, 40 renumbered; 61 pages (+1)."
    assert "Renumbered (40):\n  P-1 to P-40 (40 hacks) are now P-2 to P-41" in report
    assert len(lines) < 10, report


def test_changes_since_a_git_ref(project, capsys):
    def git(*args):
        subprocess.run(["git", *args], cwd=project, check=True, capture_output=True,
                       env={**os.environ, "GIT_AUTHOR_NAME": "t", "GIT_AUTHOR_EMAIL": "t@t",
                            "GIT_COMMITTER_NAME": "t", "GIT_COMMITTER_EMAIL": "t@t"})
    git("init", "-q")
    git("add", "content")
    git("commit", "-qm", "start")
    _add(project)
    code, out, _ = cli(project, capsys, "changes", "--since", "HEAD", "--markdown")
    assert code == 0
    assert "## What changed in the guide" in out and "### Added (1)" in out
    assert "- P-1 A new one (page 7)" in out
    code, _, err = cli(project, capsys, "changes", "--since", "no-such-branch")
    assert code == 2 and "'no-such-branch' is not a commit" in err


@pytest.mark.slow
def test_two_builds_at_once_leave_whole_files(project):
    """Two editors (or an editor and watch mode) building at the same moment."""
    command = [sys.executable, str(REPO / "build_pdf.py"), "--project", str(project),
               "--force", "--quiet"]
    runs = [subprocess.Popen(command, stdout=subprocess.PIPE, stderr=subprocess.PIPE)
            for _ in range(2)]
    assert [run.wait(timeout=300) for run in runs] == [0, 0]
    output = project / "output"
    assert sorted(p.name for p in output.iterdir()) == ["manifest.json", "space-hacks.pdf"]
    alone = subprocess.run(command + ["-o", str(project / "alone.pdf")], timeout=300)
    assert alone.returncode == 0
    assert (output / "space-hacks.pdf").read_bytes() == (project / "alone.pdf").read_bytes()


@pytest.mark.slow
def test_a_build_killed_in_the_middle_changes_nothing(project):
    command = [sys.executable, str(REPO / "build_pdf.py"), "--project", str(project)]
    assert subprocess.run(command + ["--quiet"], timeout=300).returncode == 0
    output = project / "output"
    before = {path.name: path.read_bytes() for path in output.iterdir()}
    process = subprocess.Popen(command + ["--force"], stdout=subprocess.PIPE,
                               stderr=subprocess.PIPE, text=True,
                               env={**os.environ, "CI": ""})
    for line in process.stderr:
        if line.startswith("reading and checking the content:"):
            break
    process.kill()  # no chance to clean up: as a crash or a power cut would
    process.wait(timeout=60)
    assert {path.name: path.read_bytes() for path in output.iterdir()} == before


def _long_steps(project):
    """The hack that may run to two pages gets steps too long for one wall card."""
    path = project / "content/prevention/long-hack.md"
    steps = "\n".join(f"{n}. " + "Say what you will do, then do it, and check with the "
                      "person after. " * 4 for n in range(1, 8))
    path.write_text(path.read_text() + f"\n## Try this\n\n{steps}\n")


def test_check_finds_what_the_build_would_refuse(project, capsys, monkeypatch):
    """A hack past its page budget and a wall card too long are found by `check`, which
    builds nothing; what it has laid out once it knows the next time; the build refuses
    each with the same words and the same measure; and a green check means the build
    passes."""
    from spacehacks.pdf import edition

    walk = project / "content/prevention/walk-the-space.md"
    walk.write_text(walk.read_text().replace(
        "A short paragraph.", "A short paragraph.\n\n" + "More words for the page. " * 300))
    _long_steps(project)
    code, out, err = cli(project, capsys, "check")
    assert code == 1 and not (project / "output").exists()
    assert ("content/prevention/walk-the-space.md:9: this hack fills 3 pages, and its budget "
            "is one page. Cut about") in err, err
    assert ("content/prevention/long-hack.md:3: the wall card of P-3 does not fit on one "
            "page at 14 pt") in err and "The build of the wall cards (make editions) would "\
        "stop at it." in err
    assert "2 problems to fix" in err
    # Nothing changed: nothing is laid out again.
    laid = []
    real = edition.lay_out_alone
    monkeypatch.setattr(edition, "lay_out_alone", lambda *a: laid.append(a) or real(*a))
    code, _, err = cli(project, capsys, "check")
    assert code == 1 and laid == [] and "2 problems to fix" in err

    # The build refuses each of them, measured alike: the hack past its budget first (the
    # guide stops there), then, with that fixed, the card (at 14 pt, its smallest type).
    def problems(err):
        return [line.split(". The ")[0] for line in err.splitlines()
                if line.startswith("content/")]

    over_budget = [line for line in problems(err) if "this hack fills 3 pages" in line]
    code, _, err = cli(project, capsys, "--edition", "guide", "--edition", "cards")
    assert code == 1 and problems(err) == over_budget, err
    walk.write_text(walk.read_text().replace("More words for the page. " * 300, ""))
    code, _, err = cli(project, capsys, "check")
    card = problems(err)
    assert code == 1 and len(card) == 1 and "wall card of P-3" in card[0], err
    code, _, err = cli(project, capsys, "--edition", "guide", "--edition", "cards")
    assert code == 1 and problems(err) == card, err
    # Everything else was still made.
    cards = project / "output" / "cards"
    assert (project / "output" / "space-hacks.pdf").is_file()
    assert (cards / "p-1-walk-the-space.pdf").is_file()
    assert not (cards / "p-3-long-hack.pdf").exists()
    # Fixed, the check is green, and so is the build of every edition.
    path = project / "content/prevention/long-hack.md"
    path.write_text(path.read_text().split("\n## Try this\n")[0])
    laid.clear()
    code, out, err = cli(project, capsys, "check")
    # Laid out again: the hack and the card whose text is new to the check.
    assert code == 0 and "The content has no errors" in out and len(laid) == 2, err
    code, out, err = cli(project, capsys, "--edition", "guide", "--edition", "cards")
    assert code == 0, err


def test_after_new_or_move_check_lays_out_only_the_new_hack(project, capsys, monkeypatch):
    """A new hack renumbers the hacks after it, and so the numbers and pages nearly every
    hack and card prints: check lays out only the new hack and its card (the others are
    known with their numbers taken out), and the build agrees with it."""
    from spacehacks.pdf import edition

    code, _, err = cli(project, capsys, "--edition", "guide", "--edition", "cards")
    assert code == 0, err
    code, _, err = cli(project, capsys, "check")
    assert code == 0, err
    laid, whole = [], []
    real_alone, real_whole = edition.lay_out_alone, edition.make_edition
    monkeypatch.setattr(edition, "lay_out_alone", lambda *a: laid.append(a) or real_alone(*a))
    monkeypatch.setattr(edition, "make_edition",
                        lambda *a, **k: whole.append(a) or real_whole(*a, **k))
    code, out, _ = cli(project, capsys, "new", "Open the back door slowly", "--part",
                       "prevention", "--first")
    assert code == 0 and "It prints as P-1." in out
    (project / "content/prevention/open-the-back-door-slowly.md").write_text(
        hack_text("Open the back door slowly", "Open it slowly."))
    code, out, err = cli(project, capsys, "check")
    assert code == 0 and "The content has no errors" in out, err
    assert len(laid) == 2 and whole == [], (len(laid), len(whole))  # the hack, its card
    # Moved to the end: every number changes again, and nothing needs laying out.
    laid.clear()
    code, out, _ = cli(project, capsys, "move", "P-1", "--after", "long-hack")
    assert code == 0, out
    code, out, err = cli(project, capsys, "check")
    assert code == 0 and laid == [] and whole == [], (len(laid), len(whole))
    monkeypatch.setattr(edition, "make_edition", real_whole)
    code, _, err = cli(project, capsys, "--edition", "guide", "--edition", "cards")
    assert code == 0, err


def test_a_count_measured_under_other_numbers_holds_only_with_room_to_spare(tmp_path,
                                                                            monkeypatch):
    """A page count remembered for the same HTML with other hack and page numbers is
    trusted only where the last page has ROOM to spare either way: nearly full, a wider
    number could add a page; nearly empty, a narrower one could take one away."""
    from spacehacks.build import measure

    monkeypatch.setattr(measure, "layout_fingerprint", lambda root: "f" * 24)
    monkeypatch.setenv("SPACEHACKS_CACHE", str(tmp_path))
    remembered = measure._Remembered(tmp_path)
    keys = {room: (f"exact {room}", f"numbers out {room}") for room in
            (0.0, measure.ROOM / 2, measure.ROOM, 0.5, 1 - measure.ROOM, 0.99, None)}
    for room, key in keys.items():
        remembered.measured(key, 2, room)
    assert [remembered.get(key) for key in keys.values()] == [2] * len(keys)  # as laid out
    others = {room: ("other numbers", key[1]) for room, key in keys.items()}
    assert {room: remembered.get(key) for room, key in others.items()} == {
        0.0: None, measure.ROOM / 2: None, measure.ROOM: 2, 0.5: 2, 1 - measure.ROOM: 2,
        0.99: None, None: None}
    # And the keys: the same hack with other numbers shares only the second.
    guide = SimpleNamespace(hacks=[SimpleNamespace(number="P-1"),
                                   SimpleNamespace(number="P-12")])
    key = measure._Keys(guide)
    one = key('<h3><span>P-1</span> Go</h3><p>(see P-12, page 9)</p>')
    other = key('<h3><span>P-12</span> Go</h3><p>(see P-1, page 104)</p>')
    words = key('<h3><span>P-12</span> Go!</h3><p>(see P-1, page 104)</p>')
    assert one[0] != other[0] and one[1] == other[1] and words[1] != one[1]


def test_check_lays_out_many_cards_at_once_with_the_same_verdict(project, capsys,
                                                                 monkeypatch):
    """With many cards to measure (here: more than none), check lays out all the cards
    once, at the smallest type, and says what it says when it lays out each alone."""
    from spacehacks.build import measure
    from spacehacks.pdf import edition

    _long_steps(project)
    code, _, alone = cli(project, capsys, "check")
    assert code == 1 and "the wall card of P-3 does not fit" in alone, alone
    monkeypatch.setenv("SPACEHACKS_CACHE", str(project.parent / "afresh"))
    monkeypatch.setattr(measure, "ALONE_AT_MOST", 0)
    laid = []  # each layout check makes: (its HTML's cards, how many pages)
    real = edition.lay_out_alone

    def counted(*args, **options):
        pages = real(*args, **options)
        laid.append((args[3].count('class="card"'), pages.page_count))
        return pages

    monkeypatch.setattr(edition, "lay_out_alone", counted)
    code, _, at_once = cli(project, capsys, "check")
    # The wall cards in one layout, all four of them (the status line that says so
    # shows only when check runs past a second, so it is not read here).
    assert laid == [(4, 5)], laid

    def card(err):
        return [line for line in err.splitlines() if "wall card of" in line]

    assert code == 1 and card(at_once) == card(alone) and len(card(alone)) == 1

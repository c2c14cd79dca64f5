"""The editors' loop: no-op rebuilds, progress and Ctrl-C, watch, new, move, changes."""

from __future__ import annotations

import os
import signal
import subprocess
import sys

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
    loud = subprocess.run(command, capture_output=True, text=True, timeout=300)
    assert "... typeset" in loud.stderr  # the build takes more than a second
    quiet = subprocess.run(command + ["--quiet"], capture_output=True, text=True, timeout=300)
    assert quiet.returncode == 0 and "..." not in quiet.stderr and "Wrote" in quiet.stdout


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
    process = subprocess.Popen(command, stdout=subprocess.PIPE, stderr=subprocess.PIPE,
                               text=True)
    for line in process.stderr:  # the progress line: typesetting is under way
        if "typeset" in line:
            break
    process.send_signal(signal.SIGINT)
    out, err = process.communicate(timeout=60)
    assert process.returncode == 130, err
    assert "Traceback" not in err and "Stopped." in err
    files = sorted(path.name for path in output.rglob("*") if path.is_file())
    assert files == ["space-hacks.pdf"]  # no partial file, no temporary file
    assert (output / "space-hacks.pdf").read_bytes() == b"the previous PDF"


def test_watch_rebuilds_after_a_good_save_and_keeps_the_pdf_after_a_bad_one(project):
    from spacehacks.editions.plan import Request
    from spacehacks.build.pipeline import Options
    from spacehacks.commands.watch import rebuild

    said: list[str] = []
    options = Options(root=project, request=Request())
    assert rebuild(options, said.append)
    pdf = project / "output" / "space-hacks.pdf"
    good = pdf.read_bytes()
    assert any(line.startswith("Rebuilt output/space-hacks.pdf") for line in said)
    path = project / "content/prevention/walk-the-space.md"
    text = path.read_text()
    path.write_text(text.replace("tags: [space-design]", "tags: [nope]"))
    said.clear()
    assert not rebuild(options, said.append)
    assert "content/prevention/walk-the-space.md:4: unknown tag 'nope'" in said[0]
    assert "the last good PDF is unchanged" in said[-1] and pdf.read_bytes() == good
    path.write_text(text.replace("A short paragraph.", "A better paragraph."))
    said.clear()
    assert rebuild(options, said.append)
    assert said[0].startswith("Checked in") and "Rebuilt" in said[-1]
    assert pdf.read_bytes() != good


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


@pytest.mark.parametrize("edit, expected", [
    (_add, ["Added (1)", "P-1 A new one (page 7)", "Renumbered (3)",
            "P-1 is now P-2: Walk the space", "Pages: 15 before, 16 now (+1)."]),
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
], ids=["add", "edit", "remove", "renumber", "move"])
def test_changes_reports_each_kind_of_change(project, capsys, edit, expected):
    report = _changes_after(project, capsys, edit)
    for line in expected:
        assert line in report, report


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
                               stderr=subprocess.PIPE, text=True)
    for line in process.stderr:
        if "typeset" in line:
            break
    process.kill()  # no chance to clean up: as a crash or a power cut would
    process.wait(timeout=60)
    assert {path.name: path.read_bytes() for path in output.iterdir()} == before

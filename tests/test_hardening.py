"""Settings and commands a pull request can turn against the build: every refusal names
the content file and its line; the date cannot knock out the fonts; `changes --since`
copies no link's target and reads its ref as nothing but a commit; output/ cannot lead
out of the project; a folder that is a link is named, never walked; and nothing
committed under output/ is trusted."""

from __future__ import annotations

import os
import subprocess

import pytest

from conftest import run_cli
from test_errors import WALK, edit

OUTSIDE_TEXT = "Secret words from outside the project."
GUIDE = "content/guide.yaml"


@pytest.fixture
def outside(tmp_path):
    folder = tmp_path / "outside"
    folder.mkdir()
    return folder


def git(project, *args) -> str:
    return subprocess.run(["git", "-C", str(project), "-c", "user.name=Test",
                           "-c", "user.email=test@example.org", "-c", "commit.gpgsign=false",
                           *args], check=True, capture_output=True, text=True).stdout


@pytest.fixture
def repository(project):
    git(project, "init", "-q", "-b", "main")
    (project / ".gitignore").write_text("/output/\n")
    git(project, "add", "-A")
    git(project, "commit", "-q", "-m", "The guide")
    return project


# ---- every refusal names the content file and line -------------------------------------

REFUSALS = {
    "a picture path with %00": (
        lambda p: edit(p, WALK, "A short paragraph.", "![a plan](plan%00.png)"),
        f"{WALK}:12: the image 'plan%00.png' cannot be the name of a file: it is too long, "
        "or holds a %00."),
    "a picture path of 5,000 letters": (
        lambda p: edit(p, WALK, "A short paragraph.", f"![a plan]({'a' * 5000}.png)"),
        f"{WALK}:12: the image '{'a' * 77}...' cannot be the name of a file"),
    "a picture name longer than a file system takes": (
        lambda p: edit(p, WALK, "A short paragraph.", f"![a plan](images/{'b' * 300}.png)"),
        f"{WALK}:12: the image 'images/{'b' * 70}...' cannot be the name of a file"),
    "a number of 5,000 digits": (
        lambda p: edit(p, WALK, "featured: true", "featured: true\npages: " + "9" * 5000),
        f"{WALK}:7: This number is 5,000 characters long."),
    "a hexadecimal number of 5,000 digits as a title": (
        lambda p: edit(p, WALK, "title: Walk the space", "title: 0x" + "f" * 5000),
        f"{WALK}:2: This number is 5,002 characters long."),
    "a number of 5,000 digits in a list": (
        lambda p: edit(p, GUIDE, "keywords: [harm reduction, testing]",
                       "keywords: [harm reduction, " + "1" * 5000 + "]"),
        f"{GUIDE}:8: This number is 5,000 characters long."),
    "an entity of 5,000 digits": (
        lambda p: edit(p, WALK, "A short paragraph.", "A short &#" + "9" * 5000 + "; one."),
        f"{WALK}:12: the character '&#999"),
    "a date before 1904": (
        lambda p: edit(p, GUIDE, "date: 2026-01-15", "date: 1903-12-31"),
        f"{GUIDE}:5: 'date' is the edition's date, from 2000 to 2199; 1903-12-31 is outside "
        "that."),
    "a date and time in the year 9999": (
        lambda p: edit(p, GUIDE, "date: 2026-01-15", "date: 9999-12-31 23:59:59"),
        f"{GUIDE}:5: 'date' is the edition's date, from 2000 to 2199"),
}


@pytest.mark.parametrize("case", REFUSALS, ids=list(REFUSALS))
def test_every_refusal_names_the_file_and_line(project, capsys, case):
    break_it, expected = REFUSALS[case]
    break_it(project)
    code, out, err = run_cli(project, capsys)
    assert code == 1, err
    assert expected in err, err
    assert "fault in the builder" not in err
    assert not (project / "output" / "guide.pdf").exists()


def test_a_bundled_font_that_does_not_load_fails_the_build(project, capsys, monkeypatch):
    """Behind the date check: whatever makes a font fail to load (here a date before
    1904, let through), the build stops instead of printing in a system font."""
    import datetime

    from spacehacks.reading import yaml_lists

    monkeypatch.setattr(yaml_lists, "FIRST_DAY", datetime.date(1800, 1, 1))
    edit(project, GUIDE, "date: 2026-01-15", "date: 1903-12-31")
    code, out, err = run_cli(project, capsys)
    assert code == 1, err
    assert "fonts: a bundled font could not be loaded (Font-face" in err, err
    assert not (project / "output" / "guide.pdf").exists()


# ---- a folder that is a link ------------------------------------------------------------

def test_a_folder_linked_from_outside_is_named_and_never_walked(project, outside, capsys):
    (outside / "inner").mkdir()
    for name in ("one.md", "two.md", "inner/three.md"):
        (outside / name).write_text(f"---\ntitle: {OUTSIDE_TEXT}\n---\n{OUTSIDE_TEXT}\n")
    os.symlink(outside, project / "content" / "stray")
    os.symlink(outside, project / "content" / "prevention" / "stray")
    code, out, err = run_cli(project, capsys)
    assert code == 1, err
    for where in ("content/stray", "content/prevention/stray"):
        assert (f"{where}: this folder is a link to a folder outside the content/ folder, so "
                "nothing in it is read. Replace the link with the folder itself.") in err, err
    assert "hack file(s)" not in err and OUTSIDE_TEXT not in out + err


def test_nothing_walks_into_a_linked_folder(project, outside):
    """The fingerprint and the checks for files left out list the link, not what it
    leads to."""
    from spacehacks.reading import unlisted

    before = unlisted.text_files(project / "content")
    (outside / "a.md").write_text("x")
    os.symlink(outside, project / "content" / "stray")
    assert unlisted.text_files(project / "content") == before
    assert not unlisted.holds_text(project / "content" / "stray")


# ---- output/ ----------------------------------------------------------------------------

# The build, and check (so that a pull request forging outputs is red in check too).
COMMANDS = {"build": ["--edition", "handouts"], "check": ["check", "--quick"]}


def command(project, name: str) -> list[str]:
    args = COMMANDS[name]
    return [args[0], "--project", str(project), *args[1:]] if name == "check" else \
        ["--project", str(project), *args]


@pytest.mark.parametrize("name", COMMANDS)
@pytest.mark.parametrize("link", ["output", "output/handouts"])
def test_output_that_leads_out_of_the_project_is_refused(project, outside, capsys, link, name):
    from spacehacks.commands import main

    if link != "output":
        (project / "output").mkdir()
    os.symlink(outside, project / link)
    code = main(command(project, name))
    out, err = capsys.readouterr()
    assert code == 1, err
    assert f"{link}: this folder is a link to a folder elsewhere" in err, err
    assert "no errors" not in out
    assert not any(outside.iterdir())


def test_committed_outputs_are_never_trusted(repository, capsys):
    """A pull request adds output/manifest.json, with the hash of the inputs as they are
    and of a forged PDF, and the forged PDF: a fresh clone used to say 'Nothing changed'
    and CI handed the forgery over."""
    from spacehacks.build.inputs import fingerprint
    from spacehacks.build.manifest import Manifest, sha256_of

    project = repository
    forged = b"%PDF-1.7 forged"
    output = project / "output"
    output.mkdir()
    (output / "guide.pdf").write_bytes(forged)
    manifest = Manifest(output)
    manifest.data["builds"][f"guide letter {(output / 'guide.pdf').resolve()}"] = {
        "inputs": fingerprint(project), "files": {"guide.pdf": sha256_of(forged)}}
    (output / "manifest.json").write_bytes(manifest.to_bytes())
    git(project, "add", "-f", "output")
    git(project, "commit", "-q", "-m", "Built files")
    code, out, err = run_cli(project, capsys)
    assert code == 1, out + err
    assert "Nothing changed" not in out
    assert ("output/guide.pdf: this file is committed to git, and nothing committed under "
            "output/ is ever trusted") in err, err
    assert (output / "guide.pdf").read_bytes() == forged  # refused, not built over
    # check says the same, so the pull request is red before anything is built.
    from spacehacks.commands import main

    code = main(command(project, "check"))
    out, err = capsys.readouterr()
    assert code == 1, out + err
    assert "no errors" not in out
    assert ("output/guide.pdf: this file is committed to git, and nothing committed under "
            "output/ is ever trusted") in err, err
    # Taken out of git, the guide builds as ever.
    git(project, "rm", "-q", "-r", "output")
    git(project, "commit", "-q", "-m", "No built files")
    code, out, err = run_cli(project, capsys)
    assert code == 0, err
    assert (output / "guide.pdf").read_bytes().startswith(b"%PDF-1.7\n")
    assert (output / "guide.pdf").read_bytes() != forged


# ---- changes --since --------------------------------------------------------------------

def test_changes_since_reads_the_ref_as_a_commit_and_nothing_else(repository, capsys):
    from spacehacks.commands import main

    victim = repository / "victim.txt"
    victim.write_text("keep me")
    for ref in (f"--output={victim}", "-h", f"HEAD:{WALK}", "HEAD^{tree}", "no-such-ref",
                str(victim)):
        code = main(["changes", "--project", str(repository), f"--since={ref}"])
        out, err = capsys.readouterr()
        assert code == 2, (ref, out, err)
        assert f"'{ref}' is not a commit" in err, err
        assert victim.read_text() == "keep me"


def test_changes_since_copies_links_as_links(repository, outside, monkeypatch):
    """layout/ and fonts/ are copied for the build of the older guide: a link in them
    (to /dev/zero, or to a secret) is copied as a link, never followed."""
    from spacehacks.commands import changes

    (outside / "secret.css").write_text(OUTSIDE_TEXT)
    os.symlink(outside / "secret.css", repository / "layout" / "secret.css")
    os.symlink("/dev/zero", repository / "fonts" / "zero.woff")
    os.mkfifo(repository / "layout" / "pipe")
    seen = {}

    def build(folder):
        seen["css"] = (folder / "layout" / "secret.css")
        seen["css link"] = seen["css"].is_symlink()
        seen["zero link"] = (folder / "fonts" / "zero.woff").is_symlink()
        seen["pipe"] = (folder / "layout" / "pipe").exists()
        return {"hacks": [], "page_count": 0}

    changes.guide_at(repository, "main", build)
    assert seen == {"css": seen["css"], "css link": True, "zero link": True, "pipe": False}


def test_ci_builds_from_an_empty_output_folder_with_nothing_skipped():
    import yaml

    from conftest import REPO
    from spacehacks.build.trust import committed

    workflow = yaml.safe_load((REPO / ".github/workflows/build.yml").read_text())
    runs = [step.get("run", "") for step in workflow["jobs"]["build"]["steps"]]
    emptied = next(i for i, run in enumerate(runs) if run == "rm -rf output && mkdir output")
    built = next(i for i, run in enumerate(runs) if "make editions" in run)
    assert emptied < built and "ARGS=--force" in runs[built]
    assert not any("output" in run for run in runs[emptied + 1:built])
    # And the project itself commits nothing there (not even a placeholder).
    assert committed(REPO, REPO / "output") == []

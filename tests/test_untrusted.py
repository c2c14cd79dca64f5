"""Untrusted edits, round two: pull requests from strangers are built by CI, so every
odd input (links out of the project, deep nesting, broken pictures, dangerous links,
raw HTML) gets a clear `file:line: ...` message, never a traceback or a quiet PDF."""

from __future__ import annotations

import os
import shutil

import pytest

from conftest import run_cli
from test_errors import WALK, edit

OUTSIDE_TEXT = "Secret words from outside the project."


@pytest.fixture
def outside(tmp_path):
    """A folder beside the project, where a link in a pull request could point."""
    folder = tmp_path / "outside"
    folder.mkdir()
    return folder


def link_hack(project, outside):
    secret = outside / "secret.md"
    secret.write_text((project / WALK).read_text().replace("A short paragraph.", OUTSIDE_TEXT))
    (project / WALK).unlink()
    os.symlink(secret, project / WALK)


def link_part_folder(project, outside):
    shutil.move(project / "content/prevention", outside / "prevention")
    os.symlink(outside / "prevention", project / "content/prevention")


def link_guide_yaml(project, outside):
    shutil.move(project / "content/guide.yaml", outside / "guide.yaml")
    os.symlink(outside / "guide.yaml", project / "content/guide.yaml")


def link_picture(project, outside):
    from PIL import Image

    Image.new("RGB", (20, 10), (200, 80, 40)).save(outside / "plan.png")
    os.symlink(outside / "plan.png", project / "content/prevention/plan.png")
    edit(project, WALK, "A short paragraph.", "![a plan](plan.png)")


def link_quotes_to_a_device(project, outside):
    (project / "content/quotes.yaml").unlink()
    os.symlink("/dev/zero", project / "content/quotes.yaml")


def link_in_a_loop(project, outside):
    os.symlink("loop.md", project / "content/prevention/loop.md")
    edit(project, "content/prevention/part.md", "  - long-hack\n", "  - long-hack\n  - loop\n")


def link_content_folder(project, outside):
    shutil.move(project / "content", outside / "content")
    os.symlink(outside / "content", project / "content")


LINKS = {
    "symlinked hack": (link_hack, f"{WALK}: this file is a link to a file outside the "
                       "content/ folder, so it is not read. Replace the link with the file "
                       "itself."),
    "symlinked part folder": (link_part_folder, "content/prevention: this folder is a link to "
                              "a folder outside the content/ folder, so nothing in it is read. "
                              "Replace the link with the folder itself."),
    "symlinked guide.yaml": (link_guide_yaml, "content/guide.yaml: this file is a link to a "
                             "file outside the content/ folder"),
    "symlinked picture": (link_picture, f"{WALK}:12: the image 'plan.png' is a link to a file "
                          "outside the content/ folder, so it is refused. Put the picture "
                          "itself in content/"),
    "link to a device": (link_quotes_to_a_device, "content/quotes.yaml: this file is a link "
                         "to a file outside the content/ folder"),
    "link to itself": (link_in_a_loop, "content/prevention/loop.md: this file is a link that "
                       "leads back to itself, so it cannot be read. Replace the link with the "
                       "file itself."),
    "symlinked content folder": (link_content_folder, "content: this folder is a link to a "
                                 "folder outside the project, so nothing in it is read. "
                                 "Replace the link with the folder itself."),
}


@pytest.mark.parametrize("case", LINKS, ids=list(LINKS))
def test_a_link_out_of_the_content_folder_is_not_read(project, outside, capsys, case):
    make_link, expected = LINKS[case]
    make_link(project, outside)
    code, out, err = run_cli(project, capsys)
    assert code == 1
    assert expected in err, err
    assert "The guide was not built" in err
    assert OUTSIDE_TEXT not in out + err
    assert not (project / "output" / "guide.pdf").exists()


def test_a_link_inside_the_content_folder_is_fine(project, capsys):
    moved = project / "content/prevention/_walk.md"
    (project / WALK).rename(moved)
    os.symlink(moved.name, project / WALK)
    code, out, err = run_cli(project, capsys)
    assert code == 0, err
    assert "4 hacks" in out


def test_the_fingerprint_never_reads_what_a_link_points_at(project, outside):
    from spacehacks.manifest import fingerprint

    link_hack(project, outside)
    before = fingerprint(project)
    (outside / "secret.md").write_text("changed")
    assert fingerprint(project) == before
    (project / WALK).unlink()
    os.symlink(outside / "elsewhere.md", project / WALK)
    assert fingerprint(project) != before


def test_a_layout_folder_that_leads_outside_is_not_served(project, outside):
    from spacehacks.fetcher import project_folders

    assert project_folders(project) == [project / name for name in ("content", "layout",
                                                                      "fonts")]
    shutil.move(project / "layout", outside / "layout")
    os.symlink(outside / "layout", project / "layout")
    assert project_folders(project) == [project / "content", project / "fonts"]

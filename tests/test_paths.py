"""Where a path really leads (spacehacks/paths.py): a link inside a folder that leads out
of it is found and named, links that stay inside are fine, and a folder's stamps change
when one of its files does."""

from __future__ import annotations

import os
from pathlib import Path

from spacehacks import paths


def test_a_file_inside_and_a_link_that_stays_inside_are_inside(tmp_path):
    content = tmp_path / "content"
    (content / "images").mkdir(parents=True)
    (content / "images" / "plan.png").write_bytes(b"png")
    os.symlink(content / "images", content / "pictures")
    assert paths.is_inside(content / "pictures" / "plan.png", content)
    assert paths.refused_link(content, content / "pictures" / "plan.png") is None
    assert paths.link_out_of(content, content / "pictures" / "plan.png") is None


def test_a_file_that_is_a_link_out_is_named_as_a_file(tmp_path):
    content, outside = tmp_path / "content", tmp_path / "secret.txt"
    content.mkdir()
    outside.write_text("secret")
    os.symlink(outside, content / "notes.md")
    assert not paths.is_inside(content / "notes.md", content)
    link, message = paths.refused_link(content, content / "notes.md", "hack")
    assert link == content / "notes.md"
    assert message.startswith("this hack is a link to a file outside the content/ folder")


def test_a_folder_that_is_a_link_out_is_named_not_the_file_in_it(tmp_path):
    content, elsewhere = tmp_path / "content", tmp_path / "elsewhere"
    content.mkdir()
    elsewhere.mkdir()
    (elsewhere / "hack.md").write_text("text")
    os.symlink(elsewhere, content / "part")
    link, message = paths.refused_link(content, content / "part" / "hack.md")
    assert link == content / "part"
    assert message.startswith("this folder is a link to a folder outside the content/ folder")


def test_a_link_out_behind_a_link_that_stays_inside_is_the_one_named(tmp_path):
    content, outside = tmp_path / "content", tmp_path / "secret.png"
    (content / "real").mkdir(parents=True)
    outside.write_bytes(b"secret")
    os.symlink(content / "real", content / "inner")  # stays inside: fine
    os.symlink(outside, content / "real" / "plan.png")  # leads out
    path = content / "inner" / "plan.png"
    assert paths.link_out_of(content, path) == path
    link, message = paths.refused_link(content, path)
    assert link == path and message.startswith("this file is a link to a file outside")


def test_stamps_change_when_a_file_in_a_folder_inside_changes(tmp_path):
    fonts = tmp_path / "fonts"
    (fonts / "extra").mkdir(parents=True)
    (fonts / "a.ttf").write_bytes(b"a")
    (fonts / "extra" / "b.ttf").write_bytes(b"b")
    first = paths.stamps(fonts)
    assert [Path(name).name for name, _, _ in first] == ["a.ttf", "extra", "b.ttf"]
    assert paths.stamps(fonts) == first
    (fonts / "extra" / "b.ttf").write_bytes(b"bigger")
    assert paths.stamps(fonts) != first
    assert paths.stamps(tmp_path / "missing") == ()


def test_a_file_gone_while_the_folder_is_listed_is_left_out(tmp_path, monkeypatch):
    folder = tmp_path / "fonts"
    folder.mkdir()
    (folder / "kept.ttf").write_bytes(b"kept")
    listed = [folder / "gone.ttf", folder / "kept.ttf"]  # gone.ttf vanished since
    monkeypatch.setattr(Path, "rglob", lambda self, pattern: iter(listed))
    assert [Path(name).name for name, _, _ in paths.stamps(folder)] == ["kept.ttf"]

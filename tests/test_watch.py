"""Watch, end to end through its functions: the first build, a quick update of one hack's
pages (its text, page numbers, links, bookmarks and names with the place on the page each
opens, and structure tree equal to a full build
of the same content), a bad save, the fix, and the saves that must lay the whole guide
out again, each saying why."""

from __future__ import annotations

import shutil

import pikepdf
import pytest
import pdf_facts
import structure_tree
from conftest import REPO, SAMPLE, build, write_project

WALK = "content/prevention/walk-the-space.md"
VOICE = "content/response/words/one-voice.md"
LONG = "content/prevention/long-hack.md"


def facts(path):
    """What a reader of the PDF meets (pdf_facts.read), and the structure tree as a screen
    reader walks it (tags, and the text in reading order)."""
    tree = structure_tree.read(path)
    tags = [element.tag for element in tree.walk()]
    reading = [(page, text) for page, _, text in tree.reading_text()]
    return {**pdf_facts.read(path), "tags": tags, "reading": reading,
            "troubles": structure_tree.counts(tree)}


def edit(root, name, old, new):
    path = root / name
    text = path.read_text(encoding="utf-8")
    assert old in text
    path.write_text(text.replace(old, new, 1), encoding="utf-8")
    return path


@pytest.fixture(scope="module")
def watched(tmp_path_factory):
    """A sample guide under watch, built once (the first round lays it out and keeps it)."""
    from spacehacks.commands.watch import Watcher

    root = write_project(tmp_path_factory.mktemp("watched") / "project", SAMPLE)
    said: list[str] = []
    watcher = Watcher(root, "letter", said.append, interactive=False, final_builds=False)
    assert watcher.round(set())
    assert any(line.startswith("Rebuilt output/space-hacks.pdf") for line in said), said
    return root, watcher, said


@pytest.fixture(autouse=True)
def as_it_was(request):
    """Each test starts from the sample guide, laid out and in sync with watch, whatever
    the tests before it (in this process) saved: tests share the watcher, not its state."""
    yield
    if "watched" not in request.fixturenames:
        return
    root, watcher, said = request.getfixturevalue("watched")
    write_project(root, SAMPLE)
    shutil.copy(REPO / "layout" / "guide.css", root / "layout" / "guide.css")
    watcher.saves.take()
    assert watcher.round(set()), said


def full_build_of(root, tmp_path):
    """The same content built from scratch, elsewhere."""
    other = tmp_path / "full"
    shutil.copytree(root / "content", other / "content")
    shutil.copytree(root / "layout", other / "layout")
    shutil.copytree(root / "fonts", other / "fonts")
    return build(other)


EDITS = [  # saves that keep each hack within its pages
    (WALK, "Marker for Walk the space.", "Marker for Walk the space, with more words.",
     "P-1"),  # a hack of a part without sections
    (VOICE, "3. A third step.", "3. A third step, said at [the huddle](#daily-huddle).",
     "R-1"),  # the first hack of a section (its title on the page), a new link
    (LONG, "Paragraph 1 of", "Paragraph one of", "P-3"),  # a hack of two pages
    (LONG, "\n\nParagraph 8 of", "\n\n## Adapt it\n\nParagraph 8 of",
     "P-3"),  # a heading (a link target) on its second page
]


def test_saves_within_the_pages_give_what_a_full_build_gives(watched, tmp_path):
    root, watcher, said = watched
    pdf = root / "output" / "space-hacks.pdf"
    for name, old, new, number in EDITS:
        before = pdf.read_bytes()
        path = edit(root, name, old, new)
        said.clear()
        assert watcher.round({path})
        quick = [line for line in said if line.startswith("Quick PDF")]
        assert quick and f"({number} on page " in quick[0], said
        assert pdf.read_bytes() != before
    # Three hacks' pages put in place, one after the other: the file a reader gets is
    # the one a full build of the same content gives, and qpdf finds nothing wrong in it.
    assert facts(pdf) == facts(full_build_of(root, tmp_path))
    assert pikepdf.open(pdf).check_pdf_syntax() == []


def test_a_bad_save_keeps_the_pdf_and_the_fix_is_quick(watched):
    root, watcher, said = watched
    pdf = root / "output" / "space-hacks.pdf"
    good = pdf.read_bytes()
    path = edit(root, WALK, "tags: [space-design]", "tags: [nope]")
    said.clear()
    assert not watcher.round({path})
    assert f"{WALK}:4: unknown tag 'nope'" in said[0]
    assert "the last good PDF is unchanged" in said[-1] and pdf.read_bytes() == good
    edit(root, WALK, "tags: [nope]", "tags: [space-design]")
    edit(root, WALK, "A short paragraph.", "A better paragraph.")
    said.clear()
    assert watcher.round({path})
    assert said[0].startswith("Checked in") and any("Quick PDF" in line for line in said)


def test_a_hack_past_its_budget_is_said_at_once(watched):
    root, watcher, said = watched
    pdf = root / "output" / "space-hacks.pdf"
    good = pdf.read_bytes()
    path = edit(root, WALK, "A short paragraph.", "A short paragraph. " + "Many words. " * 400)
    said.clear()
    assert not watcher.round({path})
    assert f"{WALK}:" in said[-2] and "this hack fills 2 pages, and its budget is one page" \
        in said[-2], said
    assert pdf.read_bytes() == good


def test_a_save_that_shows_elsewhere_lays_out_the_guide_and_says_why(watched):
    root, watcher, said = watched
    path = edit(root, WALK, "title: Walk the space", "title: Walk the whole space")
    said.clear()
    assert watcher.round({path})
    assert any("Laying out the whole guide again: the title of P-1 changed" in line
               for line in said), said
    assert any(line.startswith("Rebuilt output/space-hacks.pdf") and "P-1 on page" in line
               for line in said), said
    # A stylesheet: the whole guide, whatever the HTML says.
    css = root / "layout" / "guide.css"
    css.write_text(css.read_text() + "\n/* a comment */\n")
    said.clear()
    assert watcher.round({css})
    assert any("the layout, fonts or builder changed" in line for line in said), said


def test_style_notes_are_said_for_the_files_saved(watched):
    root, watcher, said = watched
    path = edit(root, VOICE, "Marker for One voice leads.", "Marker for the addict.")
    said.clear()
    assert watcher.round({path})
    assert any(line.startswith(f"style note: {VOICE}") and "'addict'" in line
               for line in said), said
    other = edit(root, WALK, "A short paragraph.", "A good paragraph.")
    said.clear()
    assert watcher.round({other})
    assert not any(line.startswith("style note:") for line in said), said


def test_watch_survives_what_a_save_can_do(watched, monkeypatch):
    """A file that vanishes as it is read, a hack deleted or moved away, a folder
    replaced by a file, content/ gone: each is one clear line, and the next good save
    builds again."""
    from spacehacks.build import inputs as manifest

    root, watcher, said = watched
    real = manifest.fingerprint

    def racing(project):  # as when an editor saves by writing a new file and renaming it
        monkeypatch.setattr(manifest, "fingerprint", real)
        raise FileNotFoundError(2, "No such file or directory", str(project / WALK))

    monkeypatch.setattr(manifest, "fingerprint", racing)
    said.clear()
    assert not watcher.round({root / WALK})
    assert said[-1].startswith(f"{WALK} changed while it was being read"), said
    assert watcher.saves.take() == {root / "content"}  # it asks to look again at once
    assert watcher.round({root / WALK})

    moves = [(WALK, "walk-the-space.md.away",
              "content/prevention/part.md:7: 'hacks:' lists 'walk-the-space', but there is "
              "no file walk-the-space.md"),
             ("content/response/words", "content/response/words-moved",
              "content/response/part.md:6: the section 'words' needs a folder")]
    for name, away, message in moves:
        (root / name).rename(root / away)
        said.clear()
        assert not watcher.round({root / name})
        assert any(line.startswith(message) for line in said), said
        if name.endswith("words"):  # and a file where the folder was
            (root / name).write_text("not a folder")
            said.clear()
            assert not watcher.round({root / name})
            assert any(line.startswith("content/response/words") for line in said), said
            (root / name).unlink()
        (root / away).rename(root / name)
    (root / "content").rename(root / "content-away")
    said.clear()
    assert not watcher.round({root / "content"})
    assert said and not any("Traceback" in line for line in said), said
    (root / "content-away").rename(root / "content")
    said.clear()
    assert watcher.round({root / "content"})
    assert "Nothing to update: the PDF already shows this." in said, said


def test_a_font_replaced_while_watching_is_read_again(watched):
    root, watcher, said = watched
    font = next((root / "fonts").rglob("*.woff"))
    good = font.read_bytes()
    font.write_bytes(b"not a font")
    try:
        said.clear()
        assert not watcher.round({font})
        assert any(line.startswith(f"{font.relative_to(root)}: this font file cannot be read")
                   for line in said), said
    finally:
        font.write_bytes(good)
    said.clear()
    assert watcher.round({font})


def test_saves_are_seen_when_folders_go_and_come_back(tmp_path):
    import time

    from spacehacks.commands.saves import Saves

    root = write_project(tmp_path / "project", SAMPLE)
    saves = Saves(root.resolve())
    saves.start()
    try:
        time.sleep(1)
        def seen(what) -> set:
            deadline = time.monotonic() + 20
            while not saves.waiting.wait(0.1):
                assert time.monotonic() < deadline, f"no change seen after {what}"
            time.sleep(0.5)
            return saves.take()

        (root / WALK).write_text((root / WALK).read_text() + "\n")
        assert root.resolve() / WALK in seen("a save")
        (root / "content").rename(root / "elsewhere")
        seen("content/ moved away")
        (root / "elsewhere").rename(root / "content")
        seen("content/ back")
        time.sleep(1)
        (root / VOICE).write_text((root / VOICE).read_text() + "\n")
        assert root.resolve() / VOICE in seen("a save in the folder that came back")
    finally:
        saves.stop()


def test_bookmarks_open_where_the_new_pages_put_their_headings(watched, tmp_path,
                                                               monkeypatch):
    """The bookmarks into a hack's pages are pointed at the headings of its new pages.
    (In a quick save the headings stay where they were, so this moves one: a rule that only
    the hack's own layout sees, and the full build's stylesheet has.)"""
    from spacehacks.build import quick

    root, watcher, said = watched
    rule = "#hack-walk-the-space .hack-title { margin-top: 30pt; }"
    real = quick.lay_out_alone
    monkeypatch.setattr(quick, "lay_out_alone", lambda guide, edition, where, html, *rest: real(
        guide, edition, where, html.replace("</head>", f"<style>{rule}</style></head>", 1),
        *rest))
    path = edit(root, WALK, "Marker for Walk the space.", "Marker for Walk the space, moved.")
    said.clear()
    assert watcher.round({path})
    assert any(line.startswith("Quick PDF") for line in said), said
    other = tmp_path / "full"
    for folder in ("content", "layout", "fonts"):
        shutil.copytree(root / folder, other / folder)
    with (other / "layout" / "guide.css").open("a", encoding="utf-8") as css:
        css.write(f"\n{rule}\n")
    spliced, full = facts(root / "output" / "space-hacks.pdf"), facts(build(other))
    moved = [mark for mark in full["bookmarks"] if mark[1].endswith("Walk the space")]
    assert moved and moved[0] not in facts(full_build_of(root, tmp_path / "plain"))[
        "bookmarks"]  # the rule moved it
    assert spliced["bookmarks"] == full["bookmarks"]
    assert spliced == full

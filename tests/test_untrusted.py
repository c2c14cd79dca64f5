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


def list_a_part_outside(project, outside):
    (outside / "part.md").write_text(f"---\ntitle: {OUTSIDE_TEXT}\nkind: text\n---\nText.\n")
    edit(project, "content/guide.yaml", "  - glossary\n", "  - glossary\n  - ../../outside\n")


def list_a_section_outside(project, outside):
    (outside / "section.md").write_text(f"---\ntitle: {OUTSIDE_TEXT}\n---\nText.\n")
    edit(project, "content/response/part.md", "  - words\n", "  - words\n  - ../../../outside\n")


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
    "part listed as a path outside": (
        list_a_part_outside, "content/guide.yaml:15: '../../outside' is not a folder name: a "
        "part's folder is named in lowercase words joined by dashes, such as "
        "immediate-response."),
    "section listed as a path outside": (
        list_a_section_outside, "content/response/part.md:7: '../../../outside' is not a "
        "folder name: a section's folder is named in lowercase words joined by dashes, such "
        "as steady-the-room."),
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
    from spacehacks.build.inputs import fingerprint

    link_hack(project, outside)
    before = fingerprint(project)
    (outside / "secret.md").write_text("changed")
    assert fingerprint(project) == before
    (project / WALK).unlink()
    os.symlink(outside / "elsewhere.md", project / WALK)
    assert fingerprint(project) != before


def test_a_layout_folder_that_leads_outside_is_not_served(project, outside):
    from spacehacks.pdf.fetcher import project_folders

    assert project_folders(project) == [project / name for name in ("content", "layout",
                                                                      "fonts")]
    shutil.move(project / "layout", outside / "layout")
    os.symlink(outside / "layout", project / "layout")
    assert project_folders(project) == [project / "content", project / "fonts"]


# ---- odd Markdown, YAML and pictures: a clear message each, never a traceback ----------

def nested_list(levels):
    return "\n".join("    " * level + f"- level {level}" for level in range(levels))


def png_bytes(width, height):
    import io

    from PIL import Image

    buffer = io.BytesIO()
    Image.new("RGB", (width, height), (200, 80, 40)).save(buffer, "PNG")
    return buffer.getvalue()


def corrupt_png():
    """A PNG whose chunks all have the right checksums (so Pillow's verify() passes it)
    but whose pixel data is no compressed stream at all: it prints as a black box."""
    import struct
    import zlib

    data = png_bytes(40, 20)
    start = data.index(b"IDAT")
    length = struct.unpack(">I", data[start - 4:start])[0]
    chunk = b"IDAT" + bytes(length)
    return (data[:start - 4] + struct.pack(">I", length) + chunk
            + struct.pack(">I", zlib.crc32(chunk)) + data[start + 4 + length + 4:])


def png_claiming(width, height):
    """A small PNG whose header claims a huge size: Pillow stops at the header."""
    import struct
    import zlib

    data = png_bytes(4, 4)
    start = data.index(b"IHDR")
    header = b"IHDR" + struct.pack(">II", width, height) + data[start + 12:start + 17]
    return (data[:start] + header + struct.pack(">I", zlib.crc32(header))
            + data[start + 21:])


def with_picture(data, name="plan.png"):
    def put(project):
        (project / "content/prevention" / name).write_bytes(data)
        edit(project, WALK, "A short paragraph.", f"![a plan]({name})")
    return put


NESTED = "Markdown is nested too deeply here: more than 20 lists, list items, quotes or * " \
         "and _ marks inside each other. Flatten the lists or quotes, or remove extra marks."

ODD = {
    "list nested hundreds of levels deep": (
        lambda p: edit(p, WALK, "A short paragraph.", "A list:\n\n" + nested_list(300)),
        f"{WALK}:24: {NESTED}", None),
    "loose list nested deep": (
        lambda p: edit(p, WALK, "A short paragraph.", "A list:\n\n" + "\n\n".join(
            "    " * level + f"- level {level}\n\n" + "    " * (level + 1) + f"text {level}"
            for level in range(100))),
        f"{WALK}:", NESTED),
    "quotes nested deep": (
        lambda p: edit(p, WALK, "A short paragraph.", "A quote:\n\n" + ">" * 500 + " deep"),
        f"{WALK}:14: {NESTED}", None),
    "emphasis nested deep": (
        lambda p: edit(p, WALK, "A short paragraph.", "*" * 3000 + "deep" + "*" * 3000),
        f"{WALK}:12: {NESTED}", None),
    "emphasis nested deep in a summary": (
        lambda p: edit(p, WALK, "summary: Look at the room with fresh eyes.",
                       'summary: "' + "*" * 3000 + "deep" + "*" * 3000 + '"'),
        f"{WALK}:3: {NESTED}", None),
    "file too large": (
        lambda p: edit(p, WALK, "A short paragraph.", "Words. " * 40_000),
        f"{WALK}: this file is 280 KB; a content file may be at most 200 KB.",
        "Split it"),
    "hack of many pages": (
        lambda p: edit(p, WALK, "A short paragraph.", "\n\n".join(
            [f"Paragraph {n}. " + "A sentence of words that fills the page. " * 12
             for n in range(80)])),
        f"{WALK}:9: this hack fills 1", "pages, and its budget is one page. Cut about"),
    "picture too large": (
        with_picture(png_bytes(6001, 4)),
        f"{WALK}:12: the image 'plan.png' is 6001 × 4 pixels; a picture may be at most "
        "6000 pixels wide and high.", "Save a smaller copy"),
    "picture with billions of pixels": (
        with_picture(png_claiming(60_000, 60_000)),
        f"{WALK}:12: the image 'plan.png' has far too many pixels; a picture may be at most "
        "6000 pixels wide and high.", None),
    "corrupt picture": (
        with_picture(corrupt_png()),
        f"{WALK}:12: the image 'plan.png' is not a picture the guide can print.", "PNG"),
    "settings nested deep": (
        lambda p: edit(p, "content/guide.yaml", "keywords: [harm reduction, testing]",
                       "keywords: " + "[" * 2000 + "]" * 2000),
        "content/guide.yaml:8: The settings are nested too deeply here (more than 20 levels "
        "of lists inside lists). Write each setting as EDITING.md shows.", None),
    "control character in the settings": (
        lambda p: edit(p, "content/guide.yaml", "publisher: Balanced", "publisher: \x08Balanced"),
        "content/guide.yaml:3: there is an invisible control character here (U+0008), which "
        "YAML does not allow. Delete it, or type the line again.", None),
    "line break in a folder name": (
        lambda p: (p / "content/new\nfolder").mkdir() or
        (p / "content/new\nfolder/new.md").write_text((p / WALK).read_text()),
        "content/new\\nfolder: this folder holds 1 hack file(s) but is not listed under "
        "'parts:' in content/guide.yaml, so none of it would be printed. Add the line "
        "'  - new\\nfolder' there", None),
    "yaml alias": (
        lambda p: edit(p, "content/guide.yaml", "keywords: [harm reduction, testing]",
                       "keywords: &k [harm reduction, testing]\ncitation: *k"),
        "content/guide.yaml:8: A value cannot start with * or &: put the whole value in "
        "double quotes.", None),
    "yaml list as a key": (
        lambda p: edit(p, WALK, "featured: true", "? [featured]\n: true"),
        f"{WALK}:6: A setting's name must be a word, not a list: check for a stray '?' or "
        "brackets before the colon.", None),
}


@pytest.mark.parametrize("case", ODD, ids=list(ODD))
def test_odd_input_gets_a_clear_message(project, capsys, case):
    break_it, expected, also = ODD[case]
    break_it(project)
    code, out, err = run_cli(project, capsys)
    assert code == 1, err
    assert expected in err, err
    if also:
        assert also in err
    assert "The guide was not built" in err
    assert not (project / "output" / "guide.pdf").exists()


@pytest.mark.slow  # a process of its own
def test_deep_nesting_in_its_own_process_prints_no_traceback(project):
    """As an editor runs it: a list nested hundreds of levels deep."""
    import subprocess
    import sys

    from conftest import REPO

    edit(project, WALK, "A short paragraph.", "A list:\n\n" + nested_list(300))
    run = subprocess.run([sys.executable, str(REPO / "build_pdf.py"), "--project",
                          str(project)], capture_output=True, text=True, timeout=120)
    assert run.returncode == 1
    assert f"{WALK}:24: {NESTED}" in run.stderr, run.stderr
    assert "Traceback" not in run.stderr


# ---- links and raw HTML in every field that is Markdown ---------------------------------

GLOSSARY = "content/glossary.yaml"
NO_LINK_IN_TITLE = ("a title cannot hold a link: the contents, the bookmarks and the "
                    "see-also lines already link to the hack by its title. Write the title as "
                    "plain words, and put the link in the text.")

FIELDS = {
    "javascript link in a summary": (
        lambda p: edit(p, WALK, "summary: Look at the room", "summary: Look at [the room]"
                       "(javascript:alert(1))"),
        f"{WALK}:3: the link 'javascript:alert(1)' goes nowhere in a PDF.", None),
    "file link in a summary": (
        lambda p: edit(p, WALK, "summary: Look at the room", "summary: Look at [the room]"
                       "(file:///etc/passwd)"),
        f"{WALK}:3: the link 'file:///etc/passwd' goes nowhere in a PDF.", None),
    "javascript link in a definition": (
        lambda p: edit(p, GLOSSARY, "definition: A person", "definition: A [person]"
                       "(javascript:alert(1))"),
        f"{GLOSSARY}:2: the link 'javascript:alert(1)' goes nowhere in a PDF.", None),
    "file link in a definition": (
        lambda p: edit(p, GLOSSARY, "definition: A person", "definition: A [person]"
                       "(file:///etc/passwd)"),
        f"{GLOSSARY}:2: the link 'file:///etc/passwd' goes nowhere in a PDF.", None),
    "web link in a title": (
        lambda p: edit(p, WALK, "title: Walk the space", "title: Walk [the space]"
                       "(https://example.org)"),
        f"{WALK}:2: {NO_LINK_IN_TITLE}", None),
    "file link in a title": (
        lambda p: edit(p, WALK, "title: Walk the space", "title: Walk [the space]"
                       "(file:///etc/passwd)"),
        f"{WALK}:2: {NO_LINK_IN_TITLE}", None),
    "link in a part title": (
        lambda p: edit(p, "content/prevention/part.md", "title: Prevention",
                       "title: \"[Prevention](https://example.org)\""),
        f"content/prevention/part.md:2: {NO_LINK_IN_TITLE}", None),
    "hack link in a summary": (
        lambda p: edit(p, WALK, "summary: Look at the room", "summary: Look at [the room]"
                       "(#one-voice)"),
        f"{WALK}:3: the summary cannot link to another hack: it is also printed where that "
        "hack is not (wall cards, handouts). Link to it from the text instead.", None),
    "picture in a summary": (
        lambda p: edit(p, WALK, "summary: Look at the room", "summary: Look at ![the room]"
                       "(plan.png)"),
        f"{WALK}:3: a picture cannot stand in the summary. Put it in the text below the "
        "settings.", None),
    "title that reads as a list": (
        lambda p: edit(p, WALK, "title: Walk the space", "title: 1. Walk the space"),
        f"{WALK}:2: the title is one line of text, but it starts like a list, heading, quote "
        "or code block. Reword its start, or put a \\ before its first mark.", None),
    "raw html on two lines": (
        lambda p: edit(p, WALK, "A short paragraph.", "A <b>short</b> one.\n\nThen "
                       "`<code>` and a <i>second</i>.\n\n<div>\nA block.\n</div>"),
        f"{WALK}:12: raw HTML ('<b>') is not allowed. Use Markdown instead, as shown in "
        "EDITING.md.",
        [f"{WALK}:12: raw HTML ('</b>')", f"{WALK}:14: raw HTML ('<i>')",
         f"{WALK}:14: raw HTML ('</i>')", f"{WALK}:16: raw HTML ('<div>')",
         f"{WALK}:18: raw HTML ('</div>')", "6 problems"]),
    "html comment": (
        lambda p: edit(p, WALK, "A short paragraph.", "A short paragraph.\n<!-- a note -->"),
        f"{WALK}:13: raw HTML ('<!-- a note -->') is not allowed.", None),
}


@pytest.mark.parametrize("case", FIELDS, ids=list(FIELDS))
def test_links_and_html_follow_the_rules_in_every_field(project, capsys, case):
    break_it, expected, also = FIELDS[case]
    break_it(project)
    code, out, err = run_cli(project, capsys)
    assert code == 1, err
    assert expected in err, err
    for words in also or ():
        assert words in err, err
    assert "The guide was not built" in err


def test_code_spans_and_allowed_links_print(project, tmp_path):
    from pypdf import PdfReader

    from conftest import build, page_texts

    edit(project, WALK, "A short paragraph.", "Type `<span>` and `<b>` as they are, or "
         "write to <someone@example.org>.")
    edit(project, WALK, "summary: Look at the room", "summary: Look at [the room]"
         "(https://example.org/room)")
    edit(project, GLOSSARY, "definition: A person", "definition: A [person]"
         "(https://example.org/person)")
    reader = PdfReader(build(project, tmp_path / "guide.pdf"))
    text = " ".join(page_texts(reader))
    assert "Type <span> and <b> as they are" in text
    uris = {annotation.get_object()["/A"].get("/URI") for page in reader.pages
            for annotation in page.get("/Annots", [])
            if annotation.get_object().get("/A", {}).get("/S") == "/URI"}
    assert {"https://example.org/room", "https://example.org/person",
            "mailto:someone@example.org"} <= uris
    assert not any(uri.startswith(("javascript", "file")) for uri in uris)


# ---- the command line: one clear line for a fault in the builder, never a traceback -----

@pytest.mark.parametrize("fault", [RecursionError("maximum recursion depth exceeded"),
                                   ValueError("a line\nand another"), MemoryError()])
def test_an_unexpected_error_is_one_line_asking_for_a_report(project, capsys, monkeypatch,
                                                             fault):
    import spacehacks.build.pipeline

    def broken(options):
        raise fault

    monkeypatch.setattr(spacehacks.build.pipeline, "build", broken)
    code, out, err = run_cli(project, capsys, "--quiet")
    assert code == 3
    lines = err.strip().split("\n")
    assert len(lines) == 1, err
    assert lines[0].startswith("build_pdf.py: the build stopped on an unexpected error "
                               f"({type(fault).__name__}")
    assert "in tests/test_untrusted.py" in lines[0]
    assert "This is a fault in the builder, not in your edit: please report this line" \
        in lines[0]
    assert "The previous PDF files are unchanged." in lines[0]
    assert "Traceback" not in out + err


def test_a_picture_the_checks_let_through_still_fails_the_build(project, capsys,
                                                                monkeypatch):
    """The safety net behind the picture checks: WeasyPrint only logs a picture it cannot
    load, and a missing picture looks like success."""
    import spacehacks.markup.rules

    monkeypatch.setattr(spacehacks.markup.rules, "picture_problem", lambda path: None)
    with_picture(b"not a picture at all")(project)
    code, out, err = run_cli(project, capsys)
    assert code == 1, err
    assert (f"{WALK}: the picture 'content/prevention/plan.png' could not be drawn. Save it "
            "again as PNG or JPEG and point at that.") in err, err
    assert "The guide was not built" in err
    assert not (project / "output" / "guide.pdf").exists()


# ---- layout/ and fonts/ come in pull requests too ----------------------------------------

def link_template(project, outside):
    (outside / "cover.html").write_text(f"<p>{OUTSIDE_TEXT}</p>")
    (project / "layout/partials/cover.html").unlink()
    os.symlink(outside / "cover.html", project / "layout/partials/cover.html")


FONT = "fonts/bitter/bitter-latin-400-italic.woff"


def link_font(project, outside):
    (outside / "font.woff").write_bytes((project / FONT).read_bytes())
    (project / FONT).unlink()
    os.symlink(outside / "font.woff", project / FONT)


def damage_font(project, outside):
    (project / FONT).write_bytes(b"wOFF" + bytes(100))


BUILDER_FILES = {
    "symlinked template": (link_template, "layout/partials/cover.html: this template is a link "
                           "to a file outside the layout/ folder, so it is not read. Replace "
                           "the link with the file itself."),
    "symlinked font": (link_font, f"{FONT}: this font file is a link to a file outside the "
                       "fonts/ folder, so it is not read. Replace the link with the file "
                       "itself."),
    "damaged font": (damage_font, f"{FONT}: this font file cannot be read. Restore it from the "
                     "project's history."),
}


@pytest.mark.parametrize("case", BUILDER_FILES, ids=list(BUILDER_FILES))
def test_layout_and_fonts_stay_inside_their_folders(project, outside, capsys, case):
    break_it, expected = BUILDER_FILES[case]
    break_it(project, outside)
    code, out, err = run_cli(project, capsys)
    assert code == 1, err
    assert expected in err, err
    assert OUTSIDE_TEXT not in out + err
    assert not (project / "output" / "guide.pdf").exists()

"""Characters that cannot slip through: control characters (NUL, ESC), the controls that
turn text around, line separators and lone surrogates are refused at their line however
they are written (typed, as a YAML escape, as an entity); characters the bundled fonts
cannot draw are refused after YAML has decoded them too; and whatever the builder prints
is made safe for a terminal first."""

from __future__ import annotations

import io

import pytest

from conftest import run_cli
from test_errors import WALK, edit

GLOSSARY = "content/glossary.yaml"
GUIDE = "content/guide.yaml"

# Where a YAML value stands, in every kind of file: (file, as it is, its line).
FIELDS = {
    "a hack's title": (WALK, "title: Walk the space", "title: \"Walk {} the space\"", 2),
    "a hack's summary": (WALK, "summary: Look at the room with fresh eyes.",
                         "summary: \"Look {} at the room.\"", 3),
    "a tag of a hack": (WALK, "tags: [space-design]", "tags: [\"space{}-design\"]", 4),
    "the guide's publisher": (GUIDE, "publisher: Balanced Imperfection",
                              "publisher: \"Balanced {} Imperfection\"", 3),
    "a tag's printed name": (GUIDE, "teamwork: Teamwork", "teamwork: \"Team{}work\"", 20),
    "a quote": ("content/quotes.yaml", 'text: "Boundaries help me',
                'text: "Boundaries {} help me', 2),
    "a glossary term": (GLOSSARY, "term: Participant", "term: \"Parti{}cipant\"", 1),
    "a part's title": ("content/prevention/part.md", "title: Prevention",
                       "title: \"Pre{}vention\"", 2),
}
ESCAPES = {  # as written in YAML's double quotes -> what the message names
    "right-to-left override": ("\\u202E", "a control that turns text around "
                                          "(right-to-left override, U+202E)"),
    "right-to-left isolate": ("\\u2067", "a control that turns text around"),
    "NUL": ("\\0", "an invisible control character (U+0000)"),
    "ESC": ("\\e", "an invisible control character (U+001B)"),
    "bell": ("\\x07", "an invisible control character (U+0007)"),
    "line separator": ("\\L", "an invisible line or paragraph separator (U+2028)"),
    "lone surrogate": ("\\uD800", "half of a character (a lone surrogate, U+D800)"),
}


# Every field, and every escape, each at least once.
PAIRS = [(field, list(ESCAPES)[index % len(ESCAPES)]) for index, field in enumerate(FIELDS)]


@pytest.mark.parametrize("field, escape", PAIRS, ids=[f"{e} in {f}" for f, e in PAIRS])
def test_a_yaml_escape_is_checked_as_it_decodes(project, capsys, field, escape):
    path, old, new, line = FIELDS[field]
    written, named = ESCAPES[escape]
    edit(project, path, old, new.format(written))
    code, out, err = run_cli(project, capsys)
    assert code == 1, err
    assert f"{path}:{line}: This value holds {named}" in err, err
    assert "fault in the builder" not in err
    assert not (project / "output" / "guide.pdf").exists()


def test_a_character_the_fonts_lack_is_refused_when_written_as_an_escape(project, capsys):
    edit(project, WALK, "summary: Look at the room with fresh eyes.",
         'summary: "Look at the room \\u2603 with fresh eyes."')
    code, out, err = run_cli(project, capsys)
    assert code == 1, err
    assert (f"{WALK}:3: the character '\u2603' (snowman, U+2603) is not in the guide's fonts"
            in err), err


@pytest.mark.parametrize("written, named", [
    ("\u202e", "a control that turns text around (right-to-left override, U+202E)"),
    ("&#x202E;", "a control that turns text around (right-to-left override, U+202E)"),
    ("&#8238;", "a control that turns text around"),
    ("\u2066", "a control that turns text around (left-to-right isolate, U+2066)"),
    ("&#27;", "an invisible control character (U+001B)"),
    ("\u2028", "an invisible line or paragraph separator (U+2028)")])
def test_a_hidden_character_in_markdown_is_refused_at_its_line(project, capsys, written,
                                                               named):
    edit(project, WALK, "A short paragraph.", f"A short {written}paragraph.")
    code, out, err = run_cli(project, capsys)
    assert code == 1, err
    assert f"{WALK}:12: this line holds {named}" in err, err


# ---- the terminal -------------------------------------------------------------------------

def test_what_is_printed_cannot_drive_the_terminal(project, capsys):
    """A folder name carries ESC (a colour command) and a right-to-left override: the
    message names it with both escaped."""
    folder = project / "content" / "new\x1b[31m\u202efolder"
    folder.mkdir()
    (folder / "new.md").write_text((project / WALK).read_text())
    code, out, err = run_cli(project, capsys)
    assert code == 1
    assert "\x1b" not in out + err and "\u202e" not in out + err
    assert "content/new\\x1b[31m\\u202efolder: this folder holds 1 hack file(s)" in err, err


def test_every_print_goes_through_the_safe_stream(capsys):
    """Not only problems: anything a command prints (a title, a library's message)."""
    import sys

    from spacehacks.commands.terminal import SafeStream, safe_output

    buffer = io.StringIO()
    stream = SafeStream(buffer)
    print("a\x1b]0;owned\x07 b\u202ec\td\r\ne\ud800", file=stream)
    assert buffer.getvalue() == "a\\x1b]0;owned\\x07 b\\u202ec\td\\x0d\ne\\ud800\n"
    with safe_output():
        print("title\x1b[2J")
        print("\u2067x", file=sys.stderr)
    out, err = capsys.readouterr()
    assert out == "title\\x1b[2J\n" and err == "\\u2067x\n"

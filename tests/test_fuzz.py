"""Generated content, as odd as a pull request can make it: settings, Markdown bodies, YAML
files, pictures and file names. Reading and checking gives a guide, or BuildFailed with
problems that name a file of the project; never any other exception. A few examples go
through the whole build.

`make test` runs a few examples (always the same ones); `make fuzz` runs many, new ones
each time (SPACEHACKS_FUZZ=many), and keeps failures in .hypothesis/ to replay them.
"""

from __future__ import annotations

import io
import json
import os
import shutil
import tempfile
import unicodedata
from pathlib import Path

import pytest
import yaml
from hypothesis import HealthCheck, event, given, settings
from hypothesis import strategies as st

from conftest import SAMPLE, write_project
from spacehacks.errors import BuildFailed, Problem

pytestmark = pytest.mark.fuzz

QUIET = [HealthCheck.too_slow, HealthCheck.data_too_large, HealthCheck.large_base_example]
settings.register_profile("few", max_examples=40, deadline=None, derandomize=True,
                          database=None, suppress_health_check=QUIET)
settings.register_profile("many", max_examples=3000, deadline=None,
                          suppress_health_check=QUIET)
settings.load_profile(os.environ.get("SPACEHACKS_FUZZ", "few"))
# Whole builds take a second or two each: a few of them.
BUILDS = 2 if os.environ.get("SPACEHACKS_FUZZ", "few") == "few" else 60

WALK = "content/prevention/walk-the-space.md"

# ---- what a pull request can hold -------------------------------------------------------

SETTING_NAMES = ["title", "summary", "tags", "programs", "featured", "see_also",
                 "pull_quote", "clinical_review", "kind", "prefix", "opening_quote",
                 "sections", "hacks", "id", "text", "by", "term", "definition", "parts",
                 "program_types", "date", "edition", "language", "licence", "keywords"]
WORDS = ["teamwork", "words", "space-design", "all", "ssp", "opc", "P", "R", "hacks", "text",
         "quotes", "glossary", "welcome", "prevention", "response", "one-voice",
         "walk-the-space", "daily-huddle", "boundaries", "light", "../..", "/etc", ".", ""]
scalars = st.one_of(st.none(), st.booleans(), st.integers(), st.floats(),
                    st.text(max_size=30), st.dates(), st.sampled_from(WORDS))
values = st.recursive(scalars, lambda inner: st.one_of(
    st.lists(inner, max_size=4),
    st.dictionaries(st.one_of(st.sampled_from(SETTING_NAMES), st.text(max_size=10)), inner,
                    max_size=4)), max_leaves=12)
mappings = st.dictionaries(st.one_of(st.sampled_from(SETTING_NAMES), st.text(max_size=12)),
                           values, max_size=8)

YAML_CHARS = "abcdefghijklmnopqrstuvwxyz0123456789 -:[]{},#&*!|>'\"%@`?\n\t\\.é→\ufeff"
raw_yaml = st.text(alphabet=YAML_CHARS, max_size=200)


def dump(data) -> str:
    return yaml.safe_dump(data, allow_unicode=True, sort_keys=False)


yaml_texts = st.one_of(mappings.map(dump), st.lists(mappings, max_size=4).map(dump), raw_yaml,
                       st.text(max_size=100))

SNIPPETS = ["# ", "## Why it matters\n", "## Try this\n", "\n\n", "\n", "- ", "1. ", "    ",
            "> ", "*", "_", "**", "`", "``", "[", "]", "](", ")", "![", "<", ">", "&amp;",
            "&#8594;", "&rarr;", "<span>", "</div>", "<!--", "-->", "<?x ?>", "[x](#one-voice)",
            "[x](#nowhere)", "[x](https://example.org)", "[x](javascript:alert(1))",
            "[x](file:///etc/passwd)", "![a plan](plan.png)", "![](plan.png)",
            "![a](../../../etc/hosts)", "<https://example.org>", "<someone@example.org>",
            "[x]: https://example.org\n", "[x][]", "\\", "|", "---", "===", "[TOC]", "\t",
            "\u2192", "é", "\ufeff", "\x00", "\r", "\u2028", "  \n", " ", "word ", "1) ", "+ ",
            "```\n", "~~~\n", "&", "#", "\"quoted\" ", "--", "...", "{#id}", "\u200b"]
MARKDOWN_CHARS = "".join(sorted(set("".join(SNIPPETS)))) + "abcdefghij ABC0123"
# Lists, quotes, emphasis and links inside each other: branching, or one deep chain.
WRAPS = [lambda text: "> " + text.replace("\n", "\n> "),
         lambda text: "- " + text.replace("\n", "\n    "),
         lambda text: "1. " + text.replace("\n", "\n    "),
         lambda text: f"*{text}*", lambda text: f"__{text}__",
         lambda text: f"[{text}](https://example.org)", lambda text: f"text\n\n{text}"]
leaves = st.one_of(st.sampled_from(SNIPPETS), st.text(alphabet="abc ", max_size=5))
nested = st.recursive(leaves, lambda inner: st.one_of(
    st.tuples(st.sampled_from(WRAPS), inner).map(lambda pair: pair[0](pair[1])),
    st.lists(inner, min_size=2, max_size=3).map("\n\n".join)), max_leaves=60)


@st.composite
def chains(draw) -> str:
    text = draw(leaves)
    depth = draw(st.integers(0, 80))
    for wrap in draw(st.lists(st.sampled_from(WRAPS), min_size=depth, max_size=depth)):
        text = wrap(text)
    return text


bodies = st.one_of(st.lists(st.sampled_from(SNIPPETS), max_size=40).map("".join),
                   st.text(alphabet=MARKDOWN_CHARS, max_size=300),
                   st.text(max_size=100), nested, chains())


@st.composite
def markdown_files(draw) -> str:
    """A settings block (valid YAML or not), then a body; sometimes no settings at all."""
    front = draw(st.one_of(mappings.map(dump), raw_yaml,
                           st.just(SAMPLE[WALK].split("---")[1].lstrip("\n"))))
    body = draw(bodies)
    return draw(st.sampled_from([f"---\n{front}---\n{body}", f"---\n{front}\n{body}",
                                 body, f"---\n{front}---\n"]))


def png(width=20, height=10) -> bytes:
    from PIL import Image

    buffer = io.BytesIO()
    Image.new("RGB", (width, height), (200, 80, 40)).save(buffer, "PNG")
    return buffer.getvalue()


pictures = st.one_of(st.just(png()), st.binary(max_size=200),
                     st.binary(min_size=1, max_size=60).map(lambda junk: png()[:-60] + junk))

name_chars = st.characters(blacklist_categories=("Cs",), blacklist_characters="/\x00")
file_names = st.one_of(
    st.text(alphabet=name_chars, min_size=1, max_size=30),
    st.text(alphabet="abcxyz-_.MD0123 ", min_size=1, max_size=15).map(lambda n: n + ".md"),
    # Bytes that are no UTF-8 at all, as a file system can hold them.
    st.binary(min_size=1, max_size=20).map(
        lambda b: os.fsdecode(b.replace(b"/", b"_").replace(b"\0", b"_"))),
).filter(lambda name: name not in (".", "..") and len(os.fsencode(name)) < 200)

TARGETS = list(SAMPLE)
file_edits = st.lists(st.sampled_from(TARGETS).flatmap(lambda target: st.tuples(
    st.just(target),
    st.one_of(markdown_files() if target.endswith(".md") else yaml_texts, st.none(),
              st.binary(max_size=80)))), max_size=3)
extra_files = st.lists(st.tuples(
    st.sampled_from(["content", "content/prevention", "content/response/words"]), file_names,
    st.one_of(markdown_files(), st.binary(max_size=40), st.just("folder"))), max_size=3)


@st.composite
def projects(draw):
    """What a pull request changes: some files rewritten or deleted, a picture, new
    files and folders with any names."""
    return (draw(file_edits), draw(st.one_of(st.none(), pictures)), draw(extra_files))


# ---- building the project of one example -------------------------------------------------

@pytest.fixture(scope="module")
def base(tmp_path_factory):
    """One project folder for all examples: its layout/ and fonts/ stay, content/ is
    written anew for each example (the fonts are read once)."""
    return write_project(tmp_path_factory.mktemp("fuzz") / "project", SAMPLE)


def write_example(root: Path, example) -> None:
    edits, picture, extras = example
    shutil.rmtree(root / "content", ignore_errors=True)
    write_project(root, {name: text for name, text in SAMPLE.items() if name.startswith(
        "content/")})
    for name, text in edits:
        path = root / name
        if text is None:
            path.unlink(missing_ok=True)
        elif isinstance(text, bytes):
            path.write_bytes(text)
        else:
            path.write_text(text, encoding="utf-8", errors="surrogateescape")
    if picture is not None:
        (root / "content/prevention/plan.png").write_bytes(picture)
    for folder, name, text in extras:
        path = root / folder / name
        if path.exists():
            continue
        if text == "folder":
            path.mkdir()
            (path / "new.md").write_text(SAMPLE[WALK], encoding="utf-8")
        elif isinstance(text, bytes):
            path.write_bytes(text)
        else:
            path.write_text(text, encoding="utf-8", errors="surrogateescape")


def assert_clear(failed: BuildFailed, root: Path) -> None:
    """Every problem names a file of the project and says something."""
    assert failed.problems
    for problem in failed.problems:
        assert isinstance(problem, Problem)
        assert problem.message.strip()
        line = problem.format(root)
        assert not any(unicodedata.category(char) in ("Cc", "Zl", "Zp") for char in line), line
        assert problem.path.is_absolute()
        assert os.path.normpath(problem.path).startswith(str(root)), problem
        assert problem.line is None or problem.line >= 1, problem


@given(example=projects())
def test_reading_any_content_gives_a_guide_or_problems(base, example):
    from spacehacks.build.pipeline import read_and_check

    write_example(base, example)
    try:
        guide, notes = read_and_check(base)
    except BuildFailed as failed:
        assert_clear(failed, base)
        event(f"problem: {' '.join(failed.problems[0].message.split()[:4])}")
    else:
        event("read cleanly")
        assert guide.settings.title and guide.parts
        assert all(isinstance(note, Problem) for note in notes)


@given(text=st.one_of(bodies, st.lists(st.sampled_from(SNIPPETS), max_size=400).map("".join)),
       field=st.sampled_from(["title", "summary", "definition"]))
def test_any_markdown_converts_or_is_reported(base, text, field):
    """Markdown alone, with longer texts: a body and a one-line field convert, and
    whatever is wrong is a problem at a line of the text."""
    from spacehacks.markup import convert as markup
    from spacehacks.errors import ProblemList

    path = base / WALK
    problems = ProblemList()
    converted = markup.convert(text, path=path, first_line=9, content=base / "content",
                               problems=problems, heading_base=3, id_prefix="walk-")
    assert isinstance(converted.html, str)
    markup.check_line(text, field=field, path=path, line=3, problems=problems)
    assert markup.inline(text) is not None
    last_line = 9 + text.count("\n")
    for problem in problems.items:
        assert problem.path == path and problem.message.strip()
        assert problem.line == 3 or 9 <= problem.line <= last_line, problem


@settings(max_examples=BUILDS)
@given(body=bodies, summary=st.text(alphabet=MARKDOWN_CHARS, min_size=1, max_size=60),
       picture=pictures)
def test_building_any_hack_gives_a_pdf_or_problems(base, body, summary, picture):
    """The whole build, on a hack whose body and summary are generated."""
    from spacehacks.editions.plan import Request
    from spacehacks.build.pipeline import Options, build

    settings_block = SAMPLE[WALK].split("---")[1].replace(
        "summary: Look at the room with fresh eyes.", f"summary: {json.dumps(summary)}")
    write_example(base, ([(WALK, f"---{settings_block}---\n{body}")], picture, []))
    with tempfile.TemporaryDirectory() as output:
        pdf = Path(output) / "guide.pdf"
        try:
            result = build(Options(root=base, request=Request(output=str(pdf)), force=True,
                                   output_dir=Path(output)))
        except BuildFailed as failed:
            assert_clear(failed, base)
            assert not pdf.exists()
            event(f"problem: {' '.join(failed.problems[0].message.split()[:4])}")
        else:
            event("built")
            assert pdf.read_bytes().startswith(b"%PDF") and result.page_count > 5


def test_the_generated_examples_reach_both_outcomes(base):
    """The strategies are worth something only if some examples read cleanly and some
    fail: check both on two fixed examples."""
    from spacehacks.build.pipeline import read_and_check

    write_example(base, ([], None, []))
    guide, _ = read_and_check(base)
    assert len(guide.hacks) == 4
    write_example(base, ([(WALK, "---\ntitle: [\n---\n")], None, []))
    with pytest.raises(BuildFailed) as failed:
        read_and_check(base)
    assert_clear(failed.value, base)


# ---- attack classes, each with a bound on work ------------------------------------------
#
# Each example is read and checked with its work counted (tests/work.py): a fixed
# allowance for the sample project around it, and a fixed number of steps per character
# of the attack. A step that grows faster than its input, on any example, passes the bound
# and fails at once instead of hanging the run.

MANY = os.environ.get("SPACEHACKS_FUZZ", "few") != "few"
# Per character: more than tests/test_linear.py's 60, since marks of every kind mixed in
# one field cost more (a definition of 7,000 to 55,000 such characters: 134 to 139 steps
# a character, the same at every size).
STEPS_PER_CHARACTER = 200
# Fixed allowances: reading the sample project around an example takes 750,000 steps
# cold; and a short text may cost Python-Markdown up to markup/prescan.py's ALLOWANCE
# (50,000 re-reads, whatever its length: 281 '[' never closed take 1,011,886 steps).
SAMPLE_STEPS = 1_000_000 + 2_000_000
LONGEST = 190_000 if MANY else 3_000  # the file limit (200 KB) allows about 199,000
ATTACKS = 100 if MANY else 4  # examples of each attack class

# Where an attack goes: a Markdown body (hack, part, section) or a one-line field (a title,
# a summary, a definition, a quote), written as a YAML string.
BODY_OF = {"hack": WALK, "part": "content/welcome/part.md",
           "section": "content/response/words/section.md"}
FIELD_OF = {"summary": (WALK, "summary: Look at the room with fresh eyes."),
            "title": ("content/response/words/one-voice.md", "title: One voice leads"),
            "definition": ("content/glossary.yaml",
                           "definition: A person who comes to the program."),
            "quote": ("content/quotes.yaml", 'text: "We have to be ready and able to reach '
                                            'clients where they are."')}
places = st.sampled_from(sorted(BODY_OF) + sorted(FIELD_OF))


def placed(place: str, text: str) -> tuple[str, str]:
    """The file that holds `text` at `place`, and its new content."""
    if place in BODY_OF:
        name = BODY_OF[place]
        return name, SAMPLE[name] + "\n" + text + "\n"
    name, line = FIELD_OF[place]
    assert line in SAMPLE[name]
    return name, SAMPLE[name].replace(line, f"{line.split(':')[0]}: {json.dumps(text)}")


def read_within_bound(root: Path, name: str, size: int):
    """Read and check the project, its work bounded; the problems (or None), and the
    steps it took."""
    from spacehacks.build.pipeline import read_and_check
    from work import at_most

    with at_most(SAMPLE_STEPS + STEPS_PER_CHARACTER * size) as steps:
        try:
            read_and_check(root)
        except BuildFailed as failed:
            assert_clear(failed, root)
            return failed.problems, steps[0]
    return None, steps[0]


def attack(root: Path, place: str, text: str):
    name, content = placed(place, text)
    write_example(root, ([(name, content)], None, []))
    problems, steps = read_within_bound(root, name, len(text))
    event(f"{place}: {'refused' if problems else 'read'}")
    return name, problems


RUN_UNITS = [*"a-[]*_`<>!|#\\ \n(){}:&~=+.\t'\"", "<b>", "[a", "*a", "_a", "![", "[a](",
             "[a](<", "``a`", "a-", "- ", "> ", "1. ", "    ", "&amp;", "{{shared:", "](",
             "**", "<!--", "[x](#one-voice) ", "a\n\n", "|a", "`|"]


@st.composite
def long_runs(draw) -> str:
    """One character, or one short piece of markup, over and over."""
    unit = draw(st.sampled_from(RUN_UNITS))
    size = draw(st.one_of(st.integers(1, LONGEST), st.just(LONGEST)))
    return (unit * (size // len(unit) + 1))[:size]


attack_settings = settings(max_examples=ATTACKS, phases=[
    phase for phase in __import__("hypothesis").Phase
    if phase.name != "explain"])  # explaining traces lines itself; the bound traces


@attack_settings
@given(text=long_runs(), place=places)
def test_long_runs_of_one_character_are_read_within_the_bound(base, text, place):
    attack(base, place, text)


# Openers and what closes them: brackets, emphasis, backticks, raw HTML, lists, quotes.
CONSTRUCTS = [("[", "](https://example.org)"), ("[", "]"), ("*", "*"), ("**", "**"),
              ("_", "_"), ("`", "`"), ("``", "``"), ("<b>", "</b>"), ("<div>", "</div>"),
              ("<!--", "-->"), ("- ", ""), ("> ", ""), ("1. ", ""), ("(", ")"),
              ("![", "](plan.png)"), ("[a](", ")"), ("<", ">"), ("```\n", "\n```"),
              ("{{shared: ", "}}"), ("\n    ", "")]


@st.composite
def nested_constructs(draw) -> str:
    """A chain of constructs inside each other, each closed or not, repeated (side by
    side, or a paragraph each)."""
    depth = draw(st.integers(1, 400 if MANY else 40))
    chain = draw(st.lists(st.sampled_from(CONSTRUCTS), min_size=depth, max_size=depth))
    closed = draw(st.lists(st.booleans(), min_size=depth, max_size=depth))
    middle = draw(st.text(alphabet="ab \n", max_size=6))
    one = "".join(opener for opener, _ in chain) + middle + "".join(
        closer for (_, closer), close in zip(reversed(chain), reversed(closed)) if close)
    times = draw(st.integers(1, max(1, LONGEST // max(1, len(one)))))
    joined = draw(st.sampled_from(["", " ", "\n", "\n\n"])).join([one] * times)
    return joined[:LONGEST]


@attack_settings
@given(text=nested_constructs(), place=places)
def test_nested_and_unclosed_constructs_are_read_within_the_bound(base, text, place):
    attack(base, place, text)


# ---- escapes in every YAML field ----------------------------------------------------------

ESCAPES = ["\\u202E", "\\u202D", "\\u2066", "\\u200F", "\\u061C", "\\0", "\\e", "\\a",
           "\\b", "\\v", "\\f", "\\r", "\\t", "\\x7f", "\\x85", "\\x1b[31m", "\\N", "\\_",
           "\\L", "\\P", "\\uD800", "\\uDFFF", "\\U0001F600", "\\u4E2D", "\\u0627",
           "\\u00e9", "\\u2192", "\\u200B", "\\uFEFF", "\\\\", '\\"', "\\/", "\\ ",
           "\\U0010FFFF", "\\uFFFE", "&#8238;", "&#x1b;"]
# Every line of the sample's YAML that holds one value: settings at the top of Markdown
# files, guide.yaml, quotes.yaml, glossary.yaml. (name, the line as written)
YAML_LINES = [(name, line) for name, text in SAMPLE.items()
              for line in (text.split("---")[1] if name.endswith(".md") else text).split("\n")
              if ": " in line and not line.rstrip().endswith(":")]
BIDI = {"LRE", "RLE", "LRO", "RLO", "PDF", "LRI", "RLI", "FSI", "PDI"}


def font_characters() -> set[int]:
    from fontTools.ttLib import TTFont

    drawn: set[int] = set()
    for path in (Path(__file__).resolve().parents[1] / "fonts").rglob("*.woff*"):
        with TTFont(path) as font:
            drawn.update(font.getBestCmap())
    return drawn


def must_be_refused(value: str, drawn: set[int]) -> bool:
    """A character no content may hold, told apart here without the builder's own list:
    controls (but tab and line break), separators, halves of characters, direction
    embeddings, overrides and isolates, and what the bundled fonts cannot draw."""
    return any((unicodedata.category(char) in ("Cc", "Cs", "Zl", "Zp") and char not in "\t\n")
               or unicodedata.bidirectional(char) in BIDI
               or (unicodedata.category(char)[0] in "LNPS" and ord(char) not in drawn)
               for char in value)


@st.composite
def escaped_values(draw) -> tuple[str, str, str]:
    """A YAML line of the sample with its value rewritten in double quotes, escapes mixed
    into words: (file, the line as it was, the new line)."""
    name, line = draw(st.sampled_from(YAML_LINES))
    key, value = line.split(": ", 1)
    pieces = draw(st.lists(st.one_of(st.sampled_from(ESCAPES), st.sampled_from(
        ["a", "word ", value.strip('"[]'), " "])), min_size=1, max_size=8))
    quoted = '"' + "".join(pieces) + '"'
    if value.startswith("["):  # a list: the escapes in its first item
        quoted = "[" + quoted + ", " + value[1:]
    return name, line, f"{key}: {quoted}"


@settings(max_examples=600 if MANY else 8)
@given(example=escaped_values())
def test_escapes_in_every_yaml_field_are_decoded_then_checked(base, example):
    name, line, new = example
    write_example(base, ([(name, SAMPLE[name].replace(line, new, 1))], None, []))
    problems, _ = read_within_bound(base, name, len(new))
    try:
        decoded = yaml.safe_load("x: " + new.split(": ", 1)[1])["x"]
    except yaml.YAMLError:
        assert problems, "YAML that does not parse was read"
        event("refused: not YAML")
        return
    values = decoded if isinstance(decoded, list) else [decoded]
    if any(isinstance(value, str) and must_be_refused(value, DRAWN) for value in values):
        event("refused: a character no content may hold")
        assert problems and any(problem.path == base / name for problem in problems), (
            new, problems)
    else:
        event("read" if not problems else "refused: other")


DRAWN = font_characters()

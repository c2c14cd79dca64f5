"""Time that grows with the input, never faster: each kind of input that once took
quadratic or cubic time (raw HTML tags, a very long word, brackets never closed, long
paragraphs full of marks, thousands of lines) is read at the largest size the file limit
allows, with its work counted in steps (tests/work.py), never timed. The bound is a fixed
number of steps per character: a step that grew faster than the input would pass it long
before it finished, and stop the test at once."""

from __future__ import annotations

import json

import markdown
import pytest

from conftest import SAMPLE, write_project
from spacehacks.errors import BuildFailed, ProblemList
from spacehacks.reading.content_file import MAX_FILE_BYTES
from work import TooMuchWork, at_most

WALK = "content/prevention/walk-the-space.md"
GLOSSARY = "content/glossary.yaml"
SETTINGS = SAMPLE[WALK].split("---")[1]
BODY_LINE = SETTINGS.count("\n") + 3  # the line after the blank one below the settings
LARGEST = MAX_FILE_BYTES - len(SETTINGS) - 20  # the largest body the file limit allows
STEPS_PER_CHARACTER = 60  # the real content takes 20 (tests/test_linear.py measures it)


def repeated(unit: str, size: int = LARGEST) -> str:
    return (unit * (size // len(unit) + 1))[:size]


def paragraphs_of(unit: str, per_paragraph: int, size: int = LARGEST) -> str:
    """Paragraphs of `per_paragraph` units each, blank lines between them: as many
    marks as a long paragraph, but in paragraphs short enough to be read."""
    return repeated(unit * per_paragraph + "\n\n", size)


PARAGRAPH_OF_MARKS = ("this paragraph is {length} characters long and has many marks "
                      "Markdown reads")
NEVER_CLOSED = "that is never closed, many times over"
TOO_LONG = "characters long, and a line of the guide holds at most 40"

# name: (the hack's body, what the first problem says (None: it reads), its line)
ATTACKS = {
    "raw HTML tags, 200 to a paragraph": (
        paragraphs_of("<b>", 200), "raw HTML ('<b>') is not allowed", BODY_LINE),
    "a word of 199,000 letters": (repeated("a"), TOO_LONG, BODY_LINE),
    "a compound word of 199,000 letters": (repeated("a-"), TOO_LONG, BODY_LINE),
    "a word with an underscore every other letter": (
        repeated("_a"), PARAGRAPH_OF_MARKS.format(length=f"{LARGEST:,}"), BODY_LINE),
    "brackets never closed": (repeated("["), NEVER_CLOSED, BODY_LINE),
    "pictures never closed": (repeated("!["), NEVER_CLOSED, BODY_LINE),
    "brackets nested and closed": (repeated("[", LARGEST // 2) + repeated("]", LARGEST // 2),
                                   NEVER_CLOSED, BODY_LINE),
    "link addresses never closed": (repeated("[a]("), NEVER_CLOSED, BODY_LINE),
    "link addresses in angle brackets": (repeated("[a](<"), NEVER_CLOSED, BODY_LINE),
    "backticks of growing length, never closed": (
        " ".join("`" * length for length in range(1, 630)), NEVER_CLOSED, BODY_LINE),
    "backticks in one long paragraph": (
        repeated("``a` "), PARAGRAPH_OF_MARKS.format(length=f"{LARGEST:,}"), BODY_LINE),
    "a table row of backticks and pipes": (
        "| a |\n| - |\n|" + repeated("`|", LARGEST - 20), NEVER_CLOSED, BODY_LINE),
    "emphasis in one long paragraph": (
        repeated("*a* "), PARAGRAPH_OF_MARKS.format(length=f"{LARGEST:,}"), BODY_LINE),
    "links in one long paragraph": (
        repeated("[x](#one-voice) "), PARAGRAPH_OF_MARKS.format(length=f"{LARGEST:,}"),
        BODY_LINE),
    "a line of 100,000 lines": (repeated("a\n"), "a content file may have at most 4,000",
                                 4_001),
    "tiny paragraphs": (repeated("a\n\n"), "a content file may have at most 4,000", 4_001),
    "a line of spaces after {{shared:": ("{{shared:" + " " * (LARGEST - 20) + "x", None, None),
}


def _hack_with(body: str) -> dict:
    return {**SAMPLE, WALK: f"---{SETTINGS}---\n\n{body}\n"}


# The attacks at full size take a few seconds each: `make test` runs them, the fast run
# keeps the bound's own test and the reckoning's.
@pytest.mark.slow
@pytest.mark.parametrize("case", ATTACKS, ids=list(ATTACKS))
def test_each_attack_is_read_in_linear_steps(tmp_path, case):
    from spacehacks.build.pipeline import read_and_check

    body, expected, line = ATTACKS[case]
    root = write_project(tmp_path / "project", _hack_with(body))
    size = (root / WALK).stat().st_size
    assert size <= MAX_FILE_BYTES
    outcome = None
    with at_most(STEPS_PER_CHARACTER * size) as steps:
        try:
            read_and_check(root)
        except BuildFailed as failed:
            outcome = failed.problems
    print(f"{case}: {size:,} bytes, {steps[0]:,} steps ({steps[0] / size:.1f} a byte)")
    if expected is None:
        assert outcome is None or not any(p.path == root / WALK and "not allowed" in p.message
                                          for p in outcome), outcome
        return
    assert outcome, "the attack was read as if it were fine"
    first = next(p for p in outcome if p.path == root / WALK)
    assert expected in first.message, first.message
    assert first.line == line, (first.line, first.message)


def test_a_quadratic_step_is_stopped_by_the_bound():
    """The bound itself can fail: Python-Markdown's own link reading, on brackets never
    closed, without the check before it."""
    with pytest.raises(TooMuchWork), at_most(STEPS_PER_CHARACTER * 20_000):
        markdown.markdown("[" * 20_000)


@pytest.mark.slow
@pytest.mark.parametrize("field, attack", [
    ("summary", "[" * 190_000), ("summary", "*a* " * 45_000), ("definition", "``a` " * 38_000)])
def test_one_line_settings_are_held_to_the_same_bound(tmp_path, field, attack):
    from spacehacks.build.pipeline import read_and_check

    files = dict(SAMPLE)
    if field == "summary":
        files[WALK] = files[WALK].replace("summary: Look at the room with fresh eyes.",
                                          f"summary: {json.dumps(attack)}")
        path, line = WALK, 3
    else:
        files[GLOSSARY] = files[GLOSSARY].replace(
            "definition: A person who comes to the program.",
            f"definition: {json.dumps(attack)}")
        path, line = GLOSSARY, 2
    root = write_project(tmp_path / "project", files)
    with at_most(STEPS_PER_CHARACTER * len(attack)), pytest.raises(BuildFailed) as failed:
        read_and_check(root)
    first = next(p for p in failed.value.problems if p.path == root / path)
    assert first.line == line and ("never closed" in first.message
                                   or "marks Markdown reads" in first.message), first


def test_the_real_content_is_far_inside_the_bounds():
    """What the checks before Python-Markdown reckon for the guide itself: a small
    share of what they allow, so no editor meets them by writing."""
    from conftest import REPO
    from spacehacks.markup import prescan

    for path in (REPO / "content").rglob("*"):
        if path.suffix not in (".md", ".yaml"):
            continue
        text = path.read_text(encoding="utf-8")
        costs = [prescan.cost(paragraph.text) for paragraph in prescan.paragraphs(text)]
        assert sum(c.steps for c in costs) <= prescan.STEPS_PER_CHARACTER * len(text) / 10
        assert sum(c.copies for c in costs) <= prescan.COPIES_PER_CHARACTER * len(text) / 10
        assert prescan.too_costly(text) is None, path


@pytest.mark.parametrize("costly, says", [
    ("*a* " * 50_000, "marks Markdown reads"), ("<b>" * 60_000, "marks Markdown reads"),
    ("[" * 150_000, "never closed")])
def test_the_paragraph_named_is_the_one_past_the_bound(costly, says):
    """A real hack's paragraphs hold a link or two, which cost a few steps each: the
    paragraph named is the one that costs what is too much (its copies, or its steps),
    never a harmless paragraph of the other kind before it."""
    from spacehacks.markup import prescan

    before = ("1. Set your wait with your team (see [make bathrooms safer](#make-bathrooms-"
              "safer)) and use it every time, with **care**.\n\n"
              "A paragraph with *emphasis*, \"quotes\" and `code`.\n\n")
    found = prescan.too_costly(before + costly)
    assert found is not None
    assert found[0] == len(before), found
    assert says in found[1], found[1]


# ---- the pieces ------------------------------------------------------------------------

def test_the_reckoning_follows_what_python_markdown_reads():
    from spacehacks.markup.prescan import cost, paragraphs

    assert [p.text for p in paragraphs("a\n\nb\n  \n\nc")] == ["a", "b", "c"]
    assert cost("[a](b)").steps == 2 + 2  # to the ']', then from the '(' to the ')'
    assert cost("[" * 10).steps == sum(range(1, 11))  # each to the end
    assert cost("\\[" * 10).steps == 0  # escaped: printed, not read
    assert cost('[a](b "t") x)').steps == 2 + 6  # a title closed before the ')'
    assert cost('[a](b "t x) y').steps == 2 + 10  # the quote makes it read to the end
    assert cost("``a").steps == 3  # a code span never closed: to the end
    assert cost("`a` " * 100).steps <= 2 * 400  # closed ones: each to the next
    growing = " ".join("`" * length for length in range(1, 50))  # none closes another
    assert cost(growing).steps >= len(growing) * 49 / 3
    assert cost("*a* _b_").copies == 7 * 4


SAMPLES = ["*a* **b** ***c*** _d_ __e__ [f](#g) ![h](i.png) `j` <k@l.org> <https://m>",
           "- one *two*\n- three [four](five)\n\n    code\n\n> quote *x*\n\n1. a\n2. b",
           "| a | b |\n| - | - |\n| *c* | `d|e` |", "a  \nb \"c\" 'd' -- e...",
           "[a]: https://x\n\n[b][a] [a] ![c][a]", "*a **b** c* _a __b__ c_ ***a** b*",
           "\\*a\\* \\[b\\] &amp; &copy; &#8594;", "[a [b] c](d) [e](f (g)) [h](<i j> \"k\")"]


@pytest.mark.parametrize("text", SAMPLES)
def test_the_linear_inline_step_gives_python_markdowns_html(text):
    """LinearInline is Python-Markdown's own inline step with a queue and positions kept
    as it goes: the same HTML, for the real content and for every construct."""
    from spacehacks.markup.inline import make_linear

    class Linear(markdown.extensions.Extension):
        def extendMarkdown(self, md):  # noqa: N802
            make_linear(md)

    extensions = ["sane_lists", "smarty", "toc", "tables"]
    ours = markdown.Markdown(extensions=[*extensions, Linear()])
    theirs = markdown.Markdown(extensions=extensions)
    assert ours.convert(text) == theirs.convert(text)


def test_the_linear_inline_step_gives_the_same_html_for_the_real_content():
    from conftest import REPO
    from spacehacks.markup.inline import make_linear

    class Linear(markdown.extensions.Extension):
        def extendMarkdown(self, md):  # noqa: N802
            make_linear(md)

    extensions = ["sane_lists", "smarty", "toc", "tables"]
    for path in sorted((REPO / "content").rglob("*.md")):
        text = path.read_text(encoding="utf-8")
        assert markdown.Markdown(extensions=[*extensions, Linear()]).convert(text) == \
            markdown.Markdown(extensions=extensions).convert(text), path


def test_lines_are_found_in_order_each_once_within_the_budget():
    from spacehacks.markup.lines import READS_PER_CHARACTER, Lines

    text = "".join(f"## heading {n}\n\n<b> and <b>\n\n" for n in range(5_000))
    lines = Lines(text, first_line=10)
    budget = lines.budget
    assert [lines.next(f"## heading {n}", "blocks") for n in range(5_000)] == \
        [10 + 4 * n for n in range(5_000)]
    assert [lines.next("<b>") for _ in range(4)] == [12, 12, 16, 16]
    assert budget - lines.budget <= 2 * len(text)
    # Out of order, and past the budget: still a line of the text, never an error.
    assert lines.next("## heading 3", "blocks") == 22
    lines.budget = 0
    assert 10 <= lines.next("## heading 4999", "blocks") <= 10 + text.count("\n")
    assert READS_PER_CHARACTER * len(text) > 0


def test_raw_html_reports_stop_at_ten_and_say_how_many_more(tmp_path):
    from spacehacks.markup import convert

    problems = ProblemList()
    text = paragraphs_of("<i> ", 10, 20_000)
    convert.convert(text, path=tmp_path / "x.md", first_line=1, content=tmp_path,
                    problems=problems)
    assert len(problems.items) == 11
    assert problems.items[-1].message.startswith(
        f"and {text.count('<i>') - 10:,} more raw HTML tags in this text")


GROWTH = {  # what Python-Markdown's inline step and the line finder once did in n²
    "tiny paragraphs": lambda size: repeated("a\n\n", size),
    "list items with emphasis and links": lambda size: repeated("- *a* [b](#c)\n", size),
    "emphasis, 150 to a paragraph": lambda size: paragraphs_of("*a* ", 150, size),
    "headings, each its own": lambda size: "".join(
        f"## Heading {n}\n\n" for n in range(size // 16)),
    "raw HTML tags, each its own": lambda size: "".join(f"<b{n}> " for n in range(size // 8)),
}


@pytest.mark.slow
@pytest.mark.parametrize("case", GROWTH, ids=list(GROWTH))
def test_four_times_the_text_is_four_times_the_steps(tmp_path, case):
    """Inputs that pass every limit and are converted: the steps per character stay the
    same when the text grows fourfold (they grew fourfold too, before)."""
    from spacehacks.markup import convert

    counts = []
    for size in (2_000, 8_000):
        text = GROWTH[case](size)
        with at_most(2_000 * len(text)) as steps:
            convert.convert(text, path=tmp_path / "x.md", first_line=1, content=tmp_path,
                            problems=ProblemList())
        counts.append(steps[0] / len(text))
    assert counts[1] <= 1.15 * counts[0], counts

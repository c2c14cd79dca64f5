"""Limits before layout (spacehacks/reading/limits.py): a content file of any kind that
would print on an absurd number of pages is refused at the line where it passes its
limit, with its words counted, before anything is laid out; and an edition that goes
past its page budget anyway is stopped while it is laid out, not after."""

from __future__ import annotations

import logging

import pytest
import weasyprint
from weasyprint.layout import page as weasyprint_pages

from conftest import SAMPLE, build, write_project
from spacehacks.errors import BuildFailed
from spacehacks.progress import Progress
from spacehacks.reading import limits
from spacehacks.reading.model import GlossaryEntry, Hack, Part, Quote, Section, TextPage

SENTENCE = "A sentence of plain words that fills most of a printed line of the guide. "
PICTURE_PART = "content/welcome/part.md"


def _paragraphs(count: int) -> str:
    return "".join(f"{SENTENCE}{n}\n\n" for n in range(count))


def _part_of_pictures(count: int) -> str:
    # The attack that once gave a 617-page guide: one tiny picture, placed over and over.
    return (SAMPLE[PICTURE_PART] + "\n"
            + "".join(f"![dot {n}](pictures/dot.png)\n\n" for n in range(count)))


# kind: (the file, its model, its text past the limit): each well inside the file-size
# and line limits, so only the page estimate can refuse it.
PAST = {
    "a part's part.md of pictures": (PICTURE_PART, Part, _part_of_pictures(600)),
    "a part's part.md of text (as the resources)": (
        PICTURE_PART, Part, SAMPLE[PICTURE_PART] + _paragraphs(1_900)),
    "a section.md": ("content/response/words/section.md", Section,
                     SAMPLE["content/response/words/section.md"] + _paragraphs(400)),
    "a hack": ("content/prevention/walk-the-space.md", Hack,
               SAMPLE["content/prevention/walk-the-space.md"] + _paragraphs(1_300)),
    "the what's-new page": ("content/whats-new.md", TextPage,
                            "---\ntitle: What's new\n---\n" + _paragraphs(400)),
    "quotes.yaml": ("content/quotes.yaml", Quote, SAMPLE["content/quotes.yaml"] + "".join(
        f'- id: q{n}\n  text: "{SENTENCE}"\n  by: Someone\n' for n in range(500))),
    "glossary.yaml": ("content/glossary.yaml", GlossaryEntry,
                      SAMPLE["content/glossary.yaml"] + "".join(
                          f"- term: Term {n}\n  definition: {SENTENCE * 3}\n"
                          for n in range(600))),
}


def _write(tmp_path, name: str, text: str):
    from PIL import Image

    root = write_project(tmp_path / "project", {**SAMPLE, name: text})
    (root / "content/welcome/pictures").mkdir(exist_ok=True)
    Image.new("RGB", (4, 4), (11, 76, 82)).save(root / "content/welcome/pictures/dot.png")
    return root


@pytest.fixture
def layouts(monkeypatch) -> list[int]:
    """How many times WeasyPrint is asked to lay a document out."""
    calls = []
    render = weasyprint.HTML.render

    def counted(self, *args, **kwargs):
        calls.append(1)
        return render(self, *args, **kwargs)

    monkeypatch.setattr(weasyprint.HTML, "render", counted)
    return calls


def _limit_problems(failed: BuildFailed, path):
    return [p for p in failed.problems if p.path == path and "the most it may take" in p.message]


@pytest.mark.parametrize("case", PAST, ids=list(PAST))
def test_each_kind_of_file_past_its_limit_is_refused_before_layout(tmp_path, layouts, case):
    name, model, text = PAST[case]
    root = _write(tmp_path, name, text)
    assert (root / name).stat().st_size < 200_000 and text.count("\n") < 4_000
    with pytest.raises(BuildFailed) as failed:
        build(root)
    assert layouts == [], "the file was laid out before it was refused"
    problems = _limit_problems(failed.value, root / name)
    assert len(problems) == 1, failed.value.problems
    problem = problems[0]
    limit = limits.LIMITS[model]
    assert problem.message.startswith(f"by this line {limit.what} already fills about "
                                      f"{limit.pages} pages"), problem.message
    words = len(text.split("---", 2)[-1].split()) if name.endswith(".md") else len(text.split())
    assert f"({words:,} words" in problem.message, (words, problem.message)
    # The line is where it passes: the file cut just before it is within its limit.
    lines = text.split("\n")
    assert 1 < problem.line <= len(lines)
    _write(tmp_path, name, "\n".join(lines[:problem.line - 1]))
    from spacehacks.build.pipeline import read_and_check

    try:
        read_and_check(root)
    except BuildFailed as still:
        assert not _limit_problems(still, root / name), still.problems


def test_the_sample_guide_with_a_few_pictures_is_within_its_limits(tmp_path):
    """The refusals above come from the limits, not from the sample."""
    from spacehacks.build.pipeline import read_and_check

    guide, _ = read_and_check(_write(tmp_path, PICTURE_PART, _part_of_pictures(3)))
    assert guide.estimates and all(estimate.crossed_at is None
                                   for estimate in guide.estimates.values())


def _pages_made(monkeypatch) -> list[int]:
    """Each page WeasyPrint lays out (or lays out again), as it makes it."""
    made = []
    remake = weasyprint_pages.remake_page

    def counted(index, *args, **kwargs):
        made.append(index)
        return remake(index, *args, **kwargs)

    monkeypatch.setattr(weasyprint_pages, "remake_page", counted)
    return made


def test_an_edition_past_its_page_budget_is_stopped_during_layout(tmp_path, monkeypatch):
    budget = 4
    monkeypatch.setitem(limits.EDITION_PAGES, "guide", budget)
    made = _pages_made(monkeypatch)
    root = write_project(tmp_path / "project", SAMPLE)
    with pytest.raises(BuildFailed) as failed:
        build(root)
    (problem,) = failed.value.problems
    assert problem.path == root / "content"
    assert problem.message.startswith(f"laying out the guide was stopped at page {budget + 1}: "
                                      f"it may take at most {budget} pages"), problem
    assert made and max(made) < budget, made  # never a page past the budget
    assert len(made) <= budget + 2, made
    assert not (root / "output" / "guide.pdf").exists()


def test_the_budget_stops_the_page_past_it_and_no_other():
    from spacehacks.pdf.typeset import TooManyPages, _PageCount

    class Told(Progress):
        def __init__(self):
            self.pages = []

        def advance(self, done):
            self.pages.append(done)

    told = Told()
    handler = _PageCount(told, most=3)
    with handler.counting():
        logger = logging.getLogger("weasyprint.progress")
        for page in (1, 2, 3, 1, 2, 3):  # laid out again: the numbers start over
            logger.info("Step 5 - Creating layout - Page %d", page)
        with pytest.raises(TooManyPages):
            logger.info("Step 5 - Creating layout - Page %d", 4)
    assert told.pages == [1, 2, 3, 1, 2, 3]


def test_weasyprint_tells_of_each_page_before_making_it(caplog):
    """WeasyPrint tells of each page before making it from inside its layout loop, which
    is what lets the budget stop it there: if it stopped telling, the budget would never
    apply (the heartbeat of a long build would stop too)."""
    with caplog.at_level(logging.INFO, logger="weasyprint.progress"):
        weasyprint.HTML(string="<p>a</p><p style='break-before: page'>b</p>").render()
    pages = [record.args[0] for record in caplog.records
             if record.msg.startswith("Step 5 - Creating layout - Page")]
    assert pages == [1, 2]

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
    # An estimate that misses most of what is laid out (as it would miss a stylesheet
    # that spreads the text): the budget still stops layout.
    monkeypatch.setitem(limits.EDITION_BUDGETS, "guide", limits.Budget(budget, 0.01))
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


# ---- whole editions, before layout ------------------------------------------------------

def _parts_of_pictures(tmp_path, parts: int, pictures: int):
    """The attack that once laid out 600 pages before it was stopped: many parts, each
    within its own limit (pictures, a third of a page each), together past the guide's
    budget. The last part holds a few more pictures than the others."""
    names = [f"welcome{n}" for n in range(parts)]
    files = {f"content/{name}/part.md": _part_of_pictures(pictures + (9 if n == parts - 1
                                                                         else 0))
             for n, name in enumerate(names)}
    guide_yaml = SAMPLE["content/guide.yaml"].replace(
        "  - welcome\n", "".join(f"  - {name}\n" for name in ["welcome", *names]))
    root = _write(tmp_path, "content/guide.yaml", guide_yaml)
    for name, text in files.items():
        (root / name).parent.mkdir(parents=True, exist_ok=True)
        (root / name).write_text(text.replace("pictures/dot.png", "../welcome/pictures/dot.png"))
    return root, root / f"content/{names[-1]}/part.md"


def _edition_problems(failed: BuildFailed):
    return [p for p in failed.problems if "the pages an edition may take" in p.message]


def test_a_guide_past_an_edition_budget_is_refused_before_layout(tmp_path, layouts, capsys):
    """Twelve parts of about 50 pages each: each file is within its limit, the guide is
    not. check refuses it (so a green check means the build will not stop at the
    budget), and so does the build, before anything is laid out."""
    root, largest = _parts_of_pictures(tmp_path, 12, 150)
    guide_budget = limits.EDITION_BUDGETS["guide"].pages
    from spacehacks.commands import main

    code = main(["check", "--project", str(root)])
    out, err = capsys.readouterr()
    assert code == 1, out + err
    assert "no errors" not in out
    assert layouts == [], "check laid the guide out before refusing it"
    with pytest.raises(BuildFailed) as failed:
        build(root)
    assert layouts == [], "the build laid the guide out before refusing it"
    (problem,) = _edition_problems(failed.value)
    # At the file that takes most of it, at its first line of text.
    assert problem.path == largest, problem
    assert problem.line == 6, problem  # after the settings, lines 1 to 5
    assert f"{problem.path.relative_to(root)}:6: " in err, err
    assert problem.message.startswith(
        "the guide would print past the pages an edition may take: the guide on about 6"), \
        problem.message
    assert f"pages (its budget: {guide_budget})" in problem.message, problem.message
    assert "wall cards" not in problem.message  # within their own budget
    assert "handout" not in problem.message  # the same pages as the guide: said once
    assert "This file takes the most of it, about 59 pages" in problem.message
    assert "content/welcome0/part.md (about 56 pages)" in problem.message, problem
    # No file is refused on its own: only the whole edition is past its budget.
    assert not [p for p in failed.value.problems if "the most it may take" in p.message]


def test_the_same_parts_fewer_are_within_every_budget(tmp_path):
    """The refusal above comes from the sum: eight of the same parts pass."""
    from spacehacks.build.pipeline import read_and_check

    root, _ = _parts_of_pictures(tmp_path, 8, 150)
    guide, _ = read_and_check(root)
    estimated = limits.edition_estimates(guide)
    assert estimated["guide"] > 450, estimated
    assert all(estimated[kind] < budget.pages
               for kind, budget in limits.EDITION_BUDGETS.items()), estimated


@pytest.mark.parametrize("kind", ["large-print", "booklet", "cards"])
def test_each_edition_kind_is_held_to_its_own_budget(tmp_path, monkeypatch, kind):
    """The sample guide, with one budget lowered just under its estimate: that edition,
    and only it, is named."""
    from spacehacks.build.pipeline import read_and_check

    root = write_project(tmp_path / "project", SAMPLE)
    guide, _ = read_and_check(root)
    estimated = limits.edition_estimates(guide)
    monkeypatch.setitem(limits.EDITION_BUDGETS, kind, limits.Budget(
        int(estimated[kind]) - 1, limits.EDITION_BUDGETS[kind].scale,
        limits.EDITION_BUDGETS[kind].one_page_per_hack))
    with pytest.raises(BuildFailed) as failed:
        read_and_check(root)
    (problem,) = _edition_problems(failed.value)
    words = {"large-print": "the large print on about", "booklet": "the booklet on about",
             "cards": "the wall cards on about"}
    assert words[kind] in problem.message, problem
    assert "the guide on" not in problem.message, problem


def test_the_estimate_of_the_sample_is_not_below_its_layout(tmp_path):
    """The estimate errs high: the sample guide as laid out takes no more pages than it
    was estimated to."""
    from spacehacks.build.pipeline import read_and_check

    from pypdf import PdfReader

    root = write_project(tmp_path / "project", SAMPLE)
    guide, _ = read_and_check(root)
    pages = len(PdfReader(build(root)).pages)
    assert pages <= limits.edition_estimates(guide)["guide"], pages


def test_the_real_guide_is_far_within_every_edition_budget(real_guide):
    estimated = limits.edition_estimates(real_guide)
    for kind, budget in limits.EDITION_BUDGETS.items():
        assert estimated[kind] < budget.pages / 3, (kind, estimated[kind])

"""Each test builds a small guide in a temporary folder, never the real tree.

`sample_project` writes a tiny but complete guide (every feature shows once) next to
copies of the real layout/ and fonts/, so the tests exercise the real templates.

`make test-fast` (SPACEHACKS_TEST_FAST=1, and `-m "not slow"`) runs the units and the
message fixtures only: a test that would typeset is skipped at the moment it would start
(`make test` runs it), and tests that run the builder in a process of their own are
marked `slow`, as are the attacks read at their largest size (tests/test_linear.py).
"""

from __future__ import annotations

import io
import os
import shutil
import textwrap
from pathlib import Path

import pytest
from pypdf import PdfReader

REPO = Path(__file__).resolve().parents[1]
FAST = bool(os.environ.get("SPACEHACKS_TEST_FAST"))


@pytest.fixture(scope="session", autouse=True)
def _no_typesetting_in_the_fast_run():
    """In `make test-fast`, typesetting skips the test that asks for it (before any
    process is forked for it)."""
    if not FAST:
        yield
        return
    import weasyprint

    from spacehacks.build import workers
    from spacehacks.pdf import edition

    def skip(*args, **kwargs):
        pytest.skip("typesets: `make test` runs it")

    # Where editions are handed to processes (before any fork), where one is made, and
    # where WeasyPrint lays out any HTML.
    patched = [(workers.Workshop, "make_side_by_side"), (edition, "make_edition"),
               (weasyprint.HTML, "render")]
    originals = [getattr(owner, name) for owner, name in patched]
    for owner, name in patched:
        setattr(owner, name, skip)
    yield
    for (owner, name), original in zip(patched, originals):
        setattr(owner, name, original)


@pytest.fixture(scope="session", autouse=True)
def measured_pages(tmp_path_factory):
    """The page counts `check` and the builds remember (build/measure.py) go to a folder
    of this test run, not the user's cache."""
    import os

    os.environ["SPACEHACKS_CACHE"] = str(tmp_path_factory.mktemp("measured"))


# `make test` runs in two processes (pytest-xdist, --dist loadgroup). A process builds a
# session or module fixture the first time one of its tests asks for it, so the tests
# sharing a typeset fixture go to one process together: each is typeset once, not once
# per process. The largest come first (the other process takes the rest meanwhile).
SHARED_BUILDS = [  # fixture, from the most work to the least
    "real_build", "printed", "site_built", "editions", "installed", "watched", "built",
    "cards", "attacked", "booklet", "laid", "tree", "written", "base", "guide"]


def _shared_build(item) -> str | None:
    """The typeset fixture an item shares with others (session or module scope), if any."""
    for name in SHARED_BUILDS:
        definitions = item._fixtureinfo.name2fixturedefs.get(name, ())
        if name in getattr(item, "fixturenames", ()) and definitions:
            scope = definitions[-1].scope
            if scope == "session":
                return name
            if scope == "module":
                return f"{item.module.__name__}.{name}"
    return None


def pytest_itemcollected(item):
    """Marked as it is collected: pytest-xdist reads the groups in its own
    pytest_collection_modifyitems."""
    group = _shared_build(item)
    if group:
        item.add_marker(pytest.mark.xdist_group(group))


def pytest_collection_modifyitems(config, items):
    def rank(item):
        group = _shared_build(item)
        return SHARED_BUILDS.index(group.rpartition(".")[2]) if group else len(SHARED_BUILDS)
    items.sort(key=rank)
    if getattr(config.option, "loadgroup", False):
        # pytest-xdist 3.8 names the group at the end of the test's id, in a field that
        # pytest 9 no longer reads (_nodeid, where the id is now _id): named here too.
        from _pytest.nodeid import NodeId

        for item in items:
            group = _shared_build(item)
            if group and "@" not in item.nodeid:
                item._id = NodeId.parse(f"{item.nodeid}@{group}")


GUIDE_YAML = """\
title: Test Guide
subtitle: A small guide for the tests
publisher: Balanced Imperfection
edition: Test edition
date: 2026-01-15
language: en-US
licence: CC BY-NC-SA 4.0
keywords: [harm reduction, testing]
parts:
  - welcome
  - prevention
  - response
  - quotes
  - glossary
program_types:
  ssp: Syringe services programs
  opc: Overdose prevention centers
tags:
  space-design: Space design
  teamwork: Teamwork
  words: What to say
"""

QUOTES_YAML = """\
- id: boundaries
  text: "Boundaries help me to give all that I can and still come back tomorrow."
- id: light
  text: "Darkness cannot drive out darkness: only light can do that."
  by: Martin Luther King Jr.
- id: plain
  text: "We have to be ready and able to reach clients where they are."
"""

GLOSSARY_YAML = """\
- term: Participant
  definition: A person who comes to the program.
- term: De-escalation
  definition: Helping a tense moment cool down, *without* force.
"""

WORDS_TO_AVOID_YAML = """\
- avoid: [addict, addicts]
  say: person who uses drugs, or participant
- avoid: [clean needles, dirty needles]
  say: new or used needles
"""

WELCOME_PART = """\
---
title: Welcome
kind: text
opening_quote: plain
---
## Who this is for

Everyone at the site. Welcome marker text.
"""


def hack_text(title, summary, tags="[teamwork]", programs="[all]", extra="", body=None):
    body = body or textwrap.dedent(f"""\
        ## Why it matters

        Marker for {title}. A short paragraph.

        ## Try this

        1. One step.
        2. Another step.
        3. A third step.

        ## Adapt it

        - **Outdoor sites:** Do it outside.
        """)
    return (f"---\ntitle: {title}\nsummary: {summary}\ntags: {tags}\nprograms: {programs}\n"
            f"{extra}---\n\n{body}")


SAMPLE = {
    "content/guide.yaml": GUIDE_YAML,
    "content/quotes.yaml": QUOTES_YAML,
    "content/glossary.yaml": GLOSSARY_YAML,
    "content/words-to-avoid.yaml": WORDS_TO_AVOID_YAML,
    "content/welcome/part.md": WELCOME_PART,
    "content/prevention/part.md":
        "---\ntitle: Prevention\nkind: hacks\nprefix: P\nopening_quote: light\n"
        "hacks:\n  - walk-the-space\n  - daily-huddle\n  - long-hack\n---\n"
        "Hacks for before anything happens.\n",
    "content/prevention/walk-the-space.md": hack_text(
        "Walk the space", "Look at the room with fresh eyes.", tags="[space-design]",
        extra="featured: true\nsee_also: [one-voice]\n"),
    "content/prevention/daily-huddle.md": hack_text(
        "Hold a daily huddle", "Meet for ten minutes before doors open.",
        programs="[ssp, opc]", extra="see_also: [walk-the-space, one-voice]\n"
                                     "pull_quote: boundaries\n"),
    "content/prevention/long-hack.md": hack_text(
        "A hack that runs long", "This one takes more than a page.", extra="pages: 2\n",
        body="## Why it matters\n\n" + "\n\n".join(
            f"Paragraph {n} of a long hack with enough words to fill the page." * 6
            for n in range(9)) + "\n"),
    "content/response/part.md":
        "---\ntitle: Immediate response\nkind: hacks\nprefix: R\nsections:\n  - words\n---\n"
        "When things heat up.\n",
    "content/response/words/section.md":
        "---\ntitle: Words that help\nhacks:\n  - one-voice\n---\nWhat to say.\n",
    "content/response/words/one-voice.md": hack_text(
        "One voice leads", "One person talks; the others support.", tags="[teamwork, words]",
        extra="featured: true\nsee_also: [daily-huddle]\n"),
    "content/quotes/part.md": "---\ntitle: Quotes\nkind: quotes\n---\nWords we carry.\n",
    "content/glossary/part.md": "---\ntitle: Glossary\nkind: glossary\n---\nTerms we use.\n",
}

HACKS = [  # (number, title, slug) in print order
    ("P-1", "Walk the space", "walk-the-space"),
    ("P-2", "Hold a daily huddle", "daily-huddle"),
    ("P-3", "A hack that runs long", "long-hack"),
    ("R-1", "One voice leads", "one-voice"),
]


def write_project(root: Path, files: dict[str, str | None]) -> Path:
    """Copy the real layout and fonts, then write the content files (None deletes one)."""
    if not (root / "layout").exists():
        shutil.copytree(REPO / "layout", root / "layout")
        shutil.copytree(REPO / "fonts", root / "fonts")
    for name, text in files.items():
        path = root / name
        if text is None:
            path.unlink()
            continue
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text, encoding="utf-8")
    return root


@pytest.fixture
def project(tmp_path) -> Path:
    return write_project(tmp_path / "project", SAMPLE)


@pytest.fixture(scope="session")
def real_guide():
    """The shipped guide, read once (a second or two) for the tests that only look at it."""
    from spacehacks.reading.reader import read_guide

    return read_guide(REPO)


def build(root: Path, output: Path | None = None, *, paper="letter", handout=(),
          kinds=("guide",), **options):
    """Build one edition into `output` (the guide by default) and return its path."""
    from spacehacks.editions.plan import Request
    from spacehacks.build.pipeline import Options, build as run

    if "cards" in kinds:  # many files: their own names, under root/output
        request = Request(kinds=kinds, papers=(paper,))
        run(Options(root=root, request=request, force=True, **options))
        return root / "output" / f"space-hacks{'' if paper == 'letter' else '-a4'}-cards.pdf"
    output = output or root / "output" / "guide.pdf"
    request = Request(kinds=kinds, papers=(paper,), handout=tuple(handout),
                      output=str(output))
    run(Options(root=root, request=request, force=True, **options))
    return output


@pytest.fixture(scope="session")
def built(tmp_path_factory):
    """The sample guide built once, for the tests that only read the PDF."""
    root = write_project(tmp_path_factory.mktemp("built") / "project", SAMPLE)
    pdf_path = build(root, html_output=root / "output" / "guide.html")
    return root, pdf_path, PdfReader(io.BytesIO(pdf_path.read_bytes()))


# The sample with what the accessibility checks need to see once: a hack a clinician
# should check (its caution), a table long enough to run onto a second page, a web
# address (QR codes on the handouts, cards and covers) and a link between hacks (printed
# with its number and page).
TABLE_ROWS = "".join(f"| Check {n} | Who does it {n} |\n" for n in range(1, 46))
ACCESSIBILITY_SAMPLE = {
    **SAMPLE,
    "content/guide.yaml": GUIDE_YAML.replace(
        "language: en-US\n", "language: en-US\nwebsite: https://guide.example.org/\n"),
    "content/prevention/walk-the-space.md": SAMPLE["content/prevention/walk-the-space.md"]
    .replace("A short paragraph.", "When voices rise, [one person talks](#one-voice)."),
    "content/prevention/daily-huddle.md": SAMPLE["content/prevention/daily-huddle.md"].replace(
        "pull_quote: boundaries\n", "pull_quote: boundaries\nclinical_review: true\n"),
    "content/prevention/long-hack.md": hack_text(
        "A hack that runs long", "This one takes more than a page.", extra="pages: 2\n",
        body="## Why it matters\n\nA table that runs onto a second page.\n\n"
             "| What to check | Who |\n| --- | --- |\n" + TABLE_ROWS),
}


class Editions:
    """Every kind of edition of one sample project, each built the first time a test asks
    for it and then shared by all tests: `editions["all cards"]` is the path of its PDF.
    The editions of the whole guide come from one build, which lays the guide out once
    for all of them (the cards and the section booklets print its page numbers)."""

    WHOLE = ("guide", "cards", "booklet", "booklets", "large-print")
    FILES = {  # under output/, made by the build of WHOLE
        "guide": "space-hacks.pdf",
        "all cards": "space-hacks-cards.pdf",
        "one card": "cards/p-2-daily-huddle.pdf",
        "booklet": "space-hacks-booklet.pdf",
        "section booklet": "booklets/prevention.pdf",
        "large print": "space-hacks-large-print.pdf",
    }
    HANDOUTS = {
        "part handout": ["prevention"],
        "hacks handout": ["P-2", "R-1"],  # R-1 sits in a section in the guide
    }

    def __init__(self, root: Path):
        self.root = root
        self.paths: dict[str, Path] = {}

    def __getitem__(self, name: str) -> Path:
        if name in self.FILES:
            if not self.paths.get("whole"):
                from spacehacks.build.pipeline import Options, build as run
                from spacehacks.editions.plan import Request

                run(Options(root=self.root, request=Request(kinds=self.WHOLE), force=True))
                self.paths["whole"] = self.root / "output"
            return self.paths["whole"] / self.FILES[name]
        if name not in self.paths:
            file = self.root / "output" / f"{name.replace(' ', '-')}.pdf"
            self.paths[name] = build(self.root, file, handout=self.HANDOUTS[name])
        return self.paths[name]


@pytest.fixture(scope="session")
def editions(tmp_path_factory) -> Editions:
    """The editions of ACCESSIBILITY_SAMPLE, built when first asked for."""
    return Editions(write_project(tmp_path_factory.mktemp("editions") / "project",
                                  ACCESSIBILITY_SAMPLE))


def page_texts(reader: PdfReader) -> list[str]:
    return [" ".join(page.extract_text().split()) for page in reader.pages]


def anchor_pages(reader: PdfReader) -> dict[str, int]:
    """Named destinations (HTML ids) -> 1-based page numbers."""
    return {name.lstrip("/"): reader.get_destination_page_number(dest) + 1
            for name, dest in reader.named_destinations.items()}


def run_cli(root: Path, capsys, *args) -> tuple[int, str, str]:
    from spacehacks.commands import main

    code = main(["--project", str(root), "--output", str(root / "output" / "guide.pdf"), *args])
    captured = capsys.readouterr()
    return code, captured.out, captured.err



# The web edition's tests share one build of every edition (`--all`: the site offers
# every PDF) of the sample, with what the site must show once each: a clinician's
# caution, a picture, a link between hacks, a word found only in one hack's body, and
# text that looks like markup but is allowed as text (in code, in quotes); and a web
# address, so that every print edition prints the site's addresses.
SITE_WEBSITE = "https://spacehacks.example.org/"
SITE_EXTRA = {
    "content/guide.yaml": GUIDE_YAML.replace("language: en-US\n",
                                             f"language: en-US\nwebsite: {SITE_WEBSITE}\n"),
    "content/prevention/daily-huddle.md": hack_text(
        'Say "no" & mean it', "Never paste `<script>alert(1)</script>` into a form.",
        programs="[ssp, opc]", extra="see_also: [walk-the-space, one-voice]\n"
                                     "pull_quote: boundaries\nclinical_review: true\n",
        body="## Why it matters\n\nThe zucchini rule: one word, said once. See "
             "[one voice](#one-voice) and the [web](https://example.org/?a=1&b=2).\n\n"
             "Typed as text: `<img src=x onerror=alert(1)>` and {{ 7*7 }}.\n\n"
             "    </script><script>alert(2)</script>\n\n"
             "![A sign-in table by the door](pictures/table.png)\n\n"
             "## Try this\n\n1. One step.\n2. Another step.\n"),
}


@pytest.fixture(scope="session")
def site_built(tmp_path_factory):
    """The sample with SITE_EXTRA, built with --all once: (project root, output/site)."""
    from PIL import Image
    from spacehacks.editions.edition import KINDS, PAPERS
    from spacehacks.editions.plan import Request
    from spacehacks.build.pipeline import Options, build as run

    root = write_project(tmp_path_factory.mktemp("site") / "project", {**SAMPLE, **SITE_EXTRA})
    (root / "content/prevention/pictures").mkdir()
    Image.new("RGB", (40, 30), (11, 76, 82)).save(root / "content/prevention/pictures/table.png")
    run(Options(root=root, request=Request(kinds=KINDS, papers=tuple(PAPERS)), jobs=2,
                force=True))
    return root, root / "output" / "site"

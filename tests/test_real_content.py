"""The real guide in content/: it builds cleanly and meets the writing brief."""

from __future__ import annotations

import re

import pytest
from pypdf import PdfReader

from conftest import REPO, anchor_pages, page_texts
from spacehacks import style
from spacehacks.reader import read_guide

# The project's seed page sits in shared/ beside the checkout (also in CI).
SEED = REPO.parent / "shared" / "seed" / "000_a450dd602dd86581.txt"
PROJECT_TEXT = "Balanced Imperfection, Space Hacks project text"


@pytest.fixture(scope="module")
def guide():
    return read_guide(REPO)


@pytest.fixture(scope="module")
def real_build(tmp_path_factory):
    from spacehacks.editions import Request
    from spacehacks.pipeline import Options, build as run

    output = tmp_path_factory.mktemp("real") / "space-hacks.pdf"
    result = run(Options(root=REPO, request=Request(output=str(output)), force=True,
                         output_dir=output.parent))
    return result, PdfReader(output)


def test_builds_with_no_style_notes_or_layout_warnings(real_build):
    result, reader = real_build
    assert result.style_notes == []
    assert result.warnings == []
    assert len(reader.pages) == result.pages


def test_every_hack_starts_on_its_contents_page(real_build, guide):
    _, reader = real_build
    texts = page_texts(reader)
    pages = anchor_pages(reader)
    contents = " ".join(texts[pages["contents"] - 1: pages["featured"] - 1])
    for hack in guide.hacks:
        match = re.search(rf"{hack.number} .{{0,80}}?[ .]+(\d+)", contents)
        assert match, hack.number
        assert int(match.group(1)) == pages[hack.anchor]
        assert hack.summary.split()[0] in texts[pages[hack.anchor] - 1]


def test_hack_counts_and_featured(guide):
    counts = {part.id: len(part.hacks) for part in guide.parts if part.kind == "hacks"}
    assert counts["prevention"] >= 18
    assert counts["immediate-response"] >= 15
    assert counts["long-term-strategies"] >= 12
    assert len(guide.featured) >= 8


def test_plain_language_target(guide):
    assert style.median_grade(guide) <= 8


def test_each_seed_quote_is_in_the_collection_once(guide):
    if not SEED.is_file():
        pytest.skip("the seed page is not beside this checkout")
    seed = SEED.read_text(encoding="utf-8")
    texts = [quote.text for quote in guide.quotes.values()]
    assert len(texts) == len(set(texts))
    for quote in guide.quotes.values():
        assert quote.text in seed, quote.id
        if quote.by == PROJECT_TEXT:
            continue  # a sentence of the project's own text on the seed page
        if quote.by:
            assert quote.by in seed
    quoted_lines = {line.strip() for line in seed.split("\n") if line.strip().startswith("\u2022")}
    for line in quoted_lines:
        assert any(text in line for text in texts), line[:60]


def test_methodology_and_resources_carry_the_facts(guide):
    methodology = next(p for p in guide.parts if p.id == "methodology").intro_html
    for fact in ("180", "(12|[Tt]welve) leaders", "261", "939", "67", "128", "2024",
                 "Northeast", "Pacific", "SAMHSA"):
        assert re.search(fact, methodology), fact
    resources = next(p for p in guide.parts if p.id == "resources").intro_html
    for fact in ("988", "EMS", "Good Samaritan", "naloxone", "SAMHSA", "Words Matter"):
        assert fact.lower() in resources.lower(), fact


def test_glossary_size(guide):
    assert len(guide.glossary) >= 25


def test_the_hack_template_in_editing_md_is_valid(tmp_path):
    """An editor who copies the template gets a hack that passes every check."""
    import shutil

    from spacehacks.checks import check_guide

    editing = (REPO / "EDITING.md").read_text(encoding="utf-8")
    section = editing.split("### Template to copy", 1)[1]
    template = section.split("```", 2)[1].lstrip("\n")
    root = tmp_path / "project"
    for name in ("content", "layout", "fonts"):
        shutil.copytree(REPO / name, root / name)
    prevention = read_guide(root).part("prevention")
    last_section = prevention.sections[-1].path.parent
    (last_section / "from-the-template.md").write_text(template)
    guide = read_guide(root)
    check_guide(guide, root / "fonts")
    hack = guide.hack("from-the-template")
    notes = [note.message for note in guide.notes + style.check_style(guide)
             if note.path.name == "from-the-template.md"]
    assert hack.number == f"P-{len(prevention.hacks) + 1}"
    assert notes and all("words" in note or "not listed" in note for note in notes)

"""The real guide in content/: it builds without errors and meets the writing brief.

House style is not asserted here: a style note is advice, and the tests are about the
software. `build_pdf.py check --strict` holds the shipped guide to house style (CI runs
it on main); tests/test_workflow.py tests that --strict itself works."""

from __future__ import annotations

import re

import pytest
from pypdf import PdfReader

from conftest import REPO, anchor_pages, page_texts
from spacehacks import ids
from spacehacks.reading import style
from spacehacks.reading.reader import read_guide

# The project's seed page sits in shared/ beside the checkout (also in CI).
SEED = REPO.parent / "shared" / "seed" / "000_a450dd602dd86581.txt"
PROJECT_TEXT = "Balanced Imperfection, Space Hacks project text"
PLACES_988 = re.compile(r"^\{\{\s*shared\s*:\s*988\s*\}\}$", re.M)


@pytest.fixture(scope="module")
def guide(real_guide):
    return real_guide


def _build_real(folder, paper: str):
    from spacehacks.editions.plan import Request
    from spacehacks.build.pipeline import Options, build as run

    output = folder / f"space-hacks-{paper}.pdf"
    result = run(Options(root=REPO, request=Request(papers=(paper,), output=str(output)),
                         force=True, output_dir=folder))
    return result, output


@pytest.fixture(scope="module")
def real_build(tmp_path_factory):
    result, output = _build_real(tmp_path_factory.mktemp("real"), "letter")
    return result, PdfReader(output), output


def test_one_layout_fits_both_papers():
    """Letter and A4 print the same laid-out pages (so every hack that fits one page on
    one fits on the other): the page is no wider and no taller than either paper."""
    from spacehacks.editions.edition import PAGE, PAPERS

    width, height = (float(value.removesuffix("in")) * 72 for value in PAGE.split())
    for paper in PAPERS.values():
        assert width <= paper.width + 0.5 and height <= paper.height + 0.5, paper.name


def test_the_structure_tree_has_no_defects(real_build, guide):
    import structure_tree

    tree = structure_tree.read(real_build[2])
    counts = structure_tree.counts(tree)
    front_and_back = 5 + bool(guide.whats_new)  # cover, inside cover, what's new,
    assert counts.pop("root children") == len(guide.parts) + front_and_back  # contents,
    assert all(value == 0 for value in counts.values()), counts  # featured, index


def test_builds_without_errors_or_layout_warnings(real_build):
    result, reader, _ = real_build  # style notes may come and go: they are advice
    assert result.problems == []
    assert result.warnings == []
    assert len(reader.pages) == result.page_count


def test_every_hack_starts_on_its_contents_page(real_build, guide):
    _, reader, _ = real_build
    texts = page_texts(reader)
    pages = anchor_pages(reader)
    contents = " ".join(texts[pages["contents"] - 1: pages["featured"] - 1])
    for hack in guide.hacks:
        # The number right after the title (a title may end in a number: "... need 911").
        title = re.escape(re.sub(r"[*_`]", "", hack.title)).replace("'", "['\u2019]")
        match = re.search(rf"{hack.number} {title}[ .]+(\d+)", contents)
        assert match, hack.number
        assert int(match.group(1)) == pages[hack.anchor]
        assert hack.summary.split()[0] in texts[pages[hack.anchor] - 1]


def test_hack_counts_sections_and_featured(guide):
    counts = {part.id: len(part.hacks) for part in guide.parts if part.kind == "hacks"}
    assert sum(counts.values()) >= 80
    assert min(counts.values()) >= 15
    for part in guide.parts:
        if part.kind == "hacks":
            assert len(part.titled_sections) >= 3, part.id
    # About one in six is featured, the full overdose protocol among them.
    assert len(guide.hacks) / 7 <= len(guide.featured) <= len(guide.hacks) / 5
    assert guide.hack("respond-to-an-opioid-overdose").featured
    assert guide.hack("make-bathrooms-safer").featured
    assert guide.hack("respond-when-a-weapon-appears").featured
    assert guide.hack("plan-for-needlesticks").featured


def test_emergency_hacks_are_marked_for_clinical_review(guide):
    for name in ("respond-to-an-opioid-overdose", "give-first-aid-while-help-comes",
                 "overdose-during-a-conflict", "respond-to-overamping", "plan-for-needlesticks",
                 "talk-about-suicide-directly", "make-bathrooms-safer",
                 "get-emergency-help-without-police", "catch-the-early-signs",
                 "support-someone-in-psychosis", "check-on-someone-who-does-not-answer",
                 "take-the-work-on-the-road", "use-universal-precautions",
                 "stay-with-someone-after-an-overdose", "warn-people-about-a-bad-batch",
                 "start-cpr-and-use-the-aed", "train-for-medical-emergencies",
                 "know-when-alcohol-or-benzos-need-911", "look-for-a-medical-cause-of-confusion",
                 "warm-someone-who-is-too-cold"):
        assert guide.hack(name).clinical_review, name


def test_one_call_rule_and_one_script(guide):
    """When to call 911 and what to say are written once: the call rule gives examples,
    trouble breathing for any reason among them, and ends with a catch-all; the places
    that state the rule or a script place the passages instead of retelling them."""
    rule = re.sub(r"<[^>]+>", "", guide.passages["call-911"].html).strip()
    assert "trouble breathing for any reason" in rule.lower()
    assert "anything else that looks life-threatening" in rule.lower()
    assert rule.endswith("If you are not sure, call.")
    placing = {name: {hack.slug for hack in guide.hacks if name in hack.placed}
               for name in ("call-911", "911-script")}
    assert "get-emergency-help-without-police" in placing["call-911"]
    assert {"get-emergency-help-without-police", "give-everyone-a-job",
            "drill-the-overlap"} <= placing["911-script"]
    how_to_use = (REPO / "content" / "how-to-use" / "part.md").read_text(encoding="utf-8")
    assert "{{shared: call-911}}" in how_to_use
    # No hack retells the script or keeps the old closed list ("for everything else").
    for hack in guide.hacks:
        assert "I need an ambulance" not in hack.body_markdown, hack.slug
        assert not re.search(r"for everything else, stay|otherwise, stay close and call",
                             hack.body_markdown, re.I), hack.slug


def test_one_voice_on_emergency_help(guide):
    """How to ask for an ambulance is said in one hack; the others point to it."""
    asks = [hack.slug for hack in guide.hacks
            if re.search(r"\b(EMS|paramedics|ambulance) only", hack.text_markdown, re.I)]
    assert asks in ([], ["get-emergency-help-without-police"]), asks
    # "if you call 911" about someone not breathing: calling is always a step.
    assert not any(re.search(r"\bif you call 911", hack.text_markdown, re.I)
                   for hack in guide.hacks)
    # Wherever 988 is recommended, the guide says it can send emergency services: the
    # hack places the 988 passage or links to a hack that does (its handout keeps the
    # link), never retelling it in other words; each part places it at most once.
    places = {hack.slug for hack in guide.hacks if PLACES_988.search(hack.body_markdown)}
    for hack in guide.hacks:
        if "988" in hack.body_markdown and hack.slug not in places:
            links = set(re.findall(r"\]\(#([a-z0-9-]+)\)", hack.body_markdown))
            assert links & places, hack.slug
    for part in guide.parts:
        assert len([h for h in part.hacks if h.slug in places]) <= 1, part.id


def test_plain_language_target(guide):
    assert style.median_grade(guide) <= 8


def quote_problems(guide, seed: str) -> list[str]:
    """What an editor must fix in content/quotes.yaml, said as an editor reads it: every
    quote of the project's seed page stays, once; a new quote (from a new interview) is
    welcome with its credit."""
    problems = []
    seen: dict[str, str] = {}
    for quote in guide.quotes.values():
        where = f"content/quotes.yaml:{quote.line}"
        if quote.text in seen:
            problems.append(f"{where}: '{quote.id}' has the same words as '{seen[quote.text]}'. "
                            "Each quote is in the file once: remove one of them.")
        seen.setdefault(quote.text, quote.id)
        if quote.text not in seed and not quote.by:
            problems.append(f"{where}: '{quote.id}' is not on the project's seed page, so it "
                            "is a new quote: add a line '  by: ...' under it with who said it "
                            "(the name they agreed to be credited with, or 'From the field' "
                            "for someone who stays anonymous), and keep its words exactly as "
                            "they were said.")
        elif quote.text in seed and quote.by not in (None, PROJECT_TEXT) \
                and quote.by not in seed:
            problems.append(f"{where}: '{quote.id}' is a quote of the seed page, which credits "
                            f"it otherwise than '{quote.by}'. Write 'by:' as the seed page "
                            "does.")
    bullets = {line.strip() for line in seed.split("\n") if line.strip().startswith("\u2022")}
    for line in sorted(bullets):
        if not any(text in line for text in seen):
            words = line[1:].strip().lstrip("\u201c\"")
            problems.append(f"content/quotes.yaml: the seed page's quote '{words[:60]}"
                            "...' is missing or its words were changed. Every quote of the "
                            "project's seed page stays in the guide, word for word: put it "
                            "back as the seed page has it (EDITING.md, 'Add a quote').")
    return problems


def test_the_seed_quotes_stay_and_new_quotes_carry_their_credit(guide):
    if not SEED.is_file():
        pytest.skip("the seed page is not beside this checkout")
    problems = quote_problems(guide, SEED.read_text(encoding="utf-8"))
    assert not problems, "\n" + "\n".join(problems)


def test_the_quote_test_tells_an_editor_what_it_wants(tmp_path):
    """An editor adds a quote as EDITING.md says, without its credit; another changes a
    seed quote's words: each is told what to do, at the quote's line."""
    from conftest import QUOTES_YAML, SAMPLE, write_project

    root = write_project(tmp_path / "project", SAMPLE)
    seed = "".join(f"\u2022 \u201c{text}\u201d\n" for text in (
        "Boundaries help me to give all that I can and still come back tomorrow.",
        "Darkness cannot drive out darkness: only light can do that. Martin Luther King Jr.",
        "We have to be ready and able to reach clients where they are."))
    assert quote_problems(read_guide(root), seed) == []
    (root / "content/quotes.yaml").write_text(
        QUOTES_YAML.replace("to reach clients", "to meet clients")
        + '- id: new-voice\n  text: "We open the door first."\n')
    problems = quote_problems(read_guide(root), seed)
    assert problems[0].startswith("content/quotes.yaml:6: 'plain' is not on the project's "
                                  "seed page, so it is a new quote: add a line '  by: ...'")
    assert problems[1].startswith("content/quotes.yaml:8: 'new-voice' is not on the project's"
                                  " seed page")
    assert problems[2].startswith("content/quotes.yaml: the seed page's quote 'We have to be "
                                  "ready and able to reach clients where they are.")
    assert "put it back as the seed page has it" in problems[2]
    (root / "content/quotes.yaml").write_text(
        QUOTES_YAML + '- id: new-voice\n  text: "We open the door first."\n'
        "  by: From the field\n")
    assert quote_problems(read_guide(root), seed) == []


def test_methodology_and_resources_carry_the_facts(guide):
    methodology = next(p for p in guide.parts if p.id == "methodology").intro_html
    for fact in ("180", "(12|[Tt]welve) leaders", "261", "939", "67", "128", "2024",
                 "Northeast", "Pacific", "SAMHSA"):
        assert re.search(fact, methodology), fact
    resources = next(p for p in guide.parts if p.id == "resources").intro_html
    # Every source of a medical or legal fact in the guide is named there.
    for source in ("988", "ambulance", "Good Samaritan", "Wyoming", "naloxone", "SAMHSA",
                   "Words Matter", "CDC", "FDA", "American Heart Association",
                   "American Stroke Association", "National Harm Reduction Coalition",
                   "NIOSH", "NIMH", "NIDA", "PEPline", "Project BETA",
                   "Child Welfare Information Gateway"):
        assert source.lower() in resources.lower(), source


def test_glossary_size(guide):
    assert len(guide.glossary) >= 25


def test_the_hack_template_in_editing_md_copied_unchanged_asks_for_own_words(tmp_path, guide):
    """An editor who copies the template EDITING.md shows gets a hack that reads (valid
    settings and sections), and messages only for what is still the template's: its
    example text, and its title (the template's, or that of the hack it came from)."""
    import shutil

    from spacehacks.reading.checks import check_guide
    from spacehacks.errors import BuildFailed

    editing = (REPO / "EDITING.md").read_text(encoding="utf-8")
    section = editing.split("### Template to copy", 1)[1]
    template = section.split("```", 2)[1].lstrip("\n")
    # The same text `build_pdf.py new` copies.
    assert template == (REPO / "layout" / "hack-template.md").read_text(encoding="utf-8")
    root = tmp_path / "project"
    for name in ("content", "layout", "fonts"):
        shutil.copytree(REPO / name, root / name)
    prevention = guide.part("prevention")  # the shipped guide's, as copied to root
    last_section = root / prevention.sections[-1].path.parent.relative_to(REPO)
    (last_section / "from-the-template.md").write_text(template)
    guide = read_guide(root)
    hack = guide.hack("from-the-template")
    assert hack.number == f"P-{len(prevention.hacks) + 1}"
    with pytest.raises(BuildFailed) as failed:
        check_guide(guide, root / "fonts", root / "layout" / "hack-template.md")
    messages = [problem.message for problem in failed.value.problems]
    assert all(problem.path == hack.path for problem in failed.value.problems), messages
    assert any("the template's example text" in message for message in messages)
    assert all("template's" in message or "also the title of" in message
               for message in messages), messages
    notes = [note.message for note in guide.notes + style.check_style(guide)
             if note.path.name == "from-the-template.md"]
    assert all("words" in note or "not listed" in note for note in notes)


# The list style.py held before content/words-to-avoid.yaml: the file keeps its coverage.
OLD_STIGMA = [
    r"\baddicts?\b", r"\b(drug|substance) abusers?\b|\babusers?\b",
    r"\b(drug|substance) abuse\b", r"\bjunkies?\b", r"\bfrequent flyers?\b",
    r"\bnon-?compliant\b", r"\bdrug[- ]seeking\b",
    r"\b(stay|stays|stayed|staying|get|got|getting|be|being|is|was|are|were|am|been)"
    r"\s+(clean|dirty)\b",
    r"\b(clean|dirty)\s+(needles?|syringes?|supplies|equipment|works|urine|tests?|"
    r"screens?|UAs?|results?)\b",
    r"\b(tests?|tested|urine|UAs?|screens?)\s+(came back\s+)?(clean|dirty)\b",
]


def test_words_to_avoid_keep_the_coverage_of_the_old_list(guide):
    """Every phrase the old patterns found is found, and nothing else, on sentences
    made from each pattern's words and on every line of the real content."""
    from spacehacks.reading.style import _phrases

    old = [re.compile(pattern, re.IGNORECASE) for pattern in OLD_STIGMA]
    new = [_phrases(entry.avoid) for entry in guide.words_to_avoid]
    verbs = "stay stays stayed staying get got getting be being is was are were am been"
    things = "needle needles syringe syringes supplies equipment works urine test tests " \
             "screen screens UA UAs result results"
    tests = "test tests tested urine UA UAs screen screens"
    sentences = [f"They {verb} {word} now." for verb in verbs.split()
                 for word in ("clean", "dirty", "cleaned")]
    sentences += [f"Bring {word} {thing} here." for word in ("clean", "dirty", "the")
                  for thing in things.split()]
    sentences += [f"The {test} {back}{word} today." for test in tests.split()
                  for back in ("", "came back ") for word in ("clean", "dirty", "late")]
    sentences += ["An addict, addicts, addiction.", "Drug abusers and an abuser.",
                  "Substance abuse.", "Junkies.", "A frequent flyer.", "Non-compliant, "
                  "noncompliant.", "Drug-seeking, drug seeking.", "Clean the counters.",
                  "The bathroom is clean.", "Keep supplies clean."]
    sentences += [line for text in guide.sources.values() for line in text.split("\n")]
    for sentence in sentences:
        found_before = sorted(m.group(0).lower() for p in old for m in p.finditer(sentence))
        found_now = sorted(m.group(0).lower() for p in new for m in p.finditer(sentence))
        assert found_before == found_now, sentence


def test_web_addresses_in_resources_are_working_links(real_build):
    """Every source named with an address in the Resources part opens it."""
    _, reader, _ = real_build
    pages = anchor_pages(reader)
    first, last = pages["part-resources"], pages[ids.TAG_INDEX] - 1
    uris = {annotation.get_object()["/A"]["/URI"]
            for page in reader.pages[first - 1:last]
            for annotation in page.get("/Annots", [])
            if "/A" in annotation.get_object()}
    resources = (REPO / "content" / "resources" / "part.md").read_text(encoding="utf-8")
    written = set(re.findall(r"\]\((https?://[^)\s]+)\)", resources))
    assert written and written <= uris
    assert not re.search(r"(?<!\()https?://", resources)  # no address that is not a link


def test_the_real_content_is_far_inside_the_limits_before_layout(guide, real_build):
    """Each real file's page estimate is under a fifth of its kind's limit, and the
    guide under a third of its page budget (reading/limits.py): no edit of the real
    guide comes near them."""
    from spacehacks.reading import limits

    kinds = {estimate.limit for estimate in guide.estimates.values()}
    assert kinds == set(limits.LIMITS.values())
    for path, estimate in guide.estimates.items():
        assert 0 < estimate.pages < estimate.limit.pages / 5, (path, estimate.pages)
    assert real_build[0].page_count < limits.EDITION_BUDGETS["guide"].pages / 3


def test_no_sentence_in_a_hack_runs_past_30_words(guide):
    """Emergency steps are read in a hurry: every sentence of every hack (summary and body)
    and of every shared passage has at most 30 words, counted as a reader counts them."""
    long = [note.format(REPO) for note in style.check_style(guide)
            if "sentence of" in note.message]
    assert long == []


# A step that says when to call 911: "call 911 if/when/for ...", "If ..., call 911",
# "needs 911", "means 911", "is a 911 call".
CALL_RULE = re.compile(r"call 911 (?:right away |now )?(?:if|when|for)\b|\b(?:needs|means) 911\b"
                       r"|\bis a 911 call\b|\bif\b[^.]*,\s*call 911", re.I)


def call_rules_without_a_catch_all(guide) -> list[str]:
    """Each step or bullet of 'Try this' and 'Adapt it' that gives a rule for calling 911
    and does not say what to do when unsure (the shared call rule is tested apart)."""
    missing = []
    for hack in guide.hacks:
        body = hack.body_markdown.split("## Try this", 1)[-1]
        for item in re.split(r"\n(?=\d+\.\s|-\s)|\n\s*\n", body):
            if CALL_RULE.search(item) and "not sure" not in item.lower():
                missing.append(f"{hack.slug}: {item.strip()[:80]}")
    return missing


def test_every_call_rule_says_what_to_do_when_unsure(guide):
    assert call_rules_without_a_catch_all(guide) == []
    step = "4. If they get worse, call 911.\n"
    hack = guide.hack("respond-to-overamping")
    original = hack.body_markdown
    try:
        hack.body_markdown = original + "\n" + step
        assert call_rules_without_a_catch_all(guide) == [
            "respond-to-overamping: 4. If they get worse, call 911."]
        hack.body_markdown = original + "\n" + step.replace(".\n", ". If you are not sure, call.\n")
        assert call_rules_without_a_catch_all(guide) == []
    finally:
        hack.body_markdown = original

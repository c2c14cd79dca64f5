"""Page numbers without typesetting: what an edition prints is remembered and checked
against where each place landed; which pages each hack and card fills; what a build
records; and which editions the workshop makes again when the guide's pages they
printed are not those of the guide laid out in the same run."""

from __future__ import annotations

from dataclasses import dataclass, field, replace

import pytest

from conftest import SAMPLE, write_project
from spacehacks.pdf.numbers import UNKNOWN_PAGE, PageNumbers, agree


@pytest.fixture(scope="module")
def guide(tmp_path_factory):
    from spacehacks.reading.reader import read_guide

    return read_guide(write_project(tmp_path_factory.mktemp("numbers") / "project", SAMPLE))


# ---- numbers.py -----------------------------------------------------------------------

def test_every_number_printed_is_remembered_and_checked():
    numbers = PageNumbers(None, {"hack-a": 3, "hack-b": 5})
    assert numbers.page("hack-a") == "3" and numbers.page("hack-c") == UNKNOWN_PAGE
    assert numbers.asked == {"hack-a", "hack-c"}
    # A place that exists nowhere prints 00 and stays so (verify.py reports it).
    assert numbers.settled({"hack-a": 3, "hack-b": 9})
    assert not numbers.settled({"hack-a": 3, "hack-c": 4})
    numbers = PageNumbers(None, {"hack-a": 3, "hack-b": 5})
    numbers.page("hack-a")
    assert numbers.settled({"hack-a": 3, "hack-b": 6})  # hack-b was never printed
    assert not numbers.settled({"hack-a": 4, "hack-b": 5})
    assert not numbers.settled({})


def test_guide_pages_printed_are_remembered_and_agree_only_when_all_match():
    numbers = PageNumbers({"hack-a"}, {"hack-a": 2}, {"hack-a": 10, "hack-b": 12})
    assert numbers.guide_page("hack-b") == "12"
    assert numbers.guide_page("hack-z") == UNKNOWN_PAGE
    assert numbers.printed_guide_numbers == {"hack-b": 12, "hack-z": None}
    assert numbers.asked == set()  # guide pages are not this edition's own
    assert agree(numbers.printed_guide_numbers, {"hack-b": 12})
    assert not agree(numbers.printed_guide_numbers, {"hack-b": 12, "hack-z": 14})
    assert not agree({"hack-b": 12}, {"hack-b": 13})
    assert agree({}, {"hack-b": 13})


def test_a_guide_names_its_own_pages_and_a_handout_without_guide_pages_names_none():
    assert PageNumbers(None, {"hack-a": 7}).guide_page("hack-a") == "7"
    handout = PageNumbers({"hack-a"}, {"hack-a": 2}, {})
    assert handout.guide_page("hack-a") == UNKNOWN_PAGE
    assert handout.is_here("hack-a") and not handout.is_here("hack-b")
    assert PageNumbers(None, {}).is_here("anything")


# ---- spans.py ----------------------------------------------------------------------------

def test_spans_run_to_the_next_start():
    from spacehacks.pdf.spans import spans

    starts = {"a": 2, "b": 5, "c": 5, "d": 8}
    assert spans(starts, 10, ["a", "b", "d", "missing"]) == {
        "a": range(2, 5), "b": range(5, 8), "d": range(8, 10)}


def test_hack_spans_end_where_the_next_hack_section_part_or_index_starts(guide):
    from spacehacks import ids
    from spacehacks.pdf.spans import hack_spans

    positions = {anchor: (index, 0.5) for anchor, index in {
        ids.part("prevention"): 3, ids.hack("walk-the-space"): 4, ids.hack("daily-huddle"): 5,
        ids.hack("long-hack"): 6, ids.part("response"): 9,
        ids.section("response", "words"): 10, ids.hack("one-voice"): 11, ids.TAG_INDEX: 13,
        ids.terms(["Participant"])[0]: 14}.items()}
    assert hack_spans(guide, positions, 16) == {
        "walk-the-space": range(4, 5), "daily-huddle": range(5, 6),
        "long-hack": range(6, 9), "one-voice": range(11, 13)}


def test_a_hack_past_its_budget_is_a_problem_at_its_body(guide):
    from spacehacks.pdf.spans import over_budget

    fits = {"walk-the-space": range(4, 5), "daily-huddle": range(5, 6),
            "long-hack": range(6, 8), "one-voice": range(11, 12)}
    assert over_budget(guide, fits) == []
    over = over_budget(guide, {**fits, "daily-huddle": range(5, 7),
                               "long-hack": range(6, 9)})
    assert [(p.path.name, p.line) for p in over] == [
        ("daily-huddle.md", guide.hack("daily-huddle").body_line),
        ("long-hack.md", guide.hack("long-hack").body_line)]
    assert over[0].message.startswith("this hack fills 2 pages, and its budget is one page.")
    assert "'pages: 2'" in over[0].message
    assert over[1].message.startswith("this hack fills 3 pages, and its budget is 2 pages "
                                      "('pages: 2')")
    assert "An emergency hack" not in over[1].message  # already at the most


def _over_budget_message(guide, words, budget, filled, pictures=()):
    """What an editor is told of a hack of `words` words (in its body) with a budget of
    `budget` pages that fills `filled` pages."""
    from types import SimpleNamespace

    from spacehacks.pdf.spans import over_budget

    hack = replace(guide.hack("daily-huddle"), summary="", text_markdown="word " * words,
                   pages=budget, pictures=list(pictures))
    [problem] = over_budget(SimpleNamespace(hacks=[hack]),
                            {"daily-huddle": range(5, 5 + filled)})
    return problem


def test_a_hack_past_its_budget_is_told_how_many_words_to_cut(guide):
    # The words past what its pages hold (about 340 a page), rounded up to tens.
    message = _over_budget_message(guide, 1001, 1, 2).message
    assert "Cut about 670 words (it has 1001; about 340 fit on a page)." in message
    message = _over_budget_message(guide, 1001, 2, 3).message
    assert "Cut about 330 words (it has 1001; about 340 fit on a page)." in message
    # Never fewer than ten.
    assert "Cut about 10 words (it has 10;" in _over_budget_message(guide, 10, 1, 2).message


def test_a_hack_whose_picture_takes_the_room_names_the_picture_and_cuts_by_share(guide):
    pictures = [("pictures/table.png", 12), ("pictures/map.png", 20)]
    problem = _over_budget_message(guide, 300, 1, 2, pictures)
    assert problem.line == 12  # at its first picture
    assert problem.message.startswith(
        "this hack fills 2 pages, with the picture 'pictures/table.png' and 1 more in it, "
        "and its budget is one page. Use a wider, less tall picture")
    # Only 300 words, but half its pages are over: cut about half of them.
    assert "or cut about 150 words (it has 300)." in problem.message
    problem = _over_budget_message(guide, 300, 1, 2, pictures[1:])
    assert problem.line == 20
    assert "with the picture 'pictures/map.png' in it, and" in problem.message


def test_cards_that_fit_and_cards_that_run_over(guide):
    from spacehacks import ids
    from spacehacks.pdf.spans import card_fit

    positions = {ids.card("walk-the-space"): (0, 0.0), ids.card_end("walk-the-space"): (0, 0.8),
                 ids.card("daily-huddle"): (1, 0.0), ids.card_end("daily-huddle"): (2, 0.25),
                 ids.card("one-voice"): (3, 0.0)}  # its end mark lost: taken as fitting
    words = {"walk-the-space": 40, "daily-huddle": 100, "one-voice": 30}
    fitting, problems = card_fit(guide, positions, words, {})
    assert fitting == {"walk-the-space": range(1), "one-voice": range(3, 4)}
    assert len(problems) == 1 and problems[0].path.name == "daily-huddle.md"
    assert problems[0].line == 3  # the summary
    assert "runs 25% of a page too long" in problems[0].message
    assert "by about 20 words (the card has 100)" in problems[0].message
    # A card measured too long at the smallest type is refused wherever its end landed.
    fitting, problems = card_fit(guide, positions, words, {"walk-the-space": 0.5})
    assert "walk-the-space" not in fitting
    assert [p.path.name for p in problems] == ["walk-the-space.md", "daily-huddle.md"]
    assert "runs 50% of a page too long" in problems[0].message


def test_a_card_a_little_too_long_is_told_to_cut_at_least_ten_words(guide):
    from spacehacks.pdf.spans import card_too_long

    problem = card_too_long(guide.hack("one-voice"), 0.1, 8)
    assert "runs 10% of a page too long" in problem.message
    assert "by about 10 words (the card has 8)." in problem.message
    assert problem.message.endswith("The other cards and editions were still made.")
    said_by_check = card_too_long(guide.hack("one-voice"), 0.1, 8, built=False).message
    assert said_by_check.endswith("The build of the wall cards (make editions) would stop at it.")


# ---- records.py ---------------------------------------------------------------------------

def test_a_build_records_each_hacks_page_numbers_and_the_page_count(guide):
    from spacehacks.build.records import records

    numbers = {"hack-walk-the-space": 5, "hack-daily-huddle": 6, "hack-long-hack": 7,
               "hack-one-voice": 12, "glossary": 15}
    spans = {"walk-the-space": range(4, 5), "long-hack": range(6, 8)}
    record = records(guide, numbers, spans)
    assert record["page_count"] == 15
    pages = {hack["name"]: hack["pages"] for hack in record["hacks"]}
    assert pages == {"walk-the-space": [5], "daily-huddle": [6], "long-hack": [7, 8],
                     "one-voice": [12]}
    first = record["hacks"][0]
    assert (first["number"], first["title"], first["part"]) == ("P-1", "Walk the space",
                                                               "prevention")
    assert len({hack["hash"] for hack in record["hacks"]}) == 4
    lost = records(guide, {}, {})
    assert all(hack["pages"] == [] for hack in lost["hacks"]) and lost["page_count"] == 0


def test_a_build_records_each_sections_title_or_its_parts_for_an_untitled_one(guide):
    from spacehacks.build.records import records

    record = records(guide, {}, {})
    assert record["sections"] == {"prevention/": "Prevention",
                                  "response/words": "Words that help"}
    titles = {hack["name"]: hack["section_title"] for hack in record["hacks"]}
    assert titles["walk-the-space"] == "Prevention" and titles["one-voice"] == "Words that help"


def test_what_a_hack_prints_changes_its_hash_when_a_passage_it_places_changes(guide):
    from spacehacks.build.records import printed_hash
    from spacehacks.reading.model import Passage

    hack = replace(guide.hack("walk-the-space"), placed=["call-rule"])

    def placing(words):
        passage = Passage(name="call-rule", markdown=words, html="", path=hack.path)
        return replace(guide, passages={"call-rule": passage})

    same = printed_hash(placing("Call 911 first."), hack)
    assert printed_hash(placing("Call 911 first."), hack) == same
    assert printed_hash(placing("Call 988 first."), hack) != same
    assert printed_hash(guide, guide.hack("walk-the-space")) != same  # placed or not


# ---- workers.py: guide pages from the same run ----------------------------------------------

@dataclass
class FakeMade:
    edition: object
    page_numbers: dict
    printed_guide_numbers: dict = field(default_factory=dict)
    files: dict = field(default_factory=dict)
    layouts: int = 1


class Recorder:
    """Stands in for typesetting: the guide lands where `guide_landed` says; any other
    edition prints, for each hack, the guide page number it was given."""

    def __init__(self, guide_landed):
        self.guide_landed = guide_landed
        self.batches = []

    def __call__(self, workshop, editions, jobs, guide_pages):
        self.batches.append(([e.key for e in editions], dict(guide_pages or {})))
        made = []
        for edition in editions:
            if edition.kind == "guide":
                made.append(FakeMade(edition, dict(self.guide_landed)))
            else:
                printed = {a: (guide_pages or {}).get(a) for a in self.guide_landed}
                made.append(FakeMade(edition, {"handout-title": 1}, printed))
        return made


def _workshop(guide, tmp_path, monkeypatch, manifest_pages, landed):
    from spacehacks.build import workers
    from spacehacks.build.manifest import Manifest

    manifest = Manifest(tmp_path)
    manifest.data["editions"]["space-hacks.pdf"] = {"page numbers": manifest_pages}
    recorder = Recorder(landed)
    monkeypatch.setattr(workers.Workshop, "make_side_by_side",
                        lambda self, *args: recorder(self, *args))
    return workers.Workshop(guide, tmp_path, manifest, "inputs"), recorder


def _editions(guide, kinds):
    from spacehacks.editions.plan import Request, plan

    return plan(guide, Request(kinds=kinds, papers=("letter",)))


def test_handouts_guessing_right_are_made_once_beside_the_guide(guide, tmp_path, monkeypatch):
    landed = {"hack-walk-the-space": 5, "hack-one-voice": 12}
    workshop, recorder = _workshop(guide, tmp_path, monkeypatch, dict(landed), landed)
    editions = _editions(guide, ("handouts", "guide", "cards"))
    made = workshop.make_all(editions, 2)
    assert [m.edition.key for m in made] == [e.key for e in editions]  # as asked
    assert len(recorder.batches) == 2 and recorder.batches[1][0] == []
    assert all(m.printed_guide_numbers == landed for m in made if m.edition.needs_guide_pages)


def test_handouts_guessing_wrong_are_made_again_with_the_guides_own(guide, tmp_path,
                                                                    monkeypatch):
    landed = {"hack-walk-the-space": 5, "hack-one-voice": 12}
    stale = {"hack-walk-the-space": 5, "hack-one-voice": 99}
    workshop, recorder = _workshop(guide, tmp_path, monkeypatch, stale, landed)
    editions = _editions(guide, ("guide", "handouts"))
    made = workshop.make_all(editions, 2)
    first, again = recorder.batches
    assert first == ([e.key for e in editions], stale)
    assert again == ([e.key for e in editions if e.kind == "handout"], landed)
    assert [m.edition.key for m in made] == [e.key for e in editions]
    assert all(m.printed_guide_numbers == landed for m in made if m.edition.needs_guide_pages)


def test_without_a_guess_the_guide_comes_first(guide, tmp_path, monkeypatch):
    landed = {"hack-walk-the-space": 5, "hack-one-voice": 12}
    workshop, recorder = _workshop(guide, tmp_path, monkeypatch, {}, landed)
    editions = _editions(guide, ("cards", "guide"))
    made = workshop.make_all(editions, 2)
    assert recorder.batches == [(["space-hacks.pdf"], {}), (["space-hacks-cards.pdf"], landed)]
    assert [m.edition.key for m in made] == ["space-hacks-cards.pdf", "space-hacks.pdf"]


def test_without_the_guide_in_the_request_it_is_laid_out_for_its_pages_only(guide, tmp_path,
                                                                           monkeypatch):
    landed = {"hack-walk-the-space": 5, "hack-one-voice": 12}
    workshop, recorder = _workshop(guide, tmp_path, monkeypatch, dict(landed), landed)
    editions = _editions(guide, ("cards",))
    made = workshop.make_all(editions, 2)
    assert recorder.batches[0][0] == ["space-hacks-cards.pdf", "space-hacks.pdf"]
    assert [m.edition.key for m in made] == ["space-hacks-cards.pdf"]  # no guide file
    assert made[0].printed_guide_numbers == landed


def test_editions_without_guide_pages_never_cause_a_guide_layout(guide, tmp_path, monkeypatch):
    workshop, recorder = _workshop(guide, tmp_path, monkeypatch, {}, {"hack-one-voice": 12})
    made = workshop.make_all(_editions(guide, ("booklet",)), 2)
    assert recorder.batches == [(["space-hacks-booklet.pdf"], {})]
    assert [m.edition.kind for m in made] == ["booklet"]

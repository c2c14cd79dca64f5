"""The workshop without typesetting: how much work each edition is, how the editions are
shared out between two processes, what each layout is given, which files of the last build
the site offers again, and how many processes a machine gets. The layout itself
(spacehacks.pdf.edition, which imports WeasyPrint) and the process pool are stood in for."""

from __future__ import annotations

import sys
from dataclasses import dataclass, field
from types import ModuleType, SimpleNamespace

import pytest

from conftest import SAMPLE, write_project
from spacehacks.build import workers
from spacehacks.build.manifest import Manifest, sha256_of
from spacehacks.build.workers import Workshop, _share_out, default_jobs
from spacehacks.editions import edition as kinds
from spacehacks.editions.edition import PAPERS
from spacehacks.progress import Progress

# Taken when this module is read, before `make test-fast` makes it skip the test (it hands
# editions to the layout, which the fixture `layouts` below stands in for).
MAKE_SIDE_BY_SIDE = Workshop.make_side_by_side
PAPER = (PAPERS["letter"],)
GUIDE = kinds.guide(PAPER, "T")
BOOKLET = kinds.booklet(PAPER, "T")
CARDS = kinds.cards(PAPER, "T")
HANDOUT = kinds.handout(PAPER, "T", parts=("prevention",), hacks=("one-voice",),
                        label="Some", file_pattern="space-hacks{paper}-some.pdf")


@pytest.fixture(scope="module")
def guide(tmp_path_factory):
    from spacehacks.reading.reader import read_guide

    return read_guide(write_project(tmp_path_factory.mktemp("workshop") / "project", SAMPLE))


def _workshop(guide, tmp_path, page_counts=None, **options):
    manifest = Manifest(tmp_path)
    for edition, count in (page_counts or {}).items():
        manifest.data["editions"][edition.key] = {"page count": count}
    return Workshop(guide, tmp_path, manifest, "inputs", **options)


# ---- how much work an edition is -------------------------------------------------------

def test_an_editions_work_is_its_last_page_count_and_booklet_and_card_pages_cost_less(
        guide, tmp_path):
    workshop = _workshop(guide, tmp_path, {GUIDE: 40, BOOKLET: 40, CARDS: 1, HANDOUT: 3})
    assert workshop.work(GUIDE) == 40 and workshop.work(HANDOUT) == 3
    assert workshop.work(BOOKLET) == pytest.approx(28)  # a half page: 0.7 of a guide page
    assert workshop.work(CARDS) == pytest.approx(0.7)


@pytest.mark.parametrize("count", [None, 0, "40", 2.5])
def test_without_a_sane_page_count_the_work_is_guessed_from_the_hacks(guide, tmp_path, count):
    workshop = _workshop(guide, tmp_path, {} if count is None else
                         {GUIDE: count, BOOKLET: count, HANDOUT: count})
    # The whole guide: 1.4 pages a hack (4 in the sample) and 5 more.
    assert workshop.work(GUIDE) == pytest.approx(10.6)
    assert workshop.work(BOOKLET) == pytest.approx(10.6 * 0.7)
    # A handout: a page for its one hack, for each hack of its part (3) and two more for
    # the part's opening, and one for its title.
    assert workshop.work(HANDOUT) == pytest.approx(1 + 3 + 2 + 1)


# ---- sharing the editions out ------------------------------------------------------------

def test_editions_are_shared_out_largest_first_each_to_the_lightest_batch():
    work = {"a": 5, "b": 4, "c": 3, "d": 3, "e": 1}.get
    assert _share_out(list("cedab"), 2, work) == [["a", "d"], ["b", "c", "e"]]
    assert _share_out(list("cedab"), 1, work) == [["a", "b", "c", "d", "e"]]
    assert _share_out(["c", "e"], 3, work) == [["c"], ["e"]]  # no batch left empty
    assert _share_out([], 2, work) == []


@pytest.mark.parametrize("cores, jobs", [(None, 1), (1, 1), (2, 2), (8, 2)])
def test_at_most_two_processes_and_one_where_the_cores_are_unknown(monkeypatch, cores,
                                                                   jobs):
    monkeypatch.setattr(workers.os, "cpu_count", lambda: cores)
    assert default_jobs() == jobs


# ---- making them: the layout and the pool stood in for -----------------------------------

@dataclass
class FakeMade:
    edition: object
    page_numbers: dict = field(default_factory=lambda: {"hack-one-voice": 12})
    printed_guide_numbers: dict = field(default_factory=dict)
    files: dict = field(default_factory=dict)


class Events(Progress):
    def __init__(self):
        self.seen = []

    def step(self, name, total=None, unit="page"):
        self.seen.append((name, total, unit))

    def advance(self, done):
        self.seen.append(done)


@pytest.fixture
def layouts(monkeypatch):
    """Each edition 'laid out' (its key and what it was given), and each pool started
    (it runs its tasks here, one after another, in the order given)."""
    laid, pools = [], []

    def make_edition(guide, edition, root, known_numbers, guide_numbers, **options):
        laid.append((edition.key, known_numbers, guide_numbers, options))
        return FakeMade(edition)

    class InOrderPool:
        def __init__(self, processes, initializer):
            self.events = [processes]
            pools.append(self.events)

        def imap_unordered(self, function, tasks):
            return map(function, tasks)

        def terminate(self):  # stops the children at once, done or not
            self.events.append("terminated")

        def join(self):  # a pool still running may not be joined
            assert self.events[-1] == "terminated"
            self.events.append("joined")

    monkeypatch.setattr(Workshop, "make_side_by_side", MAKE_SIDE_BY_SIDE)
    fake = ModuleType("spacehacks.pdf.edition")
    fake.make_edition = make_edition
    monkeypatch.setitem(sys.modules, "spacehacks.pdf.edition", fake)
    monkeypatch.setattr(workers, "get_context",
                        lambda method: SimpleNamespace(Pool=InOrderPool))
    return SimpleNamespace(laid=laid, pools=pools)


def test_with_two_jobs_a_pool_makes_the_largest_first_and_each_is_counted(guide, tmp_path,
                                                                          layouts):
    events = Events()
    workshop = _workshop(guide, tmp_path, {GUIDE: 40, BOOKLET: 60, CARDS: 10},
                         progress=events)
    workshop.manifest.data["editions"][GUIDE.key]["page numbers"] = {"hack-one-voice": 12}
    made = workshop.make_all([CARDS, BOOKLET], 2)  # the guide too, for the cards' numbers
    assert layouts.pools == [[2, "terminated", "joined"]]
    assert [key for key, *_ in layouts.laid] == [BOOKLET.key, GUIDE.key, CARDS.key]
    assert events.seen == [("making the editions", 3, "edition"), 1, 2, 3]
    assert [m.edition for m in made] == [CARDS, BOOKLET]


def test_with_one_job_or_one_edition_no_pool_is_started(guide, tmp_path, layouts):
    workshop = _workshop(guide, tmp_path)
    workshop.make_all([GUIDE, BOOKLET], 1)
    workshop.make_all([BOOKLET], 2)
    assert layouts.pools == []
    assert [key for key, *_ in layouts.laid] == [GUIDE.key, BOOKLET.key, BOOKLET.key]


def test_each_layout_is_given_its_last_numbers_fits_and_page_count(guide, tmp_path, layouts):
    workshop = _workshop(guide, tmp_path, {GUIDE: 40, CARDS: "many"}, keep_layout=True)
    entries = workshop.manifest.data["editions"]
    entries[GUIDE.key]["page numbers"] = {"hack-one-voice": 12}
    entries[CARDS.key].update({"page numbers": {"hack-one-voice": 3}, "fit": {"a": 1}})
    workshop.make_all([GUIDE, CARDS], 1)
    (_, guide_known, guide_given, guide_options), (_, card_known, card_given, card_options) = \
        layouts.laid
    assert guide_known == {"hack-one-voice": 12} and card_known == {"hack-one-voice": 3}
    assert card_given == {"hack-one-voice": 12}  # the guide's, from the last build
    assert guide_options["expected_pages"] == 40 and card_options["expected_pages"] is None
    assert card_options["known_fits"] == {"a": 1} and guide_options["known_fits"] is None
    # Only the guide's layout is kept (for watch), and only when asked.
    assert guide_options["keep"] and not card_options["keep"]
    layouts.laid.clear()
    _workshop(guide, tmp_path).make_all([GUIDE], 1)
    assert not layouts.laid[0][3]["keep"]


# ---- what the site offers ------------------------------------------------------------------

def test_the_site_offers_again_only_files_of_these_very_inputs_that_are_whole(guide,
                                                                              tmp_path):
    workshop = _workshop(guide, tmp_path)
    entries = workshop.manifest.data["editions"]

    def written(edition, inputs="inputs", data=b"%PDF whole", digest=None):
        name = edition.key
        (tmp_path / name).write_bytes(data)
        entries[edition.key] = {"inputs": inputs, "files": {name: digest or sha256_of(data)}}
        return {name: data}

    written(GUIDE)  # made in this build: not offered from output/
    booklet = written(BOOKLET)
    written(CARDS, digest=sha256_of(b"what was written before"))  # changed since
    written(HANDOUT, inputs="older inputs")
    site = kinds.Site("T", downloads=(GUIDE, BOOKLET, CARDS, HANDOUT))
    assert workshop.kept(site, [GUIDE]) == {BOOKLET: booklet}
    (tmp_path / BOOKLET.key).unlink()
    assert workshop.kept(site, [GUIDE]) == {}


def test_the_site_gets_the_pdfs_made_and_kept_in_the_order_it_offers_them(guide, tmp_path,
                                                                         monkeypatch):
    given = []
    fake = ModuleType("spacehacks.site.edition")
    fake.make_site = lambda guide, site, root, pdfs: given.append(pdfs) or "site made"
    monkeypatch.setitem(sys.modules, "spacehacks.site.edition", fake)
    site = kinds.Site("T", downloads=(GUIDE, BOOKLET, CARDS))
    made = [FakeMade(CARDS, files={"c.pdf": b"c"}), FakeMade(HANDOUT, files={"h.pdf": b"h"})]
    result = _workshop(guide, tmp_path).make_site(site, made, {GUIDE: {"g.pdf": b"g"}})
    assert result == "site made"
    assert given == [[(GUIDE, {"g.pdf": b"g"}), (CARDS, {"c.pdf": b"c"})]]


def test_a_child_process_leaves_ctrl_c_to_the_build():
    import signal

    before = signal.getsignal(signal.SIGINT)
    try:
        workers._leave_interrupts()
        assert signal.getsignal(signal.SIGINT) is signal.SIG_IGN
    finally:
        signal.signal(signal.SIGINT, before)


def test_the_collector_rests_through_each_whole_edition(guide, tmp_path, layouts,
                                                        monkeypatch):
    """Python's cyclic collector is held off while an edition is laid out and written
    (it only walked the laid-out pages, all still in use), and runs again after it."""
    import gc

    seen = []
    made = sys.modules["spacehacks.pdf.edition"].make_edition

    def watched(*args, **options):
        seen.append(gc.isenabled())
        return made(*args, **options)

    monkeypatch.setattr(sys.modules["spacehacks.pdf.edition"], "make_edition", watched)
    assert gc.isenabled()
    _workshop(guide, tmp_path).make_all([GUIDE, BOOKLET], 1)
    assert seen == [False, False] and gc.isenabled()

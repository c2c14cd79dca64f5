"""Shared passages: written once in content/shared/, placed with `{{shared: name}}`,
printed the same everywhere; every mistake in placing or writing one is reported at its
own file and line, once."""

from __future__ import annotations

import re

import pytest

from conftest import page_texts, write_project, SAMPLE
from spacehacks.errors import BuildFailed
from spacehacks.build.pipeline import read_and_check

WALK = "content/prevention/walk-the-space.md"
HUDDLE = "content/prevention/daily-huddle.md"
CALL = "content/shared/call-911.md"
CALL_TEXT = ("Call 911 now for any of these:\n\n- someone cannot be woken\n"
             "- trouble breathing, for any reason\n\nIf you are not sure, call.\n")


def placed(text: str, where: str = "A short paragraph.") -> tuple[str, str]:
    return where, f"{where}\n\n{text}\n"


def project_with(tmp_path, edits: dict[str, tuple[str, str]], files: dict | None = None):
    root = write_project(tmp_path / "project", {**SAMPLE, CALL: CALL_TEXT, **(files or {})})
    for name, (old, new) in edits.items():
        path = root / name
        text = path.read_text(encoding="utf-8")
        assert old in text, old
        path.write_text(text.replace(old, new, 1), encoding="utf-8")
    return root


def problems_of(root) -> list[str]:
    with pytest.raises(BuildFailed) as failed:
        read_and_check(root)
    return [problem.format(root) for problem in failed.value.problems]


def test_a_passage_prints_the_same_words_wherever_it_is_placed(tmp_path):
    root = project_with(tmp_path, {WALK: placed("{{shared: call-911}}"),
                                   HUDDLE: ("2. Another step.\n",
                                            "2. Another step.\n\n{{ shared:call-911 }}\n")})
    guide, notes = read_and_check(root)
    walk, huddle = guide.hack("walk-the-space"), guide.hack("daily-huddle")
    passage = guide.passages["call-911"].html
    assert "<li>trouble breathing, for any reason</li>" in passage
    assert passage in walk.body_html and passage in huddle.body_html
    assert passage in huddle.sections_html["Try this"]  # so the wall card has it too
    assert walk.placed == ["call-911"] and "wzxhzdk" not in walk.body_html
    # Word counts and the terminal read the passage's words, not the placing line.
    assert "If you are not sure, call." in walk.text_markdown
    assert "{{" not in walk.text_markdown and "{{shared: call-911}}" in walk.body_markdown
    assert not [note for note in notes if note.path.name == "call-911.md"]


def test_the_pdf_and_the_cards_print_the_passage(tmp_path):
    from conftest import build
    from pypdf import PdfReader

    root = project_with(tmp_path, {HUDDLE: ("3. A third step.\n",
                                            "3. A third step.\n\n{{shared: call-911}}\n\n"
                                            "4. A step after the passage.\n")})
    texts = page_texts(PdfReader(build(root)))
    assert sum("trouble breathing, for any reason" in text for text in texts) == 1
    # The list goes on at 4 after the passage (WeasyPrint ignores a bare `start`).
    assert any(re.search(r"4\.\s*A step after the passage", text) for text in texts)
    cards = page_texts(PdfReader(build(root, kinds=("cards",))))
    assert any("If you are not sure, call." in text for text in cards)


@pytest.mark.parametrize("line, expected", [
    ("{{shared: call911}}", f"{WALK}:14: there is no shared passage 'call911' (a file "
                            "content/shared/call911.md). Did you mean 'call-911'? The passages "
                            "are: call-911."),
    ("Then {{shared: call-911}} here.", f"{WALK}:14: '{{{{shared: call-911}}}}' shares a line "
                                        "with other words"),
    ("- a list item\n\n    {{shared: call-911}}", f"{WALK}:16: '{{{{shared: call-911}}}}' "
                                                   "is inside a list or quote"),
])
def test_a_passage_placed_wrong_is_reported_at_its_line(tmp_path, line, expected):
    root = project_with(tmp_path, {WALK: placed(line)})
    found = problems_of(root)
    assert any(problem.startswith(expected) for problem in found), found


def test_a_passage_in_a_one_line_setting_is_refused(tmp_path):
    root = project_with(tmp_path, {WALK: ("summary: Look at the room with fresh eyes.",
                                          "summary: \"{{shared: call-911}}\"")})
    assert f"{WALK}:3: a shared passage cannot stand in the summary. Place it in the text " \
           "below the settings." in problems_of(root)


@pytest.mark.parametrize("text, expected", [
    ("## Call now\n\nWords.\n", f"{CALL}:1: a shared passage has no headings"),
    ("---\ntitle: x\n---\nWords.\n", f"{CALL}:1: a shared passage has no settings"),
    ("Words.\n\n{{shared: call-911}}\n", f"{CALL}:3: a shared passage cannot place another"),
    ("Call <b>now</b>.\n", f"{CALL}:1: raw HTML ('<b>') is not allowed"),
    ("\n\nSee [the huddle](#no-such-hack).\n", f"{CALL}:3: the link '#no-such-hack' does not "
                                               "match any hack"),
    ("  \n", f"{CALL}:1: this shared passage is empty"),
])
def test_a_mistake_inside_a_passage_is_reported_once_at_the_passage(tmp_path, text, expected):
    root = project_with(tmp_path, {WALK: placed("{{shared: call-911}}"),
                                   HUDDLE: placed("{{shared: call-911}}")},
                        {CALL: text})
    found = problems_of(root)
    assert sum(problem.startswith(expected) for problem in found) == 1, found
    assert not any(problem.startswith((WALK, HUDDLE)) for problem in found), found


def test_odd_files_in_the_shared_folder_are_named(tmp_path):
    root = project_with(tmp_path, {}, {"content/shared/Call Now.md": "Words.\n",
                                       "content/shared/old/x.md": "Words.\n"})
    found = problems_of(root)
    assert any(re.match(r"content/shared/Call Now\.md: a shared passage is a file named", p)
               for p in found), found
    assert "content/shared/old: folders inside content/shared/ are not read. Move the " \
           "passages up, beside the others." in found


def test_a_passage_placed_nowhere_gets_a_note_and_shared_is_no_part(tmp_path):
    root = project_with(tmp_path, {})
    _, notes = read_and_check(root)
    assert [note.format(root) for note in notes if note.path.name == "call-911.md"] == [
        f"{CALL}: no text places this shared passage, so it is printed nowhere. Place it "
        "with a line {{shared: call-911}}, or delete the file."]
    (root / "content/guide.yaml").write_text(
        (root / "content/guide.yaml").read_text().replace("  - welcome\n", "  - shared\n"))
    assert any(problem.startswith("content/guide.yaml:10: content/shared/ holds the shared "
                                  "passages, so it cannot be a part")
               for problem in problems_of(root))



def test_a_passage_between_steps_continues_the_list_and_its_bullets_are_no_steps(tmp_path):
    from spacehacks.reading.style import check_style, try_this_steps

    def huddle_with(folder, after: str):
        root = project_with(folder, {HUDDLE: ("2. Another step.\n",
                                              "2. Another step.\n\n{{shared: call-911}}\n\n"
                                              + after)})
        guide, _ = read_and_check(root)
        notes = [note.message for note in check_style(guide)
                 if note.path.name == "daily-huddle.md" and "numbered steps" in note.message]
        return guide.hack("daily-huddle"), notes

    huddle, notes = huddle_with(tmp_path / "four", "3. After the passage.\n")
    assert '<ol start="3" style="counter-reset: list-item 2">' in huddle.sections_html["Try this"]
    assert try_this_steps(huddle) == 4 and not notes  # the passage's two bullets: no steps
    more = "".join(f"{n}. Step {n}.\n" for n in range(3, 9))
    huddle, notes = huddle_with(tmp_path / "nine", more)
    assert try_this_steps(huddle) == 9
    assert notes and notes[0].startswith("'Try this' has 9 numbered steps")


# ---- counts that stay true -----------------------------------------------------------

def test_hack_counts_are_counted_on_every_build(tmp_path):
    root = project_with(tmp_path, {
        "content/welcome/part.md": ("Everyone at the site.",
                                    "The guide has {{hacks: all}} hacks; {{ hacks: prevention }} "
                                    "come first, {{hacks:response/words}} in one section."),
        WALK: placed("This part has {{hacks: prevention}} hacks.")})
    guide, notes = read_and_check(root)
    welcome = guide.part("welcome").intro_html
    assert "The guide has 4 hacks; 3 come first, 1 in one section." in welcome
    assert "This part has 3 hacks." in guide.hack("walk-the-space").body_html
    assert not [n for n in notes if "typed by hand" in n.message]
    # Adding a hack changes every count, with no edit to the texts.
    (root / "content/prevention/fourth.md").write_text(
        (root / "content/prevention/walk-the-space.md").read_text()
        .replace("Walk the space", "Walk it again").replace("featured: true\n", ""))
    guide, _ = read_and_check(root)
    assert "The guide has 5 hacks; 4 come first" in guide.part("welcome").intro_html


def test_a_count_of_nothing_is_reported_and_a_typed_count_gets_a_note(tmp_path):
    root = project_with(tmp_path, {WALK: placed("We wrote {{hacks: preventon}} hacks.")})
    assert any(problem.startswith(f"{WALK}:14: '{{{{hacks: preventon}}}}' counts nothing")
               and "Did you mean 'prevention'?" in problem for problem in problems_of(root))
    root = project_with(tmp_path / "2", {WALK: placed("We wrote 12 hacks, in 3 parts.")})
    _, notes = read_and_check(root)
    assert [note.format(root) for note in notes if "typed by hand" in note.message] == [
        f"{WALK}:14: '12 hacks' is typed by hand and goes stale when a hack is added or "
        "moved. Write {{hacks: all}} hacks, {{hacks: PART}} hacks or {{hacks: PART/SECTION}} "
        "hacks (folder names): the build counts them."]


def test_the_real_guide_prints_no_count_by_hand(real_guide):
    from spacehacks.reading import style

    guide = real_guide
    assert not [note for note in style.check_style(guide) if "typed by hand" in note.message]


# ---- sentences short enough to follow in a hurry ----------------------------------------

def test_a_sentence_past_30_words_gets_a_note_at_its_line(tmp_path):
    from spacehacks.reading.style import check_style

    thirty = " ".join(["word"] * 29) + " end."
    long_step = "**Small teams:** " + " ".join(["word"] * 27) + " sign-in."  # 31: label, hyphen
    root = project_with(tmp_path, {
        WALK: placed(f"{thirty} Short one.\n\nA [linked phrase](#daily-huddle) {thirty}"),
        HUDDLE: ("2. Another step.\n", f"2. Another step.\n3. {long_step}\n"),
        CALL: ("If you are not sure, call.", "If you are not sure, call. " + long_step)})
    guide, _ = read_and_check(root)
    notes = [note.format(root) for note in check_style(guide) if "sentence of" in note.message
             and note.path.name in ("walk-the-space.md", "daily-huddle.md", "call-911.md")]
    assert len(notes) == 3, notes  # 30 words, and a sentence ended on its line, pass
    assert notes[0].startswith(f"{WALK}:16: a sentence of 33 words ('A linked phrase word")
    assert notes[0].endswith("split it so each sentence has 30 words or fewer. Long "
                             "sentences are hard to follow in a hurry.")
    assert any(n.startswith(f"{HUDDLE}:") and "31 words ('Small teams: word" in n
               for n in notes), notes
    assert any(n.startswith(f"{CALL}:6: a sentence of 31 words") for n in notes), notes

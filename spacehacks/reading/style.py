"""House-style checks for hacks. They warn and never stop a build: a quote or a
glossary entry may need a word the guide otherwise avoids, and an editor may be
part-way through a rewrite. The words to avoid, and what to say instead, are listed in
content/words-to-avoid.yaml, which editors extend.

Also the reading-grade measure used for the guide's plain-language target.
"""

from __future__ import annotations

import re
import statistics
from functools import lru_cache
from html.parser import HTMLParser

import pyphen

from ..errors import Problem
from .model import Guide, Hack

SECTIONS = ("Why it matters", "Try this", "Adapt it")
WORDS = (150, 450)
STEPS = (3, 7)
SENTENCE_WORDS = 30  # the longest sentence a hack or a shared passage may have

# "Its 38 hacks": a count typed by hand (markup/counts.py counts them instead).
TYPED_COUNT = re.compile(r"(?<![\w.,-])\d+\s+hacks?\b")
WORD = re.compile(r"[A-Za-z0-9][A-Za-z0-9'\u2019-]*")


def hack_words(hack: Hack) -> int:
    """Words in the summary and body, as a reader sees them (no Markdown marks)."""
    return len(WORD.findall(hack.summary + " " + plain_text(hack.text_markdown)))


def plain_text(markdown_text: str) -> str:
    text = re.sub(r"^\s{0,3}(#+|\d+[.)]|[-*+])\s+", "", markdown_text, flags=re.M)
    return re.sub(r"[*_`]", "", text)


def try_this_steps(hack: Hack) -> int:
    """Items of the numbered list under 'Try this', as Markdown understood them (a list
    needs a blank line before it, or it becomes one paragraph). A shared passage placed
    between two steps continues the list; its own bullets are not steps."""
    return _top_level_steps(hack.sections_html.get("Try this", ""))


@lru_cache(maxsize=1024)  # watch checks every hack after each save
def _top_level_steps(steps: str) -> int:
    if not steps.startswith("<ol"):
        return 0
    counter = _TopLevelSteps()
    counter.feed(steps)
    return counter.steps


class _TopLevelSteps(HTMLParser):
    """Counts the <li> that stand directly in a numbered list at the section's top."""

    VOID = {"br", "hr", "img", "wbr", "input", "meta", "link", "col", "source"}

    def __init__(self):
        super().__init__()
        self.open: list[str] = []
        self.steps = 0

    def handle_starttag(self, tag, attrs):
        if tag in self.VOID:
            return
        if tag == "li" and self.open == ["ol"]:
            self.steps += 1
        self.open.append(tag)

    def handle_endtag(self, tag):
        if tag in self.open:  # close up to the matching tag, as a browser would
            del self.open[len(self.open) - 1 - self.open[::-1].index(tag):]


def card_words(hack: Hack) -> int:
    """Words on the hack's wall card: number, title, summary and the 'Try this' steps."""
    steps = re.sub(r"<[^>]+>|&\w+;", " ", hack.sections_html.get("Try this", ""))
    return len(WORD.findall(f"{hack.number} {hack.title} {hack.summary} {steps}"))


SENTENCE_END = re.compile(r"(\S+)[.!?]\s+[\"\u201c(]?[A-Z]")
SHORT_FORMS = {"dr", "mr", "ms", "mrs", "st", "vs", "etc", "e.g", "i.e", "no", "approx"}


def sentences_in(text: str) -> int:
    """Sentences, not counting the full stop of a short form such as 'Dr.' or 'e.g.'."""
    ends = [m for m in SENTENCE_END.finditer(text)
            if m.group(1).strip("(\"\u201c").lower() not in SHORT_FORMS]
    return len(ends) + 1


# A sentence ends at . ! or ? before a capital, a digit or an opening quote, and at the
# end of a line (a list step or a heading ends there even without a full stop).
SENTENCE_SPLIT = re.compile(r"(?<=[.!?])[\"'\u201d\u2019)*_]*\s+(?=[\"\u201c(\[*_]*[A-Z0-9])")
# Words as a reader counts them: "sign-in" is two, so no long sentence hides in hyphens.
SENTENCE_WORD = re.compile(r"[A-Za-z0-9][A-Za-z0-9'\u2019]*")
LINK = re.compile(r"\[([^\]]*)\]\([^)]*\)")


def long_sentences(markdown_text: str) -> list[tuple[int, int, str]]:
    """(line offset, words, the sentence) for each sentence past SENTENCE_WORDS words.
    A label such as "**Small teams:**" counts as part of its sentence; a link counts its
    words, not its address."""
    found = []
    for offset, line in enumerate(markdown_text.split("\n")):
        line = plain_text(LINK.sub(r"\1", re.sub(r"<[^>]+>", " ", line)))
        for sentence in SENTENCE_SPLIT.split(line):
            words = len(SENTENCE_WORD.findall(sentence))
            if words > SENTENCE_WORDS:
                found.append((offset, words, sentence.strip()))
    return found


def _long_sentence_notes(path, first_line: int, markdown_text: str) -> list[Problem]:
    return [Problem(path, first_line + offset,
                    f"a sentence of {words} words ('{' '.join(sentence.split()[:8])} ...'); "
                    f"split it so each sentence has {SENTENCE_WORDS} words or fewer. Long "
                    "sentences are hard to follow in a hurry.")
            for offset, words, sentence in long_sentences(markdown_text)]


def _sections_note(hack: Hack) -> Problem | None:
    """The three `##` sections, in order; the note stands at the first heading out of
    place (a section written at another level, or an unexpected `##` heading)."""
    top = [heading for heading in hack.headings if heading.level == 2]
    if tuple(heading.text for heading in top) == SECTIONS:
        return None
    misplaced = next((heading for heading in hack.headings
                      if heading.level != 2 and heading.text in SECTIONS), None)
    wrong = misplaced or next((heading for heading, want in zip(top, SECTIONS)
                               if heading.text != want), None)
    line = wrong.line if wrong else top[-1].line if top else hack.body_line
    fix = (f" Write '{'#' * misplaced.level} {misplaced.text}' as '## {misplaced.text}'."
           if misplaced else "")
    return Problem(hack.path, line, "a hack has three sections, in this order: "
                   + ", ".join(f"'## {s}'" for s in SECTIONS)
                   + f" (found: {', '.join(h.text for h in top) or 'none'}).{fix}")


def check_style(guide: Guide) -> list[Problem]:
    problems = []
    for hack in guide.hacks:
        sections_note = _sections_note(hack)
        if sections_note:
            problems.append(sections_note)
        headings = [heading.text for heading in hack.headings if heading.level == 2]
        steps = try_this_steps(hack)
        if "Try this" in headings and not STEPS[0] <= steps <= STEPS[1]:
            problems.append(Problem(hack.path, hack.body_line,
                                    f"'Try this' has {steps} numbered steps; give "
                                    f"{STEPS[0]} to {STEPS[1]}, with a blank line before "
                                    "the list."))
        if hack.title.rstrip().endswith(".") and not hack.title.rstrip().endswith(".."):
            problems.append(Problem(hack.path, hack.line_of("title"),
                                    "a title has no full stop at the end (it is printed in the "
                                    "contents, the bookmarks and on the wall card). Remove the "
                                    "'.'."))
        if sentences_in(hack.summary) > 1:
            problems.append(Problem(hack.path, hack.line_of("summary"),
                                    "the summary should be one sentence; move the rest into "
                                    "'Why it matters'."))
        if len(hack.tags) > 3:
            problems.append(Problem(hack.path, hack.line_of("tags"),
                                    f"the hack has {len(hack.tags)} tags; one to three keep "
                                    "the index useful."))
        problems += _long_sentence_notes(hack.path, hack.line_of("summary"), hack.summary)
        problems += _long_sentence_notes(hack.path, hack.body_line, hack.body_markdown)
        words = hack_words(hack)
        if not WORDS[0] <= words <= WORDS[1]:
            problems.append(Problem(hack.path, hack.body_line,
                                    f"the hack has {words} words; aim for {WORDS[0]} to "
                                    f"{WORDS[1]} so it reads well and prints on one page."))
    for passage in guide.passages.values():
        problems += _long_sentence_notes(passage.path, 1, passage.markdown)
    entries = tuple((tuple(entry.avoid), entry.say) for entry in guide.words_to_avoid
                    if entry.avoid)
    for path, text in guide.sources.items():
        if path.parent == guide.content and path.name in ("quotes.yaml", "words-to-avoid.yaml"):
            continue  # quotes are printed word for word; the list names the words
        for number, words, instead in _words_to_avoid(text, entries):
            problems.append(Problem(path, number,
                                    f"'{words}' is stigmatizing language; say instead: "
                                    f"{instead} (see content/words-to-avoid.yaml)."))
        for number, typed in _typed_counts(text) if path.suffix == ".md" else ():
            problems.append(Problem(path, number, f"'{typed}' is typed by hand and goes stale "
                                    "when a hack is added or moved. Write {{hacks: all}} "
                                    "hacks, {{hacks: PART}} hacks or {{hacks: PART/SECTION}} "
                                    "hacks (folder names): the build counts them."))
    return problems


@lru_cache(maxsize=1024)  # watch checks every file after each save; most are unchanged
def _typed_counts(text: str) -> list[tuple[int, str]]:
    """(line, the count typed) for the first count typed by hand on each line."""
    found = {}
    for match in TYPED_COUNT.finditer(text):
        found.setdefault(text.count("\n", 0, match.start()) + 1, match.group(0))
    return sorted(found.items())


@lru_cache(maxsize=1024)
def _words_to_avoid(text: str, entries: tuple) -> list[tuple[int, str, str]]:
    """(line, the words found, what to say instead), the first of each entry on a line."""
    found = {}
    for index, (phrases, instead) in enumerate(entries):
        for match in _phrases(phrases).finditer(text):
            line = text.count("\n", 0, match.start()) + 1
            found.setdefault((line, index), (match.group(0), instead))
    return [(line, words, instead) for (line, _), (words, instead) in sorted(found.items())]


def _phrases(phrases: list[str]) -> re.Pattern:
    """Any of the phrases, as whole words in any capitals, the longest first ('drug
    abuser' before 'abuser'); the spaces in a phrase match any spacing on one line."""
    alternatives = (r"[^\S\n]+".join(map(re.escape, phrase.split()))
                    for phrase in sorted(phrases, key=len, reverse=True))
    return re.compile(rf"(?<!\w)(?:{'|'.join(alternatives)})(?!\w)", re.IGNORECASE)


# ---- reading grade -------------------------------------------------------------

@lru_cache(maxsize=1)
def _hyphenator() -> pyphen.Pyphen:
    return pyphen.Pyphen(lang="en_US")


def syllables(word: str) -> int:
    """Syllables by hyphenation points (as the textstat library long did), at least 1."""
    return max(1, len(_hyphenator().positions(word.lower())) + 1)


def reading_grade(text: str) -> float:
    """Flesch-Kincaid grade level: 0.39 words/sentence + 11.8 syllables/word - 15.59.

    Sentences end at . ! ? or at the end of a line (list steps and headings are
    sentences to a reader, even without a full stop).
    """
    sentences = [s for s in re.split(r"[.!?]+[\"'\u201d\u2019)]*\s+|\n+", text) if WORD.search(s)]
    words = WORD.findall(text)
    if not words:
        return 0.0
    syllable_count = sum(syllables(word) for word in words)
    return 0.39 * len(words) / len(sentences) + 11.8 * syllable_count / len(words) - 15.59


def hack_grade(hack: Hack) -> float:
    return reading_grade(hack.summary + "\n" + plain_text(hack.text_markdown))


def median_grade(guide: Guide) -> float:
    return statistics.median(hack_grade(hack) for hack in guide.hacks)


def summary(guide: Guide) -> list[str]:
    """What `build_pdf.py --check` prints: the numbers an editor or reviewer asks for."""
    lines = []
    for part in guide.parts:
        if part.kind == "hacks":
            featured = sum(hack.featured for hack in part.hacks)
            noun = "hack" if len(part.hacks) == 1 else "hacks"
            lines.append(f"{part.title}: {len(part.hacks)} {noun} ({part.prefix}-1 to "
                         f"{part.prefix}-{len(part.hacks)}), {featured} featured")
    words = [hack_words(hack) for hack in guide.hacks]
    if words:
        lines.append(f"All hacks: {len(words)}, {len(guide.featured)} featured, "
                     f"{sum(words)} words (shortest {min(words)}, longest {max(words)}, "
                     f"median {statistics.median(words):.0f})")
        lines.append(f"Median reading grade of the hacks: {median_grade(guide):.1f} "
                     "(Flesch-Kincaid; aim for 8 or below)")
    lines.append(f"Quotes: {len(guide.quotes)}. Glossary terms: {len(guide.glossary)}.")
    return lines

"""What a text would cost Python-Markdown, reckoned before it runs, in one pass.

Python-Markdown reads most Markdown in time linear in the text, but not all of it. Inside
each paragraph (and list item, heading, table row) it reads again, to the paragraph's
end or to the mark that closes it:
- from each '[' (a link's text) to its ']', and from each '](' (the link's address) to
  its ')'; a bracket never closed means the rest of the paragraph, once for each one
  (40 KB of '[' took minutes);
- from each run of backticks to the next run of the same length (a code span);
- in a table row, from each run of backticks over the others and over the row's pipes;
- and it writes the paragraph out again for each thing it finds there (a bit of
  emphasis, a link, a quote mark), so a paragraph of 100,000 characters and 50,000 marks
  copies billions of characters.
So each paragraph's reading is reckoned here (the same splits and the same pairing,
without Python-Markdown) and a text whose reading costs more than a fixed multiple of
its length is refused, at the line of its costliest paragraph, before Python-Markdown
sees it. What is left is linear in the text; tests/test_linear.py measures it.
"""

from __future__ import annotations

import re
from bisect import bisect_left
from typing import NamedTuple

# What Python-Markdown's inline patterns start at, each a thing it may find and copy the
# paragraph for: a bracket, a run of backticks or of * or _, an entity, a tag, an
# escape, a quote mark (smart quotes), a {{ (a shared passage or a count).
MARK_RUNS = re.compile(r"\*+|_+|`+|[\[\]!&<\\'\"{]")
STEPS_PER_CHARACTER = 20  # re-reading in Python, per character of the text
COPIES_PER_CHARACTER = 2000  # characters copied, per character of the text
ALLOWANCE = 50_000  # any short text passes
BLANK_LINE = re.compile(r"\n(?:[ \t]*\n)+")
LEADING_BLANKS = re.compile(r"(?:[ \t]*\n)*")
BRACKETS = re.compile(r"\\.|[\[\]()]|\"|'", re.S)
TICKS = re.compile(r"\\`|`+")


class Paragraph(NamedTuple):
    start: int  # in the text
    text: str


class Cost(NamedTuple):
    steps: int  # characters Python-Markdown reads again, one at a time, in Python
    copies: int  # characters it copies
    unclosed: str  # the mark most of the steps come from, for the message


def paragraphs(text: str) -> list[Paragraph]:
    """The text split where Python-Markdown splits it first: at blank lines. Whatever it
    reads inline (a paragraph, a list item, a cell) lies inside one of these."""
    result, start = [], 0
    for gap in [*BLANK_LINE.finditer(text), None]:
        end = gap.start() if gap else len(text)
        lead = LEADING_BLANKS.match(text, start, end)
        if lead.end() < end:
            result.append(Paragraph(lead.end(), text[lead.end():end].rstrip("\n")))
        start = gap.end() if gap else end
    return result


def cost(paragraph: str) -> Cost:
    length = len(paragraph)
    # A run of one mark is one thing to find ("***" opens bold and italic at once).
    marks = len(MARK_RUNS.findall(paragraph)) + paragraph.count("--") \
        + paragraph.count("...") + paragraph.count("  \n")
    links, ticks = _link_steps(paragraph), _tick_steps(paragraph)
    table = sum(_row_steps(row) for row in paragraph.split("\n") if "|" in row)
    unclosed = max((links, "["), (ticks, "`"), (table, "|"))[1]
    return Cost(links + ticks + table, length * marks, unclosed)


def _link_steps(paragraph: str) -> int:
    """What getText and getLink read: from each '[' to its ']', from each '](' to its
    ')'; to the end when there is none (or when a quote mark in the address makes
    getLink look past the ')')."""
    end = len(paragraph)
    steps = 0
    brackets: list[int] = []
    parens: list[tuple[int, bool]] = []  # (where, opens a link's address)
    quotes: list[int] = []
    links: list[tuple[int, int]] = []  # a link address's '(' and its ')'
    after_bracket = -1  # just past the last ']' that closed a '['
    for found in BRACKETS.finditer(paragraph):
        char, where = found.group(0), found.start()
        if char == "[":
            brackets.append(where)
        elif char == "]" and brackets:
            steps += where - brackets.pop()
            after_bracket = where + 1
        elif char == "(":
            parens.append((where, where == after_bracket))
        elif char == ")" and parens:
            opened, is_link = parens.pop()
            if is_link:
                links.append((opened, where))
        elif char in "\"'":
            quotes.append(where)
    steps += sum(end - where for where in brackets)
    steps += sum(end - where for where, is_link in parens if is_link)
    for opened, closed in links:
        has_quote = bisect_left(quotes, closed) > bisect_left(quotes, opened)
        steps += (end - opened) if has_quote and paragraph[closed - 1] not in "\"'" \
            else (closed - opened)
    return steps


def _tick_steps(paragraph: str) -> int:
    """What find_code_spans reads: from each run of backticks to the next run of the
    same length, or to the end."""
    end = len(paragraph)
    runs = [(found.start(), len(found.group(0))) for found in TICKS.finditer(paragraph)
            if found.group(0)[0] == "`"]
    steps, next_of_length = 0, {}
    for where, length in reversed(runs):
        steps += next_of_length.get(length, end) - where
        next_of_length[length] = where
    return steps


def _row_steps(row: str) -> int:
    """What the table extension reads in a row: each run of backticks against the runs
    after it, and each pipe against the code spans before it."""
    ticks = len(TICKS.findall(row))
    return ticks * (ticks + row.count("|"))


def too_costly(text: str) -> tuple[int, str] | None:
    """None, or where the costliest paragraph starts (in the text) and what to say. The
    paragraph named is the costliest in what is past the bound (steps, else copies): a
    paragraph of ten thousand marks, and no bracket, is named before a harmless one that
    holds a link."""
    steps = copies = 0
    most_steps = most_copies = (Cost(0, 0, ""), Paragraph(0, ""))
    for paragraph in paragraphs(text):
        found = cost(paragraph.text)
        steps += found.steps
        copies += found.copies
        if found.steps > most_steps[0].steps:
            most_steps = found, paragraph
        if found.copies > most_copies[0].copies:
            most_copies = found, paragraph
    length = len(text)
    if steps > STEPS_PER_CHARACTER * length + ALLOWANCE:
        found, paragraph = most_steps
        mark = {"[": "'[' or '(' of a link", "`": "run of backticks (`)",
                "|": "backtick (`) in a table row"}[found.unclosed]
        return paragraph.start, (
            f"this paragraph has a {mark} that is never closed, many times over: the "
            "builder would read the rest of the paragraph again for each one (about "
            f"{found.steps:,} characters). Close each one, or put a \\ before a mark "
            "that should print as it is (\\[ or \\`).")
    if copies > COPIES_PER_CHARACTER * length + ALLOWANCE * 100:
        found, paragraph = most_copies
        return paragraph.start, (
            f"this paragraph is {len(paragraph.text):,} characters long and has many marks "
            "Markdown reads (* _ ` [ < & and quotes): the builder would copy about "
            f"{found.copies:,} characters to read it. Break it into shorter paragraphs, "
            "with a blank line between them.")
    return None

"""The YAML files of content/: guide.yaml's settings, and the lists of entries
(quotes.yaml, glossary.yaml, words-to-avoid.yaml), each entry checked against its model
class."""

from __future__ import annotations

import datetime
from pathlib import Path

from .. import ids
from ..markup import convert as markup
from . import schema
from .model import NAME, GlossaryEntry, Quote, Settings, WordsToAvoid
from .content_file import SourceFiles


# The dates an edition may carry.
FIRST_DAY, LAST_DAY = datetime.date(2000, 1, 1), datetime.date(2199, 12, 31)


class EntryFiles:
    def __init__(self, files: SourceFiles):
        self.files = files
        self.problems = files.problems

    def read_settings(self, path: Path) -> Settings | None:
        text = self.files.read_text(path)
        data = self.files.read_yaml(path, text, dict, "the guide's 'name: value' settings"
                                    ) if text is not None else None
        if data is None:
            return None
        good = self.files.settings(path, data, Settings, "guide.yaml")
        if not schema.complete(Settings, good):
            return None
        seen = set()
        for index, part_id in enumerate(good["parts"]):
            if part_id in seen:
                self.problems.add(path, good["parts"].line_of(index),
                                  f"the part '{part_id}' is listed twice. Remove one line.")
            seen.add(part_id)
        day = good["date"]  # a date, or a date and time
        if not FIRST_DAY <= datetime.date(day.year, day.month, day.day) <= LAST_DAY:
            # Each font is stamped with the date, counted from 1904 (fontTools): a date
            # before then made every bundled font fail to load, and the guide print in a
            # system font.
            self.problems.add(path, data.line_of("date"), f"'date' is the edition's date, "
                              f"from {FIRST_DAY.year} to {LAST_DAY.year}; "
                              f"{day.isoformat()} is outside that. Write the date "
                              "of this edition, such as 2026-11-25.")
            return None
        good["program_types"] = self.labels(path, good["program_types"], "program_types")
        good["tags"] = self.labels(path, good["tags"], "tags")
        return Settings(**good)

    def labels(self, path: Path, block, key: str) -> dict[str, str]:
        """A `short-name: Printed name` list from guide.yaml."""
        result = {}
        for name, label in block.items():
            if not isinstance(label, str) or not NAME.match(str(name)):
                self.problems.add(path, block.line_of(name),
                                  f"each line under '{key}:' must be 'short-name: Printed "
                                  "name', with a short name in lowercase letters, digits and "
                                  "dashes.")
                continue
            result[str(name)] = label.strip()
        if "all" in result:
            self.problems.add(path, block.line_of("all"),
                              f"'all' is kept for hacks that apply to every program type; "
                              f"use another short name under '{key}:'.")
        return result

    def read_quotes(self, path: Path) -> dict[str, Quote]:
        quotes: dict[str, Quote] = {}
        texts: dict[str, str] = {}
        for entry, good in self.files.read_yaml_list(path, Quote, "a quote"):
            if not schema.complete(Quote, good):
                continue
            quote_id, quote_text = good["id"], " ".join(good["text"].split())
            if not NAME.match(quote_id):
                self.problems.add(path, entry.line_of("id"),
                                  f"the quote id '{quote_id}' may hold only lowercase letters, "
                                  "digits and dashes, such as 'boundaries-help-me'.")
            elif quote_id in quotes:
                self.problems.add(path, entry.line_of("id"),
                                  f"two quotes have the id '{quote_id}'. Give one a new id.")
            elif quote_text in texts:
                self.problems.add(path, entry.line_of("text"),
                                  f"this quote is already in the collection as "
                                  f"'{texts[quote_text]}'. Keep each quote once.")
            else:
                quotes[quote_id] = Quote(id=quote_id, text=quote_text, by=good.get("by"),
                                         line=entry.line)
                texts[quote_text] = quote_id
        return quotes

    def read_glossary(self, path: Path) -> list[GlossaryEntry]:
        entries = {}
        for entry, good in self.files.read_yaml_list(path, GlossaryEntry, "a glossary entry"):
            if not schema.complete(GlossaryEntry, good):
                continue
            key = good["term"].lower()
            if key in entries:
                self.problems.add(path, entry.line_of("term"),
                                  f"'{good['term']}' is defined twice. Keep one definition.")
                continue
            definition_html = markup.check_line(good["definition"], field="definition",
                                                path=path, line=entry.line_of("definition"),
                                                problems=self.problems)
            entries[key] = GlossaryEntry(term=good["term"], definition=good["definition"],
                                         definition_html=definition_html)
        # Printed in alphabetical order, whatever order the file has.
        glossary = [entries[key] for key in sorted(entries)]
        for entry, anchor in zip(glossary, ids.terms([entry.term for entry in glossary])):
            entry.anchor = anchor
        return glossary

    def read_words_to_avoid(self, path: Path) -> list[WordsToAvoid]:
        """The words the house-style check looks for (style.py), each phrase once."""
        entries, seen = [], {}
        for entry, good in self.files.read_yaml_list(path, WordsToAvoid,
                                                     "an entry of words to avoid"):
            if not schema.complete(WordsToAvoid, good):
                continue
            if not good["avoid"]:
                self.problems.add(path, entry.line_of("avoid"), "list at least one word or "
                                  "phrase to avoid, such as [addict, addicts].")
                continue
            phrases = []
            for index, phrase in enumerate(good["avoid"]):
                line = good["avoid"].line_of(index)
                key = " ".join(phrase.casefold().split())
                if not any(char.isalnum() for char in key):
                    self.problems.add(path, line, f"'{phrase}' has no letters to look for. "
                                      "Write a word or phrase.")
                elif key in seen:
                    self.problems.add(path, line, f"'{phrase}' is already listed on line "
                                      f"{seen[key]}. Keep it once.")
                else:
                    seen[key] = line
                    phrases.append(" ".join(phrase.split()))
            entries.append(WordsToAvoid(avoid=phrases, say=good["say"], line=entry.line))
        return entries

"""YAML that remembers line numbers, so every message can say `file:line`."""

from __future__ import annotations

import yaml

MAX_DEPTH = 20  # lists inside lists; a setting needs two or three


class Mapping(dict):
    """A YAML mapping with the line of the mapping and of each key."""

    line: int = 0
    key_lines: dict

    def line_of(self, key) -> int:
        return self.key_lines.get(key, self.line)


class Sequence(list):
    """A YAML list with the line of each item."""

    line: int = 0
    item_lines: list

    def line_of(self, index: int) -> int:
        return self.item_lines[index] if index < len(self.item_lines) else self.line


class _Loader(yaml.SafeLoader):
    """PyYAML's safe loader, with limits for text from strangers: no anchors or aliases
    (`&name`, `*name`: a few lines of them can stand for billions of values), and no
    nesting deeper than any setting needs (the composer recurses once per level)."""

    depth = 0

    def compose_node(self, parent, index):
        event = self.peek_event()
        if isinstance(event, yaml.AliasEvent) or getattr(event, "anchor", None):
            raise yaml.composer.ComposerError(
                None, None, "a value cannot start with * or &: put the whole value in double "
                "quotes", event.start_mark)
        self.depth += 1
        try:
            if self.depth > MAX_DEPTH:
                raise yaml.composer.ComposerError(
                    None, None, f"the settings are nested too deeply here (more than "
                    f"{MAX_DEPTH} levels of lists inside lists). Write each setting as "
                    "EDITING.md shows", event.start_mark)
            return super().compose_node(parent, index)
        finally:
            self.depth -= 1


def _construct_mapping(loader, node):
    data = Mapping()
    yield data
    seen = set()
    for key_node, _ in node.value:
        if not isinstance(key_node, yaml.ScalarNode):
            raise yaml.constructor.ConstructorError(
                None, None, "a setting's name must be a word, not a list: check for a stray "
                "'?' or brackets before the colon", key_node.start_mark)
        if key_node.value in seen:
            raise yaml.constructor.ConstructorError(
                None, None, f"the setting '{key_node.value}' is written twice; keep one",
                key_node.start_mark)
        seen.add(key_node.value)
    data.update(loader.construct_mapping(node))
    data.line = node.start_mark.line + 1
    data.key_lines = {k.value: k.start_mark.line + 1 for k, _ in node.value}


def _construct_sequence(loader, node):
    data = Sequence()
    yield data
    data.extend(loader.construct_sequence(node))
    data.line = node.start_mark.line + 1
    data.item_lines = [item.start_mark.line + 1 for item in node.value]


def _construct_date(loader, node):
    try:
        return yaml.SafeLoader.construct_yaml_timestamp(loader, node)
    except ValueError:  # 2026-02-30 looks like a date, but there is no such day
        raise yaml.constructor.ConstructorError(
            None, None, f"'{node.value}' is not a real date; write a date as 2026-11-25",
            node.start_mark) from None


_Loader.add_constructor("tag:yaml.org,2002:map", _construct_mapping)
_Loader.add_constructor("tag:yaml.org,2002:seq", _construct_sequence)
_Loader.add_constructor("tag:yaml.org,2002:timestamp", _construct_date)

# PyYAML's wording, and what an editor should do about it.
_PLAIN_WORDS = [
    ("found character '\\t'", "there is a tab here: YAML needs spaces instead of tabs"),
    ("cannot start any token", "a value cannot start with this character: put the whole "
                               "value in double quotes"),
    ("expected alphabetic or numeric character", "a value cannot start with * or &: put the "
                                                 "whole value in double quotes"),
    ("could not determine a constructor", "a value cannot start with !: put the whole value "
                                          "in double quotes"),
    ("mapping values are not allowed here", "this colon cannot be read: if the value holds a "
                                            "colon, put the value in double quotes; if not, "
                                            "check that the line starts where the lines "
                                            "around it do"),
    ("expected ',' or ']'", "a list in square brackets is not closed, or an item holds a "
                            "comma: close it with ], and put such items in double quotes"),
    ("found unexpected end of stream", "a quote mark is opened but never closed"),
]


class YAMLSyntaxError(Exception):
    def __init__(self, line: int | None, message: str):
        super().__init__(message)
        self.line = line
        self.message = message


def parse(text: str, first_line: int = 1):
    """Parse YAML text. `first_line` is the file line where `text` starts."""
    try:
        data = yaml.load(text, Loader=_Loader)  # noqa: S506 - a SafeLoader subclass
    except yaml.MarkedYAMLError as error:
        # Where the broken piece starts (an unclosed bracket or quote), else where it broke.
        mark = error.context_mark or error.problem_mark
        line = mark.line + first_line if mark else None
        raise YAMLSyntaxError(line, _plain(error.problem or "")) from None
    except yaml.reader.ReaderError as error:  # a control character, before any parsing
        line = first_line + text.count("\n", 0, error.position)
        raise YAMLSyntaxError(line, f"there is an invisible control character here "
                              f"(U+{error.character:04X}), which YAML does not allow. Delete "
                              "it, or type the line again.") from None
    except yaml.YAMLError as error:
        raise YAMLSyntaxError(None, f"YAML problem: {' '.join(str(error).split())}") from None
    _shift_lines(data, first_line - 1)
    return data


def _plain(problem: str) -> str:
    if problem.startswith(("the setting", "'", "a value", "a setting")):
        return problem[0].upper() + problem[1:] + "."  # already ours, see above
    for words, meaning in _PLAIN_WORDS:
        if words in problem:
            return f"{meaning[0].upper()}{meaning[1:]}."
    return (f"the settings cannot be read here ({problem or 'not valid YAML'}). Check the "
            "indentation, and put text containing a colon in double quotes.")


def _shift_lines(data, offset: int) -> None:
    if not offset:
        return
    if isinstance(data, Mapping):
        data.line += offset
        data.key_lines = {k: v + offset for k, v in data.key_lines.items()}
        for value in data.values():
            _shift_lines(value, offset)
    elif isinstance(data, Sequence):
        data.line += offset
        data.item_lines = [v + offset for v in data.item_lines]
        for value in data:
            _shift_lines(value, offset)

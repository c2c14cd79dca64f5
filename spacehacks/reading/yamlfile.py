"""YAML that remembers line numbers, so every message can say `file:line`."""

from __future__ import annotations

import yaml

from .. import characters

MAX_DEPTH = 20  # lists inside lists; a setting needs two or three
MAX_NUMBER = 30  # characters of a number


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


class _Said(yaml.MarkedYAMLError):
    """A problem found while reading, already in plain words (see `_plain` for PyYAML's)."""

    def __init__(self, message: str, mark, repeated: str | None = None):
        super().__init__(problem=message, problem_mark=mark)
        self.repeated = repeated  # a setting written twice


class _Loader(yaml.SafeLoader):
    """PyYAML's safe loader, with limits for text from strangers: no anchors or aliases
    (`&name`, `*name`: a few lines of them can stand for billions of values), and no
    nesting deeper than any setting needs (the composer recurses once per level)."""

    depth = 0
    decoded: list[tuple[int, str]]  # (line, value) of each value in double quotes

    def compose_node(self, parent, index):
        event = self.peek_event()
        if isinstance(event, yaml.AliasEvent) or getattr(event, "anchor", None):
            raise _Said("a value cannot start with * or &: put the whole value in double "
                        "quotes", event.start_mark)
        self.depth += 1
        try:
            if self.depth > MAX_DEPTH:
                raise _Said(f"the settings are nested too deeply here (more than {MAX_DEPTH} "
                            "levels of lists inside lists). Write each setting as EDITING.md "
                            "shows", event.start_mark)
            return super().compose_node(parent, index)
        finally:
            self.depth -= 1


def _construct_mapping(loader, node):
    data = Mapping()
    yield data
    seen = set()
    for key_node, _ in node.value:
        if not isinstance(key_node, yaml.ScalarNode):
            raise _Said("a setting's name must be a word, not a list: check for a stray '?' "
                        "or brackets before the colon", key_node.start_mark)
        if key_node.value in seen:
            raise _Said(f"the setting '{key_node.value}' is written twice; keep one",
                        key_node.start_mark, repeated=key_node.value)
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
        raise _Said(f"'{node.value}' is not a real date; write a date as 2026-11-25",
                    node.start_mark) from None


# Quote marks as a word processor types them. A whole value between matching curly
# quotes reads as if straight quotes were used; an unmatched one is reported.
CURLY = {"\u201c": "\u201d", "\u2018": "\u2019"}  # “ ” and ‘ ’


def _construct_text(loader, node):
    value = loader.construct_scalar(node)
    # Checked as decoded: "\u202E" or "\e" in double quotes is one character here.
    hidden = characters.first_hidden(value)
    if hidden is not None:
        raise _Said(f"this value holds {characters.describe(hidden.group(0))}. Delete it "
                    "(in the file it may be written as an escape such as \\u202E or "
                    "\\0)", node.start_mark)
    if node.style == '"':  # escapes: the character check reads the decoded value too
        loader.decoded.append((node.start_mark.line, value))
    if node.style is not None or not value:  # quoted or a block: taken as written
        return value
    opening, closing = value[0], CURLY.get(value[0])
    if closing is None:
        if value[-1] == "\u201d" and "\u201c" not in value:
            raise _Said("this value ends with a curly quote \u201d that is never opened. "
                        "Delete it, or put a \u201c where the quotation starts", node.start_mark)
        return value
    inner = value[1:]
    if closing not in inner:
        raise _Said(f"this value opens a curly quote {opening} that is never closed. Delete "
                    f"it, or end the quotation with {closing}", node.start_mark)
    if inner.endswith(closing) and opening not in inner and (
            opening == "\u2018" or closing not in inner[:-1]):
        return inner[:-1]  # “Check the door” reads as "Check the door"
    return value  # “Not now” works better than “No”: quotation marks in the text


def _construct_number(loader, node):
    """A whole number or a decimal. Python reads no integer of more than 4,300 digits
    (and could not print one), and a setting needs two or three."""
    if len(node.value) > MAX_NUMBER:
        raise _Said(f"this number is {len(node.value):,} characters long. Write a short "
                    "number, or put the value in double quotes if it is text",
                    node.start_mark)
    constructor = (yaml.SafeLoader.construct_yaml_int if node.tag.endswith(":int")
                   else yaml.SafeLoader.construct_yaml_float)
    return constructor(loader, node)


_Loader.add_constructor("tag:yaml.org,2002:str", _construct_text)
_Loader.add_constructor("tag:yaml.org,2002:int", _construct_number)
_Loader.add_constructor("tag:yaml.org,2002:float", _construct_number)
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
    ("expected <block end>", "this line does not fit the lines above it: check that it "
                             "starts where they do, and that each item of a list starts "
                             "with '- '"),
]


class YAMLSyntaxError(Exception):
    def __init__(self, line: int | None, message: str, *, outside_list: bool = False,
                 repeated: str | None = None):
        super().__init__(message)
        self.line = line
        self.message = message
        self.outside_list = outside_list  # a line that should start a list item with '- '
        self.repeated = repeated  # the name of a setting written twice


# Watch reads every file after each save; the settings of a file that has not changed
# are those read before (nothing changes a parsed value afterwards).
_PARSED: dict[tuple[str, int], tuple] = {}
_PARSE_AT_MOST = 4096


def parse(text: str, first_line: int = 1, decoded: list | None = None):
    """Parse YAML text. `first_line` is the file line where `text` starts. `decoded`
    gets (line, value) for each value in double quotes, as its escapes decode."""
    found = _PARSED.get((text, first_line))
    if found is None:
        quoted: list[tuple[int, str]] = []
        try:
            found = (_parse(text, first_line, quoted), tuple(quoted), None)
        except YAMLSyntaxError as error:
            found = (None, (), (error.line, error.message, error.outside_list, error.repeated))
        if len(_PARSED) >= _PARSE_AT_MOST:
            _PARSED.clear()
        _PARSED[(text, first_line)] = found
    data, quoted, error = found
    if error is not None:
        line, message, outside_list, repeated = error
        raise YAMLSyntaxError(line, message, outside_list=outside_list, repeated=repeated)
    if decoded is not None:
        decoded.extend(quoted)
    return data


def _parse(text: str, first_line: int, decoded: list):
    found: list[tuple[int, str]] = []
    try:
        loader = _Loader(text)  # a SafeLoader: no tags that make Python objects
        loader.decoded = found
        try:
            data = loader.get_single_data()
        finally:
            loader.dispose()
    except _Said as said:
        message = said.problem
        raise YAMLSyntaxError(said.problem_mark.line + first_line,
                              f"{message[0].upper()}{message[1:]}.",
                              repeated=said.repeated) from None
    except yaml.MarkedYAMLError as error:
        problem = error.problem or ""
        if problem.startswith("expected <block end>") and error.problem_mark:
            # A line that breaks off a list (a quote without its '- '): that line.
            raise YAMLSyntaxError(error.problem_mark.line + first_line, _plain(problem),
                                  outside_list=True) from None
        # Where the broken piece starts (an unclosed bracket or quote), else where it broke.
        mark = error.context_mark or error.problem_mark
        line = mark.line + first_line if mark else None
        curly = _curly_colon(text, error.problem_mark) if "mapping values" in problem else None
        if "unexpected end of stream" in problem and error.context_mark is not None:
            curly = _never_closed(text, error.context_mark)
        raise YAMLSyntaxError(line, curly or _plain(problem)) from None
    except yaml.reader.ReaderError as error:  # a control character, before any parsing
        line = first_line + text.count("\n", 0, error.position)
        raise YAMLSyntaxError(line, f"there is an invisible control character here "
                              f"(U+{error.character:04X}), which YAML does not allow. Delete "
                              "it, or type the line again.") from None
    except yaml.YAMLError as error:
        raise YAMLSyntaxError(None, f"YAML problem: {' '.join(str(error).split())}") from None
    decoded.extend((line + first_line, value) for line, value in found)
    _shift_lines(data, first_line - 1)
    return data


def _curly_colon(text: str, mark) -> str | None:
    """A value that opens with a curly quote and holds a colon cannot be read: say which
    quotes to type instead, with the value as it should be written."""
    if mark is None:
        return None
    line = text.split("\n")[mark.line]
    key, colon, value = line.partition(": ")
    value = value.strip()
    if not colon or value[:1] not in CURLY:
        return None
    inner = value[1:].removesuffix(CURLY[value[0]])
    fixed = (f"Write: {key.strip()}: \"{inner}\"" if '"' not in inner
             and CURLY[value[0]] not in inner else "Put a straight \" at both ends.")
    return (f"This value starts with a curly quote {value[0]} (as a word processor types "
            "it) and holds a colon, so it cannot be read: use straight double quotes "
            f"instead. {fixed}")


def _never_closed(text: str, mark) -> str:
    """A value that opens with a straight quote and never closes it: often one pasted from
    a word processor, which closed it with a curly quote."""
    line = text.split("\n")[mark.line]
    opening = line[mark.column:mark.column + 1] or '"'
    curly = "\u201d" if opening == '"' else "\u2019"
    if curly in line[mark.column:]:
        return (f"This value opens with a straight quote {opening} but ends with a curly "
                f"one {curly} (as a word processor types it), so it is never closed: type a "
                f"straight {opening} at the end instead.")
    return (f"A quote mark {opening} is opened here but never closed: add {opening} at the "
            f"end of the value. (A closing quote pasted from a word processor may be a "
            f"curly {curly}: type a straight {opening}.)")


def _plain(problem: str) -> str:
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

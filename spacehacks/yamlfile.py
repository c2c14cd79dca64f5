"""YAML that remembers line numbers, so every message can say `file:line`."""

from __future__ import annotations

import yaml


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
    pass


def _construct_mapping(loader, node):
    data = Mapping()
    yield data
    data.update(loader.construct_mapping(node))
    data.line = node.start_mark.line + 1
    data.key_lines = {k.value: k.start_mark.line + 1 for k, _ in node.value}


def _construct_sequence(loader, node):
    data = Sequence()
    yield data
    data.extend(loader.construct_sequence(node))
    data.line = node.start_mark.line + 1
    data.item_lines = [item.start_mark.line + 1 for item in node.value]


_Loader.add_constructor("tag:yaml.org,2002:map", _construct_mapping)
_Loader.add_constructor("tag:yaml.org,2002:seq", _construct_sequence)


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
        mark = error.problem_mark or error.context_mark
        line = mark.line + first_line if mark else None
        problem = error.problem or "this is not valid YAML"
        raise YAMLSyntaxError(
            line,
            f"YAML problem: {problem}. Check the indentation and that text "
            "containing a colon is put in double quotes.",
        ) from None
    except yaml.YAMLError as error:
        raise YAMLSyntaxError(None, f"YAML problem: {error}") from None
    _shift_lines(data, first_line - 1)
    return data


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

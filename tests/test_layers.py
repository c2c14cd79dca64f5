"""The package's layers, read from its imports: each layer imports only the layers below
it (see spacehacks/__init__.py), and no module imports itself back through others."""

from __future__ import annotations

import ast
from pathlib import Path

PACKAGE = Path(__file__).resolve().parents[1] / "spacehacks"
# Lowest first; a module may import its own layer and the ones before it.
LAYERS = [{"characters", "errors", "paths", "slug", "ids", "progress"}, {"markup"},
          {"reading"}, {"editions"}, {"templates"}, {"pdf", "site"}, {"build"},
          {"commands"}]


def _modules() -> dict[str, Path]:
    """'reading.model' -> its file; a package's __init__ is the package itself."""
    found = {}
    for path in PACKAGE.rglob("*.py"):
        parts = list(path.relative_to(PACKAGE).with_suffix("").parts)
        if parts[-1] == "__init__":
            parts = parts[:-1]
        found[".".join(parts)] = path
    return found


def _imports(name: str, path: Path, modules: dict[str, Path]) -> set[str]:
    """The package's modules `name` imports, anywhere in the file (imports inside
    functions count: they run too)."""
    package = name.split(".") if path.name == "__init__.py" else name.split(".")[:-1]
    result = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.ImportFrom):
            if node.level:
                base = package[:len(package) - node.level + 1]
            elif (node.module or "").startswith("spacehacks"):
                base = []
                node = ast.ImportFrom(module=node.module.removeprefix("spacehacks")
                                      .lstrip("."), names=node.names, level=1)
            else:
                continue
            stem = base + (node.module.split(".") if node.module else [])
            for alias in node.names:
                full = ".".join(stem + [alias.name])
                result.add(full if full in modules else ".".join(stem))
        elif isinstance(node, ast.Import):
            for alias in node.names:
                if alias.name.startswith("spacehacks."):
                    result.add(alias.name.removeprefix("spacehacks."))
    return {module for module in result if module in modules and module != name}


def _layer(module: str) -> int:
    top = module.split(".")[0] or module
    return next(index for index, names in enumerate(LAYERS) if top in names)


def test_every_module_belongs_to_a_layer():
    for name in _modules():
        if name:  # the package's own __init__ only documents
            assert _layer(name) >= 0


def test_no_layer_imports_a_higher_one():
    modules = _modules()
    wrong = [f"{name} imports {target}" for name, path in modules.items() if name
             for target in _imports(name, path, modules) if target
             and _layer(target) > _layer(name)]
    assert not wrong, wrong


def test_no_import_cycles():
    modules = _modules()
    graph = {name: _imports(name, path, modules) for name, path in modules.items()}
    # A package's __init__ that imports its own modules is no cycle: they are its parts.
    for name in graph:
        graph[name] = {t for t in graph[name] if not t.startswith(name + ".") and name}
    assert not _cycles(graph), _cycles(graph)


def _cycles(graph: dict[str, set[str]]) -> list[str]:
    cycles = []
    state: dict[str, int] = {}  # 1: on the path, 2: done

    def visit(node, path):
        state[node] = 1
        for target in sorted(graph.get(node, ())):
            if state.get(target) == 1:
                cycles.append(" -> ".join(path[path.index(target):] + [target]))
            elif target not in state:
                visit(target, path + [target])
        state[node] = 2

    for node in sorted(graph):
        if node not in state:
            visit(node, [node])
    return cycles


def test_the_checker_sees_a_wrong_import(tmp_path, monkeypatch):
    """The test above can fail: a reading module that imports the pdf layer is caught."""
    modules = _modules()
    fake = tmp_path / "model.py"
    fake.write_text("from ..pdf.render import render_html\n")
    imports = _imports("reading.model", fake, modules)
    assert imports == {"pdf.render"} and _layer("pdf.render") > _layer("reading.model")
    assert _cycles({"a": {"b"}, "b": {"c"}, "c": {"a"}}) == ["a -> b -> c -> a"]


MOST_LINES_IN_A_CLASS = 200  # past that, a class does two things: split it by role


def _long_classes(package: Path) -> list[str]:
    return [f"{path.relative_to(package.parent)}: {node.name} "
            f"({node.end_lineno - node.lineno + 1} lines)"
            for path in sorted(package.rglob("*.py"))
            for node in ast.walk(ast.parse(path.read_text(encoding="utf-8")))
            if isinstance(node, ast.ClassDef)
            and node.end_lineno - node.lineno + 1 > MOST_LINES_IN_A_CLASS]


def test_no_class_is_longer_than_200_lines():
    assert _long_classes(PACKAGE) == []


def test_the_class_length_rule_finds_a_long_class(tmp_path):
    package = tmp_path / "spacehacks"
    package.mkdir()
    body = "".join(f"    def m{n}(self):\n        return {n}\n\n" for n in range(70))
    (package / "big.py").write_text(f"class Big:\n{body}", encoding="utf-8")
    (package / "small.py").write_text("class Small:\n    pass\n", encoding="utf-8")
    assert _long_classes(package) == ["spacehacks/big.py: Big (210 lines)"]

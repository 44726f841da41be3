"""Layers where every import points down: the layering rule, read from the source.

    helpers  <  coaching  <  budgets  <  outcomes  <  mayday (the composition root)

A small helper package that imports no app; `coaching` at the base (people,
relationships, contacts, sharing, the access log, the reporting and small-count
rules); `budgets` above it; `outcomes` on top (wellbeing, outcomes, contracts and every
page managers read across apps). A module may import from its own layer or any layer
below, never above: a lower app offers a place through a small registry the higher
app fills (coaching/export.py, coaching/demo.py, coaching/importer.py). `mayday/` only
composes (settings, urls, wsgi, asgi, the admin site). `benchmarks` is development
only: it may import anything, and nothing in the product imports it. No two modules
import each other, however far round, not even from inside a function.

Every .py file is parsed (never imported), so the rule is checked whatever the
settings, with function-local imports counted like the rest. See docs/design.md.
"""

import ast
import os
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
LAYERS = ["helpers", "coaching", "budgets", "outcomes", "mayday"]
DEV_ONLY = {"benchmarks"}
PACKAGES = [*LAYERS, *DEV_ONLY]
# mayday/ composes the apps; anything else in it is a helper (listed above).
COMPOSITION_ROOT = {
    "mayday",
    "mayday.admin",
    "mayday.apps",
    "mayday.asgi",
    "mayday.settings",
    "mayday.urls",
    "mayday.wsgi",
}


def module_name(path: Path, root: Path) -> str:
    parts = list(path.relative_to(root).with_suffix("").parts)
    if parts[-1] == "__init__":
        parts.pop()
    return ".".join(parts)


def product_modules(root: Path) -> dict[str, Path]:
    return {
        module_name(path, root): path
        for package in PACKAGES
        if (root / package).is_dir()
        for path in sorted((root / package).rglob("*.py"))
    }


def imports_of(name: str, path: Path, modules: dict[str, Path]) -> list[tuple[str, int]]:
    """The product modules `name` imports, anywhere in the file, with the line."""
    package = name if path.name == "__init__.py" else name.rpartition(".")[0]
    found = []
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"), str(path))):
        if isinstance(node, ast.Import):
            targets = [alias.name for alias in node.names]
        elif isinstance(node, ast.ImportFrom):
            base = node.module or ""
            if node.level:
                anchor = package.split(".")[: len(package.split(".")) - (node.level - 1)]
                base = ".".join([*anchor, *([base] if base else [])])
            # `from coaching import services` imports the module coaching.services.
            targets = [
                f"{base}.{alias.name}" if f"{base}.{alias.name}" in modules else base
                for alias in node.names
            ]
        else:
            continue
        for target in targets:
            while target and target not in modules:
                target = target.rpartition(".")[0]
            if target and target != name:
                found.append((target, node.lineno))
    return list(dict.fromkeys(found))


def layer_of(module: str) -> str:
    return module.split(".")[0]


def import_graph(root: Path) -> dict[str, list[tuple[str, int]]]:
    modules = product_modules(root)
    return {name: imports_of(name, path, modules) for name, path in modules.items()}


def upward_imports(graph) -> list[str]:
    problems = []
    for module, targets in graph.items():
        here = layer_of(module)
        for target, line in targets:
            there = layer_of(target)
            if there in DEV_ONLY and here not in DEV_ONLY:
                problems.append(f"{module}:{line} imports {target}, which is development only")
            elif here in DEV_ONLY or there in DEV_ONLY:
                continue
            elif LAYERS.index(there) > LAYERS.index(here):
                problems.append(f"{module}:{line} imports {target}, a layer above it ({there})")
    return sorted(problems)


def circles(graph) -> list[list[str]]:
    """Every set of modules that import each other, however far round (Tarjan)."""
    index, low, stack, on_stack, found = {}, {}, [], set(), []

    def visit(module):
        index[module] = low[module] = len(index)
        stack.append(module)
        on_stack.add(module)
        for target, _ in graph.get(module, []):
            if target not in index:
                visit(target)
                low[module] = min(low[module], low[target])
            elif target in on_stack:
                low[module] = min(low[module], index[target])
        if low[module] == index[module]:
            members = []
            while True:
                member = stack.pop()
                on_stack.discard(member)
                members.append(member)
                if member == module:
                    break
            if len(members) > 1:
                found.append(sorted(members))

    for module in sorted(graph):
        if module not in index:
            visit(module)
    return found


def one_way_round(graph, members: list[str]) -> str:
    """The shortest way round a circle, for the message: a -> b -> a."""
    inside, start = set(members), members[0]
    paths, seen = [[start]], {start}
    while paths:
        path = paths.pop(0)
        for target, _ in graph[path[-1]]:
            if target == start:
                return " -> ".join([*path, start])
            if target in inside and target not in seen:
                seen.add(target)
                paths.append([*path, target])
    raise AssertionError(f"{members} is not a circle")


def import_circles(graph) -> list[str]:
    return [one_way_round(graph, members) for members in circles(graph)]


def test_every_import_points_down_the_layers():
    assert upward_imports(import_graph(ROOT)) == []


def test_no_modules_import_each_other():
    assert import_circles(import_graph(ROOT)) == []


def test_mayday_holds_only_the_composition_root():
    mayday = {m for m in product_modules(ROOT) if layer_of(m) == "mayday"}
    assert mayday <= COMPOSITION_ROOT


def _tree(root: Path, files: dict[str, str]) -> dict:
    for name, text in files.items():
        path = root / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text)
    return import_graph(root)


def test_the_rule_finds_an_upward_import_even_inside_a_function(tmp_path):
    graph = _tree(
        tmp_path,
        {
            "coaching/__init__.py": "",
            "coaching/export.py": "def gather():\n    from outcomes import export\n",
            "outcomes/__init__.py": "",
            "outcomes/export.py": "from coaching.export import gather\n",
            "budgets/__init__.py": "",
            "budgets/views.py": "from ..outcomes.export import x\nimport benchmarks.scale\n",
            "benchmarks/__init__.py": "",
            "benchmarks/scale.py": "import outcomes.export\n",
        },
    )
    assert upward_imports(graph) == [
        "budgets.views:1 imports outcomes.export, a layer above it (outcomes)",
        "budgets.views:2 imports benchmarks.scale, which is development only",
        "coaching.export:2 imports outcomes.export, a layer above it (outcomes)",
    ]
    assert import_circles(graph) == ["coaching.export -> outcomes.export -> coaching.export"]


def test_the_rule_finds_a_circle_within_one_app(tmp_path):
    graph = _tree(
        tmp_path,
        {
            "coaching/__init__.py": "",
            "coaching/a.py": "from coaching import b\n",
            "coaching/b.py": "from . import c\n",
            "coaching/c.py": "from coaching.a import thing\n",
            "coaching/d.py": "from coaching import a\n",
        },
    )
    assert upward_imports(graph) == []
    assert import_circles(graph) == ["coaching.a -> coaching.b -> coaching.c -> coaching.a"]


def _installed_apps(**env: str) -> str:
    """INSTALLED_APPS as production's settings read them from `env` alone."""
    keep = {k: v for k, v in os.environ.items() if not k.startswith("DJANGO_")}
    code = "import mayday.settings as s; print(' '.join(s.INSTALLED_APPS))"
    return subprocess.run(
        [sys.executable, "-c", code],
        cwd=ROOT,
        env={**keep, **env},
        capture_output=True,
        text=True,
        check=True,
    ).stdout


def test_the_development_only_app_is_left_out_of_production_unless_asked_for():
    assert "benchmarks" not in _installed_apps().split()
    assert "benchmarks" in _installed_apps(DJANGO_DEBUG="true").split()
    assert "benchmarks" in _installed_apps(DJANGO_DEV_APPS="true").split()
    assert "benchmarks" not in _installed_apps(DJANGO_DEBUG="true", DJANGO_DEV_APPS="false").split()

"""The architecture, checked: layers that import only downwards, and no import circles.

The layering is written once, here, as data (ARCHITECTURE.md describes it in words). Every
import counts, including those inside functions and under ``TYPE_CHECKING``: a lazy import
upwards is still an upward dependency.
"""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent

# Lowest first. A module may import its own part or any part on an earlier line; parts on the
# same line stand side by side and must not import each other.
LAYERS: list[tuple[str, ...]] = [
    ("index", "index.model"),  # the package itself holds only a docstring
    ("index.corpus",),
    ("index.config",),
    ("index.entities",),
    ("index.store",),
    ("index.links", "index.search"),
    ("index.update",),
    ("tui.progress",),
    ("tui.commands",),
    ("tui",),  # the reader: everything else under tui/
    ("tui.cli",),  # the entry point: runs a command, or opens the reader
]
FORBIDDEN = {
    "index": ("textual", "rich", "tui"),
    "tui.commands": ("textual",),
    "tui.cli": ("textual",),  # only the function that opens the reader imports tui.app
}


def module_name(path: Path) -> str:
    parts = list(path.relative_to(ROOT).with_suffix("").parts)
    if parts[-1] == "__init__":
        parts.pop()
    return ".".join(parts)


def modules() -> dict[str, Path]:
    found = {}
    for top in ("index", "tui"):
        for path in sorted((ROOT / top).rglob("*.py")):
            found[module_name(path)] = path
    return found


def imports(path: Path, top_level_only: bool = False) -> set[str]:
    """Dotted names a module imports (``from a.b import c`` gives a.b.c when that is a module)."""
    tree = ast.parse(path.read_text(), filename=str(path))
    nodes = tree.body if top_level_only else list(ast.walk(tree))
    names: set[str] = set()
    for node in nodes:
        if isinstance(node, ast.Import):
            names.update(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            names.add(node.module)
            names.update(f"{node.module}.{alias.name}" for alias in node.names)
    return names


def part_of(name: str) -> tuple[int, str] | None:
    """(layer number, part) of a dotted name inside the project, by longest prefix."""
    best: tuple[int, str] | None = None
    for rank, parts in enumerate(LAYERS):
        for part in parts:
            if (name == part or name.startswith(part + ".")) and (
                best is None or len(part) > len(best[1])
            ):
                best = (rank, part)
    return best


MODULES = modules()


@pytest.mark.parametrize("name", sorted(MODULES))
def test_imports_only_downwards(name: str) -> None:
    mine = part_of(name)
    assert mine is not None, f"{name} is in no layer: add its part to LAYERS"
    for imported in sorted(imports(MODULES[name])):
        theirs = part_of(imported)
        if theirs is None or theirs[1] == mine[1]:
            continue
        assert theirs[0] < mine[0], (
            f"{name} ({mine[1]}) imports {imported} ({theirs[1]}), which is not below it"
        )


@pytest.mark.parametrize("name", sorted(MODULES))
def test_forbidden_imports(name: str) -> None:
    for prefix, banned in FORBIDDEN.items():
        if name == prefix or name.startswith(prefix + "."):
            for imported in imports(MODULES[name]):
                top = imported.split(".")[0]
                assert top not in banned and not any(
                    imported.startswith(b + ".") or imported == b for b in banned
                ), f"{name} imports {imported}"


def test_no_import_circles() -> None:
    """No cycle among module-level imports (which Python must resolve at import time)."""
    graph = {
        name: {i for i in imports(path, top_level_only=True) if i in MODULES and i != name}
        for name, path in MODULES.items()
    }
    state: dict[str, int] = {}  # 1 visiting, 2 done

    def visit(node: str, trail: list[str]) -> None:
        state[node] = 1
        for nxt in sorted(graph[node]):
            if state.get(nxt) == 1:
                loop = trail[trail.index(nxt) :] + [nxt] if nxt in trail else [node, nxt]
                raise AssertionError("import circle: " + " -> ".join(loop))
            if nxt not in state:
                visit(nxt, trail + [nxt])
        state[node] = 2

    for name in sorted(graph):
        if name not in state:
            visit(name, [name])


def test_the_checks_can_fail() -> None:
    """The layer table catches an upward import (store importing links) and a sideways one."""
    store = part_of("index.store.store")
    links = part_of("index.links.views")
    search = part_of("index.search")
    assert store and links and search
    assert not links[0] < store[0]  # store -> links would be reported
    assert links[0] == search[0] and links[1] != search[1]  # side by side: reported


@pytest.mark.parametrize("argv", [["--help"], ["search", "--help"]])
def test_help_loads_no_index_stack(argv: list[str]) -> None:
    """`storyline --help` imports neither Whoosh nor the entity rules nor Textual."""
    import subprocess
    import sys

    code = (
        "import sys\n"
        "from tui.cli import main\n"
        "try:\n"
        f"    main({argv!r})\n"
        "except SystemExit:\n"
        "    pass\n"
        "heavy = [m for m in sys.modules if m.split('.')[0] in ('whoosh', 'textual')\n"
        "         or m.startswith('index.entities') or m.startswith('index.store')]\n"
        "print('HEAVY=' + ','.join(sorted(heavy)))\n"
    )
    out = (
        subprocess.run(
            [sys.executable, "-c", code], cwd=ROOT, capture_output=True, text=True, check=True
        )
        .stdout.strip()
        .splitlines()[-1]
        .removeprefix("HEAVY=")
    )
    if argv == ["--help"]:
        assert out == "", f"--help loaded {out}"
    else:  # a command's own --help loads its module, still never Textual
        assert "textual" not in out

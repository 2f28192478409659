"""The house keeps to its plan: the core (``lobmatch``) knows no app, each app reaches only the parts below it, and
no module imports itself back through others.

The plan (parts and the arrows between them) is written out here, so the test runs on any clone. Every project
module outside migrations and tests is parsed with ``ast``; all its imports count, also those inside functions,
relative ones (resolved) and ``import_module("...")`` calls with a literal name."""

from __future__ import annotations

import ast
import re
from pathlib import Path

import networkx

ROOT = Path(__file__).resolve().parents[2]

# Package -> part of the architecture; and which part may import which (besides itself).
PARTS = {"lobmatch": "Core", "ambassadors": "Ambassadors", "partners": "Partners", "trajectories": "Trajectories"}
ALLOWED = {
    ("Ambassadors", "Core"),
    ("Partners", "Core"),
    ("Partners", "Ambassadors"),  # the preferences name good practices
    ("Trajectories", "Partners"),
    ("Trajectories", "Ambassadors"),
    ("Trajectories", "Core"),
}
NEVER = {
    ("Core", "Ambassadors"): "the core knows no app",
    ("Core", "Partners"): "the core knows no app",
    ("Core", "Trajectories"): "the core knows no app",
    ("Ambassadors", "Partners"): "a catalogue does not know who applied",
    ("Ambassadors", "Trajectories"): "a catalogue does not know the matches",
    ("Partners", "Trajectories"): "applying comes before matching",
}

# The core's project wiring names the apps: that is its job.
CORE_WIRING = ("lobmatch/settings/", "lobmatch/urls.py", "lobmatch/celery.py", "lobmatch/wsgi.py")
APP_NAME = re.compile(r"(?<![a-z])(ambassadors|partners|trajectories)(?![a-z])", re.IGNORECASE)
# Words that happen to be spelled like an app: a theme's English name in a data migration.
NOT_AN_APP = ("External partners",)


def _module_name(path: Path) -> str:
    parts = list(path.relative_to(ROOT).with_suffix("").parts)
    if parts[-1] == "__init__":
        parts.pop()
    return ".".join(parts)


def _project_files() -> dict[str, Path]:
    files = {}
    for package in PARTS:
        for path in sorted((ROOT / package).rglob("*.py")):
            if "migrations" in path.parts:
                continue
            files[_module_name(path)] = path
    return files


FILES = _project_files()
MODULES = set(FILES)


def _resolve(module: str, is_package: bool, level: int, name: str | None) -> str:
    """The absolute name of a relative import ``from .name`` (``level`` dots) in ``module``."""
    base = module.split(".")
    if not is_package:
        base = base[:-1]
    if level > 1:
        base = base[: len(base) - (level - 1)]
    return ".".join(base + ([name] if name else []))


def _literal_prefix(node: ast.expr) -> str | None:
    """The module name an ``import_module`` call is given: a literal, or the literal start of an f-string."""
    if isinstance(node, ast.Constant) and isinstance(node.value, str):
        return node.value
    if isinstance(node, ast.JoinedStr) and node.values and isinstance(node.values[0], ast.Constant):
        return node.values[0].value.rstrip(".")
    return None


def imported_names(module: str, path: Path) -> set[str]:
    """Every module name ``module`` imports, wherever in the file (functions included)."""
    is_package = path.name == "__init__.py"
    names = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"), filename=str(path))):
        if isinstance(node, ast.Import):
            names.update(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom):
            target = _resolve(module, is_package, node.level, node.module) if node.level else node.module
            for alias in node.names:
                # ``from package import submodule`` imports that submodule.
                names.add(f"{target}.{alias.name}" if f"{target}.{alias.name}" in MODULES else target)
        elif isinstance(node, ast.Call) and node.args:
            func = node.func
            called = func.attr if isinstance(func, ast.Attribute) else getattr(func, "id", None)
            if called == "import_module" and (name := _literal_prefix(node.args[0])):
                names.add(name)
    return names


def _project_module(name: str) -> str | None:
    """The project module an imported name lands in (the longest known prefix), or None for libraries."""
    parts = name.split(".")
    for end in range(len(parts), 0, -1):
        candidate = ".".join(parts[:end])
        if candidate in MODULES:
            return candidate
    return None


def import_graph() -> networkx.DiGraph:
    graph = networkx.DiGraph()
    graph.add_nodes_from(MODULES)
    for module, path in FILES.items():
        for name in imported_names(module, path):
            target = _project_module(name)
            if target and target != module:
                graph.add_edge(module, target)
            elif target is None and name.split(".")[0] in PARTS:
                # A name in a project package but not a module of ours here (a migration, say): still an arrow.
                graph.add_edge(module, name)
    return graph


def _part(module: str) -> str | None:
    return PARTS.get(module.split(".")[0])


def test_every_part_is_parsed():
    """The scan sees the whole house (a path mistake would make every other check here pass on nothing)."""
    for package in PARTS:
        assert any(module.split(".")[0] == package for module in MODULES), package
    graph = import_graph()
    assert graph.number_of_edges() > 100
    # Lazy imports inside functions are seen too (the reports task starts the report build lazily).
    assert any(_part(a) == "Trajectories" and _part(b) == "Core" for a, b in graph.edges)


def test_no_arrow_outside_the_plan():
    wrong = []
    for source, target in import_graph().edges:
        arrow = (_part(source), _part(target))
        if arrow[0] == arrow[1]:
            continue
        if arrow not in ALLOWED:
            reason = NEVER.get(arrow, "not an arrow of the plan")
            wrong.append(f"{source} -> {target} ({arrow[0]} -> {arrow[1]}: {reason})")
    assert wrong == []


def test_no_import_cycle():
    graph = import_graph()
    cycles = sorted(" -> ".join(cycle + [cycle[0]]) for cycle in networkx.simple_cycles(graph))
    assert cycles == []
    # The Celery tasks are the top of the core: the outbox hands a message over by the task's name.
    assert [m for m in graph.predecessors("lobmatch.tasks") if m.startswith("lobmatch.")] == []


# In templates and code: a URL name ('trajectories:trajectory_detail') or a template ("partners/start_panel.html").
REFERENCE = re.compile(r"""["'](ambassadors|partners|trajectories)[:/]""")


def _app_files():
    """Each app's code and its templates (templates/<app>/, templates/admin/<app>/), with the app's package name."""
    for package in PARTS:
        if package == "lobmatch":
            continue  # test_core_names_no_app: the core names no app at all
        files = [path for path in (ROOT / package).rglob("*.py") if "migrations" not in path.parts]
        for folder in (ROOT / "templates" / package, ROOT / "templates" / "admin" / package):
            files += [path for path in folder.rglob("*") if path.suffix in (".html", ".txt")]
        for path in sorted(files):
            yield package, path


def test_urls_and_templates_follow_the_plan_too():
    """A page of one app links or includes another's only along an arrow (a catalogue page does not link to the
    matches): what an app adds to a lower app's page, it registers there (ambassadors.contributions)."""
    wrong = []
    for package, path in _app_files():
        for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
            for target in REFERENCE.findall(line):
                arrow = (PARTS[package], PARTS[target])
                if arrow[0] != arrow[1] and arrow not in ALLOWED:
                    wrong.append(f"{path.relative_to(ROOT)}:{number}: {target} ({NEVER.get(arrow, arrow)})")
    assert wrong == []


def _core_files_outside_wiring():
    for path in sorted((ROOT / "lobmatch").rglob("*")):
        relative = path.relative_to(ROOT).as_posix()
        if path.is_file() and path.suffix in (".py", ".html", ".txt", ".po", ".js", ".css") \
                and not relative.startswith(CORE_WIRING):
            yield relative, path


def test_core_names_no_app():
    """Not in code, strings, comments or templates: what an app adds to the core, the app registers."""
    found = []
    for relative, path in _core_files_outside_wiring():
        for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
            for phrase in NOT_AN_APP:
                line = line.replace(phrase, "")
            if APP_NAME.search(line):
                found.append(f"{relative}:{number}: {line.strip()}")
    assert found == []


def test_the_checks_can_fail(tmp_path):
    """The parsing sees a lazy relative import, an ``import_module`` string and a name in a comment."""
    sample = tmp_path / "sample.py"
    sample.write_text("def f():\n    from ..trajectories import selectors  # partners\n"
                      "    importlib.import_module('ambassadors.models')\n", encoding="utf-8")
    names = imported_names("lobmatch.sample", sample)
    assert names == {"trajectories.selectors", "ambassadors.models"}
    assert APP_NAME.search(sample.read_text()) is not None
    assert APP_NAME.search("Hoeveel partnerscholen") is None
    assert REFERENCE.findall("""{% url 'trajectories:trajectory_detail' t.pk %} {% include "partners/x.html" %}""") \
        == ["trajectories", "partners"]

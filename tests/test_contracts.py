"""The import contracts of ``pyproject.toml`` hold (``lint-imports``, also run by ``make lint``).

``campaign`` stays reusable without ``forms``, and inside ``forms`` the dependencies point one
way: organiser and public sides, then exports and mail, then seats, then models.
"""

import ast
import pathlib
import subprocess
import sys

ROOT = pathlib.Path(__file__).resolve().parent.parent


def test_import_contracts_are_kept():
    lint_imports = pathlib.Path(sys.executable).parent / "lint-imports"
    result = subprocess.run(
        [str(lint_imports), "--no-cache"], cwd=ROOT, capture_output=True, text=True, check=False
    )
    assert result.returncode == 0, result.stdout + result.stderr
    assert "3 kept, 0 broken" in result.stdout


# The tests of the reusable apps prove the extension on its own: they build their pages with
# ``tests/factories.py`` and ``tests/sitetree``, never from the demo or the site's ``home`` app.
EXTENSION_TESTS = [ROOT / "tests" / "campaign", ROOT / "tests" / "forms"]
# The one module allowed to reach the demo: the root conftest builds it for the site's tests.
SWITCH = ROOT / "tests" / "conftest.py"
FORBIDDEN = ("home", "tests.home", "tests.demo_extras", "tests.browser", "tests.html")


def imported_modules(path):
    """Every module ``path`` imports, with the line, from anywhere in the file (also inside functions)."""
    tree = ast.parse(path.read_text(encoding="utf-8"), filename=str(path))
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            for alias in node.names:
                yield alias.name, node.lineno
        elif isinstance(node, ast.ImportFrom) and node.level == 0 and node.module:
            yield node.module, node.lineno


def module_file(module):
    base = ROOT.joinpath(*module.split("."))
    for candidate in (base.with_suffix(".py"), base / "__init__.py"):
        if candidate.is_file():
            return candidate
    return None


def shown(path):
    return str(path.relative_to(ROOT)) if path.is_relative_to(ROOT) else str(path)


def demo_imports(start_files):
    """``file:line imports module`` for each import of the demo or ``home``, following ``tests.*``."""
    found, seen, todo = [], set(), list(start_files)
    while todo:
        path = todo.pop()
        if path in seen or path == SWITCH:
            continue
        seen.add(path)
        for module, line in imported_modules(path):
            if module in FORBIDDEN or module.startswith(tuple(f"{name}." for name in FORBIDDEN)):
                found.append(f"{shown(path)}:{line} imports {module}")
            elif module.startswith("tests.") and (target := module_file(module)):
                todo.append(target)
        if "DemoBuilder" in path.read_text(encoding="utf-8"):
            found.append(f"{shown(path)} names DemoBuilder")
    return sorted(found)


def test_extension_tests_do_not_use_the_demo():
    files = [path for folder in EXTENSION_TESTS for path in sorted(folder.rglob("*.py"))]
    assert len(files) > 20  # the folders are where this test looks
    assert demo_imports(files) == []


def test_the_demo_guard_finds_an_import_of_home(tmp_path):
    """The guard above can fail: an import of ``home``, even inside a function, is found."""
    sample = tmp_path / "test_sample.py"
    sample.write_text("def test_x():\n    from home.demo.builder import DemoBuilder\n", encoding="utf-8")
    assert [line.split(" imports ")[1] for line in demo_imports([sample]) if " imports " in line] == [
        "home.demo.builder"
    ]

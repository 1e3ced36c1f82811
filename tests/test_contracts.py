"""The import contracts of ``pyproject.toml`` hold (``lint-imports``, also run by ``make lint``).

``campaign`` stays reusable without ``forms``, and inside ``forms`` the dependencies point one
way: organiser and public sides, then exports and mail, then seats, then models. The tests of
the reusable apps (``tests/campaign``, ``tests/forms``) never reach the site or the demo, so they
prove the extension on its own.
"""

import pathlib
import subprocess
import sys
import tomllib

ROOT = pathlib.Path(__file__).resolve().parent.parent


def lint_imports(*args):
    command = pathlib.Path(sys.executable).parent / "lint-imports"
    return subprocess.run(
        [str(command), "--no-cache", *args], cwd=ROOT, capture_output=True, text=True, check=False
    )


def test_import_contracts_are_kept():
    result = lint_imports()
    assert result.returncode == 0, result.stdout + result.stderr
    assert "4 kept, 0 broken" in result.stdout


def test_the_extension_tests_contract_can_break(tmp_path):
    """The same contract, pointed at the site's tests (which build the demo), is broken."""
    config = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))["tool"]["importlinter"]
    (contract,) = [
        c for c in config["contracts"] if c.get("source_modules") == ["tests.campaign", "tests.forms"]
    ]
    lines = [
        "[importlinter]",
        "root_packages =",
        *(f"    {name}" for name in config["root_packages"]),
        "[importlinter:contract:tests]",
        "name = site tests",
        "type = forbidden",
        "source_modules = tests.home",
        "forbidden_modules =",
        *(f"    {name}" for name in contract["forbidden_modules"]),
        "ignore_imports =",
        *(f"    {rule}" for rule in contract["ignore_imports"]),
    ]
    ini = tmp_path / "contracts.ini"
    ini.write_text("\n".join(lines) + "\n", encoding="utf-8")
    result = lint_imports("--config", str(ini))
    assert result.returncode == 1, result.stdout + result.stderr
    assert "tests.home is not allowed to import home" in result.stdout

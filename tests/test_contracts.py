"""The import contracts of ``pyproject.toml`` hold (``lint-imports``, also run by ``make lint``).

``campaign`` stays reusable without ``forms``, and inside ``forms`` the dependencies point one
way: organiser and public sides, then exports and mail, then seats, then models.
"""

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

"""The W3C Nu HTML Checker (``vnu.jar`` from the npm package ``vnu-jar``), run once for many files.

One Java process checks every document of a test run: starting the JVM costs seconds, checking
one more page costs milliseconds. ``make test`` installs Java (Debian's default-jre-headless)
and the jar (``npm ci``, from ``package.json``) when they are missing (target ``html-deps``).
"""

import json
import os
import shutil
import subprocess
from pathlib import Path
from urllib.parse import unquote, urlsplit

import pytest

BASE_DIR = Path(__file__).resolve().parents[2]
VNU_JAR = Path(
    os.environ.get("VNU_JAR", BASE_DIR / "node_modules" / "vnu-jar" / "build" / "dist" / "vnu.jar")
)
TIMEOUT = 600


def java_and_jar():
    java = shutil.which("java")
    if java is None or not VNU_JAR.is_file():
        pytest.fail(
            f"The HTML check needs Java and {VNU_JAR.relative_to(BASE_DIR)}. `make test` installs both "
            "(target html-deps); or: apt-get install default-jre-headless && npm ci",
            pytrace=False,
        )
    return java


def check(paths, *extra_args):
    """``{path: [message, ...]}`` for every file in ``paths``, from one run of the checker.

    Messages are the checker's JSON objects (``type`` "error", "info" with ``subType``
    "warning", or "non-document-error" when a file could not be read at all).
    """
    java = java_and_jar()
    paths = [Path(p).resolve() for p in paths]
    result = subprocess.run(  # noqa: S603
        [java, "-jar", str(VNU_JAR), "--format", "json", "--stdout", "--exit-zero-always", *extra_args]
        + [str(p) for p in paths],
        capture_output=True,
        text=True,
        timeout=TIMEOUT,
        check=False,
    )
    try:
        report = json.loads(result.stdout)
    except json.JSONDecodeError:
        pytest.fail(f"the Nu checker gave no report:\n{result.stdout}\n{result.stderr}", pytrace=False)
    found = {path: [] for path in paths}
    for message in report["messages"]:
        path = Path(unquote(urlsplit(message.get("url", "")).path)).resolve()
        if path not in found:
            pytest.fail(f"the Nu checker reported on a file it was not given: {message}", pytrace=False)
        found[path].append(message)
    return found


def is_problem(message):
    """An error, or a warning; not the checker's informative notes."""
    return message["type"] in ("error", "non-document-error") or message.get("subType") in (
        "fatal",
        "warning",
    )


def describe(messages):
    """One line per message: line, message, and the source it points at."""
    lines = []
    for m in messages:
        kind = m.get("subType") or m["type"]
        lines.append(
            f"  line {m.get('lastLine', '?')}: [{kind}] {m['message']}\n      {m.get('extract', '').strip()}"
        )
    return "\n".join(lines)

"""``make test-install``: the wheel, installed alone in a fresh ``wagtail start`` site, works.

What a newcomer does, as the README's "Install in your own Wagtail site" says: build the wheel
from this checkout, install only that wheel in a new virtualenv (no requirements.txt), make a
site with ``wagtail start``, add the README's two ```python blocks to its settings and URLs,
migrate, then use it (``in_site.py``: a campaign with a theme, a session and a registration
form; its pages, the calendar, a registration and its export). The blocks are read from the
README, so a README that no longer works fails here. Not a pytest test: it takes a minute and
a virtualenv of its own.

    .venv/bin/python tests/install/run.py [--keep]
"""

import argparse
import os
import re
import shutil
import subprocess
import sys
import tempfile
import time
import zipfile
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
SECTION = "## Install in your own Wagtail site"
LANGUAGES = ["nl", "en", "fr", "ar", "uk", "tr"]
APPS = ["campaign", "forms"]


def readme_blocks():
    """The settings block and the URL block of the README's install section, in that order."""
    text = (ROOT / "README.md").read_text(encoding="utf-8")
    start = text.index(SECTION) + len(SECTION)
    end = text.find("\n## ", start)
    blocks = re.findall(r"^```python\n(.*?)^```$", text[start : end if end != -1 else None], re.S | re.M)
    if len(blocks) != 2:
        sys.exit(f"README: the install section needs exactly two ```python blocks, found {len(blocks)}")
    return blocks


def check_wheel(wheel):
    """Only the two apps, with their templates, static files, migrations and compiled catalogues."""
    names = zipfile.ZipFile(wheel).namelist()
    tops = {name.split("/")[0] for name in names if not name.split("/")[0].endswith(".dist-info")}
    assert tops == set(APPS), f"the wheel holds {sorted(tops)}, not only {APPS}"
    for app in APPS:
        for part in ["templates/", "static/", "migrations/0001_initial.py"]:
            assert any(name.startswith(f"{app}/{part}") for name in names), (
                f"{app}/{part} is not in the wheel"
            )
        for language in LANGUAGES:
            mo = f"{app}/locale/{language}/LC_MESSAGES/django.mo"
            assert mo in names, f"{mo} is not in the wheel"


class Steps:
    def __init__(self):
        self.started = self.last = time.monotonic()

    def run(self, title, command, **kwargs):
        print(f"== {title}", flush=True)
        subprocess.run(command, check=True, **kwargs)
        self.done(title)

    def done(self, title):
        now = time.monotonic()
        print(f"   {title}: {now - self.last:.1f} s", flush=True)
        self.last = now


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--keep", action="store_true", help="keep the temporary folder and say where")
    args = parser.parse_args()
    settings_block, urls_block = readme_blocks()
    # In memory where there is a tmpfs: SQLite's and pip's many small writes then wait for no
    # disk shared with other jobs.
    shm = Path("/dev/shm")  # noqa: S108  (mkdtemp makes a private folder in it)
    scratch = shm if shm.is_dir() and os.access(shm, os.W_OK) else None
    work = Path(tempfile.mkdtemp(prefix="wagtail-campaigns-install-", dir=scratch))
    steps = Steps()
    try:
        dist, venv, site = work / "dist", work / "venv", work / "site"
        steps.run(
            "build the wheel",
            [sys.executable, "-m", "pip", "wheel", "--no-deps", "--quiet", "-w", str(dist), str(ROOT)],
        )
        (wheel,) = dist.glob("wagtail_campaigns-*.whl")
        check_wheel(wheel)
        # A virtualenv without its own pip: this checkout's pip installs into it (`--python`),
        # which saves setting up a second pip; `--no-compile` leaves the .pyc files to imports.
        steps.run("new virtualenv", [sys.executable, "-m", "venv", "--without-pip", str(venv)])
        python = venv / "bin" / "python"
        pip = [sys.executable, "-m", "pip", "--python", str(python)]
        steps.run("install only the wheel", [*pip, "install", "--quiet", "--no-compile", str(wheel)])
        steps.run("pip check", [*pip, "check"])
        site.mkdir()
        steps.run("wagtail start", [venv / "bin" / "wagtail", "start", "mysite", str(site)])
        for path, block in [
            (site / "mysite" / "settings" / "base.py", settings_block),
            (site / "mysite" / "urls.py", urls_block),
        ]:
            with path.open("a", encoding="utf-8") as file:
                file.write("\n\n" + block)
        # The new site's own settings, as `manage.py` sets them: nothing of this checkout's.
        env = {k: v for k, v in os.environ.items() if k not in ("DJANGO_SETTINGS_MODULE", "PYTHONPATH")}
        env.update(VIRTUAL_ENV=str(venv), PATH=f"{venv / 'bin'}{os.pathsep}{env.get('PATH', '')}")
        manage = [python, "manage.py"]
        steps.run("migrate", [*manage, "migrate", "--noinput", "-v", "0"], cwd=site, env=env)
        steps.run(
            "campaign, pages, registration, export",
            [python, Path(__file__).with_name("in_site.py"), str(ROOT)],
            cwd=site,
            env={**env, "PYTHONPATH": str(site), "DJANGO_SETTINGS_MODULE": "mysite.settings.dev"},
        )
    finally:
        if args.keep:
            print(f"kept {work}")
        else:
            shutil.rmtree(work, ignore_errors=True)
            steps.done("clean up")
    print(f"install test passed in {time.monotonic() - steps.started:.1f} s")


if __name__ == "__main__":
    main()

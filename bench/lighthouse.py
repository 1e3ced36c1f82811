"""Lighthouse's SEO and best-practices audits of the home, campaign, theme and form pages.

    .venv/bin/python bench/lighthouse.py [--languages nl ar] [--keep-reports DIR]

Not a test: a report to read, run like the benchmarks (``make bench-lighthouse``). One run
does everything on a throwaway SQLite database: migrate, ``load_demo``, ``collectstatic``,
point the site record at the address it is served on (as a real deployment's site record
names its domain, so canonical, ``hreflang`` and share-card addresses are the served ones),
then serve it with gunicorn (DEBUG off, ``cms.settings.bench``) on a free loopback port and run
Lighthouse (npm ``lighthouse``, pinned in ``bench/package.json``) with Debian's chromium on
each page, one after the other. It prints each page's two scores and every audit that is not
passed: those that count towards the score first, then Lighthouse's informative notes.
Lighthouse and chromium only talk to 127.0.0.1; their background networking is off.
"""

import argparse
import json
import os
import secrets
import shutil
import signal
import subprocess
import sys
import tempfile
from pathlib import Path

# The page benchmark's helpers (bench/ is this script's own folder on sys.path).
from pages import free_port, python, start_gunicorn, step, wait_until_serving

ROOT = Path(__file__).resolve().parent.parent
LIGHTHOUSE = ROOT / "bench" / "node_modules" / ".bin" / "lighthouse"
CHROMIUM = os.environ.get("CHROMIUM", "/usr/bin/chromium")
CHROMIUM_FLAGS = [
    "--headless=new",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--disable-default-apps",
    "--disable-extensions",
    "--no-first-run",
]
PAGES = {
    "home": "/{language}/",
    "campaign": "/{language}/dorpaanzet/",
    "theme": "/{language}/dorpaanzet/armoede/",
    "form": "/{language}/dorpaanzet/inschrijven/",
}
CATEGORIES = ["seo", "best-practices"]
# Point the default site at the served address, then check the pages answer.
SITE = """
import django
django.setup()
from wagtail.models import Site
Site.objects.filter(is_default_site=True).update(hostname="localhost", port=%d)
"""


def parse_args():
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument(
        "--languages", nargs="+", default=["nl", "ar"], help="languages to audit (default: nl ar)"
    )
    parser.add_argument(
        "--keep-reports", type=Path, help="also write each Lighthouse JSON report to this folder"
    )
    return parser.parse_args()


def lighthouse(url):
    """Lighthouse's JSON report on ``url``, SEO and best practices only, desktop settings."""
    if not LIGHTHOUSE.exists():
        raise SystemExit(
            f"{LIGHTHOUSE} is missing: run `make bench-lighthouse` (it installs it), or npm ci --prefix bench"
        )
    result = subprocess.run(
        [
            str(LIGHTHOUSE),
            url,
            f"--only-categories={','.join(CATEGORIES)}",
            "--preset=desktop",
            "--output=json",
            "--output-path=stdout",
            "--quiet",
            f"--chrome-flags={' '.join(CHROMIUM_FLAGS)}",
        ],
        env={**os.environ, "CHROME_PATH": CHROMIUM},
        capture_output=True,
        text=True,
        check=False,
        timeout=300,
    )
    if result.returncode:
        raise SystemExit(f"lighthouse failed on {url}:\n{result.stderr[-4000:]}")
    return json.loads(result.stdout)


def flagged(report):
    """``(scored, notes)``: audits that are not passed, as ``(category, audit)`` pairs.

    Scored: they count towards a category's score. Notes: informative audits that list
    findings (e.g. "Ensure CSP is effective against XSS attacks") and failed audits of no weight.
    """
    scored, notes = [], []
    for category in CATEGORIES:
        for ref in report["categories"][category]["auditRefs"]:
            audit = report["audits"][ref["id"]]
            mode = audit["scoreDisplayMode"]
            if mode in ("notApplicable", "manual"):
                continue
            if mode == "informative":
                # Scored 1 or not at all, yet it may list findings (no CSP, say).
                if (audit.get("details") or {}).get("items"):
                    notes.append((category, audit))
            elif mode == "error" or audit["score"] is None or audit["score"] < 1:
                (scored if ref["weight"] > 0 else notes).append((category, audit))
    return scored, notes


def details(audit, limit=5):
    """The first items Lighthouse lists for an audit (URLs, elements, messages)."""
    lines = []
    for item in (audit.get("details") or {}).get("items", [])[:limit]:
        parts = []
        for key in ("url", "source", "description", "directive", "severity", "reason"):
            value = item.get(key)
            if isinstance(value, dict):
                value = value.get("url") or value.get("snippet") or value.get("value")
            if value:
                parts.append(str(value))
        node = item.get("node")
        if isinstance(node, dict) and node.get("snippet"):
            parts.append(node["snippet"])
        if parts:
            lines.append(" | ".join(parts)[:200])
    return lines


def main():
    args = parse_args()
    if not os.access(CHROMIUM, os.X_OK):
        raise SystemExit(f"Lighthouse needs Debian's chromium at {CHROMIUM}: make browser-deps")
    tmp = Path(tempfile.mkdtemp(prefix="bench-lighthouse-"))
    env = dict(
        os.environ,
        DJANGO_SETTINGS_MODULE="cms.settings.bench",
        BENCH_SECRET_KEY=secrets.token_urlsafe(50),
        BENCH_DATABASE_URL=f"sqlite:///{tmp / 'bench.sqlite3'}",
        BENCH_STATIC_ROOT=str(tmp / "static"),
        BENCH_MEDIA_ROOT=str(tmp / "media"),
        PYTHONDONTWRITEBYTECODE="1",
    )
    port = free_port()
    server = None
    results = {}
    try:
        step(f"SQLite in {tmp}: migrate, load_demo, collectstatic")
        python(env, "manage.py", "migrate", "--noinput", "-v", "0")
        python(env, "manage.py", "load_demo")
        python(env, "manage.py", "collectstatic", "--noinput", "-v", "0")
        python(env, "-c", SITE % port)
        step(f"gunicorn on http://localhost:{port}/")
        server = start_gunicorn(env, 2, port)
        wait_until_serving(port)
        for language in args.languages:
            for name, path in PAGES.items():
                url = f"http://localhost:{port}{path.format(language=language)}"
                step(f"lighthouse {url}")
                data = lighthouse(url)
                results[(language, name)] = data
                if args.keep_reports:
                    args.keep_reports.mkdir(parents=True, exist_ok=True)
                    (args.keep_reports / f"{language}-{name}.json").write_text(json.dumps(data))
    finally:
        if server is not None:
            server.send_signal(signal.SIGTERM)
            try:
                server.wait(timeout=30)
            except subprocess.TimeoutExpired:
                server.kill()
        shutil.rmtree(tmp, ignore_errors=True)
    print_report(results)


def print_report(results):
    version = next(iter(results.values()))["lighthouseVersion"] if results else "?"
    print()
    print(f"Lighthouse {version}, desktop preset, Debian chromium, gunicorn with DEBUG off on loopback.")
    print()
    header = f"{'page':<16} {'SEO':>5} {'best practices':>15}  flagged (scored / notes)"
    print(header)
    print("-" * len(header))
    to_fix = 0
    for (language, name), data in results.items():
        scores = [data["categories"][c]["score"] for c in CATEGORIES]
        scored, notes = flagged(data)
        to_fix += len(scored)
        shown = " ".join(f"{s * 100:5.0f}" if s is not None else "  n/a" for s in scores)
        print(
            f"{language + ' ' + name:<16} {shown.split()[0]:>5} {shown.split()[1]:>15}  {len(scored)} / {len(notes)}"
        )
    for (language, name), data in results.items():
        scored, notes = flagged(data)
        if not scored and not notes:
            continue
        print()
        print(f"{language} {name}: {data['finalDisplayedUrl']}")
        for kind, items in (("to fix", scored), ("note", notes)):
            for category, audit in items:
                informative = audit["scoreDisplayMode"] == "informative" or audit["score"] is None
                score = "" if informative else f" (score {audit['score']:.2f})"
                print(f"  [{kind}] {category}: {audit['id']} — {audit['title']}{score}")
                for line in details(audit):
                    print(f"      {line}")
    print()
    print(f"Audits that count against a score: {to_fix} on {len(results)} pages.")


if __name__ == "__main__":
    sys.exit(main())

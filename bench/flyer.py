"""Time per flyer and peak memory: the demo's A4 flyer, A3 poster and social card in every language.

    .venv/bin/python bench/flyer.py [--database-url postgres://postgres@127.0.0.1:5432/bench_flyer]

One run does everything on a throwaway database (an SQLite file in a temporary folder unless
``--database-url`` names a PostgreSQL database, created and dropped again): migrate,
``load_demo``, ``collectstatic``, then one Django process (``cms.settings.bench``, DEBUG off) asks the real routes
(``/<lang>/dorpaanzet/flyer.pdf`` …) through Django's test client:

- **made**: with the flyer cache off, every file made anew, one after the other. The first
  file of the process also loads the fonts; it is shown apart.
- **kept**: the cache on, each file once to fill it, then ``--repeat`` downloads each.

Peak memory is the process's high-water mark (``VmHWM``) before and after all files were made.
Goal (issue 13): the six demo flyers in a few seconds, not minutes. There is no stock Wagtail
counterpart to compare against: Wagtail prints no flyers.
"""

import argparse
import json
import os
import secrets
import shutil
import statistics
import sys
import tempfile
from pathlib import Path

sys.path[0] = str(Path(__file__).resolve().parent.parent)

from bench.pages import Postgres, python, step  # noqa: E402

LANGUAGES = ["nl", "en", "fr", "ar", "uk", "tr"]
KINDS = ["flyer.pdf", "poster.pdf", "social-card.png"]
GOAL_SECONDS = 10.0

# Runs inside the Django process on the benchmark database.
MEASURE = """
import json, time, django
django.setup()
from django.test import Client, override_settings
from django.test.utils import setup_test_environment
setup_test_environment()

def hwm_kb():
    for line in open("/proc/self/status"):
        if line.startswith("VmHWM:"):
            return int(line.split()[1])

languages, kinds, repeat = %r, %r, %r
client = Client(HTTP_HOST="localhost")
client.get("/nl/dorpaanzet/")  # Django, Wagtail and the database warm, not the print code
out = {"hwm_before_kb": hwm_kb(), "made": [], "kept": {}}

def get(url):
    start = time.perf_counter()
    response = client.get(url)
    seconds = time.perf_counter() - start
    if response.status_code != 200:
        raise SystemExit(f"{url} answered {response.status_code}")
    return seconds, len(response.content)

with override_settings(CAMPAIGN_FLYER_CACHE_SECONDS=0):
    for kind in kinds:
        for language in languages:
            seconds, size = get(f"/{language}/dorpaanzet/{kind}")
            out["made"].append({"kind": kind, "language": language, "seconds": seconds, "bytes": size})
out["hwm_after_kb"] = hwm_kb()

for kind in kinds:
    times = []
    for language in languages:
        get(f"/{language}/dorpaanzet/{kind}")
        times += [get(f"/{language}/dorpaanzet/{kind}")[0] for _ in range(repeat)]
    out["kept"][kind] = times
print(json.dumps(out))
"""


def parse_args():
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument(
        "--database-url",
        help="PostgreSQL database to create and drop, e.g. postgres://postgres@127.0.0.1:5432/bench_flyer "
        "(its name must contain 'bench'). Default: an SQLite file in a temporary folder.",
    )
    parser.add_argument("--repeat", type=int, default=20, help="cached downloads per file (default 20)")
    return parser.parse_args()


def main():
    args = parse_args()
    tmp = Path(tempfile.mkdtemp(prefix="bench-flyer-"))
    postgres = Postgres(args.database_url) if args.database_url else None
    env = dict(
        os.environ,
        DJANGO_SETTINGS_MODULE="cms.settings.bench",
        BENCH_SECRET_KEY=secrets.token_urlsafe(50),
        BENCH_DATABASE_URL=args.database_url or f"sqlite:///{tmp / 'bench.sqlite3'}",
        BENCH_STATIC_ROOT=str(tmp / "static"),
        BENCH_MEDIA_ROOT=str(tmp / "media"),
        PYTHONDONTWRITEBYTECODE="1",
    )
    try:
        if postgres:
            step(f"creating PostgreSQL database {postgres.name}")
            postgres.create()
        where = "PostgreSQL " + postgres.name if postgres else "SQLite " + str(tmp)
        step(f"database {where}: migrate, load_demo, collectstatic")
        python(env, "manage.py", "migrate", "--noinput", "-v", "0")
        python(env, "manage.py", "load_demo")
        python(env, "manage.py", "collectstatic", "--noinput", "-v", "0")
        step("making every file, then downloading the kept copies")
        result = json.loads(python(env, "-c", MEASURE % (LANGUAGES, KINDS, args.repeat), capture=True))
    finally:
        if postgres:
            postgres.drop()
        shutil.rmtree(tmp, ignore_errors=True)
    report(result, postgres)


def report(result, postgres):
    made = result["made"]
    first = made[0]
    print()
    print(
        f"Database: {'PostgreSQL' if postgres else 'SQLite'}; load average {os.getloadavg()[0]:.2f} on {os.cpu_count()} cores"
    )
    print(
        f"First file of the process (loads the fonts): {first['kind']} {first['language']} {first['seconds']:.2f} s"
    )
    print()
    print(
        f"{'made anew (cache off)':<24}"
        + "".join(f"{lang:>8}" for lang in LANGUAGES)
        + f"{'mean':>8}{'size':>10}"
    )
    for kind in KINDS:
        rows = [m for m in made if m["kind"] == kind]
        times = [m["seconds"] for m in rows if m is not first]
        size = statistics.mean(m["bytes"] for m in rows) / 1024
        print(
            f"{kind + ' (s)':<24}"
            + "".join(f"{m['seconds']:>8.2f}" for m in rows)
            + f"{statistics.mean(times):>8.2f}{size:>8.0f} KB"
        )
    flyers = sum(m["seconds"] for m in made if m["kind"] == "flyer.pdf")
    print()
    print(f"The six A4 flyers, one after the other: {flyers:.2f} s (goal: under {GOAL_SECONDS:.0f} s)")
    for kind, times in result["kept"].items():
        ms = sorted(t * 1000 for t in times)
        print(
            f"kept copy of {kind:<16} median {statistics.median(ms):6.1f} ms, p95 {ms[int(len(ms) * 0.95) - 1]:6.1f} ms"
        )
    before, after = result["hwm_before_kb"] / 1024, result["hwm_after_kb"] / 1024
    print(
        f"Peak memory of the process: {before:.0f} MB before, {after:.0f} MB after making all files (+{after - before:.0f} MB)"
    )
    print(f"Verdict: {'OK' if flyers < GOAL_SECONDS else 'TOO SLOW'}")


if __name__ == "__main__":
    main()

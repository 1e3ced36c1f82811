"""Requests per second of the demo campaign page against a plain page of the same site.

    .venv/bin/python bench/pages.py [--database-url postgres://postgres@127.0.0.1:5432/bench_pages]

One run does everything on a throwaway database: create it (an SQLite file in a temporary
folder unless ``--database-url`` names a PostgreSQL database, which is created and dropped
again), migrate, ``load_demo``, ``collectstatic``; then serve the site with gunicorn (sync
workers, DEBUG off, ``cms.settings.bench``) on a free loopback port and load both pages in
alternating rounds (A/B/A/B) with a bounded, self-stopping load generator: Python threads, one
``http.client`` connection each, on 127.0.0.1 only.

The plain page is the demo's privacy statement ``/nl/privacy/``: a stock Wagtail page with a
StreamField body (``home.ContentPage``), rendered through the same base template, header,
language switcher and footer as the campaign page — so the ratio shows what the campaign's own
work costs, not the site chrome. Goal (issue 2): campaign page >= 1.0x the plain page.
"""

import argparse
import http.client
import json
import os
import secrets
import shutil
import signal
import socket
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path
from urllib.parse import urlsplit, urlunsplit

ROOT = Path(__file__).resolve().parent.parent
VENV_BIN = Path(sys.executable).parent
HOST = "127.0.0.1"
CAMPAIGN = "/nl/dorpaanzet/"
PLAIN = "/nl/privacy/"
GOAL = 1.0

# Run inside the Django process: page types, query counts and sizes of the two pages.
INSPECT = """
import json, django
django.setup()
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext, setup_test_environment
setup_test_environment()
client = Client(HTTP_HOST="localhost")
out = {}
for url in %r:
    counts = []
    for _first_then_again in range(2):
        with CaptureQueriesContext(connection) as ctx:
            response = client.get(url)
        counts.append(len(ctx.captured_queries))
        if response.context:  # a response from a stored copy has no template context
            page = response.context["page"]
    out[url] = {"status": response.status_code, "queries": counts,
                "bytes": len(response.content), "type": page._meta.label}
print(json.dumps(out))
"""


def parse_args():
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument(
        "--database-url",
        help="PostgreSQL database to create and drop, e.g. postgres://postgres@127.0.0.1:5432/bench_pages "
        "(its name must contain 'bench'). Default: an SQLite file in a temporary folder.",
    )
    parser.add_argument("--workers", type=int, default=2, help="gunicorn sync workers (default 2)")
    parser.add_argument("--clients", type=int, default=8, help="concurrent clients (default 8)")
    parser.add_argument(
        "--duration", type=float, default=10.0, help="seconds per round and page (default 10)"
    )
    parser.add_argument("--rounds", type=int, default=2, help="A/B rounds (default 2: A/B/A/B)")
    parser.add_argument(
        "--warmup", type=float, default=3.0, help="unmeasured seconds per page first (default 3)"
    )
    return parser.parse_args()


def step(message):
    print(f"-- {message}", flush=True)


class Postgres:
    """Creates the benchmark database on the server named by the URL, and drops it at the end."""

    def __init__(self, url):
        import psycopg

        self.psycopg = psycopg
        parts = urlsplit(url)
        self.name = parts.path.lstrip("/")
        if "bench" not in self.name:
            raise SystemExit(f"Refusing to drop and recreate {self.name!r}: its name must contain 'bench'.")
        self.admin_url = urlunsplit(parts._replace(path="/postgres"))

    def _run(self, sql):
        with self.psycopg.connect(self.admin_url, autocommit=True) as conn:
            conn.execute(sql)

    def create(self):
        self.drop()
        self._run(f'CREATE DATABASE "{self.name}"')

    def drop(self):
        self._run(f'DROP DATABASE IF EXISTS "{self.name}" WITH (FORCE)')


def python(env, *args, capture=False):
    result = subprocess.run(
        [sys.executable, *args],
        cwd=ROOT,
        env=env,
        check=True,
        text=True,
        stdout=subprocess.PIPE if capture else subprocess.DEVNULL,
    )
    return result.stdout


def free_port():
    with socket.socket() as sock:
        sock.bind((HOST, 0))
        return sock.getsockname()[1]


def get(conn, path, headers=None):
    conn.request("GET", path, headers={"Host": "localhost", **(headers or {})})
    response = conn.getresponse()
    body = response.read()
    return response.status, body


def wait_until_serving(port, timeout=60):
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        try:
            conn = http.client.HTTPConnection(HOST, port, timeout=5)
            status, _body = get(conn, PLAIN)
            conn.close()
            if status == 200:
                return
        except OSError:
            pass
        time.sleep(0.2)
    raise SystemExit("gunicorn did not answer within a minute")


def load(port, path, clients, duration, headers=None):
    """``clients`` threads GET ``path`` as fast as they can for ``duration`` seconds."""
    latencies, errors = [], []
    lock = threading.Lock()
    stop_at = time.monotonic() + duration

    def worker():
        conn = http.client.HTTPConnection(HOST, port, timeout=30)
        mine, bad = [], 0
        while time.monotonic() < stop_at:
            started = time.perf_counter()
            try:
                status, _body = get(conn, path, headers)
            except (OSError, http.client.HTTPException):
                conn.close()
                bad += 1
                continue
            mine.append(time.perf_counter() - started)
            if status != 200:
                bad += 1
        conn.close()
        with lock:
            latencies.extend(mine)
            errors.append(bad)

    threads = [threading.Thread(target=worker) for _ in range(clients)]
    started = time.monotonic()
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    return latencies, sum(errors), time.monotonic() - started


def worker_pids(master_pid):
    children = Path(f"/proc/{master_pid}/task/{master_pid}/children").read_text().split()
    return [int(pid) for pid in children]


def cpu_seconds(pids):
    """User + system CPU time the processes have used so far (robust when the machine is busy)."""
    ticks = 0
    for pid in pids:
        fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
        ticks += int(fields[11]) + int(fields[12])  # utime, stime
    return ticks / os.sysconf("SC_CLK_TCK")


def postgres_pids():
    """The PostgreSQL server processes on this machine (backends included)."""
    pids = []
    for entry in Path("/proc").iterdir():
        if entry.name.isdigit():
            try:
                if (entry / "comm").read_text().strip() == "postgres":
                    pids.append(int(entry.name))
            except OSError:
                continue
    return pids


def machine_cpu():
    """``(busy, steal)`` CPU seconds of the whole machine so far, from /proc/stat."""
    fields = [int(v) for v in Path("/proc/stat").read_text().split("\n", 1)[0].split()[1:]]
    user, nice, system, _idle, _iowait, irq, softirq, steal = fields[:8]
    tick = os.sysconf("SC_CLK_TCK")
    return (user + nice + system + irq + softirq) / tick, steal / tick


def memory_kb(pid, field):
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        if line.startswith(field + ":"):
            return int(line.split()[1])
    return 0


def percentile(values, fraction):
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(fraction * len(ordered)))]


def main():
    args = parse_args()
    tmp = Path(tempfile.mkdtemp(prefix="bench-pages-"))
    postgres = Postgres(args.database_url) if args.database_url else None
    database_url = args.database_url or f"sqlite:///{tmp / 'bench.sqlite3'}"
    env = dict(
        os.environ,
        DJANGO_SETTINGS_MODULE="cms.settings.bench",
        BENCH_SECRET_KEY=secrets.token_urlsafe(50),
        BENCH_DATABASE_URL=database_url,
        BENCH_STATIC_ROOT=str(tmp / "static"),
        BENCH_MEDIA_ROOT=str(tmp / "media"),
        PYTHONDONTWRITEBYTECODE="1",
    )
    server = None
    try:
        if postgres:
            step(f"creating PostgreSQL database {postgres.name}")
            postgres.create()
        step(
            f"database {'PostgreSQL ' + postgres.name if postgres else 'SQLite ' + str(tmp)}: migrate, load_demo, collectstatic"
        )
        python(env, "manage.py", "migrate", "--noinput", "-v", "0")
        python(env, "manage.py", "load_demo")
        python(env, "manage.py", "collectstatic", "--noinput", "-v", "0")
        pages = json.loads(python(env, "-c", INSPECT % ([CAMPAIGN, PLAIN],), capture=True))
        for url, info in pages.items():
            if info["status"] != 200:
                raise SystemExit(f"{url} answered {info['status']}")

        port = free_port()
        step(f"gunicorn: {args.workers} sync workers on http://{HOST}:{port}/")
        server = start_gunicorn(env, args.workers, port)
        wait_until_serving(port)
        workers = worker_pids(server.pid)

        results = ab_rounds(port, (CAMPAIGN, PLAIN), workers, args)
        peaks = {pid: memory_kb(pid, "VmHWM") for pid in workers}
        loadavg = os.getloadavg()[0]
    finally:
        if server is not None:
            server.send_signal(signal.SIGTERM)
            try:
                server.wait(timeout=30)
            except subprocess.TimeoutExpired:
                server.kill()
        if postgres:
            postgres.drop()
        shutil.rmtree(tmp, ignore_errors=True)

    report(args, pages, results, peaks, postgres, loadavg)


def start_gunicorn(env, workers, port):
    """The project under gunicorn, ``workers`` sync workers on the loopback ``port``."""
    return subprocess.Popen(
        [
            str(VENV_BIN / "gunicorn"),
            "cms.wsgi",
            "--workers",
            str(workers),
            "--worker-class",
            "sync",
            "--bind",
            f"{HOST}:{port}",
            "--log-level",
            "warning",
        ],
        cwd=ROOT,
        env=env,
    )


def ab_rounds(port, paths, workers, args):
    """Warm up each page, then load them in alternating rounds (A/B/A/B) so drift hits both.

    Returns ``{path: (latencies, errors, seconds, worker CPU seconds)}`` summed over the rounds;
    ``args`` gives ``clients``, ``warmup``, ``duration`` and ``rounds``.
    """
    step(f"warm-up: {args.warmup:g} s per page")
    for path in paths:
        load(port, path, args.clients, args.warmup)
    results = {path: ([], 0, 0.0, 0.0) for path in paths}
    for n in range(1, args.rounds + 1):
        for path in paths:
            cpu_before = cpu_seconds(workers)
            latencies, errors, elapsed = load(port, path, args.clients, args.duration)
            cpu = cpu_seconds(workers) - cpu_before
            done, bad, spent, cpu_spent = results[path]
            results[path] = (done + latencies, bad + errors, spent + elapsed, cpu_spent + cpu)
            step(f"round {n} {path}: {len(latencies) / elapsed:.1f} req/s")
    return results


def report(args, pages, results, peaks, postgres, loadavg):
    rows = []
    for label, path in (("campaign", CAMPAIGN), ("plain", PLAIN)):
        latencies, errors, elapsed, cpu = results[path]
        info = pages[path]
        rows.append(
            {
                "label": label,
                "path": path,
                "type": info["type"],
                "rps": len(latencies) / elapsed,
                "p50": statistics.median(latencies) * 1000,
                "p95": percentile(latencies, 0.95) * 1000,
                "cpu": cpu * 1000 / len(latencies),
                "requests": len(latencies),
                "errors": errors,
                "queries": "/".join(map(str, info["queries"])),
                "kb": info["bytes"] / 1024,
            }
        )
    ratio = rows[0]["rps"] / rows[1]["rps"]
    database = f"PostgreSQL ({postgres.name})" if postgres else "SQLite (temporary file)"
    print()
    print(f"gunicorn {args.workers} sync workers, DEBUG off, {database}; {args.clients} clients,")
    print(
        f"{args.rounds} x {args.duration:g} s per page in alternating rounds after {args.warmup:g} s warm-up; {os.cpu_count()} CPUs shared with the load generator."
    )
    print("Plain page: the demo privacy statement, a stock Wagtail page (home.ContentPage) with the same")
    print("base template, header, language switcher and footer as the campaign page.")
    print(
        f"Load average of the machine during the run: {loadavg:.1f}. Queries: first request / later requests. CPU ms: worker CPU time per request."
    )
    print()
    header = f"{'page':<9} {'path':<16} {'type':<22} {'req/s':>7} {'p50 ms':>7} {'p95 ms':>7} {'CPU ms':>6} {'requests':>8} {'errors':>6} {'queries':>7} {'KiB':>5}"
    print(header)
    print("-" * len(header))
    for r in rows:
        print(
            f"{r['label']:<9} {r['path']:<16} {r['type']:<22} {r['rps']:>7.1f} {r['p50']:>7.1f} {r['p95']:>7.1f} {r['cpu']:>6.1f} "
            f"{r['requests']:>8} {r['errors']:>6} {r['queries']:>7} {r['kb']:>5.1f}"
        )
    print()
    verdict = "meets" if ratio >= GOAL else "MISSES"
    print(f"ratio campaign/plain: {ratio:.2f}x ({verdict} the goal of >= {GOAL:.1f}x)")
    cpu_ratio = rows[1]["cpu"] / rows[0]["cpu"]
    print(f"same ratio from worker CPU time per request (less sensitive to a busy machine): {cpu_ratio:.2f}x")
    memory = ", ".join(f"{kb / 1024:.0f} MiB" for kb in peaks.values())
    print(f"peak RSS (VmHWM) of the gunicorn workers: {memory}; total {sum(peaks.values()) / 1024:.0f} MiB")
    if any(r["errors"] for r in rows):
        raise SystemExit("some requests failed")


if __name__ == "__main__":
    main()

"""The registration form under load: GET against a stock Wagtail form, then real registrations.

    .venv/bin/python bench/forms.py [--database-url postgres://postgres@127.0.0.1:5432/bench_forms]

One run does everything on a throwaway PostgreSQL database (created, and dropped again at the
end; its name must contain 'bench'): migrate, ``load_demo``, then the setup below,
``collectstatic``; then it serves the site with gunicorn (sync workers, DEBUG off,
``cms.settings.bench_forms``) on a free loopback port and measures, in the same run:

1. GET requests/s of the demo registration form ``/nl/dorpaanzet/inschrijven/`` against a stock
   Wagtail ``AbstractEmailForm`` page with the same questions (``bench/stockreg``), in
   alternating rounds (A/B/A/B). Both have the captcha off (the stock page has none) and use
   the same base template and field markup, so the ratio shows what the form machinery costs.
   After the first request ours is served from its stored copy (``forms/pagecache.py``: two
   queries per visitor, the CSRF token and seats filled in); the "queries" column shows the
   first and a later request. Goal (issue 3): ours >= 1.5x the stock page. Two unpaired
   rounds follow for information: ours rendered for every request (a visitor with a session
   cookie never gets the copy), and ours with the demo's default captcha on (each GET then
   stores a new sum).
2. Registrations: ``--post-clients`` (16) concurrent clients, each a new visitor every time:
   GET the form (CSRF cookie and token), then POST a valid registration with a unique e-mail
   address and a random choice of sessions. Only the POST is timed (p50/p95/p99); throughput
   is successful registrations per second of the phase. Goal (issue 3): p95 <= 150 ms.
   Afterwards the database must hold exactly one registration per successful POST.

Setup for the run only: the demo form's captcha is off, every session gets ``--capacity`` seats
(the waiting list is reported), the per-address rate limit is lifted (every client is
127.0.0.1; ``CAMPAIGN_FORMS_RATE_LIMIT`` in ``cms.settings.bench_forms``) and e-mails are queued
in the database as in production (``--tasks immediate`` sends them inside the request).
The load generator is Python threads with ``http.client`` on 127.0.0.1 only, bounded in time.
"""

import argparse
import html.parser
import json
import os
import random
import re
import secrets
import shutil
import signal
import statistics
import subprocess
import tempfile
import threading
import time
from collections import Counter
from pathlib import Path
from urllib.parse import urlencode

# The page benchmark's helpers (bench/ is this script's own folder on sys.path).
from pages import (
    HOST,
    INSPECT,
    Postgres,
    ab_rounds,
    cpu_seconds,
    free_port,
    load,
    machine_cpu,
    memory_kb,
    percentile,
    postgres_pids,
    python,
    start_gunicorn,
    step,
    wait_until_serving,
    worker_pids,
)

OURS = "/nl/dorpaanzet/inschrijven/"
STOCK_SLUG = "stock-inschrijven"
STOCK = f"/nl/{STOCK_SLUG}/"
DEFAULT_DATABASE = "postgres://postgres@127.0.0.1:5432/bench_forms"
GOAL_RATIO = 1.5
GOAL_P95_MS = 150.0

# Run inside Django once the demo is loaded: the benchmark's changes to the demo form, and the
# stock page with the same questions under the Dutch home page.
SETUP = """
import json, django
django.setup()
from django.utils import translation
from wagtail.models import Locale
from campaign.dates import format_session_range
from campaign.models import Session
from forms.models import RegistrationFormPage
from home.models import HomePage
from bench.stockreg.models import StockFormField, StockFormPage

translation.activate("nl")
capacity, stock_slug = %r, %r
nl = Locale.objects.get(language_code="nl")
form = RegistrationFormPage.objects.get(locale=nl, slug="inschrijven")
RegistrationFormPage.objects.update(use_captcha=False)
Session.objects.update(capacity=capacity)
home = HomePage.objects.get(locale=nl)
stock = StockFormPage.objects.child_of(home).filter(slug=stock_slug).first()
if stock is None:
    sessions = [o for o in form.get_campaign().get_sessions()]
    stock = StockFormPage(title=form.title, slug=stock_slug, intro=form.intro, thank_you_text=form.thank_you_text)
    for n, field in enumerate(form.form_fields.all()):
        if field.field_type == "sessions":
            field_type = "checkboxes" if field.multiple else "radio"
            choices = "\\n".join(
                f"{s.theme.title} {format_session_range(s.start, s.end)}" for s in sessions
            )
        elif field.field_type == "consent":
            field_type, choices = "checkbox", ""
        else:
            field_type = field.field_type
            choices = "\\n".join(label for _value, label in field.get_choices()) if field.choices else ""
        stock.form_fields.add(StockFormField(
            sort_order=n, label=field.label, help_text=field.help_text, field_type=field_type,
            required=field.is_required, choices=choices,
        ))
    home.add_child(instance=stock)
    stock.save_revision().publish()
print(json.dumps({
    "ours": [f.field_type for f in form.form_fields.all()],
    "stock": [f.field_type for f in stock.form_fields.all()],
    "sessions": Session.objects.filter(locale=nl).count(),
}))
"""

CAPTCHA = """
import django
django.setup()
from forms.models import RegistrationFormPage
RegistrationFormPage.objects.update(use_captcha=%r)
"""

# After the run: what the database holds for the demo form.
COUNT = """
import json, django
django.setup()
from django.db.models import Count
from django_tasks_db.models import DBTaskResult
from forms.models import Booking, MailDelivery, Registration, RegistrationFormPage
form = RegistrationFormPage.objects.get(locale__language_code="nl", slug="inschrijven")
registrations = Registration.objects.filter(form=form)
bookings = Booking.objects.filter(registration__form=form)
print(json.dumps({
    "registrations": registrations.count(),
    "distinct_emails": registrations.values("email").distinct().count(),
    "with_bookings": registrations.annotate(n=Count("bookings")).filter(n__gt=0).count(),
    "bookings": dict(bookings.values_list("status").annotate(n=Count("pk")).order_by()),
    "mails": MailDelivery.objects.filter(registration__form=form).count(),
    "tasks_queued": DBTaskResult.objects.filter(task_path__startswith="forms.").count(),
}))
"""


def parse_args():
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument(
        "--database-url",
        default=DEFAULT_DATABASE,
        help=f"PostgreSQL database to create and drop (its name must contain 'bench'; default {DEFAULT_DATABASE})",
    )
    parser.add_argument("--workers", type=int, default=2, help="gunicorn sync workers (default 2)")
    parser.add_argument("--clients", type=int, default=8, help="concurrent clients for the GETs (default 8)")
    parser.add_argument(
        "--duration", type=float, default=10.0, help="seconds per GET round and page (default 10)"
    )
    parser.add_argument("--rounds", type=int, default=2, help="GET A/B rounds (default 2: A/B/A/B)")
    parser.add_argument(
        "--warmup", type=float, default=3.0, help="unmeasured seconds per page first (default 3)"
    )
    parser.add_argument(
        "--captcha-round",
        action=argparse.BooleanOptionalAction,
        default=True,
        help="one extra GET round of our page with the captcha on (default on)",
    )
    parser.add_argument(
        "--post-clients", type=int, default=16, help="concurrent registering clients (default 16)"
    )
    parser.add_argument(
        "--post-duration", type=float, default=20.0, help="seconds of registrations (default 20)"
    )
    parser.add_argument(
        "--post-requests", type=int, default=0, help="stop after this many POSTs instead (default: by time)"
    )
    parser.add_argument(
        "--post-warmup", type=float, default=2.0, help="unmeasured seconds of registrations first (default 2)"
    )
    parser.add_argument("--capacity", type=int, default=100_000, help="seats per session (default 100000)")
    parser.add_argument(
        "--sessions-per-registration",
        type=int,
        default=2,
        help="sessions each registration books (default 2)",
    )
    parser.add_argument(
        "--tasks",
        choices=["db", "immediate"],
        default="db",
        help="e-mails: queued in the database as in production (default), or sent inside the request",
    )
    return parser.parse_args()


class FormReader(html.parser.HTMLParser):
    """The inputs of the page's registration form: ``[(kind, name, value)]``."""

    def __init__(self):
        super().__init__()
        self.inputs = []
        self.in_form = False

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if tag == "form" and attrs.get("method") == "post":
            self.in_form = True
        elif self.in_form and tag == "input" and attrs.get("name"):
            self.inputs.append((attrs.get("type", "text"), attrs["name"], attrs.get("value", "")))
        elif self.in_form and tag in ("textarea", "select") and attrs.get("name"):
            self.inputs.append((tag, attrs["name"], ""))

    def handle_endtag(self, tag):
        if tag == "form":
            self.in_form = False


class Visitor:
    """Fills in the registration form the way a person would, with a unique e-mail address."""

    TOKEN = re.compile(rb'name="csrfmiddlewaretoken" value="([^"]+)"')

    def __init__(self, page_html, run_id, sessions_per_registration):
        reader = FormReader()
        reader.feed(page_html)
        self.run_id = run_id
        self.per_registration = sessions_per_registration
        self.text, self.email, self.radio, self.checkboxes, self.textareas = [], [], {}, {}, []
        for kind, name, value in reader.inputs:
            if name in ("csrfmiddlewaretoken", "website"):  # the token, the honeypot
                continue
            if kind == "text":
                self.text.append(name)
            elif kind == "email":
                self.email.append(name)
            elif kind == "radio":
                self.radio.setdefault(name, []).append(value)
            elif kind == "checkbox":
                self.checkboxes.setdefault(name, []).append(value)
            elif kind == "textarea":
                self.textareas.append(name)
            elif kind != "submit":
                raise SystemExit(f"The benchmark cannot fill in a {kind} input ({name}).")
        if not self.email or not self.checkboxes:
            raise SystemExit("The registration form has no e-mail address or no sessions to choose.")

    def answers(self, number, rng):
        data = [(name, f"Bench {number}") for name in self.text]
        data += [(name, f"bench-{self.run_id}-{number}@example.org") for name in self.email]
        data += [(name, rng.choice(values)) for name, values in self.radio.items()]
        for name, values in self.checkboxes.items():
            if len(values) == 1:  # a single checkbox: consent
                data.append((name, values[0] or "on"))
            else:  # the sessions
                data += [(name, v) for v in rng.sample(values, min(self.per_registration, len(values)))]
        data += [(name, "Opmerking van de benchmark.") for name in self.textareas]
        return data


def register(port, path, visitor, clients, duration, max_requests, numbers):
    """``clients`` threads register (GET then POST, a new visitor each time) until time or count runs out.

    Returns the POST latencies of successful registrations, a Counter of outcomes and the elapsed time.
    """
    import http.client

    latencies, outcomes = [], Counter()
    lock = threading.Lock()
    stop_at = time.monotonic() + duration
    started_posts = [0]

    def worker(seed):
        rng = random.Random(seed)
        conn = http.client.HTTPConnection(HOST, port, timeout=30)
        mine, seen = [], Counter()
        while time.monotonic() < stop_at:
            with lock:
                if max_requests and started_posts[0] >= max_requests:
                    break
                started_posts[0] += 1
                number = next(numbers)
            try:
                conn.request("GET", path, headers={"Host": "localhost"})
                response = conn.getresponse()
                body = response.read()
                cookie = next(
                    (
                        part.split(";", 1)[0]
                        for part in response.headers.get_all("Set-Cookie") or []
                        if part.startswith("csrftoken=")
                    ),
                    None,
                )
                match = Visitor.TOKEN.search(body)
                if response.status != 200 or cookie is None or match is None:
                    seen[f"GET {response.status} without form"] += 1
                    continue
                form = urlencode(
                    [("csrfmiddlewaretoken", match.group(1).decode()), *visitor.answers(number, rng)]
                )
                started = time.perf_counter()
                conn.request(
                    "POST",
                    path,
                    body=form,
                    headers={
                        "Host": "localhost",
                        "Content-Type": "application/x-www-form-urlencoded",
                        "Cookie": cookie,
                    },
                )
                response = conn.getresponse()
                response.read()
                elapsed = time.perf_counter() - started
            except (OSError, http.client.HTTPException) as error:
                conn.close()
                seen[type(error).__name__] += 1
                continue
            if response.status == 302 and "thank-you" in (response.getheader("Location") or ""):
                mine.append(elapsed)
                seen["registered"] += 1
            else:
                seen[f"POST {response.status}"] += 1
        conn.close()
        with lock:
            latencies.extend(mine)
            outcomes.update(seen)

    threads = [threading.Thread(target=worker, args=(n,)) for n in range(clients)]
    started = time.monotonic()
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    return latencies, outcomes, time.monotonic() - started


def fetch(port, path):
    import http.client

    conn = http.client.HTTPConnection(HOST, port, timeout=30)
    conn.request("GET", path, headers={"Host": "localhost"})
    response = conn.getresponse()
    body = response.read()
    conn.close()
    if response.status != 200:
        raise SystemExit(f"{path} answered {response.status}")
    return body.decode()


def main():
    args = parse_args()
    tmp = Path(tempfile.mkdtemp(prefix="bench-forms-"))
    postgres = Postgres(args.database_url)
    env = dict(
        os.environ,
        DJANGO_SETTINGS_MODULE="cms.settings.bench_forms",
        BENCH_SECRET_KEY=secrets.token_urlsafe(50),
        BENCH_DATABASE_URL=args.database_url,
        BENCH_STATIC_ROOT=str(tmp / "static"),
        BENCH_MEDIA_ROOT=str(tmp / "media"),
        BENCH_TASKS=args.tasks,
        PYTHONDONTWRITEBYTECODE="1",
    )
    server = None
    loads = {}
    try:
        step(f"creating PostgreSQL database {postgres.name}")
        postgres.create()
        step("migrate, load_demo, stock form page, collectstatic")
        python(env, "manage.py", "migrate", "--noinput", "-v", "0")
        python(env, "manage.py", "load_demo")
        setup = json.loads(python(env, "-c", SETUP % (args.capacity, STOCK_SLUG), capture=True))
        step(f"fields: ours {', '.join(setup['ours'])}; stock {', '.join(setup['stock'])}")
        python(env, "manage.py", "collectstatic", "--noinput", "-v", "0")
        pages = json.loads(python(env, "-c", INSPECT % ([OURS, STOCK],), capture=True))
        for url, info in pages.items():
            if info["status"] != 200:
                raise SystemExit(f"{url} answered {info['status']}")

        port = free_port()
        step(f"gunicorn: {args.workers} sync workers on http://{HOST}:{port}/")
        server = start_gunicorn(env, args.workers, port)
        wait_until_serving(port)
        workers = worker_pids(server.pid)
        visitor = Visitor(fetch(port, OURS), secrets.token_hex(4), args.sessions_per_registration)
        loads["start"] = os.getloadavg()

        results = ab_rounds(port, (OURS, STOCK), workers, args)
        # For information: our page rendered every time, as for a visitor who carries a
        # session cookie (the stored copy is only for visitors without one).
        no_copy_headers = {"Cookie": "sessionid=bench-without-the-stored-copy"}
        load(port, OURS, args.clients, 1.0, no_copy_headers)
        cpu_before = cpu_seconds(workers)
        latencies, errors, elapsed = load(port, OURS, args.clients, args.duration, no_copy_headers)
        rendered = (latencies, errors, elapsed, cpu_seconds(workers) - cpu_before)
        step(f"GET {OURS} rendered, without the stored copy: {len(latencies) / elapsed:.1f} req/s")
        captcha = None
        if args.captcha_round:
            python(env, "-c", CAPTCHA % True)
            load(port, OURS, args.clients, 1.0)
            cpu_before = cpu_seconds(workers)
            latencies, errors, elapsed = load(port, OURS, args.clients, args.duration)
            captcha = (latencies, errors, elapsed, cpu_seconds(workers) - cpu_before)
            python(env, "-c", CAPTCHA % False)
            step(f"GET {OURS} with captcha: {len(latencies) / elapsed:.1f} req/s")
        loads["get"] = os.getloadavg()

        numbers = iter(range(1, 10**9))
        step(f"POST warm-up: {args.post_warmup:g} s of registrations, {args.post_clients} clients")
        _lat, warm_outcomes, _elapsed = register(
            port, OURS, visitor, args.post_clients, args.post_warmup, 0, numbers
        )
        bound = f"{args.post_requests} POSTs" if args.post_requests else f"{args.post_duration:g} s"
        step(f"POST: registrations for {bound}, {args.post_clients} clients")
        cpu_before = cpu_seconds(workers)
        # Where the machine's two cores go during the registrations: the gunicorn workers,
        # PostgreSQL, this load generator (its 16 client threads) and the rest.
        pg_before, client_before, machine_before = (
            cpu_seconds(postgres_pids()),
            time.process_time(),
            machine_cpu(),
        )
        post_latencies, outcomes, post_elapsed = register(
            port,
            OURS,
            visitor,
            args.post_clients,
            args.post_duration if not args.post_requests else 3600.0,
            args.post_requests,
            numbers,
        )
        post_cpu = cpu_seconds(workers) - cpu_before
        machine_after = machine_cpu()
        post_shares = {
            "postgres": cpu_seconds(postgres_pids()) - pg_before,
            "clients": time.process_time() - client_before,
            "machine": machine_after[0] - machine_before[0],
            "steal": machine_after[1] - machine_before[1],
        }
        loads["post"] = os.getloadavg()
        peaks = {pid: memory_kb(pid, "VmHWM") for pid in workers}
        server.send_signal(signal.SIGTERM)
        server.wait(timeout=30)
        server = None
        stored = json.loads(python(env, "-c", COUNT, capture=True))
    finally:
        if server is not None:
            server.send_signal(signal.SIGTERM)
            try:
                server.wait(timeout=30)
            except subprocess.TimeoutExpired:
                server.kill()
        postgres.drop()
        shutil.rmtree(tmp, ignore_errors=True)

    post = {
        "latencies": post_latencies,
        "outcomes": outcomes,
        "warm_outcomes": warm_outcomes,
        "elapsed": post_elapsed,
        "cpu": post_cpu,
        "shares": post_shares,
    }
    report(args, postgres, setup, pages, results, captcha, rendered, post, stored, peaks, loads)


def get_row(label, path, info, latencies, errors, elapsed, cpu):
    return {
        "label": label,
        "path": path,
        "type": info["type"] if info else "",
        "rps": len(latencies) / elapsed,
        "p50": statistics.median(latencies) * 1000,
        "p95": percentile(latencies, 0.95) * 1000,
        "cpu": cpu * 1000 / len(latencies),
        "requests": len(latencies),
        "errors": errors,
        "queries": "/".join(map(str, info["queries"])) if info else "",
        "kb": info["bytes"] / 1024 if info else 0.0,
    }


def report(args, postgres, setup, pages, results, captcha, rendered, post, stored, peaks, loads):
    rows = [
        get_row("ours", OURS, pages[OURS], *results[OURS]),
        get_row("stock", STOCK, pages[STOCK], *results[STOCK]),
    ]
    if captcha:
        rows.append(get_row("ours+captcha", OURS, None, *captcha))
    rows.append(get_row("ours, no copy", OURS, None, *rendered))
    ratio = rows[0]["rps"] / rows[1]["rps"]
    cpu_ratio = rows[1]["cpu"] / rows[0]["cpu"]

    latencies = post["latencies"]
    registered = post["outcomes"]["registered"]
    registered_total = registered + post["warm_outcomes"]["registered"]
    failures = {k: v for k, v in (post["outcomes"] + post["warm_outcomes"]).items() if k != "registered"}
    p50, p95, p99 = (percentile(latencies, f) * 1000 for f in (0.50, 0.95, 0.99)) if latencies else (0, 0, 0)
    throughput = registered / post["elapsed"]
    bookings = stored["bookings"]
    consistent = (
        stored["registrations"] == registered_total
        and stored["distinct_emails"] == registered_total
        and stored["with_bookings"] == registered_total
        and sum(bookings.values()) == registered_total * args.sessions_per_registration
    )

    print()
    print(
        f"gunicorn {args.workers} sync workers, DEBUG off, PostgreSQL ({postgres.name}), cms.settings.bench_forms; "
        f"{os.cpu_count()} CPUs shared with the load generator."
    )
    averages = ", ".join(
        f"{when} {'/'.join(f'{x:.1f}' for x in loads[key])}"
        for key, when in (("start", "at start"), ("get", "after the GETs"), ("post", "after the POSTs"))
    )
    print(f"Load average (1/5/15 min) {averages} — the machine is shared.")
    print()
    print(
        f"GET: {args.clients} clients, {args.rounds} x {args.duration:g} s per page in alternating rounds "
        f"after {args.warmup:g} s warm-up. Stock: Wagtail AbstractEmailForm ({STOCK}) with the same"
    )
    print(
        "questions, base template and field markup; both without captcha. Queries: first/later request. "
        "CPU ms: worker CPU time per request."
    )
    header = (
        f"{'page':<13} {'path':<28} {'type':<31} {'req/s':>7} {'p50 ms':>7} {'p95 ms':>7} "
        f"{'CPU ms':>6} {'requests':>8} {'errors':>6} {'queries':>7} {'KiB':>5}"
    )
    print(header)
    print("-" * len(header))
    for r in rows:
        print(
            f"{r['label']:<13} {r['path']:<28} {r['type']:<31} {r['rps']:>7.1f} {r['p50']:>7.1f} {r['p95']:>7.1f} "
            f"{r['cpu']:>6.1f} {r['requests']:>8} {r['errors']:>6} {r['queries']:>7} {r['kb']:>5.1f}"
        )
    if captcha:
        print("(ours+captcha: one unpaired round with the demo's default captcha on, for information.)")
    print(
        "(ours, no copy: one unpaired round, for information: the page rendered for every request, as for a "
        "visitor with a session cookie.)"
    )
    print()
    print(
        f"POST: {args.post_clients} clients, each a new visitor per registration (GET for the CSRF cookie and "
        f"token, then POST); {args.post_warmup:g} s warm-up, then"
    )
    print(
        f"{len(latencies) + sum(post['outcomes'].values()) - registered} POSTs in {post['elapsed']:.1f} s. "
        f"{args.sessions_per_registration} of {setup['sessions']} sessions per registration, "
        f"{args.capacity} seats each; e-mails {'queued in the database' if args.tasks == 'db' else 'sent in the request'}."
    )
    print(
        f"Latency of the POST alone (includes waiting for a free worker); CPU: worker CPU per registration "
        f"(its GET and POST): {post['cpu'] * 1000 / max(registered, 1):.1f} ms."
    )
    shares = post["shares"]
    per = 1000 / max(registered, 1)
    print(
        f"CPU per registration over the whole machine: {shares['machine'] * per:.1f} ms busy "
        f"(gunicorn workers {post['cpu'] * per:.1f}, PostgreSQL {shares['postgres'] * per:.1f}, "
        f"load generator {shares['clients'] * per:.1f}); {shares['machine'] / post['elapsed']:.2f} of "
        f"{os.cpu_count()} cores busy, steal {shares['steal'] / post['elapsed']:.2f}."
    )
    print()
    table = [
        ("GET ours/stock ratio (req/s)", f"{ratio:.2f}x", f">= {GOAL_RATIO:.1f}x", ratio >= GOAL_RATIO),
        (
            "  same from worker CPU/request",
            f"{cpu_ratio:.2f}x",
            f">= {GOAL_RATIO:.1f}x",
            cpu_ratio >= GOAL_RATIO,
        ),
        ("GET ours req/s", f"{rows[0]['rps']:.1f}", "", None),
        ("GET stock req/s", f"{rows[1]['rps']:.1f}", "(issue: 46)", None),
        ("POST p50 ms", f"{p50:.1f}", "", None),
        ("POST p95 ms", f"{p95:.1f}", f"<= {GOAL_P95_MS:.0f}", p95 <= GOAL_P95_MS),
        ("POST p99 ms", f"{p99:.1f}", "", None),
        ("registrations/s", f"{throughput:.1f}", "", None),
        ("failed POSTs", str(sum(failures.values())), "0", not failures),
        (
            "stored = successful POSTs",
            f"{stored['registrations']} = {registered_total}",
            "equal",
            consistent,
        ),
        (
            "bookings confirmed/waiting",
            f"{bookings.get('confirmed', 0)}/{bookings.get('waiting', 0)}",
            "",
            None,
        ),
        (
            "e-mails recorded/tasks queued",
            f"{stored['mails']}/{stored['tasks_queued']}",
            "",
            None,
        ),
        (
            "peak RSS of workers (VmHWM)",
            ", ".join(f"{kb / 1024:.0f}" for kb in peaks.values()) + " MiB",
            "",
            None,
        ),
    ]
    header = f"{'measure':<31} {'figure':>20}  {'goal':<12} verdict"
    print(header)
    print("-" * len(header))
    for name, figure, goal, ok in table:
        verdict = "" if ok is None else ("meets" if ok else "MISSES")
        print(f"{name:<31} {figure:>20}  {goal:<12} {verdict}")
    print(
        f"(stored: {registered_total} successful POSTs incl. {post['warm_outcomes']['registered']} in the warm-up; "
        f"{stored['distinct_emails']} distinct e-mail addresses; {stored['with_bookings']} with bookings)"
    )
    if failures:
        print("failures:", ", ".join(f"{k}: {v}" for k, v in sorted(failures.items())))
    if any(r["errors"] for r in rows) or failures or not consistent:
        raise SystemExit("some requests failed or the stored registrations do not match")


if __name__ == "__main__":
    main()

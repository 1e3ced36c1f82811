"""Export benchmark: stock Wagtail's SubmissionsListView against our merged export, CSV and XLSX.

Fills a throwaway database (an SQLite file by default, or a fresh PostgreSQL database with
``--database-url postgres://postgres@127.0.0.1:5432/bench_export``; its name must contain
"bench") with N submissions of a 6-question form, spread over nl, fr and ar, once on a stock
``AbstractEmailForm`` page and once on our registration form (with a session booking each).
Every export runs in a fresh process, through the admin URL as a superuser past the second
factor, after a warm-up export of a 10-row form; it reports wall time and the peak growth of resident memory
(VmHWM reset with /proc/self/clear_refs just before the request) and the ratios. Each export is
repeated (``--repeat``, stock and ours taking turns) and the median run is reported: on a small
machine one run's ratio moves by a fifth either way.

    python bench/export.py [--rows 100000] [--large-rows 1000000] [--repeat 3] [--database-url URL]
"""

import argparse
import gc
import json
import os
import re
import secrets
import shutil
import sys
import tempfile
import time
from pathlib import Path

# Run as a script, Python puts bench/ first on the path, where other benchmarks' modules would
# shadow the project's apps (bench/forms.py vs forms/): import from the project root instead.
sys.path[0] = str(Path(__file__).resolve().parent.parent)
from bench.pages import ROOT, Postgres, python, step  # noqa: E402  (the page benchmark's helpers)

SETTINGS = "cms.settings.bench_export"
ANSWERS = ["naam", "e-mailadres", "postcode", "ik-kom-als", "interesses", "opmerkingen"]
COME_AS = ["inwoner", "organisatie", "andere"]
INTERESTS = ["zorg", "wonen", "vrije tijd", "mobiliteit"]
LANGUAGES = ["nl", "fr", "ar"]
BATCH = 10_000


def parse_args():
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--rows", type=int, default=100_000, help="submissions per form (default 100000)")
    parser.add_argument(
        "--large-rows", type=int, default=0, help="then grow our form to this many rows and export again"
    )
    parser.add_argument(
        "--database-url", help="PostgreSQL URL of a throwaway database (name contains 'bench')"
    )
    parser.add_argument(
        "--repeat", type=int, default=3, help="runs of each export, the median reported (default 3)"
    )
    parser.add_argument("--child", nargs="+", help=argparse.SUPPRESS)
    return parser.parse_args()


# In the child processes -----------------------------------------------------------------


def setup_django():
    import django

    django.setup()


def fill(rows, start):
    """Create both forms (first call) and add submissions ``start``..``rows`` to each."""
    import datetime

    from django.utils import timezone
    from wagtail.contrib.forms.models import FormSubmission
    from wagtail.models import Locale, Page

    from bench.stockforms.models import StockFormField, StockFormPage
    from campaign.models import CampaignPage, Session, ThemePage
    from forms.models import Booking, FormField, Registration, RegistrationFormPage

    root = Page.get_first_root_node()
    nl = Locale.get_default()
    for code in LANGUAGES:
        Locale.objects.get_or_create(language_code=code)
    pages = {}
    for suffix, size in [("warmup", 10), ("", None)]:
        stock = StockFormPage.objects.filter(slug=f"stock{suffix}").first()
        if stock is None:
            stock = StockFormPage(title=f"Stock {suffix}", slug=f"stock{suffix}", to_address="")
            for n, (label, kind, choices) in enumerate(
                [
                    ("Naam", "singleline", ""),
                    ("E-mailadres", "email", ""),
                    ("Postcode", "singleline", ""),
                    ("Ik kom als", "radio", "\n".join(COME_AS)),
                    ("Interesses", "checkboxes", "\n".join(INTERESTS)),
                    ("Opmerkingen", "multiline", ""),
                ]
            ):
                stock.form_fields.add(
                    StockFormField(sort_order=n, label=label, field_type=kind, choices=choices)
                )
            root.add_child(instance=stock)
            campaign = root.add_child(
                instance=CampaignPage(title=f"Bench {suffix}", slug=f"bench{suffix}", intro="-")
            )
            theme = campaign.add_child(instance=ThemePage(title="Kamer 1", slug="kamer-1", summary="-"))
            start_at = timezone.now() + datetime.timedelta(days=30)
            Session.objects.create(
                theme=theme,
                start=start_at,
                end=start_at + datetime.timedelta(hours=2),
                capacity=10**8,
                locale=nl,
            )
            form = RegistrationFormPage(title=f"Inschrijven {suffix}", slug="inschrijven", use_captcha=False)
            for n, (label, kind, choices) in enumerate(
                [
                    ("Naam", "singleline", []),
                    ("E-mailadres", "email", []),
                    ("Postcode", "singleline", []),
                    ("Sessies", "sessions", []),
                    ("Ik kom als", "radio", COME_AS),
                    ("Interesses", "checkboxes", INTERESTS),
                    ("Opmerkingen", "multiline", []),
                ]
            ):
                form.form_fields.add(
                    FormField(
                        sort_order=n,
                        label=label,
                        field_type=kind,
                        choices=[("choice", c) for c in choices],
                        locale=nl,
                    )
                )
            campaign.add_child(instance=form)
        stock = StockFormPage.objects.get(slug=f"stock{suffix}")
        form = RegistrationFormPage.objects.get(slug="inschrijven", title=f"Inschrijven {suffix}")
        pages[suffix or "main"] = {"stock": stock.pk, "ours": form.pk}
        if size:  # the warm-up forms: a few rows, added once
            if form.registrations.exists():
                continue
            first, last = 0, size
        else:
            first, last = start, rows
        stock_fields = {f.label: f.clean_name for f in stock.form_fields.all()}
        our_fields = {f.label: f for f in form.form_fields.all()}
        come_as_ids = [b.id for b in our_fields["Ik kom als"].choices]
        interest_ids = [b.id for b in our_fields["Interesses"].choices]
        session = Session.objects.get(theme__path__startswith=form.get_parent().path)
        now = timezone.now()
        for offset in range(first, last, BATCH):
            numbers = range(offset, min(offset + BATCH, last))
            common = [
                (
                    n,
                    f"Persoon {n}",
                    f"p{n}@example.org",
                    f"{3000 + n % 100}",
                    n % 3,
                    [i for i in range(4) if (n >> i) & 1] or [0],
                    "Tot dan, ik kijk ernaar uit!" if n % 4 == 0 else "",
                    now - datetime.timedelta(seconds=n),
                )
                for n in numbers
            ]
            FormSubmission.objects.bulk_create(
                FormSubmission(
                    page=stock,
                    submit_time=when,
                    form_data={
                        stock_fields["Naam"]: name,
                        stock_fields["E-mailadres"]: email,
                        stock_fields["Postcode"]: code,
                        stock_fields["Ik kom als"]: COME_AS[come],
                        stock_fields["Interesses"]: [INTERESTS[i] for i in interests],
                        stock_fields["Opmerkingen"]: remark,
                    },
                )
                for n, name, email, code, come, interests, remark, when in common
            )
            created = Registration.objects.bulk_create(
                Registration(
                    form=form,
                    language=LANGUAGES[n % 3],
                    email=email,
                    name=name,
                    submitted_at=when,
                    data={
                        our_fields["Naam"].key: name,
                        our_fields["E-mailadres"].key: email,
                        our_fields["Postcode"].key: code,
                        our_fields["Sessies"].key: [session.pk],
                        our_fields["Ik kom als"].key: come_as_ids[come],
                        our_fields["Interesses"].key: [interest_ids[i] for i in interests],
                        our_fields["Opmerkingen"].key: remark,
                    },
                )
                for n, name, email, code, come, interests, remark, when in common
            )
            if created and created[0].pk is None:
                created = Registration.objects.filter(form=form, email__in=[c[2] for c in common])
            Booking.objects.bulk_create(
                Booking(registration=r, session=session, email=r.email, status="confirmed") for r in created
            )
    print(json.dumps(pages))


def vm_kib(name):
    return int(re.search(rf"{name}:\s+(\d+) kB", Path("/proc/self/status").read_text()).group(1))


def export(impl, file_format, page_id, warmup_id):
    """One export through the admin URL; prints seconds, bytes and peak RSS growth (KiB)."""
    from django.contrib.auth import get_user_model
    from django.test import Client
    from django.urls import reverse

    User = get_user_model()
    user = User.objects.filter(username="bench").first() or User.objects.create_superuser(
        "bench", "bench@example.org", secrets.token_urlsafe(12)
    )
    client = Client(HTTP_HOST="localhost")
    if impl == "stock":
        client.force_login(user)
    else:
        # Our export is behind the second factor (forms.organisers.second_factor): pass it once,
        # through django-otp's own API, as the tests do; the timed request is the export alone.
        from tests.second_factor import login_verified

        login_verified(client, user)

    def url(pk):
        if impl == "stock":
            return reverse("wagtailforms:list_submissions", args=[pk]) + f"?export={file_format}"
        return reverse("campaign_forms_registrations:export", args=[pk, file_format])

    def run(pk):
        response = client.get(url(pk))
        assert response.status_code == 200, (response.status_code, url(pk))
        size = 0
        for chunk in response.streaming_content if response.streaming else [response.content]:
            size += len(chunk)
        response.close()
        return size

    run(warmup_id)
    gc.collect()
    before = vm_kib("VmRSS")
    Path("/proc/self/clear_refs").write_text("5")
    started = time.perf_counter()
    size = run(page_id)
    seconds = time.perf_counter() - started
    print(json.dumps({"seconds": seconds, "bytes": size, "growth_kib": vm_kib("VmHWM") - before}))


# In the parent ---------------------------------------------------------------------------


def median_run(runs):
    """The run of median time (the lower of the middle two for an even count), with all runs' times."""
    ordered = sorted(runs, key=lambda r: r["seconds"])
    return {**ordered[(len(ordered) - 1) // 2], "all_seconds": [r["seconds"] for r in runs]}


def run_export(env, impl, file_format, pages):
    out = python(
        env,
        __file__,
        "--child",
        "export",
        impl,
        file_format,
        str(pages["main"][impl]),
        str(pages["warmup"][impl]),
        capture=True,
    )
    return json.loads(out.strip().splitlines()[-1])


def report(results, rows, large, database):
    print()
    print(
        f"Export of {rows:,} submissions ({database}); the median run of each, all runs' seconds after it;"
        " memory = peak growth of resident memory"
    )
    print(f"{'format':<6} {'export':<6} {'rows':>10} {'seconds':>9} {'MB':>8} {'file MB':>8}  runs")
    for (impl, fmt, n), r in results.items():
        runs = " ".join(f"{seconds:.2f}" for seconds in r.get("all_seconds", [r["seconds"]]))
        print(
            f"{fmt:<6} {impl:<6} {n:>10,} {r['seconds']:>9.2f} {r['growth_kib'] / 1024:>8.1f}"
            f" {r['bytes'] / 1e6:>8.1f}  {runs}"
        )
    print()
    for fmt, goal in [("csv", 3.0), ("xlsx", 2.5)]:
        stock, ours = results[("stock", fmt, rows)], results[("ours", fmt, rows)]
        speedup = stock["seconds"] / ours["seconds"]
        memory = stock["growth_kib"] / max(ours["growth_kib"], 1)
        print(
            f"{fmt.upper()}: ours is {speedup:.1f}x faster (goal {goal}x: {'met' if speedup >= goal else 'NOT met'}), "
            f"uses {memory:.0f}x less memory growth; ours +{ours['growth_kib'] / 1024:.1f} MB "
            f"(goal <= 20 MB: {'met' if ours['growth_kib'] <= 20 * 1024 else 'NOT met'})"
        )
    for fmt in ("csv", "xlsx"):
        if ("ours", fmt, large) in results and large != rows:
            r = results[("ours", fmt, large)]
            print(
                f"{fmt.upper()} at {large:,} rows: ours {r['seconds']:.1f} s, +{r['growth_kib'] / 1024:.1f} MB "
                f"(goal <= 20 MB: {'met' if r['growth_kib'] <= 20 * 1024 else 'NOT met'})"
            )


def main():
    args = parse_args()
    if args.child:
        setup_django()
        if args.child[0] == "fill":
            fill(int(args.child[1]), int(args.child[2]))
        else:
            export(args.child[1], args.child[2], int(args.child[3]), int(args.child[4]))
        return
    tmp = Path(tempfile.mkdtemp(prefix="bench-export-"))
    postgres = Postgres(args.database_url) if args.database_url else None
    database_url = args.database_url or f"sqlite:///{tmp / 'bench.sqlite3'}"
    env = dict(
        os.environ,
        DJANGO_SETTINGS_MODULE=SETTINGS,
        BENCH_SECRET_KEY=secrets.token_urlsafe(50),
        BENCH_DATABASE_URL=database_url,
        BENCH_STATIC_ROOT=str(tmp / "static"),
        BENCH_MEDIA_ROOT=str(tmp / "media"),
        PYTHONDONTWRITEBYTECODE="1",
        PYTHONPATH=str(ROOT),
    )
    (tmp / "static").mkdir()
    database = f"PostgreSQL {postgres.name}" if postgres else "SQLite file"
    results = {}
    try:
        if postgres:
            postgres.create()
        step(f"{database}: migrate")
        python(env, "manage.py", "migrate", "--noinput", "-v", "0")
        step(f"filling {args.rows:,} submissions on each form")
        pages = json.loads(python(env, __file__, "--child", "fill", str(args.rows), "0", capture=True))
        for fmt in ("csv", "xlsx"):
            runs = {"stock": [], "ours": []}
            for n in range(args.repeat):
                for impl in runs:  # taking turns, so both meet the same spells of a busy machine
                    step(f"{impl} {fmt} ({n + 1}/{args.repeat})")
                    runs[impl].append(run_export(env, impl, fmt, pages))
            for impl, measured in runs.items():
                results[(impl, fmt, args.rows)] = median_run(measured)
        if args.large_rows > args.rows:
            step(f"growing both forms to {args.large_rows:,} submissions")
            python(env, __file__, "--child", "fill", str(args.large_rows), str(args.rows), capture=True)
            for fmt in ("csv", "xlsx"):
                step(f"ours {fmt} at {args.large_rows:,}")
                results[("ours", fmt, args.large_rows)] = run_export(env, "ours", fmt, pages)
    finally:
        if postgres:
            postgres.drop()
        shutil.rmtree(tmp, ignore_errors=True)
    report(results, args.rows, args.large_rows, database)


if __name__ == "__main__":
    main()

"""Benchmark of the registration form (``bench/forms.py``): ``bench`` plus a stock Wagtail form.

Adds the bench-only app ``bench.stockreg`` (a stock ``AbstractEmailForm`` page with the same
questions as the demo form); the site's own settings never install it, so its migrations stay
out of ``makemigrations --check``. Registrations queue their e-mails in the database as in
production (``django_tasks_db``; nobody runs the worker during the benchmark) unless
``BENCH_TASKS=immediate``, and the per-address
rate limit is lifted because every benchmark client posts from 127.0.0.1.
"""

import os

from .bench import *  # noqa: F403
from .bench import INSTALLED_APPS

# The stock form app is what the form is measured against; the site itself does not use it.
INSTALLED_APPS = [*INSTALLED_APPS, "wagtail.contrib.forms", "bench.stockreg"]

# ``BENCH_TASKS=immediate`` sends the e-mails inside the request instead, as in development.
TASKS = {
    "default": {
        "BACKEND": "django_tasks.backends.immediate.ImmediateBackend"
        if os.environ.get("BENCH_TASKS") == "immediate"
        else "django_tasks_db.backend.DatabaseBackend"
    }
}

# Same shape as forms.conf.DEFAULT_RATE_LIMIT.
CAMPAIGN_FORMS_RATE_LIMIT = {"posts": 1_000_000_000, "seconds": 600}

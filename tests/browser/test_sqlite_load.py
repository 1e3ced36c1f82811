"""Fifty people registering at the same moment on SQLite (``make run``): no errors, no loss.

Before, 2 of 50 simultaneous posts got "database is locked" inside django-simple-captcha's
clean-up of expired sums, which ran on every post; the sums are now cleaned by
``send_reminders`` and SQLite waits for its write lock (``SQLITE_OPTIONS``). The posts go
through the whole Django stack in fifty threads of a child process (``sqlite_load.py``), on
the browser tests' SQLite file: the development server's small connection queue is not
what is tested here.
"""

import json
import os
import subprocess
import sys

import pytest

from forms.models import Registration

from .conftest import BASE_DIR
from .test_registration import query, site_db  # noqa: F401  (site_db is a fixture)

pytestmark = pytest.mark.browser
PEOPLE = 50


def test_fifty_simultaneous_registrations_on_sqlite_all_succeed(site_db):  # noqa: F811
    env = {k: v for k, v in os.environ.items() if k != "TEST_DATABASE_URL"}
    env.update(
        DJANGO_SETTINGS_MODULE="cms.settings.test", TEST_SQLITE_PATH=str(site_db), TEST_TRUSTED_PROXIES="1"
    )
    result = subprocess.run(  # noqa: S603
        [
            sys.executable,
            "manage.py",
            "shell",
            "-c",
            f"from tests.browser.sqlite_load import run; run({PEOPLE})",
        ],
        cwd=BASE_DIR,
        env=env,
        capture_output=True,
        text=True,
        timeout=300,
        check=False,
    )
    assert result.returncode == 0, result.stderr[-3000:]
    statuses = json.loads(result.stdout.strip().splitlines()[-1])
    assert statuses == [302] * PEOPLE, [s for s in statuses if s != 302][:5]
    table = Registration._meta.db_table
    stored = query(site_db, f"SELECT count(*) FROM {table} WHERE email LIKE 'load-%@example.org'")  # noqa: S608
    assert stored[0][0] == PEOPLE

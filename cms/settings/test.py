"""Tests: lean and isolated. SQLite by default, PostgreSQL when TEST_DATABASE_URL is set.

TEST_SQLITE_PATH names an SQLite file instead (it wins over TEST_DATABASE_URL): the browser
tests serve the site from a separate process, which cannot share an in-memory database.
"""

import os
import tempfile

import dj_database_url

from .base import *  # noqa: F403

DEBUG = False
SECRET_KEY = "tests-only-not-a-secret"  # noqa: S105
ALLOWED_HOSTS = ["*"]

if os.environ.get("TEST_SQLITE_PATH"):
    DATABASES = {
        "default": {
            "ENGINE": "django.db.backends.sqlite3",
            "NAME": os.environ["TEST_SQLITE_PATH"],
            "OPTIONS": SQLITE_OPTIONS,  # noqa: F405
        }
    }
elif os.environ.get("TEST_DATABASE_URL"):
    DATABASES = {"default": dj_database_url.parse(os.environ["TEST_DATABASE_URL"])}
else:
    DATABASES = {"default": {"ENGINE": "django.db.backends.sqlite3", "NAME": ":memory:"}}

PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}
EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
MEDIA_ROOT = tempfile.mkdtemp(prefix="dorpaanzet-media-")
STORAGES["staticfiles"] = {  # noqa: F405
    "BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"
}
# Serve static files straight from the app and project folders (no collectstatic needed).
WHITENOISE_USE_FINDERS = True
WAGTAILADMIN_BASE_URL = "http://testserver"
# The browser tests' server trusts X-Forwarded-For, so each test can be a visitor of its own
# for the per-address limit on registrations (tests/browser/conftest.py).
CAMPAIGN_FORMS_TRUSTED_PROXIES = int(os.environ.get("TEST_TRUSTED_PROXIES", "0"))
# The browser tests log the organiser in several times a minute, each time with the next unused
# authenticator code (tests/browser/admin.py); django-otp's clock-drift sync would follow those
# codes ahead of the clock. Production keeps the sync.
OTP_TOTP_SYNC = False

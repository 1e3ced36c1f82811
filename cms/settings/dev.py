"""Local development: works with no environment variables, on a SQLite file."""

from .base import *  # noqa: F403

DEBUG = True
SECRET_KEY = "django-insecure-dev-only-not-for-production"  # noqa: S105 - dev only
ALLOWED_HOSTS = ["127.0.0.1", "localhost", "[::1]"]

DATABASES = {
    "default": {
        "ENGINE": "django.db.backends.sqlite3",
        "NAME": BASE_DIR / "db.sqlite3",  # noqa: F405
        "OPTIONS": SQLITE_OPTIONS,  # noqa: F405
    }
}

EMAIL_BACKEND = "django.core.mail.backends.console.EmailBackend"
STORAGES["staticfiles"] = {  # noqa: F405
    "BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"
}

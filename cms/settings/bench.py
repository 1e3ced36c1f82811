"""Benchmark (``bench/pages.py``): production-like, on a throwaway database.

DEBUG is off and static files are served from a collected manifest, as in production; the
HTTPS redirects and secure cookies of ``production`` are left out because the benchmark talks
plain HTTP on loopback. The benchmark script sets every variable below; none has a secret
default (``BENCH_SECRET_KEY`` is generated per run and never stored).
"""

import os

import dj_database_url

from .base import *  # noqa: F403

DEBUG = False
SECRET_KEY = os.environ["BENCH_SECRET_KEY"]
ALLOWED_HOSTS = ["localhost", "127.0.0.1"]

DATABASES = {"default": dj_database_url.parse(os.environ["BENCH_DATABASE_URL"], conn_max_age=600)}
STATIC_ROOT = os.environ["BENCH_STATIC_ROOT"]
MEDIA_ROOT = os.environ["BENCH_MEDIA_ROOT"]

# Same as production without REDIS_URL: Django's default process-local cache.
CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}
EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": "WARNING"},
}

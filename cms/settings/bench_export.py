"""Export benchmark (``bench/export.py``): the page benchmark's settings plus a stock form page app.

Static files are not collected: the exports render no page, and the stock listing view only
needs the names of its scripts.
"""

from .bench import *  # noqa: F403

INSTALLED_APPS = [*INSTALLED_APPS, "bench.stockforms"]  # noqa: F405
STORAGES["staticfiles"] = {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"}  # noqa: F405

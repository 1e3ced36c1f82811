"""Export benchmark (``bench/export.py``): the page benchmark's settings plus a stock form page app.

Static files are not collected: the exports render no page, and the stock listing view only
needs the names of its scripts.
"""

from .bench import *  # noqa: F403

# The stock form app is what the export is measured against; the site itself does not use it.
INSTALLED_APPS = [*INSTALLED_APPS, "wagtail.contrib.forms", "bench.stockforms"]  # noqa: F405
STORAGES["staticfiles"] = {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"}  # noqa: F405

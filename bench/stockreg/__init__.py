"""Bench-only app: a stock Wagtail form page to compare the registration form with.

Installed only by ``cms.settings.bench_forms`` (``bench/forms.py``), never by the site's settings.
"""

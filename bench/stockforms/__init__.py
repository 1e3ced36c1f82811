"""Stock Wagtail form page, only for ``bench/export.py`` (installed by ``cms.settings.bench_export``)."""

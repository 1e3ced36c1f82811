from django.apps import AppConfig


class StockRegConfig(AppConfig):
    name = "bench.stockreg"
    label = "stockreg"
    verbose_name = "Stock Wagtail registration form (benchmark only)"
    default_auto_field = "django.db.models.BigAutoField"

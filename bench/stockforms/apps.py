from django.apps import AppConfig


class StockFormsConfig(AppConfig):
    name = "bench.stockforms"
    label = "stockforms"
    verbose_name = "Stock forms (benchmark only)"
    default_auto_field = "django.db.models.BigAutoField"

from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class FormsConfig(AppConfig):
    name = "forms"
    label = "campaign_forms"
    verbose_name = _("Registration forms")
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self):
        from forms import checks  # noqa: F401  (registers the deployment checks)

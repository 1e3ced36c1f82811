from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class FormsConfig(AppConfig):
    name = "forms"
    label = "campaign_forms"
    verbose_name = _("Registration forms")
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self):
        from django.db.models.signals import pre_save
        from wagtail.signals import page_published

        from campaign.models import Session
        from forms import checks  # noqa: F401  (registers the deployment checks)
        from forms.mail import changes

        pre_save.connect(changes.before_session_saved, sender=Session, dispatch_uid="forms_session_baseline")
        page_published.connect(changes.on_page_published, dispatch_uid="forms_session_changes")

from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CampaignConfig(AppConfig):
    name = "campaign"
    label = "campaign"
    verbose_name = _("Participation campaigns")
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self):
        from django.db.models.signals import post_delete, post_save
        from wagtail.models import PageViewRestriction
        from wagtail.signals import page_published, page_unpublished, post_page_move

        from campaign import checks, freshness, tree  # noqa: F401  (checks registers itself)
        from campaign.compat import wagtail_localize as localize_compat

        localize_compat.install()

        page_published.connect(freshness.on_page_changed, dispatch_uid="campaign_fresh_published")
        page_unpublished.connect(freshness.on_page_changed, dispatch_uid="campaign_fresh_unpublished")
        post_page_move.connect(freshness.on_page_moved, dispatch_uid="campaign_fresh_moved")
        post_delete.connect(freshness.on_page_deleted, dispatch_uid="campaign_fresh_deleted")
        post_save.connect(tree.on_page_saved, dispatch_uid="campaign_tree_child_count")
        for signal in (post_save, post_delete):
            signal.connect(
                freshness.on_view_restriction_changed,
                sender=PageViewRestriction,
                dispatch_uid=f"campaign_fresh_restriction_{signal is post_save}",
            )

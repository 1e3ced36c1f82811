"""Keeping a campaign page's cached content fresh without asking the database on each view.

A campaign page caches its rendered content (themes, sessions, seats, the call to action)
under a key that includes ``CampaignPage.content_changed_at``. Everything that changes that
content moves this timestamp forward:

- publishing, unpublishing, moving or deleting a child page (a theme, a registration page), or
  changing its view restrictions — through Wagtail's signals, connected in ``CampaignConfig``;
- anything another app shows on the page that changes outside page publishing, such as seats
  taken or freed — that app calls ``touch_campaigns_of_sessions`` after its change commits.

``pages_changed_at`` moves with the first kind only (pages, not seats).

So a visitor's request needs no query to know whether the cached content is still right.
"""

from django.db import transaction
from django.utils import timezone
from wagtail.models import Page


def touch_campaigns(paths, pages=True):
    """Mark the campaign pages at these tree paths, in every language, as changed.

    Every language version: a page lists its translations (the language switcher), so a
    change in one language shows in the others too. ``pages=False`` for a change of seats
    only: ``pages_changed_at`` stays, so copies that fill in the seats themselves (the
    registration form, ``forms.public.pagecache``) stay valid.
    """
    from campaign.models import CampaignPage

    paths = set(paths)
    if paths:
        now = timezone.now()
        changes = {"content_changed_at": now, **({"pages_changed_at": now} if pages else {})}
        keys = CampaignPage.objects.filter(path__in=paths).values("translation_key")
        CampaignPage.objects.filter(translation_key__in=keys).update(**changes)


def parent_path(page):
    return page.path[: -Page.steplen] if page.path and len(page.path) > Page.steplen else None


def touch_parent_campaign(page):
    path = parent_path(page)
    if path:
        touch_campaigns([path])


def touch_campaigns_of_sessions(session_ids):
    """After the transaction commits: the campaigns of these sessions (in every language)."""
    from campaign.models import Session

    session_ids = list(session_ids)
    if not session_ids:
        return

    def touch():
        theme_paths = Session.objects.filter(pk__in=session_ids).values_list("theme__path", flat=True)
        touch_campaigns((path[: -Page.steplen] for path in theme_paths), pages=False)

    transaction.on_commit(touch)


def on_page_changed(sender, instance, **kwargs):
    touch_parent_campaign(instance)


def on_page_moved(sender, instance, parent_page_before=None, parent_page_after=None, **kwargs):
    touch_campaigns(p.path for p in (parent_page_before, parent_page_after) if p is not None)


def on_page_deleted(sender, instance, **kwargs):
    if isinstance(instance, Page):
        touch_parent_campaign(instance)


def on_view_restriction_changed(sender, instance, **kwargs):
    page = Page.objects.filter(pk=instance.page_id).only("path").first()
    if page is not None:
        touch_parent_campaign(page)

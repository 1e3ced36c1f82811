"""Campaign and theme pages; the sessions of each theme are in ``campaign.models.sessions``."""

import logging

from django.db import models
from django.utils import timezone
from django.utils.functional import SimpleLazyObject, classproperty
from django.utils.translation import gettext_lazy as _
from wagtail.admin.panels import FieldPanel, MultiFieldPanel
from wagtail.contrib.routable_page.models import RoutablePageMixin, path
from wagtail.fields import RichTextField, StreamField
from wagtail.models import Page
from wagtail.search import index

from campaign import calendar, conf, converters, hooks  # noqa: F401  (converters: <id:…> in routes)
from campaign.blocks import CampaignBodyBlock, QuestionsBlock
from campaign.flyer import views as flyer_views
from campaign.flyer.render import SOCIAL_CARD_SIZE
from campaign.localize import PAGE_SYNCHRONISED
from campaign.models.page_types import PageTypesFromSettings
from campaign.models.sessions import Session, SessionFormSet, protected_sessions
from campaign.panels import CheckedInlinePanel

logger = logging.getLogger(__name__)


class CampaignPage(PageTypesFromSettings, RoutablePageMixin, Page):
    """A participation campaign: what it is about, when, and a way to take part.

    Its themes are child pages; the event dates come from their sessions.
    """

    hashtag = models.CharField(
        _("hashtag or subtitle"),
        max_length=120,
        blank=True,
        help_text=_("Shown above the title, e.g. 'Dorp aan zet #over welzijn'."),
    )
    tagline = models.CharField(
        _("tagline"), max_length=120, blank=True, help_text=_("A short slogan, e.g. 'SAMEN!'.")
    )
    intro = models.TextField(
        _("introduction"), help_text=_("Two or three sentences shown at the top and on the home page.")
    )
    body = StreamField(CampaignBodyBlock(), blank=True, verbose_name=_("body"))
    content_changed_at = models.DateTimeField(
        null=True,
        editable=False,
        help_text="When something shown on the page last changed (a theme, seats); keys its cache.",
    )
    pages_changed_at = models.DateTimeField(
        null=True,
        editable=False,
        help_text="When a page under the campaign was last published, moved or removed (not seats).",
    )
    image = models.ForeignKey(
        "wagtailimages.Image",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        verbose_name=_("image"),
        help_text=_("Optional. Shown at the top; give it a description for people who cannot see it."),
    )

    flyer_intro = models.TextField(
        _("flyer introduction"),
        blank=True,
        help_text=_(
            "Optional. A shorter introduction for the printed flyer and poster, two or three short "
            "sentences. Empty: the flyer uses the introduction above."
        ),
    )
    flyer_show_summaries = models.BooleanField(
        _("show each theme's summary on the flyer"),
        default=True,
        help_text=_("Off: the flyer lists only the names of the themes, which leaves more room."),
    )
    flyer_image = models.ForeignKey(
        "wagtailimages.Image",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        verbose_name=_("flyer image"),
        help_text=_("Optional. Printed under the title of the flyer; give it a description."),
    )

    content_panels = Page.content_panels + [
        FieldPanel("hashtag"),
        FieldPanel("tagline"),
        FieldPanel("intro"),
        FieldPanel("image"),
        FieldPanel("body"),
        MultiFieldPanel(
            [FieldPanel("flyer_intro"), FieldPanel("flyer_show_summaries"), FieldPanel("flyer_image")],
            heading=_("Flyer"),
            help_text=_(
                "The printed flyer is made from this page: title, days, tagline, themes and the "
                "registration form. Everything here is optional."
            ),
            classname="collapsed",
        ),
    ]
    search_fields = Page.search_fields + [index.SearchField("intro"), index.SearchField("body")]
    override_translatable_fields = PAGE_SYNCHRONISED

    # Settings of the site that installs the app, read whenever Wagtail asks (PageTypesFromSettings).
    parent_page_types = classproperty(lambda cls: conf.parent_page_types())
    subpage_types = classproperty(lambda cls: ["campaign.ThemePage", *conf.extra_subpage_types()])

    class Meta:
        verbose_name = _("campaign page")
        verbose_name_plural = _("campaign pages")

    def get_live_themes(self):
        """The themes a visitor sees: live, public children, in tree order."""
        return ThemePage.objects.child_of(self).live().public().order_by("path")

    def get_themes(self):
        """Live themes of this campaign with their sessions, in a fixed number of queries."""
        return self.get_live_themes().prefetch_related(
            models.Prefetch("sessions", queryset=Session.objects.in_time_order())
        )

    def get_cache_key_components(self):
        """The page's own state plus ``content_changed_at`` (see ``campaign.freshness``).

        ``{% wagtailpagecache %}`` keys the rendered content on this, so publishing the campaign,
        publishing/unpublishing/moving/deleting one of its children, or a seat taken or freed
        gives a new key at once, without a query per request.
        """
        changed = self.content_changed_at
        return [*super().get_cache_key_components(), changed.isoformat() if changed else ""]

    def with_content_json(self, content):
        """A revision restores the page's content, never its freshness marks.

        They record when things *under* the campaign changed; publishing an older revision
        would otherwise move them back and bring old cached copies back to life.
        """
        obj = super().with_content_json(content)
        obj.content_changed_at = self.content_changed_at
        obj.pages_changed_at = self.pages_changed_at
        return obj

    def get_sessions(self):
        """All sessions of this campaign's live themes, in time order."""
        return Session.objects.of_campaign(self).select_related("theme").in_time_order()

    def get_event_days(self, themes=None):
        """The days with a session, in order; ``themes`` as ``get_themes()`` gives them."""
        themes = self.get_themes() if themes is None else themes
        return sorted({timezone.localtime(s.start).date() for t in themes for s in t.sessions.all()})

    def get_registration_url(self, request=None):
        """The registration page's URL, provided by whichever app registered the hook."""
        for fn in hooks.get_registration_url_hooks():
            url = fn(self, request)
            if url:
                return url
        return None

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        # Themes and sessions are loaded only when the cached content has to be rendered.
        themes = SimpleLazyObject(lambda: list(self.get_themes()))
        context["themes"] = themes
        context["event_days"] = SimpleLazyObject(lambda: self.get_event_days(themes))
        context["registration_url"] = SimpleLazyObject(lambda: self.get_registration_url(request) or "")
        return context

    @path("calendar/", name="calendar")
    def calendar_view(self, request):
        """All sessions of the campaign as one public calendar file."""
        sessions = [s for t in self.get_themes() for s in t.sessions.all()]
        return calendar.ics_response(request, sessions, filename=f"{self.slug}.ics", campaign=self)

    def get_file_url(self, name, request=None):
        """The address of one of the page's file routes ("flyer", "poster", "social_card").

        Such a route ends in a file name, not a slash (``campaign/urls.py``).
        """
        url = self.get_url(request)
        return url + self.reverse_subpage(name).rstrip("/") if url else None

    def get_share_image(self, request):
        """The picture a link preview (Open Graph) shows: the page's image cut to 1200×630,
        else the campaign's social card (title, days and tagline in the page's language)."""
        if self.image:
            rendition = self.image.get_rendition("fill-1200x630")
            return {
                "url": request.build_absolute_uri(rendition.url),
                "width": rendition.width,
                "height": rendition.height,
                "alt": self.image.default_alt_text,
            }
        width, height = SOCIAL_CARD_SIZE
        alt = " — ".join(part for part in (self.hashtag, self.title, self.tagline) if part)
        return {
            "url": request.build_absolute_uri(self.get_file_url("social_card", request)),
            "width": width,
            "height": height,
            "alt": alt,
        }

    @path("flyer.pdf/", name="flyer")
    def flyer_view(self, request):
        """The printable A4 flyer in the page's language (``?bleed=1`` for the print shop)."""
        return flyer_views.pdf_response(request, self, "flyer")

    @path("poster.pdf/", name="poster")
    def poster_view(self, request):
        """The A3 poster: large type, the QR code large."""
        return flyer_views.pdf_response(request, self, "poster")

    @path("social-card.png/", name="social_card")
    def social_card_view(self, request):
        """The 1200×630 picture of the campaign for link previews."""
        return flyer_views.social_card_response(request, self)

    @path("calendar/<id:session_id>/", name="session_calendar")
    def session_calendar_view(self, request, session_id):
        """One session as a public calendar file (without the private meeting address)."""
        from django.http import Http404

        session = self.get_sessions().filter(pk=session_id).first()
        if session is None:
            raise Http404
        return calendar.ics_response(
            request, [session], filename=f"{self.slug}-{session.pk}.ics", campaign=self
        )


class ThemePage(Page):
    """One theme of a campaign: an online 'room' with its questions and sessions."""

    summary = models.TextField(
        _("summary"), help_text=_("One or two sentences for the card on the campaign page.")
    )
    body = RichTextField(
        _("body"),
        blank=True,
        features=["h2", "h3", "bold", "italic", "link", "ol", "ul"],
        help_text=_("What this room is about."),
    )
    questions = StreamField(
        QuestionsBlock(),
        blank=True,
        verbose_name=_("discussion questions"),
        help_text=_("The questions the room will talk about; one per block."),
    )

    content_panels = Page.content_panels + [
        FieldPanel("summary"),
        FieldPanel("body"),
        FieldPanel("questions"),
        CheckedInlinePanel(
            "sessions", heading=_("Sessions"), label=_("session"), formset_class=SessionFormSet
        ),
    ]
    search_fields = Page.search_fields + [index.SearchField("summary"), index.SearchField("body")]
    override_translatable_fields = PAGE_SYNCHRONISED

    parent_page_types = ["campaign.CampaignPage"]
    subpage_types: list[str] = []

    class Meta:
        verbose_name = _("theme page")
        verbose_name_plural = _("theme pages")

    def save(self, *args, **kwargs):
        self.keep_protected_sessions()
        return super().save(*args, **kwargs)

    def keep_protected_sessions(self):
        """Keep a session this save would delete while another app protects it (a booking).

        The page editor refuses such an edit with a message (``SessionFormSet``), but a
        revision published without it (scheduled publishing, a workflow approval, code) would
        fail in the middle with ``ProtectedError``, and ``publish_scheduled`` would stop
        there for every other page too. The session stays, the rest is published, and the
        log says which session and why.
        """
        if not self.pk:
            return
        staying = {session.pk for session in self.sessions.all() if session.pk}
        kept = protected_sessions(Session.objects.filter(theme_id=self.pk).exclude(pk__in=staying))
        if kept:
            logger.warning(
                "Theme %s (%s): kept sessions %s that the new revision removes, because they have "
                "bookings; cancel those first to remove them.",
                self.pk,
                self.title,
                ", ".join(str(session.pk) for session in kept),
            )
            self.sessions.add(*kept)

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        context["sessions"] = list(self.sessions.order_by("start", "pk"))
        campaign = self.get_parent().specific
        context["campaign"] = campaign
        context["registration_url"] = campaign.get_registration_url(request)
        return context

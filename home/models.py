"""The site's own pages: the home page of each language and plain content pages."""

from django.db import models
from django.db.models import Max, Min
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from wagtail import blocks
from wagtail.admin.panels import FieldPanel
from wagtail.contrib.settings.models import BaseSiteSetting, register_setting
from wagtail.fields import RichTextField, StreamField
from wagtail.models import Page
from wagtail.search import index

from campaign.localize import PAGE_SYNCHRONISED
from campaign.models import CampaignPage, Session


class HomePage(Page):
    """The root of each language tree: a welcome and the current and upcoming campaigns."""

    intro = RichTextField(
        _("introduction"),
        blank=True,
        features=["bold", "italic", "link"],
        help_text=_("A short welcome shown above the list of campaigns."),
    )

    content_panels = Page.content_panels + [FieldPanel("intro")]
    override_translatable_fields = PAGE_SYNCHRONISED
    parent_page_types = ["wagtailcore.Page"]
    subpage_types = ["campaign.CampaignPage", "home.ContentPage", "campaign_forms.RegistrationFormPage"]
    max_count_per_parent = 1

    class Meta:
        verbose_name = _("home page")

    def get_campaigns(self):
        """Live campaigns that have not ended, soonest first, with their first and last day.

        Campaigns without sessions yet are listed too (last): they are being announced.
        """
        now = timezone.now()
        campaigns = list(CampaignPage.objects.child_of(self).live().public())
        by_campaign = {}
        per_theme = (
            Session.objects.filter(theme__path__startswith=self.path, theme__live=True)
            .values("theme__path")
            .annotate(first=Min("start"), last=Max("end"))
        )
        for row in per_theme:
            # A theme's campaign is its parent: the path one step shorter.
            span = by_campaign.setdefault(row["theme__path"][: -Page.steplen], [row["first"], row["last"]])
            span[0] = min(span[0], row["first"])
            span[1] = max(span[1], row["last"])
        listed = []
        for campaign in campaigns:
            first, last = by_campaign.get(campaign.path, (None, None))
            if last is not None and last < now:
                continue
            campaign.first_start, campaign.last_end = first, last
            listed.append(campaign)
        listed.sort(key=lambda c: (c.first_start is None, c.first_start or now))
        return listed

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        context["campaigns"] = self.get_campaigns()
        return context


class ContentBlock(blocks.StreamBlock):
    """Headings and text for plain pages such as the privacy or accessibility statement."""

    heading = blocks.CharBlock(label=_("heading"), form_classname="title")
    paragraph = blocks.RichTextBlock(label=_("text"), features=["bold", "italic", "link", "ol", "ul"])


class ContentPage(Page):
    """A plain page: privacy statement, accessibility statement, practical information."""

    intro = models.TextField(_("introduction"), blank=True, help_text=_("One or two sentences at the top."))
    body = StreamField(ContentBlock(), blank=True, verbose_name=_("body"))

    content_panels = Page.content_panels + [FieldPanel("intro"), FieldPanel("body")]
    search_fields = Page.search_fields + [index.SearchField("body")]
    override_translatable_fields = PAGE_SYNCHRONISED
    parent_page_types = ["home.HomePage"]
    subpage_types: list[str] = []

    class Meta:
        verbose_name = _("content page")


@register_setting(icon="link")
class FooterLinks(BaseSiteSetting):
    """Pages every public page links to in its footer; shown in the visitor's language."""

    privacy_page = models.ForeignKey(
        "wagtailcore.Page",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        verbose_name=_("privacy statement"),
    )
    accessibility_page = models.ForeignKey(
        "wagtailcore.Page",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        verbose_name=_("accessibility statement"),
    )

    panels = [FieldPanel("privacy_page"), FieldPanel("accessibility_page")]

    class Meta:
        verbose_name = _("footer links")

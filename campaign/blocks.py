"""StreamField blocks an editor uses to write a campaign page."""

from django.utils.translation import gettext_lazy as _
from wagtail import blocks
from wagtail.images.blocks import ImageBlock


class QuoteBlock(blocks.StructBlock):
    """A short quote, e.g. from the alderman, to give the campaign a human voice."""

    text = blocks.TextBlock(label=_("quote"))
    attribution = blocks.CharBlock(
        label=_("attribution"), required=False, help_text=_("Who said it, e.g. 'Alderman for Welfare'.")
    )

    class Meta:
        icon = "openquote"
        template = "campaign/blocks/quote.html"


class CallToActionBlock(blocks.StructBlock):
    """A sentence with a button, e.g. 'Register now' pointing at a page or an address."""

    text = blocks.CharBlock(label=_("text"), help_text=_("One sentence that invites people to act."))
    label = blocks.CharBlock(label=_("button label"))
    page = blocks.PageChooserBlock(
        label=_("page"), required=False, help_text=_("Leave empty to use the campaign's registration page.")
    )

    class Meta:
        icon = "pick"
        template = "campaign/blocks/call_to_action.html"


class CampaignBodyBlock(blocks.StreamBlock):
    """What an editor may put in the body of a campaign or theme page."""

    paragraph = blocks.RichTextBlock(
        label=_("text"), features=["h2", "h3", "bold", "italic", "link", "ol", "ul"]
    )
    image = ImageBlock(label=_("image"))
    quote = QuoteBlock(label=_("quote"))
    call_to_action = CallToActionBlock(label=_("call to action"))


class QuestionsBlock(blocks.StreamBlock):
    """Discussion questions of a theme: one question per block, so each is its own segment."""

    question = blocks.CharBlock(label=_("question"), max_length=300)

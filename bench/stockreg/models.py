"""A stock Wagtail ``AbstractEmailForm`` page, as the Wagtail documentation builds one.

``bench/forms.py`` gives it the same questions as the demo registration form, so the
benchmark compares our form page with what Wagtail offers out of the box.
"""

from django.db import models
from modelcluster.fields import ParentalKey
from wagtail.admin.panels import FieldPanel, InlinePanel
from wagtail.contrib.forms.models import AbstractEmailForm, AbstractFormField
from wagtail.fields import RichTextField


class StockFormField(AbstractFormField):
    page = ParentalKey("StockFormPage", on_delete=models.CASCADE, related_name="form_fields")


class StockFormPage(AbstractEmailForm):
    intro = RichTextField(blank=True)
    thank_you_text = RichTextField(blank=True)

    content_panels = AbstractEmailForm.content_panels + [
        FieldPanel("intro"),
        InlinePanel("form_fields", label="Form fields"),
        FieldPanel("thank_you_text"),
        FieldPanel("to_address"),
        FieldPanel("from_address"),
        FieldPanel("subject"),
    ]

    parent_page_types = ["home.HomePage"]
    subpage_types: list[str] = []
    template = "stockreg/stock_form_page.html"
    landing_page_template = "stockreg/stock_form_page_landing.html"

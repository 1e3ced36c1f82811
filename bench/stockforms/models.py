"""A plain ``wagtail.contrib.forms`` email form, the stock counterpart of our registration form."""

from modelcluster.fields import ParentalKey
from wagtail.contrib.forms.models import AbstractEmailForm, AbstractFormField


class StockFormField(AbstractFormField):
    page = ParentalKey("StockFormPage", related_name="form_fields")


class StockFormPage(AbstractEmailForm):
    """Stock Wagtail form page (benchmark only)."""

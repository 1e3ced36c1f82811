"""Page types whose place in the tree is a setting, read each time Wagtail asks.

Wagtail reads ``parent_page_types`` and ``subpage_types`` once per class and keeps the result
(``Page.clean_parent_page_models``); a list computed from settings at class definition would
also be fixed at import. A site's settings would then hold, but ``override_settings`` in tests
and anything that changes settings after start would not. So a page type that takes its rules
from settings declares them as class properties over its app's ``conf`` and inherits this
mixin, which resolves them on every call: the admin's "add child page" choices,
``can_create_at``, moves and Wagtail's own check all go through these two methods.
"""

from wagtail.coreutils import resolve_model_string
from wagtail.models import get_page_models


def page_models(page_class, model_strings):
    """Wagtail's reading of a ``*_page_types`` list: ``None`` is every page type."""
    if model_strings is None:
        return get_page_models()
    models = [
        resolve_model_string(model_string, page_class._meta.app_label) for model_string in model_strings
    ]
    for model in models:
        if not issubclass(model, page_class.base_page_model):
            raise LookupError(f"{model} is not a Page subclass")
    return models


class PageTypesFromSettings:
    """Mixin for a page model: its parent and subpage types are read at call time, not cached."""

    @classmethod
    def clean_subpage_models(cls):
        return page_models(cls, cls.subpage_types)

    @classmethod
    def clean_parent_page_models(cls):
        return page_models(cls, cls.parent_page_types)

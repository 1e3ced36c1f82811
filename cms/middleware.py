"""Language prefix handling on top of Django's LocaleMiddleware."""

import re

from django.conf import settings
from django.middleware.locale import LocaleMiddleware

LANGUAGE_PREFIX = re.compile(r"^/([a-z]{2}(?:[-_][a-zA-Z]{2,4})?)/")


class SiteLocaleMiddleware(LocaleMiddleware):
    """An unknown language prefix such as ``/xx/dorpaanzet/`` is a plain 404.

    Django would redirect it to ``/nl/xx/dorpaanzet/`` because Wagtail's catch-all URL makes
    every path look valid; a visitor who typed a wrong language deserves a clear "not found".
    """

    def process_response(self, request, response):
        if response.status_code == 404:
            match = LANGUAGE_PREFIX.match(request.path_info)
            known = {code for code, _name in settings.LANGUAGES}
            if match and match.group(1).lower() not in known:
                return response
        return super().process_response(request, response)

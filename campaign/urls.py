"""File routes of campaign pages: ``/<lang>/<campaign>/flyer.pdf`` and the like.

Wagtail's own page URL pattern only matches paths that end in a slash and have no dots, so a
page route named like a file (``flyer.pdf``) needs this pattern. It hands the path to
Wagtail's ``serve`` view, so the page's own route, view restrictions and ``before_serve_page``
hooks apply as for any page. Include it just before ``wagtail.urls``, inside
``i18n_patterns``::

    path("", include("campaign.urls")),
    path("", include(wagtail_urls)),
"""

from django.urls import re_path
from wagtail import views

urlpatterns = [
    re_path(r"^((?:[\w\-]+/)+[\w\-]+\.(?:pdf|png))$", views.serve, name="campaign_page_file"),
]

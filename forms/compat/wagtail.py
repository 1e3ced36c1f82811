"""Wagtail's per-request route cache, filled by the registration page's stored copy.

``Page.route_for_request`` walks the tree once per request and keeps the answer on
``request._wagtail_route_for_request``; Wagtail's serve view, its ``before_serve_page`` hooks
and the routable page all read it there. ``forms.public.pagecache`` already knows the page of
a registration posted to a stored form, so it fills that attribute instead of a tree walk.

Checked against Wagtail 8.0.1.
"""

from wagtail.url_routing import RouteResult

CHECKED_VERSION = "8.0.1"
ROUTE_ATTRIBUTE = "_wagtail_route_for_request"


def set_route(request, page, args=(), kwargs=None):
    """Tell Wagtail that ``page`` answers this request, as ``Page.route_for_request`` would."""
    setattr(request, ROUTE_ATTRIBUTE, RouteResult(page, args=tuple(args), kwargs=kwargs))

"""Who may view and export registrations: superusers, and the groups granted a campaign.

Editors, moderators and translators get nothing from their page permissions here. Use
``user_can_view_registrations`` in code, ``get_form_or_403`` / ``get_campaign_or_403`` in views.
"""

from functools import wraps

from django.core.exceptions import PermissionDenied
from django.http import Http404
from django.template.response import TemplateResponse
from django.utils.translation import gettext_lazy as _
from wagtail.models import Page

from campaign.models import CampaignPage
from campaign.sources import default_locale, source_of
from forms.models import RegistrationFormPage
from forms.models.access import RegistrationAccess


def to_source(page):
    """The Dutch (source-language) version of ``page``, specific; ``page`` itself if it has none."""
    return source_of(page.specific)


def campaign_of(page):
    """The Dutch campaign a form or campaign page (any language) belongs to, or None."""
    source = to_source(page)
    if isinstance(source, CampaignPage):
        return source
    return (
        CampaignPage.objects.filter(locale_id=source.locale_id).ancestor_of(source).order_by("-depth").first()
    )


def _is_staff_user(user):
    return bool(user and user.is_authenticated and user.is_active)


def campaigns_for_user(user):
    """The Dutch campaign pages whose registrations ``user`` may see."""
    default = default_locale()
    campaigns = CampaignPage.objects.filter(locale=default)
    if not _is_staff_user(user):
        return campaigns.none()
    if user.is_superuser:
        return campaigns
    granted = RegistrationAccess.objects.filter(group__user=user).values("campaign__translation_key")
    return campaigns.filter(translation_key__in=granted)


def user_can_view_registrations(user, page):
    """May ``user`` view and export the registrations of ``page``?

    ``page`` is a registration form or a campaign page, in any language.
    """
    if not _is_staff_user(user):
        return False
    if user.is_superuser:
        return True
    campaign = campaign_of(page)
    return campaign is not None and campaigns_for_user(user).filter(pk=campaign.pk).exists()


def forms_for_user(user):
    """The Dutch registration forms ``user`` may see, one per form (not one per language)."""
    forms = RegistrationFormPage.objects.filter(locale=default_locale())
    if not _is_staff_user(user):
        return forms.none()
    if user.is_superuser:
        return forms
    paths = list(campaigns_for_user(user).values_list("path", flat=True))
    if not paths:
        return forms.none()
    query = Page.objects.none()
    for path in paths:
        query = query | Page.objects.filter(path__startswith=path)
    return forms.filter(pk__in=query.values("pk"))


def _get_page_or_403(request, page_id, model):
    try:
        page = model.objects.get(pk=int(page_id))
    except (model.DoesNotExist, TypeError, ValueError) as error:
        raise Http404 from error
    if not user_can_view_registrations(request.user, page):
        raise PermissionDenied
    return to_source(page)


def get_form_or_403(request, form_id):
    """The Dutch form for ``form_id`` (any language's page id); 404 if none, 403 if not allowed."""
    return _get_page_or_403(request, form_id, RegistrationFormPage)


def get_campaign_or_403(request, campaign_id):
    """The Dutch campaign for ``campaign_id``; 404 if none, 403 if not allowed."""
    return _get_page_or_403(request, campaign_id, CampaignPage)


def forbidden(request):
    """A real 403 page in the admin (Wagtail itself would redirect to the dashboard)."""
    return TemplateResponse(
        request,
        "forms/admin/403.html",
        {"page_title": _("Access denied"), "header_icon": "warning"},
        status=403,
    )


def deny_with_403(view):
    """Answer ``PermissionDenied`` raised by ``view`` with a 403 page instead of a redirect.

    Wagtail's admin wraps every admin URL and turns ``PermissionDenied`` into a redirect to
    the dashboard; an organiser of another campaign should get a plain 403.
    """

    @wraps(view)
    def wrapper(request, *args, **kwargs):
        try:
            return view(request, *args, **kwargs)
        except PermissionDenied:
            return forbidden(request)

    return wrapper

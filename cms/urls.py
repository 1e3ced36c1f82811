"""URL configuration: the admin outside the language prefix, every public page inside it."""

from django.conf import settings
from django.conf.urls.i18n import i18n_patterns
from django.urls import include, path
from wagtail import urls as wagtail_urls
from wagtail.admin import urls as wagtailadmin_urls
from wagtail.contrib.sitemaps.views import sitemap
from wagtail.documents import urls as wagtaildocs_urls

from cms import views
from cms.sitemap import AllLanguagesSitemap
from forms.organisers.urls import site_history_urls

urlpatterns = [
    # Before the admin: the site history without the personal-data entries for editors.
    *site_history_urls("admin/"),
    path("admin/", include(wagtailadmin_urls)),
    path("robots.txt", views.robots_txt, name="robots_txt"),
    path("sitemap.xml", sitemap, {"sitemaps": {"pages": AllLanguagesSitemap}}, name="sitemap"),
    path("favicon.ico", views.favicon),
    path("documents/", include(wagtaildocs_urls)),
    path("captcha/", include("captcha.urls")),
]

if settings.DEBUG:
    from django.conf.urls.static import static

    urlpatterns += static(settings.MEDIA_URL, document_root=settings.MEDIA_ROOT)

urlpatterns += i18n_patterns(
    path("forms/", include("forms.urls")),
    # Files a campaign page serves (flyer.pdf, poster.pdf, social-card.png); before Wagtail's pages.
    path("", include("campaign.urls")),
    path("", include(wagtail_urls)),
    prefix_default_language=True,
)

handler400 = "cms.views.bad_request"

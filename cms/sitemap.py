"""The sitemap of every language, for search engines (``/sitemap.xml``, named in ``robots.txt``)."""

from collections import defaultdict

from django.db.models import Q
from wagtail.contrib.sitemaps import Sitemap
from wagtail.models import Locale, Page


class AllLanguagesSitemap(Sitemap):
    """Wagtail's sitemap lists one tree, the site's root page (the Dutch home) and below.

    Each language is a tree of its own beside it, so this lists the pages under every
    translation of the root page, and gives each page its translations as alternates
    (``hreflang``), as the pages' own ``<head>`` does.
    """

    def items(self):
        roots = self.get_wagtail_site().root_page.get_translations(inclusive=True)
        under_a_root = Q()
        for root in roots:
            under_a_root |= Q(path__startswith=root.path)
        return (
            Page.objects.filter(under_a_root).live().public().order_by("path").defer_streamfields().specific()
        )

    def _urls(self, page, protocol, domain):
        codes = dict(Locale.objects.values_list("pk", "language_code"))
        entries = []
        by_key = defaultdict(list)
        for item in self.paginator.page(page).object_list:
            for url_info in item.get_sitemap_urls(self.request):
                entries.append((item.translation_key, url_info))
                by_key[item.translation_key].append(
                    {"lang_code": codes[item.locale_id], "location": url_info["location"]}
                )
        urls = []
        for key, url_info in entries:
            if len(by_key[key]) > 1:
                url_info = {**url_info, "alternates": by_key[key]}
            urls.append(url_info)
        last_mods = {url_info.get("lastmod") for url_info in urls}
        if last_mods and None not in last_mods:
            self.latest_lastmod = max(last_mods)
        return urls

"""System checks of the forms app.

Settings renamed to the app's one prefix (``forms.conf.RENAMED``): a site that still sets an
old name is warned on every ``manage.py check`` and start, with the new name, since the old one
is no longer read (a rate limit that stopped counting would otherwise go unnoticed).

Deployment checks (``manage.py check --deploy``): settings that fail unsafe.

- The limit on posts per address and the stored copy of the form live in the cache. A cache
  of one process (local memory, the default without ``REDIS_URL``) gives each app server and
  worker its own limit and copy: with several, the limit no longer holds.
- ``CAMPAIGN_FORMS_TRUSTED_PROXIES`` must match the reverse proxies in front of the app. With 0
  behind a proxy every visitor has the proxy's address, so the whole town shares one limit;
  with 1 and no proxy a visitor picks its own address with ``X-Forwarded-For`` and escapes
  the limit. A proxy that terminates TLS is what ``SECURE_PROXY_SSL_HEADER`` says is there.
"""

from django.conf import settings
from django.core import checks

from forms import conf

PROCESS_LOCAL_CACHES = (
    "django.core.cache.backends.locmem.LocMemCache",
    "django.core.cache.backends.dummy.DummyCache",
)


@checks.register(checks.Tags.compatibility)
def check_renamed_settings(app_configs=None, **kwargs):
    return [
        checks.Warning(
            f"The setting {old} is no longer read: it is called {new} now.",
            hint=f"Rename {old} to {new} in your settings.",
            id="campaign_forms.W004",
        )
        for old, new in conf.RENAMED.items()
        if hasattr(settings, old)
    ]


@checks.register(checks.Tags.security, deploy=True)
def check_shared_cache(app_configs=None, **kwargs):
    backend = settings.CACHES.get("default", {}).get("BACKEND", "")
    if backend in PROCESS_LOCAL_CACHES:
        return [
            checks.Warning(
                "The default cache is kept in each process: with more than one app server or "
                "worker process, the limit on registrations per address and the stored copy of the "
                "registration form hold per process only.",
                hint="Set REDIS_URL (a shared Redis cache), unless you run exactly one process.",
                id="campaign_forms.W001",
            )
        ]
    return []


@checks.register(checks.Tags.security, deploy=True)
def check_trusted_proxies(app_configs=None, **kwargs):
    proxies = conf.trusted_proxies()
    behind_proxy = bool(getattr(settings, "SECURE_PROXY_SSL_HEADER", None))
    if behind_proxy and proxies == 0:
        return [
            checks.Warning(
                "HTTPS is detected through a proxy's header (SECURE_PROXY_SSL_HEADER), but no "
                "proxy is trusted for visitors' addresses: all visitors would share the proxy's "
                "address and one limit on registrations.",
                hint="Set TRUSTED_PROXIES to the number of reverse proxies in front of the app (usually 1).",
                id="campaign_forms.W002",
            )
        ]
    if proxies > 0 and not behind_proxy:
        return [
            checks.Warning(
                f"{proxies} reverse prox{'y is' if proxies == 1 else 'ies are'} trusted for visitors' "
                "addresses, but HTTPS is not detected through a proxy: without a proxy in front, a "
                "visitor chooses its own address with X-Forwarded-For and escapes the limit.",
                hint="Set TRUSTED_PROXIES=0 when nothing stands in front of the app.",
                id="campaign_forms.W003",
            )
        ]
    return []

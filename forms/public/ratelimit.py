"""A per-address limit on form posts, kept in the shared cache (Redis in production).

Counts live in the cache, never in the process, so the limit holds across several app
servers. Addresses are stored hashed. When the cache is down the post is let through: a
broken cache must not shut people out.
"""

import functools
import logging
import time

from django.core.cache import cache
from django.utils.crypto import salted_hmac

from forms import conf

logger = logging.getLogger(__name__)


def client_address(request):
    """The visitor's address, also behind reverse proxies.

    Behind a proxy every request comes from the proxy's address, so one limit would hold for
    the whole town. With ``CAMPAIGN_FORMS_TRUSTED_PROXIES = n`` (the number of proxies in front
    of the app) the address is the one the outermost of them saw: the n-th entry from the
    right of ``X-Forwarded-For``. Entries further left are whatever the client sent and are
    never trusted. Without proxies (0, the default) the header is ignored.
    """
    proxies = conf.trusted_proxies()
    if proxies > 0:
        forwarded = [part.strip() for part in request.META.get("HTTP_X_FORWARDED_FOR", "").split(",")]
        forwarded = [part for part in forwarded if part]
        if len(forwarded) >= proxies:
            return forwarded[-proxies]
        warn_proxy_count(proxies, len(forwarded))
    return request.META.get("REMOTE_ADDR", "")


@functools.cache
def warn_proxy_count(trusted, seen):
    """A request through fewer proxies than trusted: the setting looks wrong (said once a process)."""
    logger.warning(
        "CAMPAIGN_FORMS_TRUSTED_PROXIES is %s but a request came through %s proxies "
        "(X-Forwarded-For): check the TRUSTED_PROXIES setting.",
        trusted,
        seen,
    )


def hash_address(address):
    return salted_hmac("forms.ip", address).hexdigest()[:32] if address else ""


def allow(request, scope="registration"):
    """Count this post; False once the address has used up its posts in the current window."""
    limit = conf.rate_limit()
    window = int(limit["seconds"])
    key = f"forms:rate:{scope}:{hash_address(client_address(request))}:{int(time.time()) // window}"
    try:
        cache.add(key, 0, timeout=window)
        count = cache.incr(key)
    except ValueError:
        # Expired between add and incr: this is the first post of a new window.
        cache.set(key, 1, timeout=window)
        count = 1
    except Exception:
        logger.exception("Rate-limit cache unavailable; letting the post through")
        return True
    return count <= int(limit["posts"])

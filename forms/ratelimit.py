"""A per-address limit on form posts, kept in the shared cache (Redis in production).

Counts live in the cache, never in the process, so the limit holds across several app
servers. Addresses are stored hashed. When the cache is down the post is let through: a
broken cache must not shut people out.
"""

import logging
import time

from django.conf import settings
from django.core.cache import cache
from django.utils.crypto import salted_hmac

logger = logging.getLogger(__name__)

DEFAULT_LIMIT = {"posts": 20, "seconds": 600}


def client_address(request):
    return request.META.get("REMOTE_ADDR", "")


def hash_address(address):
    return salted_hmac("forms.ip", address).hexdigest()[:32] if address else ""


def allow(request, scope="registration"):
    """Count this post; False once the address has used up its posts in the current window."""
    limit = {**DEFAULT_LIMIT, **getattr(settings, "REGISTRATION_RATE_LIMIT", {})}
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

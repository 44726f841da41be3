"""A small fixed-window rate limit in Django's cache, keyed on the client address.

The address is kept only as a keyed hash, for at most one window, so the cache
never holds where anyone was. With the database cache (the default) the count
can be off by one under a race, which is fine for slowing abuse down; with
`REDIS_URL` the increment is atomic.
"""

import time

from django.conf import settings
from django.core.cache import cache
from django.utils.crypto import salted_hmac


def client_address(request) -> str:
    """The address the request came from; behind our own TLS proxy, the one it saw."""
    if settings.SECURE_PROXY_SSL_HEADER:
        forwarded = request.META.get("HTTP_X_FORWARDED_FOR", "")
        if forwarded:
            return forwarded.split(",")[-1].strip()
    return request.META.get("REMOTE_ADDR", "")


def allow(request, *, scope: str, limit: int, window_seconds: int = 3600) -> bool:
    """Count one attempt from this address; False once the window's limit is passed."""
    window = int(time.time() // window_seconds)
    address = salted_hmac(
        "mayday.ratelimit", client_address(request), algorithm="sha256"
    ).hexdigest()[:32]
    key = f"ratelimit:{scope}:{window}:{address}"
    cache.add(key, 0, timeout=window_seconds + 60)
    try:
        count = cache.incr(key)
    except ValueError:  # expired between add and incr
        cache.set(key, 1, timeout=window_seconds + 60)
        count = 1
    return count <= limit
